package stock

import (
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/hooks/txhook"
)

// ErrUnknownPart: the part is not in the shop's stock.
var ErrUnknownPart = errors.New("stock: part not found in this shop")

// Movement is one change of a part's stock.
type Movement struct {
	Tenant string
	Part   string
	Kind   string
	// Delta is the change of quantity (negative: out of stock).
	Delta int
	// UnitCost, on a receiving, is what one unit cost (centavos): the
	// part's cost becomes the average of the stock held and the units
	// received.
	UnitCost int64
	Supplier string
	Sale     string
	Order    string
	Actor    audit.Actor
	Note     string
}

// Apply changes a part's stock by m.Delta (and its cost, on a receiving)
// and writes the movement, with tx: call it inside the transaction of
// the change that causes it. It returns the quantity after the change.
func Apply(tx core.App, m Movement) (int, error) {
	var part struct {
		Quantity int   `db:"quantity"`
		Cost     int64 `db:"cost_cents"`
	}
	err := tx.DB().NewQuery("SELECT [[quantity]], [[cost_cents]] FROM {{parts}} WHERE [[id]] = {:id} AND [[tenant]] = {:tenant}").
		Bind(dbx.Params{"id": m.Part, "tenant": m.Tenant}).One(&part)
	if err != nil {
		return 0, fmt.Errorf("%w: %s", ErrUnknownPart, m.Part)
	}
	after := part.Quantity + m.Delta
	cost := part.Cost
	if m.Kind == collections.MoveReceiving && m.Delta > 0 {
		cost = AverageCost(part.Quantity, part.Cost, m.Delta, m.UnitCost)
	}
	_, err = tx.NonconcurrentDB().NewQuery(
		"UPDATE {{parts}} SET [[quantity]] = {:q}, [[cost_cents]] = {:c} WHERE [[id]] = {:id} AND [[tenant]] = {:tenant}",
	).Bind(dbx.Params{"q": after, "c": cost, "id": m.Part, "tenant": m.Tenant}).Execute()
	if err != nil {
		return 0, fmt.Errorf("stock: update part %s: %w", m.Part, err)
	}
	if err := record(tx, m, after); err != nil {
		return 0, err
	}
	return after, nil
}

// AverageCost is the weighted average unit cost after receiving n units
// at unit cost c onto held units at cost heldCost, rounded half up. Stock
// below zero (parts promised before they arrived) weighs nothing.
func AverageCost(held int, heldCost int64, n int, c int64) int64 {
	if held < 0 {
		held = 0
	}
	total := int64(held) + int64(n)
	if total <= 0 {
		return c
	}
	return (int64(held)*heldCost + int64(n)*c + total/2) / total
}

// record writes one stock_movements row.
func record(tx core.App, m Movement, after int) error {
	col, err := tx.FindCachedCollectionByNameOrId(collections.StockMovements)
	if err != nil {
		return err
	}
	r := core.NewRecord(col)
	r.Set(collections.MovementTenant, m.Tenant)
	r.Set(collections.MovementPart, m.Part)
	r.Set(collections.MovementKind, m.Kind)
	r.Set(collections.MovementDelta, m.Delta)
	r.Set(collections.MovementQuantityAfter, after)
	r.Set(collections.MovementUnitCost, m.UnitCost)
	r.Set(collections.MovementSupplier, audit.Truncate(m.Supplier, 200))
	r.Set(collections.MovementSale, m.Sale)
	r.Set(collections.MovementOrder, m.Order)
	if m.Actor.UserID != "" && scope.Membership(tx, m.Tenant, m.Actor.UserID) != nil {
		r.Set(collections.MovementActor, m.Actor.UserID)
	}
	r.Set(collections.MovementActorLabel, audit.Truncate(m.Actor.Label, 120))
	r.Set(collections.MovementNote, audit.Truncate(m.Note, 500))
	if err := tx.Save(r); err != nil {
		return fmt.Errorf("stock: movement of part %s: %w", m.Part, err)
	}
	return nil
}

// bindAdjustments records a hand change of a part's quantity (through the
// parts REST API, or Go code saving the record) as an adjustment, and the
// quantity a new part starts with.
func (s *service) bindAdjustments() {
	s.app.OnRecordCreate(collections.Parts).BindFunc(func(e *core.RecordEvent) error {
		q := e.Record.GetInt(collections.PartQuantity)
		if q == 0 {
			return e.Next()
		}
		return txhook.Run(e, func(tx core.App) error {
			if err := e.Next(); err != nil {
				return err
			}
			return record(tx, Movement{Tenant: e.Record.GetString(collections.PartTenant), Part: e.Record.Id,
				Kind: collections.MoveAdjustment, Delta: q, Actor: audit.ActorOf(e.Record), Note: "Estoque inicial"}, q)
		})
	})
	s.app.OnRecordUpdate(collections.Parts).BindFunc(func(e *core.RecordEvent) error {
		stored, err := scope.StoredVersion(e.App, e.Record)
		if err != nil {
			return err
		}
		before, after := stored.GetInt(collections.PartQuantity), e.Record.GetInt(collections.PartQuantity)
		if before == after {
			return e.Next()
		}
		return txhook.Run(e, func(tx core.App) error {
			if err := e.Next(); err != nil {
				return err
			}
			return record(tx, Movement{Tenant: e.Record.GetString(collections.PartTenant), Part: e.Record.Id,
				Kind: collections.MoveAdjustment, Delta: after - before, Actor: audit.ActorOf(e.Record), Note: "Ajuste manual"}, after)
		})
	})
}
