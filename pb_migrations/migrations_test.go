package pb_migrations_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	_ "github.com/bancada/bancada/pb_migrations"
)

var allCollections = []string{
	collections.Tenants, collections.Users, collections.Memberships, collections.Plans, collections.Subscriptions,
	collections.Customers, collections.Devices, collections.Orders, collections.OrderEvents, collections.Parts,
	collections.PriceRules, collections.Appointments, collections.Payments, collections.Conversations,
	collections.Messages, collections.QuoteRequests, collections.Outbox, collections.WebhookEvents,
	collections.AuditLog, collections.Secrets, collections.Sequences, collections.Invitations,
}

func TestFreshDataDirMigratesEveryCollection(t *testing.T) {
	t.Parallel()
	app, err := tests.NewTestApp(t.TempDir())
	require.NoError(t, err)
	defer app.Cleanup()

	for _, name := range allCollections {
		c, err := app.FindCollectionByNameOrId(name)
		require.NoError(t, err, name)
		if name != collections.Plans && name != collections.Users && name != collections.Tenants {
			require.NotNil(t, c.Fields.GetByName(collections.FieldTenant), "%s has no tenant field", name)
			found := false
			for _, idx := range c.Indexes {
				if containsTenantFirst(idx) {
					found = true
				}
			}
			require.True(t, found, "%s has no index starting with tenant: %v", name, c.Indexes)
		}
	}
	users, err := app.FindCollectionByNameOrId(collections.Users)
	require.NoError(t, err)
	require.Nil(t, users.CreateRule, "public sign-up must be off")

	plans, err := app.FindAllRecords(collections.Plans)
	require.NoError(t, err)
	require.Len(t, plans, 3)
}

func TestMigrationsRunTwiceChangeNothing(t *testing.T) {
	t.Parallel()
	app, err := tests.NewTestApp(t.TempDir())
	require.NoError(t, err)
	defer app.Cleanup()

	before := snapshot(t, app)
	// Running every migration again (as a restart does) applies nothing new.
	require.NoError(t, app.RunAllMigrations())
	// And re-applying the schema definition on top is a no-op.
	require.NoError(t, collections.Sync(app))
	require.Equal(t, before, snapshot(t, app))

	plans, err := app.FindAllRecords(collections.Plans)
	require.NoError(t, err)
	require.Len(t, plans, 3, "plans are not seeded twice")
}

func TestStartOnExistingDataDirKeepsData(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	first, err := tests.NewTestApp(dir)
	require.NoError(t, err)
	// NewTestApp works on a clone; copy its migrated data dir back to reuse it.
	tenants, err := first.FindCollectionByNameOrId(collections.Tenants)
	require.NoError(t, err)
	r := core.NewRecord(tenants)
	r.Set(collections.TenantName, "Loja Existente")
	r.Set(collections.TenantCNPJ, "11222333000181")
	r.Set(collections.TenantEmail, "loja@example.com")
	r.Set(collections.TenantPhone, "5511987654321")
	r.Set(collections.TenantActive, true)
	require.NoError(t, first.Save(r))
	existing := first.DataDir()
	defer first.Cleanup()

	second, err := tests.NewTestApp(existing)
	require.NoError(t, err)
	defer second.Cleanup()
	got, err := second.FindRecordById(collections.Tenants, r.Id)
	require.NoError(t, err)
	require.Equal(t, "Loja Existente", got.GetString(collections.TenantName))
	require.Equal(t, snapshot(t, first), snapshot(t, second))
}

// snapshot renders the schema (collections, fields, rules, indexes) and the
// applied migrations so two states can be compared.
func snapshot(t *testing.T, app core.App) map[string]string {
	t.Helper()
	out := map[string]string{}
	cols, err := app.FindAllCollections()
	require.NoError(t, err)
	for _, c := range cols {
		raw, err := c.MarshalJSON()
		require.NoError(t, err)
		out["collection:"+c.Name] = stripUpdated(string(raw))
	}
	var applied []struct{ File string }
	require.NoError(t, app.DB().NewQuery("SELECT file FROM _migrations ORDER BY file").All(&applied))
	for _, a := range applied {
		out["migration:"+a.File] = "applied"
	}
	return out
}
