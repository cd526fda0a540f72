package demo_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/demo"
	"github.com/bancada/bancada/hooks/hooktest"
	_ "github.com/bancada/bancada/pb_migrations"
)

func TestMain(m *testing.M) { os.Exit(hooktest.Main(m)) }

func TestSeedCreatesAWorkingShopOnceAndOnlyOnce(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)

	first, err := demo.Seed(app)
	require.NoError(t, err)
	require.True(t, first.Created)
	again, err := demo.Seed(app)
	require.NoError(t, err)
	require.False(t, again.Created, "a second start adds nothing")
	require.Equal(t, first.TenantID, again.TenantID)
	require.NoError(t, demo.EnsureSuperuser(app))
	require.NoError(t, demo.EnsureSuperuser(app))

	n, err := app.CountRecords(collections.Tenants)
	require.NoError(t, err)
	require.EqualValues(t, 1, n)

	// Every login works with the demo password and has its role.
	for _, l := range demo.Logins {
		u, err := app.FindAuthRecordByEmail(collections.Users, l.Email)
		require.NoError(t, err, l.Email)
		require.True(t, u.ValidatePassword(demo.Password), l.Email)
		m, err := app.FindFirstRecordByFilter(collections.Memberships, "tenant = {:t} && user = {:u}",
			map[string]any{"t": first.TenantID, "u": u.Id})
		require.NoError(t, err)
		require.Equal(t, string(l.Role), m.GetString(collections.MembershipRole))
	}

	// Orders in every status, numbered 1..n.
	orders, err := app.FindAllRecords(collections.Orders)
	require.NoError(t, err)
	seen := map[collections.OrderStatus]bool{}
	for _, o := range orders {
		seen[collections.AsOrder(o).Status()] = true
	}
	for _, s := range collections.OrderStatuses {
		require.True(t, seen[s], "an order in status %s", s)
	}
	for _, c := range []string{collections.Parts, collections.PriceRules, collections.Customers, collections.Devices} {
		n, err := app.CountRecords(c)
		require.NoError(t, err)
		require.Greater(t, n, int64(5), c)
	}
}
