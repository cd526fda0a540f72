package tlsauto

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/caddyserver/certmagic"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
)

func newBareApp(t *testing.T) core.App {
	t.Helper()
	return core.NewBaseApp(core.BaseAppConfig{DataDir: t.TempDir()})
}

func approveAll(context.Context, string) error { return nil }

func TestBindChecksBeforeServing(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		cfg     Config
		allow   DecisionFunc
		wantErr string
		bound   bool
	}{
		{name: "off: nothing bound, PocketBase serves plain HTTP", cfg: Config{}, bound: false},
		{name: "platform domains", cfg: Config{Domains: []string{"app.bancada.com.br"}}, bound: true},
		{name: "on-demand with a decision", cfg: Config{OnDemand: true}, allow: approveAll, bound: true},
		{name: "on-demand without a decision", cfg: Config{OnDemand: true}, wantErr: "need a decision function"},
		{name: "invalid domain", cfg: Config{Domains: []string{"*.bancada.com.br"}}, wantErr: "wildcards"},
		{name: "missing CA root", cfg: Config{Domains: []string{"a.example.com"}, CARoot: "/nonexistent/root.pem"}, wantErr: "ACME CA root"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			app := newBareApp(t)
			before := app.OnServe().Length()
			err := Bind(app, tc.cfg, tc.allow)
			if tc.wantErr != "" {
				assert.ErrorContains(t, err, tc.wantErr)
				assert.Equal(t, before, app.OnServe().Length(), "nothing bound on error")
				return
			}
			require.NoError(t, err)
			want := before
			if tc.bound {
				want++
			}
			assert.Equal(t, want, app.OnServe().Length())
		})
	}
}

func TestStorageStaysOutOfBackups(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		storage string
		want    []string
	}{
		{"default storage inside pb_data is excluded", "", []string{"backups", StorageDirName}},
		{"custom storage is the operator's business", "/srv/certs", []string{"backups"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			app := newBareApp(t)
			require.NoError(t, Bind(app, Config{Domains: []string{"a.example.com"}, Storage: tc.storage}, nil))
			for _, h := range []*hook.Hook[*core.BackupEvent]{app.OnBackupCreate(), app.OnBackupRestore()} {
				var got []string
				err := h.Trigger(&core.BackupEvent{App: app, Exclude: []string{"backups"}}, func(e *core.BackupEvent) error {
					got = e.Exclude
					return nil
				})
				require.NoError(t, err)
				assert.Equal(t, tc.want, got)
			}
		})
	}
}

func TestOnDemandDecision(t *testing.T) {
	t.Parallel()
	var asked []string
	allow := func(_ context.Context, name string) error {
		asked = append(asked, name)
		if name == "loja.example.com" {
			return nil
		}
		return errors.New("domínio não cadastrado")
	}
	cfg, err := Config{Domains: []string{"app.bancada.com.br"}, OnDemand: true}.normalized()
	require.NoError(t, err)
	m := newManager(cfg, allow, nil, filepath.Join(t.TempDir(), StorageDirName), challengePorts{}, zap.NewNop())
	t.Cleanup(m.stop)
	decide := m.onDemand.OnDemand.DecisionFunc

	require.NoError(t, decide(context.Background(), "app.bancada.com.br"))
	assert.Empty(t, asked, "the platform's own domain never reaches the shops' decision")

	require.NoError(t, decide(context.Background(), "loja.example.com"))
	err = decide(context.Background(), "intruso.example.com")
	require.Error(t, err)
	assert.ErrorContains(t, err, "domínio não cadastrado")
	assert.Equal(t, []string{"loja.example.com", "intruso.example.com"}, asked)

	// renewals: a shop's certificate through the on-demand config, the platform's through the static one
	c, _ := m.configFor(certmagic.Certificate{Names: []string{"loja.example.com"}})
	assert.Same(t, m.onDemand, c)
	c, _ = m.configFor(certmagic.Certificate{Names: []string{"app.bancada.com.br"}})
	assert.Same(t, m.static, c)
	assert.Nil(t, m.static.OnDemand, "platform certificates are obtained at start, not on demand")
}
