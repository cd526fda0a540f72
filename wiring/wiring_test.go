package wiring_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/cmd"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/spf13/cobra"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/config"
	"github.com/bancada/bancada/hooks/deps"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/inbox"
	"github.com/bancada/bancada/wiring"
)

func TestMain(m *testing.M) { os.Exit(hooktest.Main(m)) }

// TestDemoSlotsConsultGoogle: in demo mode the fake Google is configured
// before the calendar is bound, so free slots leave out the busy periods
// of a connected shop's Google calendar. (When main pointed the
// configuration at the fakes after binding, the calendar had read it
// already: Google "was not configured" for slots.)
func TestDemoSlotsConsultGoogle(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(nil)
	t.Cleanup(srv.Close)
	env := hooktest.New(t, func(d *deps.Deps) {
		d.Config.Demo = true
		d.Config.PublicURL = srv.URL
	})
	require.Equal(t, srv.URL+"/_fake/google/calendar/v3/", env.Deps.Config.GoogleAPIURL)
	srv.Config.Handler = hooktest.Handler(t, env.App)
	shop := hooktest.SeedShop(t, env.App, "A", false)
	hooktest.Must(t, env.App.Delete(shop.Rec[collections.Appointments])) // the day's slots are all free

	// The owner connects the shop's Google calendar (the fake consents).
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	browser := &http.Client{Jar: jar}
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/api/bancada/google/connect?tenant="+shop.ID(), nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", hooktest.Token(t, shop.Owner))
	res, err := browser.Do(req)
	require.NoError(t, err)
	var consent struct{ URL string }
	require.NoError(t, json.NewDecoder(res.Body).Decode(&consent))
	res.Body.Close()
	require.True(t, strings.HasPrefix(consent.URL, srv.URL+"/_fake/google/"), consent.URL)
	res, err = browser.Get(consent.URL) // consent → callback → /integracoes
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, "/integracoes", res.Request.URL.Path, res.Request.URL.String())
	require.Equal(t, "conectado", res.Request.URL.Query().Get("google"))
	require.NoError(t, env.Deps.Outbox.Drain(t.Context()))

	// Google says 09:00–09:30 (São Paulo) on Thursday is busy.
	env.Wired.Fakes.Google.AddBusy("primary", time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC), time.Date(2026, 11, 26, 12, 30, 0, 0, time.UTC))
	status, body := hooktest.Call(t, srv.URL, http.MethodGet,
		"/api/bancada/slots?tenant="+shop.ID()+"&from=2026-11-26T12:00:00Z&to=2026-11-26T13:00:00Z", shop.Owner, nil)
	require.Equal(t, http.StatusOK, status, string(body))
	require.NotContains(t, string(body), `"label":"qui 26/11 às 09:00"`, "Google's busy period is left out")
	require.Contains(t, string(body), `"label":"qui 26/11 às 09:30"`)
}

// TestShutdownDrainsTheWorkersBeforeTheDatabaseCloses: on termination the
// inbox processor's event in flight returns and its outcome is written
// before PocketBase closes the database. (When main only cancelled the
// workers, the processor could reach the closed database: a nil pointer
// panic in dualDBBuilder.Select after SIGTERM under load.)
func TestShutdownDrainsTheWorkersBeforeTheDatabaseCloses(t *testing.T) {
	t.Parallel()
	app := hooktest.Bare(t)
	a, err := wiring.New(app, config.Config{PublicURL: "https://bancada.test"}, wiring.Options{
		Now:       func() time.Time { return hooktest.Now },
		Logger:    slog.New(slog.NewTextHandler(io.Discard, nil)),
		Configure: []func(*deps.Deps){func(d *deps.Deps) { d.Vault = hooktest.Vault(t) }},
	})
	require.NoError(t, err)
	started := make(chan struct{})
	var returned atomic.Bool
	a.Deps.Inbox.Handle("test", func(ctx context.Context, _ *inbox.Record) error {
		close(started)
		<-ctx.Done() // in flight until the server stops
		returned.Store(true)
		return ctx.Err()
	})

	router, err := apis.NewRouter(app)
	require.NoError(t, err)
	require.NoError(t, app.OnServe().Trigger(&core.ServeEvent{App: app, Router: router, Server: &http.Server{}},
		func(*core.ServeEvent) error { return nil })) // the listener: PocketBase's part
	_, err = a.Deps.Inbox.Store(t.Context(), inbox.Event{Provider: "test", Key: "k1", Payload: []byte(`{}`)})
	require.NoError(t, err)
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("the inbox processor did not start the event")
	}

	var returnedFirst bool
	var row struct {
		Status   string `db:"status"`
		Attempts int    `db:"attempts"`
		Error    string `db:"error"`
	}
	require.NoError(t, app.OnTerminate().Trigger(&core.TerminateEvent{App: app}, func(e *core.TerminateEvent) error {
		// Where PocketBase closes the database.
		returnedFirst = returned.Load()
		return e.App.DB().Select("status", "attempts", "error").From(collections.WebhookEvents).
			Where(dbx.HashExp{"event_key": "k1"}).One(&row)
	}))
	require.True(t, returnedFirst, "the event in flight returned before the database closed")
	require.Equal(t, collections.WebhookPending, row.Status, "interrupted: retried at the next start")
	require.Equal(t, 1, row.Attempts)
	require.Equal(t, "context canceled", row.Error)
}

