package pb_migrations_test

import (
	"compress/gzip"
	"context"
	stdsql "database/sql"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/config"
	"github.com/bancada/bancada/hooks/deps"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/wiring"
)

// previousRelease copies testdata/previous_release (the data dir of the
// release before this one, every migration of it applied: shop "Loja A"
// with its owner, a customer, a device, an order and one record of every
// tenant-owned collection) into a fresh directory.
func previousRelease(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	in, err := os.Open(filepath.Join("testdata", "previous_release", "data.db.gz"))
	require.NoError(t, err)
	defer in.Close()
	gz, err := gzip.NewReader(in)
	require.NoError(t, err)
	out, err := os.Create(filepath.Join(dir, "data.db"))
	require.NoError(t, err)
	_, err = io.Copy(out, gz)
	require.NoError(t, err)
	require.NoError(t, out.Close())
	return dir
}

// TestAStartBringsAnOlderDataDirUpToDate opens the previous release's data
// dir, starts Bancada on it as `serve` does, and finds every field, index
// and rule of a fresh data dir there, with the data intact. The fixture
// lacks what came later: the appointment kind "visit", the customers'
// whatsapp_lid field and its index, the orders' list rule. (When the
// schema was applied only by the first migration, none of it arrived.)
func TestAStartBringsAnOlderDataDirUpToDate(t *testing.T) {
	t.Parallel()
	fresh, err := tests.NewTestApp(t.TempDir())
	require.NoError(t, err)
	defer fresh.Cleanup()

	app, err := hooktest.OpenApp(previousRelease(t))
	require.NoError(t, err)
	defer app.Cleanup()
	customers, err := app.FindCollectionByNameOrId(collections.Customers)
	require.NoError(t, err)
	require.Nil(t, customers.Fields.GetByName(collections.CustomerWhatsAppLID), "the fixture is older than the schema")
	counts := recordCounts(t, app)

	_, err = wiring.New(app, config.Config{PublicURL: "https://bancada.test"}, wiring.Options{
		Now:       func() time.Time { return hooktest.Now },
		Logger:    slog.New(slog.NewTextHandler(io.Discard, nil)),
		Configure: []func(*deps.Deps){func(d *deps.Deps) { d.Vault = hooktest.Vault(t) }},
	})
	require.NoError(t, err)
	router, err := apis.NewRouter(app)
	require.NoError(t, err)
	require.NoError(t, app.OnServe().Trigger(&core.ServeEvent{App: app, Router: router, Server: &http.Server{}},
		func(*core.ServeEvent) error { return nil }))
	require.NoError(t, app.OnTerminate().Trigger(&core.TerminateEvent{App: app}, func(*core.TerminateEvent) error { return nil }))

	for _, want := range allCollections {
		w, err := fresh.FindCollectionByNameOrId(want)
		require.NoError(t, err)
		got, err := app.FindCollectionByNameOrId(want)
		require.NoError(t, err, want)
		for _, f := range w.Fields {
			g := got.Fields.GetByName(f.GetName())
			require.NotNil(t, g, "%s.%s arrived", want, f.GetName())
			require.Equal(t, f.Type(), g.Type(), "%s.%s", want, f.GetName())
			if s, ok := f.(*core.SelectField); ok {
				require.Equal(t, s.Values, g.(*core.SelectField).Values, "%s.%s", want, f.GetName())
			}
		}
		require.ElementsMatch(t, []string(w.Indexes), []string(got.Indexes), "%s: indexes", want)
		for name, rule := range map[string][2]*string{
			"list": {w.ListRule, got.ListRule}, "view": {w.ViewRule, got.ViewRule}, "create": {w.CreateRule, got.CreateRule},
			"update": {w.UpdateRule, got.UpdateRule}, "delete": {w.DeleteRule, got.DeleteRule},
		} {
			require.Equal(t, rule[0], rule[1], "%s: %s rule", want, name)
		}
	}
	kind, _ := app.FindCollectionByNameOrId(collections.Appointments)
	require.Contains(t, kind.Fields.GetByName(collections.AppointmentKind).(*core.SelectField).Values, "visit")

	// The data is intact.
	require.Equal(t, counts, recordCounts(t, app))
	tenant, err := app.FindRecordById(collections.Tenants, "rv6ihnd5ggd40mn")
	require.NoError(t, err)
	require.Equal(t, "Loja A", tenant.GetString("name"))
	order, err := app.FindRecordById(collections.Orders, "s5cjdzjl2vok05l")
	require.NoError(t, err)
	require.Equal(t, 1, order.GetInt(collections.OrderNumber))
	require.Equal(t, "Tela quebrada", order.GetString(collections.OrderProblem))
	require.Equal(t, "Bf0TMhX1v81-0xaMUkRWQauTnd3flA2f", order.GetString(collections.OrderTrackingToken))
	customer, err := app.FindRecordById(collections.Customers, "xxkrhj1e218qwi1")
	require.NoError(t, err)
	require.Equal(t, "Cliente A", customer.GetString(collections.CustomerName))
	require.Equal(t, "5511910000002", customer.GetString(collections.CustomerPhone))
	require.Equal(t, "", customer.GetString(collections.CustomerWhatsAppLID), "the new field, empty")
	owner, err := app.FindRecordById(collections.Users, "ye632gr011ur7fr")
	require.NoError(t, err)
	require.True(t, owner.ValidatePassword(hooktest.Password), "the owner still signs in")
}

// recordCounts counts the records of every collection.
func recordCounts(t *testing.T, app core.App) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, name := range slices.Sorted(slices.Values(allCollections)) {
		n, err := app.CountRecords(name)
		require.NoError(t, err, name)
		out[name] = n
	}
	return out
}

// TestSyncOnAnUpToDateDataDirChangesNoTable: every start runs
// collections.Sync, so on a database already up to date it must not
// touch a table or an index (dropping and rebuilding the indexes of a
// million orders would make every start slow).
func TestSyncOnAnUpToDateDataDirChangesNoTable(t *testing.T) {
	t.Parallel()
	app, err := tests.NewTestApp(t.TempDir())
	require.NoError(t, err)
	defer app.Cleanup()
	db, ok := app.NonconcurrentDB().(*dbx.DB)
	require.True(t, ok)
	var ddl []string
	db.ExecLogFunc = func(_ context.Context, _ time.Duration, sql string, _ stdsql.Result, _ error) {
		if s := strings.ToUpper(strings.TrimSpace(sql)); strings.HasPrefix(s, "CREATE") || strings.HasPrefix(s, "DROP") ||
			strings.HasPrefix(s, "ALTER") {
			ddl = append(ddl, sql)
		}
	}
	require.NoError(t, collections.Sync(app))
	db.ExecLogFunc = nil
	require.Empty(t, ddl)
}
