// Package hooktest gives the tests of hooks and of its integration
// packages one way to build a Bancada app: migrated once per test binary
// (a template data dir cloned per app), wired by wiring.New exactly as
// main wires it (the workers left to the tests), with a fixed clock and a
// fixture of three shops.
package hooktest

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	pbui "github.com/pocketbase/pocketbase/ui"

	"github.com/bancada/bancada/config"
	"github.com/bancada/bancada/hooks"
	"github.com/bancada/bancada/hooks/deps"
	_ "github.com/bancada/bancada/pb_migrations" // the schema
	"github.com/bancada/bancada/sqlitecache"
	"github.com/bancada/bancada/vault"
	"github.com/bancada/bancada/wiring"
)

// templateDir is a data dir migrated once per test binary; every app
// starts from a copy of it (tests.NewTestApp clones the dir), far cheaper
// than migrating a fresh database each time.
var templateDir string

// Main builds the template data dir, runs the tests and cleans up. Call it
// from the package's TestMain: os.Exit(hooktest.Main(m)).
func Main(m *testing.M) int {
	// apis.NewRouter binds the dashboard's extension routes in an OnServe
	// handler every time it is called, so a TestApp shared by several
	// ApiScenarios panics on the second one with a duplicate route. The
	// dashboard is not mounted in tests anyway: leave it out.
	pbui.DistDirFS = nil

	dir, err := os.MkdirTemp("", "bancada_template_*")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	app, err := newTestApp(dir) // migrates a clone of dir
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	templateDir = app.DataDir()
	defer app.Cleanup()
	if err := app.ResetBootstrapState(); err != nil { // quiesce before cloning
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}

// newTestApp clones dir into a test app connected as main connects
// (with the statement cache), so every test runs on the production driver.
func newTestApp(dir string) (*tests.TestApp, error) {
	return tests.NewTestAppWithConfig(core.BaseAppConfig{
		DataDir: dir, EncryptionEnv: "pb_test_env",
		DBConnect: sqlitecache.Connect, DataMaxIdleConns: sqlitecache.IdleConns,
	})
}

// OpenApp clones the data dir dir (a seeded template, or the database of
// a test app "restarting") into a test app connected as main connects.
// Benchmarks must use it: tests.NewTestApp uses PocketBase's default
// driver, which parses every statement anew.
func OpenApp(dir string) (*tests.TestApp, error) { return newTestApp(dir) }

// Bare returns a migrated app with nothing of Bancada wired: for tests
// of the wiring itself.
func Bare(t testing.TB) *tests.TestApp {
	t.Helper()
	if templateDir == "" {
		t.Fatal("hooktest: call hooktest.Main from TestMain")
	}
	app, err := newTestApp(templateDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(app.Cleanup)
	return app
}

// Now is the fixed clock of the tests: a Tuesday, 14:00 in São Paulo.
var Now = time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)

// Vault encrypts with a fixed test key.
func Vault(t testing.TB) *vault.Vault {
	t.Helper()
	v, err := vault.New("test-secret-key-0123456789")
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Env is a test app with the dependencies it was wired with.
type Env struct {
	App  *tests.TestApp
	Deps hooks.Deps
	// Wired is what wiring.New returned (the demo's fakes, say).
	Wired *wiring.App
}

// NewApp returns a migrated app with every Bancada hook registered, as
// main wires it. configure may adjust the dependencies (fakes of the
// providers, another clock, settings) before anything is bound.
func NewApp(t testing.TB, configure ...func(*hooks.Deps)) *tests.TestApp {
	t.Helper()
	return New(t, configure...).App
}

// New is NewApp returning the dependencies too: the outbox to Drain, the
// inbox to Drain, the config.
func New(t testing.TB, configure ...func(*hooks.Deps)) *Env {
	t.Helper()
	return Wire(t, Bare(t), configure...)
}

// Wire wires app (a test app from OpenApp, say) as New does.
func Wire(t testing.TB, app *tests.TestApp, configure ...func(*hooks.Deps)) *Env {
	t.Helper()
	base := func(d *deps.Deps) {
		d.Config.PublicURL = "https://bancada.test"
		d.Vault = Vault(t)
	}
	w, err := wiring.New(app, config.Config{}, wiring.Options{
		Now:    func() time.Time { return Now },
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		// Tests drain the outbox and the inbox themselves.
		Manual:    true,
		Configure: append([]func(*deps.Deps){base}, configure...),
	})
	if err != nil {
		t.Fatal(err)
	}
	d := w.Deps
	t.Cleanup(d.Inbox.Close)
	// Tests hit the same routes many times from one address.
	app.Settings().RateLimits.Enabled = false
	return &Env{App: app, Deps: d, Wired: w}
}

// Factory lets many ApiScenarios share one app.
func Factory(app *tests.TestApp) func(testing.TB) *tests.TestApp {
	return func(testing.TB) *tests.TestApp { return app }
}

// Token returns an auth token for r ("" for nil).
func Token(t testing.TB, r *core.Record) string {
	t.Helper()
	if r == nil {
		return ""
	}
	tok, err := r.NewAuthToken()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// Auth returns the Authorization header of r.
func Auth(t testing.TB, r *core.Record) map[string]string {
	t.Helper()
	return map[string]string{"Authorization": Token(t, r)}
}

// JSON encodes v as a request body.
func JSON(t testing.TB, v any) *strings.Reader {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return strings.NewReader(string(b))
}

// Must fails the test on err.
func Must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
