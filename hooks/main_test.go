package hooks_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	pbui "github.com/pocketbase/pocketbase/ui"

	"github.com/bancada/bancada/hooks"
	_ "github.com/bancada/bancada/pb_migrations"
	"github.com/bancada/bancada/vault"
)

// templateDir is a data dir migrated once per test run; every test app
// starts from a copy of it (tests.NewTestApp clones the dir), which is far
// cheaper than migrating a fresh database each time.
var templateDir string

func TestMain(m *testing.M) {
	code, err := run(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(code)
}

func run(m *testing.M) (int, error) {
	// apis.NewRouter binds the dashboard's extension routes in an OnServe
	// handler every time it is called, so a TestApp shared by several
	// ApiScenarios panics on the second one with a duplicate route. The
	// dashboard is not mounted in tests anyway: leave it out.
	pbui.DistDirFS = nil

	dir, err := os.MkdirTemp("", "bancada_hooks_template_*")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	app, err := tests.NewTestApp(dir) // migrates a clone of dir
	if err != nil {
		return 0, err
	}
	templateDir = app.DataDir()
	defer app.Cleanup()
	// Close the template's connections so clones copy a quiescent database.
	if err := app.ResetBootstrapState(); err != nil {
		return 0, err
	}
	return m.Run(), nil
}

// testNow is the fixed clock of the tests: a Tuesday afternoon in São Paulo.
var testNow = time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)

// testVault encrypts with a fixed key.
func testVault(t testing.TB) *vault.Vault {
	t.Helper()
	v, err := vault.New("test-secret-key-0123456789")
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// newApp returns a migrated app with every Bancada hook registered, as
// main wires it.
func newApp(t testing.TB) *tests.TestApp {
	t.Helper()
	app, err := tests.NewTestApp(templateDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(app.Cleanup)
	if err := hooks.Register(app, hooks.Deps{Vault: testVault(t), Now: func() time.Time { return testNow }}); err != nil {
		t.Fatal(err)
	}
	// Tests hit the same routes many times from one address.
	app.Settings().RateLimits.Enabled = false
	return app
}

// factory lets many ApiScenarios share one app.
func factory(app *tests.TestApp) func(testing.TB) *tests.TestApp {
	return func(testing.TB) *tests.TestApp { return app }
}

// token returns an auth header value for r.
func token(t testing.TB, r *core.Record) string {
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
