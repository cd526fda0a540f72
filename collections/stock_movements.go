package collections

import (
	"github.com/pocketbase/pocketbase/core"
)

// StockMovements is the history of every change of a part's stock: sold
// at the counter, taken by an order (or put back), received from a
// supplier, adjusted by hand. Bancada writes it in the transaction of the
// change; the API only reads.
const StockMovements = "stock_movements"

// Stock movement fields.
const (
	MovementTenant = FieldTenant
	MovementPart   = "part"
	MovementKind   = "kind"
	// MovementDelta is the change of quantity (negative: out of stock).
	MovementDelta = "delta"
	// MovementQuantityAfter is the part's stock right after the change.
	MovementQuantityAfter = "quantity_after"
	// MovementUnitCost is the unit cost paid on a receiving, centavos.
	MovementUnitCost = "unit_cost"
	MovementSupplier = "supplier"
	MovementSale     = "sale"
	MovementOrder    = "order"
	MovementActor    = "actor"
	// MovementActorLabel names who moved it (also the system or an order's
	// customer approving on the tracking page).
	MovementActorLabel = "actor_label"
	MovementNote       = "note"
)

// Stock movement kinds.
const (
	MoveSale       = "sale"
	MoveOrder      = "order"
	MoveReceiving  = "receiving"
	MoveAdjustment = "adjustment"
	MoveRefund     = "refund"
)

func defineStockMovements(app core.App, c *core.Collection) error {
	ids := map[string]string{}
	for _, name := range []string{Tenants, Parts, Sales, Orders, Users} {
		id, err := idOf(app, name)
		if err != nil {
			return err
		}
		ids[name] = id
	}
	c.Fields.Add(
		tenantField(ids[Tenants]),
		&core.RelationField{Name: MovementPart, CollectionId: ids[Parts], Required: true, MaxSelect: 1, CascadeDelete: true},
		selectOne(MovementKind, true, MoveSale, MoveOrder, MoveReceiving, MoveAdjustment, MoveRefund),
		&core.NumberField{Name: MovementDelta, OnlyInt: true},
		&core.NumberField{Name: MovementQuantityAfter, OnlyInt: true},
		money(MovementUnitCost),
		text(MovementSupplier, 200),
		relationTo(MovementSale, ids[Sales]),
		relationTo(MovementOrder, ids[Orders]),
		relationTo(MovementActor, ids[Users]),
		text(MovementActorLabel, 120),
		text(MovementNote, 500),
	)
	c.Fields.Add(timestamps()...)
	c.AddIndex("idx_stock_movements_tenant_part", false, "tenant, part, created", "")
	c.AddIndex("idx_stock_movements_tenant_created", false, "tenant, created", "")
	access{read: RolesAll}.applyTo(c)
	return nil
}