// TestListenFollowsPocketBaseServe runs PocketBase's own serve command:
// where it listens must be what wiring derives the public URL from, so a
// change of PocketBase's defaults fails here.
func TestListenFollowsPocketBaseServe(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args     []string
		addr     string // where PocketBase listens
		url      string // the public URL derived from it
		listenIn wiring.Listen
	}{
		{nil, "127.0.0.1:8090", "http://127.0.0.1:8090", wiring.Listen{}},
		{[]string{"--http", "0.0.0.0:9000"}, "0.0.0.0:9000", "http://0.0.0.0:9000", wiring.Listen{HTTP: "0.0.0.0:9000"}},
		{[]string{"--http=:9001"}, ":9001", "http://127.0.0.1:9001", wiring.Listen{HTTP: ":9001"}},
		{[]string{"oficina.example.com"}, "0.0.0.0:443", "https://oficina.example.com",
			wiring.Listen{Domains: []string{"oficina.example.com"}}},
		{[]string{"--https", "127.0.0.1:8443"}, "127.0.0.1:8443", "https://127.0.0.1:8443", wiring.Listen{HTTPS: "127.0.0.1:8443"}},
	} {
		app := hooktest.Bare(t)
		stop := errors.New("stop before listening")
		var addr string
		app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{Priority: -1000, Func: func(se *core.ServeEvent) error {
			addr = se.Server.Addr
			return stop
		}})
		serve := cmd.NewServeCommand(app, false)
		var got wiring.Listen
		serve.PersistentPreRun = func(c *cobra.Command, args []string) { got = wiring.ServeListen(c, args) }
		serve.SetArgs(tc.args)
		serve.SilenceErrors = true
		require.ErrorIs(t, serve.Execute(), stop, tc.args)
		require.Equal(t, tc.addr, addr, tc.args)
		require.Equal(t, tc.listenIn, got, tc.args)
		require.Equal(t, tc.addr, got.Addr(), tc.args)
		require.Equal(t, tc.url, got.URL(), tc.args)
	}
}

// TestDemoStart: when the demo starts, the fake WhatsApp is new and empty,
// so shops connected in the previous run show as disconnected; the demo
// shop is seeded once.
func TestDemoStart(t *testing.T) {
	t.Parallel()
	app := hooktest.Bare(t)
	a, err := wiring.New(app, config.Config{Demo: true}, wiring.Options{
		Listen:    wiring.Listen{HTTP: "127.0.0.1:8097"},
		Now:       func() time.Time { return hooktest.Now },
		Logger:    slog.New(slog.NewTextHandler(io.Discard, nil)),
		Configure: []func(*deps.Deps){func(d *deps.Deps) { d.Vault = hooktest.Vault(t) }},
	})
	require.NoError(t, err)
	require.Equal(t, "http://127.0.0.1:8097", a.Config().PublicURL, "where serve listens")
	require.Equal(t, "http://127.0.0.1:8097/_fake/evolution", a.Config().EvolutionURL)
	// A shop connected in the previous run.
	shop := hooktest.SeedShop(t, app, "A", false)
	tn := collections.AsTenant(shop.Tenant)
	tn.SetWhatsAppStatus(collections.IntegrationConnected)
	require.NoError(t, app.Save(tn))
	router, err := apis.NewRouter(app)
	require.NoError(t, err)
	require.NoError(t, app.OnServe().Trigger(&core.ServeEvent{App: app, Router: router, Server: &http.Server{}},
		func(*core.ServeEvent) error { return nil }))
	t.Cleanup(func() {
		_ = app.OnTerminate().Trigger(&core.TerminateEvent{App: app}, func(*core.TerminateEvent) error { return nil })
	})

	r, err := app.FindRecordById(collections.Tenants, shop.ID())
	require.NoError(t, err)
	require.Equal(t, collections.IntegrationDisconnected, collections.AsTenant(r).WhatsAppStatus())
	_, err = app.FindFirstRecordByData(collections.Tenants, "name", "Assistência Demo")
	require.NoError(t, err, "the demo shop is seeded")
	require.Equal(t, "http://127.0.0.1:8097", app.Settings().Meta.AppURL, "e-mail links point at this server")
}

// TestTheDemoKeepsToLoopback: the demo's fakes and logins are open to
// whoever reaches the server, so it refuses an address other machines
// reach unless told it is public, before anything is bound.
func TestTheDemoKeepsToLoopback(t *testing.T) {
	t.Parallel()
	vaultOf := []func(*deps.Deps){func(d *deps.Deps) { d.Vault = hooktest.Vault(t) }}
	_, err := wiring.New(hooktest.Bare(t), config.Config{Demo: true}, wiring.Options{Listen: wiring.Listen{HTTP: "0.0.0.0:8090"}, Configure: vaultOf})
	require.ErrorContains(t, err, "demo: 0.0.0.0:8090 is reachable from other machines")
	_, err = wiring.New(hooktest.Bare(t), config.Config{Demo: true}, wiring.Options{Listen: wiring.Listen{Domains: []string{"oficina.example.com"}}, Configure: vaultOf})
	require.ErrorContains(t, err, "demo: 0.0.0.0:443 is reachable")
	_, err = wiring.New(hooktest.Bare(t), config.Config{Demo: true, DemoPublic: true}, wiring.Options{Listen: wiring.Listen{HTTP: "0.0.0.0:8090"}, Configure: vaultOf})
	require.NoError(t, err)
}
