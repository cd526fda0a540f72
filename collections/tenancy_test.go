package collections

import (
	"slices"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncedApp is an empty PocketBase with this package's schema.
func syncedApp(t *testing.T) *tests.TestApp {
	t.Helper()
	app, err := tests.NewTestAppWithConfig(core.BaseAppConfig{DataDir: t.TempDir()})
	require.NoError(t, err)
	t.Cleanup(app.Cleanup)
	require.NoError(t, Sync(app))
	return app
}

// TestEveryTenantFieldIsAccountedFor: every collection of the schema with
// a tenant field is tenant-owned or a named exception, never both, never
// neither. A new collection fails here until it joins TenantOwned (and so
// the isolation matrix, the tenant filter and the guards) or is named in
// TenantFieldElsewhere with its reason.
func TestEveryTenantFieldIsAccountedFor(t *testing.T) {
	t.Parallel()
	app := syncedApp(t)
	cols, err := app.FindAllCollections()
	require.NoError(t, err)
	elsewhere := names(TenantFieldElsewhere)
	var withTenant []string
	for _, c := range cols {
		if c.Fields.GetByName(FieldTenant) == nil {
			continue
		}
		withTenant = append(withTenant, c.Name)
		owned, other := slices.Contains(TenantOwned, c.Name), slices.Contains(elsewhere, c.Name)
		assert.True(t, owned != other, "%s has a tenant field: it must be in exactly one of TenantOwned and TenantFieldElsewhere (owned %v, elsewhere %v)", c.Name, owned, other)
	}
	for _, n := range append(slices.Clone(TenantOwned), elsewhere...) {
		assert.Contains(t, withTenant, n, "%s is listed but has no tenant field", n)
	}
}

// TestTenancyExceptionsAreNamedAndReasoned: each exception names a real
// collection once, of the list it is an exception to, and says why.
func TestTenancyExceptionsAreNamedAndReasoned(t *testing.T) {
	t.Parallel()
	lists := map[string]struct {
		except []Exception
		of     []string
	}{
		"TenantFieldElsewhere": {TenantFieldElsewhere, nil},
		"NotRelationChecked":   {NotRelationChecked, TenantOwned},
		"NotAudited":           {NotAudited, TenantOwned},
	}
	for name, l := range lists {
		seen := map[string]bool{}
		for _, e := range l.except {
			assert.False(t, seen[e.Collection], "%s names %s twice", name, e.Collection)
			seen[e.Collection] = true
			assert.GreaterOrEqual(t, len(e.Reason), 20, "%s: %s needs its reason", name, e.Collection)
			if l.of != nil {
				assert.Contains(t, l.of, e.Collection, "%s: %s is not tenant-owned", name, e.Collection)
			}
		}
	}
}

// TestDerivedLists pins what the tenancy guard and the audit log cover,
// written out by hand.
func TestDerivedLists(t *testing.T) {
	t.Parallel()
	assert.ElementsMatch(t, []string{
		Customers, Devices, Orders, OrderEvents, Parts, PriceRules, Appointments, Payments,
		Conversations, Messages, QuoteRequests, Subscriptions, Invitations, WebhookEndpoints, WebhookDeliveries,
		Sales, Refunds, CashSessions, CashMoves, StockMovements,
	}, RelationChecked())
	assert.ElementsMatch(t, []string{
		Tenants, Customers, Devices, Orders, Parts, PriceRules, Appointments, Payments,
		Conversations, QuoteRequests, WebhookEndpoints,
	}, Audited())
	assert.Equal(t, []string{"a", "c"}, without([]string{"a", "b", "c"}, []Exception{{Collection: "b"}}))
}

// TestInternalCollectionsHaveNoRules: Internal lists exactly the
// collections no API caller may touch.
func TestInternalCollectionsHaveNoRules(t *testing.T) {
	t.Parallel()
	app := syncedApp(t)
	cols, err := app.FindAllCollections()
	require.NoError(t, err)
	var got []string
	for _, c := range cols {
		if c.System || c.Name == Superusers {
			continue
		}
		if c.ListRule == nil && c.ViewRule == nil && c.CreateRule == nil && c.UpdateRule == nil && c.DeleteRule == nil {
			got = append(got, c.Name)
		}
	}
	assert.ElementsMatch(t, Internal, got)
}

func names(es []Exception) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Collection
	}
	return out
}
