package collections

import (
	"github.com/pocketbase/pocketbase/core"
)

// Sequences is an internal collection of per-tenant counters (order
// numbers). Counters live apart from the tenants record so that saving a
// tenant loaded earlier can never roll a counter back.
const Sequences = "sequences"

// Sequence fields.
const (
	SequenceTenant = FieldTenant
	SequenceName   = "name"
	SequenceValue  = "value"
)

// SequenceOrders names the order-number counter.
const SequenceOrders = "orders"

func defineSequences(app core.App, c *core.Collection) error {
	tenantsID, err := idOf(app, Tenants)
	if err != nil {
		return err
	}
	c.Fields.Add(
		&core.RelationField{Name: SequenceTenant, CollectionId: tenantsID, Required: true, MaxSelect: 1, CascadeDelete: true},
		required(SequenceName, 40),
		&core.NumberField{Name: SequenceValue, OnlyInt: true},
	)
	c.AddIndex("idx_sequences_tenant_name", true, "tenant, name", "")
	c.ListRule, c.ViewRule, c.CreateRule, c.UpdateRule, c.DeleteRule = nil, nil, nil, nil, nil
	return nil
}
