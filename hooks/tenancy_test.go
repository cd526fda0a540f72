package hooks_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
)

// TestTenancyGuardCoversTheDerivedList: for every collection the guard
// covers (collections.RelationChecked), Go code cannot move a record to
// another shop; and a relation saved by Go code cannot point into another
// shop (a delivery of shop A naming shop B's endpoint).
func TestTenancyGuardCoversTheDerivedList(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	for _, col := range collections.RelationChecked() {
		require.NotNil(t, f.A.Rec[col], "the fixture seeds %s", col)
		moved, err := app.FindRecordById(col, f.A.Rec[col].Id)
		require.NoError(t, err)
		moved.Set(collections.FieldTenant, f.B.ID())
		err = app.Save(moved)
		if assert.Error(t, err, "%s: a record never changes shop", col) {
			assert.Contains(t, err.Error(), "Um registro não pode mudar de loja.", col)
		}
	}
	d, err := app.FindRecordById(collections.WebhookDeliveries, f.A.Rec[collections.WebhookDeliveries].Id)
	require.NoError(t, err)
	d.Set(collections.DeliveryEndpoint, f.B.Rec[collections.WebhookEndpoints].Id)
	err = app.Save(d)
	if assert.Error(t, err, "a delivery of A cannot name B's endpoint") {
		assert.Contains(t, err.Error(), "endpoint: Registro não encontrado nesta loja.")
	}
}
