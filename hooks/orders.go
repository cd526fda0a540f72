package hooks

import (
	"errors"
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/history"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/hooks/stock"
	"github.com/bancada/bancada/hooks/txhook"
	"github.com/bancada/bancada/hooks/warranty"
	"github.com/bancada/bancada/token"
)

// bindOrders enforces the order lifecycle whoever writes (REST or Go):
// numbers sequential per tenant, an unguessable tracking token, the state
// machine, the date each status sets, the quote total, and one
// order_events row per status change written in the same transaction.
func bindOrders(app core.App, d Deps, limits OrderLimiter) {
	// Who is acting, and which fields clients may not write.
	app.OnRecordCreateRequest(collections.Orders).BindFunc(func(e *core.RecordRequestEvent) error {
		audit.SetActor(e.Record, audit.FromRequest(e.RequestEvent))
		if !e.HasSuperuserAuth() {
			for _, f := range collections.OrderSystemFields {
				e.Record.Set(f, nil)
			}
		}
		return e.Next()
	})
	app.OnRecordUpdateRequest(collections.Orders).BindFunc(func(e *core.RecordRequestEvent) error {
		audit.SetActor(e.Record, audit.FromRequest(e.RequestEvent))
		if !e.HasSuperuserAuth() {
			orig := e.Record.Original()
			for _, f := range collections.OrderSystemFields {
				e.Record.Set(f, orig.Get(f))
			}
		}
		return e.Next()
	})

	app.OnRecordCreate(collections.Orders).BindFunc(func(e *core.RecordEvent) error {
		o := collections.AsOrder(e.Record)
		if s := o.Status(); s != "" && s != collections.StatusReceived {
			return apierr.Field(collections.OrderStatusField, "invalid_initial_status",
				"Uma OS nova começa como "+collections.StatusReceived.Label()+".")
		}
		o.SetStatus(collections.StatusReceived)
		note := e.Record.GetString(collections.OrderStatusNote)
		e.Record.Set(collections.OrderStatusNote, "")
		if err := recomputeQuote(o); err != nil {
			return err
		}
		return txhook.Run(e, func(tx core.App) error {
			tenant, err := tx.FindRecordById(collections.Tenants, o.Tenant())
			if err != nil {
				return apierr.Field(collections.FieldTenant, "validation_missing_rel_records", "Loja não encontrada.")
			}
			// The plan's monthly limit is counted with this transaction:
			// the count and the insert are one step.
			if err := limits.CheckOrderLimit(tx, o.Tenant(), d.Clock()); err != nil {
				return err
			}
			n, err := nextOrderNumber(tx, o.Tenant())
			if err != nil {
				return err
			}
			e.Record.Set(collections.OrderNumber, n)
			o.SetTrackingToken(token.Link())
			e.Record.Set(collections.OrderEnteredAt, d.Clock())
			if o.WarrantyDays() == 0 {
				o.SetWarrantyDays(collections.AsTenant(tenant).Settings().WarrantyDays)
			}
			if err := e.Next(); err != nil {
				return err
			}
			return addOrderEvent(tx, d.Clock(), o, "", collections.StatusReceived, audit.ActorOf(e.Record), note)
		})
	})

	app.OnRecordUpdate(collections.Orders).BindFunc(func(e *core.RecordEvent) error {
		o := collections.AsOrder(e.Record)
		stored, err := scope.StoredVersion(e.App, e.Record)
		if err != nil {
			return err
		}
		orig := collections.AsOrder(stored)
		note := e.Record.GetString(collections.OrderStatusNote)
		e.Record.Set(collections.OrderStatusNote, "")
		if o.Number() != orig.Number() {
			return apierr.Field(collections.OrderNumber, "number_immutable", "O número da OS não pode ser alterado.")
		}
		if err := recomputeQuote(o); err != nil {
			return err
		}
		if err := checkQuoteLock(orig, o); err != nil {
			return err
		}
		chargeNote, err := warranty.CheckCharge(orig, o, note)
		if err != nil {
			return err
		}
		from, to := orig.Status(), o.Status()
		if from == to {
			if chargeNote == "" {
				return e.Next()
			}
			return txhook.Run(e, func(tx core.App) error {
				if err := e.Next(); err != nil {
					return err
				}
				return addOrderEvent(tx, d.Clock(), o, from, to, audit.ActorOf(e.Record), chargeNote)
			})
		}
		if chargeNote != "" {
			note = chargeNote
		}
		if err := collections.CheckTransition(from, to); err != nil {
			return apierr.Field(collections.OrderStatusField, "invalid_transition", err.Error())
		}
		// A warranty return is quoted free (R$ 0,00) unless it is charged.
		if to == collections.StatusQuoted && o.Total() <= 0 && o.WarrantyOf() == "" {
			return apierr.Field(collections.OrderQuoteLines, "quote_required",
				"Informe os itens e valores do orçamento antes de enviá-lo.")
		}
		openBalance, err := checkDelivery(from, o, to, note)
		if err != nil {
			return err
		}
		if openBalance > 0 {
			note = openBalanceNote(openBalance, note)
		}
		if requoted(orig, to) {
			startNewQuote(orig, o)
		}
		if f := collections.DateFor(to); f != "" {
			e.Record.Set(f, d.Clock())
		}
		stockDelta := stockDirection(orig, to)
		if stockDelta != 0 {
			e.Record.Set(collections.OrderStockTaken, stockDelta < 0)
		}
		// Parts go back as the stored quote listed them; they are taken as
		// the quote being approved lists them.
		stockLines := o.QuoteLines()
		if stockDelta > 0 {
			stockLines = orig.QuoteLines()
		}
		return txhook.Run(e, func(tx core.App) error {
			if err := e.Next(); err != nil {
				return err
			}
			if to == collections.StatusDelivered {
				if err := erasePasscode(tx, o.Tenant(), o.Device()); err != nil {
					return fmt.Errorf("erase passcode on delivery: %w", err)
				}
			}
			if err := moveStock(tx, o, stockLines, stockDelta, audit.ActorOf(e.Record)); err != nil {
				return err
			}
			if openBalance > 0 {
				if err := auditOpenBalance(tx, o, openBalance, note, audit.ActorOf(e.Record)); err != nil {
					return err
				}
			}
			return addOrderEvent(tx, d.Clock(), o, from, to, audit.ActorOf(e.Record), note)
		})
	})
}

// stockDirection says whether a transition takes the quote's parts out of
// stock (-1: the customer approved, the parts are committed to this
// repair), puts them back (+1: cancelled after approval, or a new quote
// replaces the approved one and is taken when it is approved) or neither.
func stockDirection(stored *collections.Order, to collections.OrderStatus) int {
	taken := stored.GetBool(collections.OrderStockTaken)
	switch {
	case to == collections.StatusApproved && !taken:
		return -1
	case (to == collections.StatusCancelled || to == collections.StatusQuoted) && taken:
		return +1
	}
	return 0
}

// moveStock applies stockDirection to the parts of the quote, each with
// its stock movement (kind "order"). Stock may go negative: a part can be
// approved before it arrives (waiting_parts), and the parts list then
// shows it as missing.
func moveStock(tx core.App, o *collections.Order, lines []collections.QuoteLine, sign int, a audit.Actor) error {
	if sign == 0 {
		return nil
	}
	note := fmt.Sprintf("OS nº %d: peça aprovada", o.Number())
	if sign > 0 {
		note = fmt.Sprintf("OS nº %d: peça devolvida ao estoque", o.Number())
	}
	for _, l := range lines {
		if l.Kind != collections.LinePart || l.Part == "" {
			continue
		}
		_, err := stock.Apply(tx, stock.Movement{Tenant: o.Tenant(), Part: l.Part, Kind: collections.MoveOrder,
			Delta: sign * l.Quantity, Order: o.Id, Actor: a, Note: note})
		if errors.Is(err, stock.ErrUnknownPart) {
			return apierr.Field(collections.OrderQuoteLines, "unknown_part", "Peça do orçamento não encontrada no estoque desta loja.")
		}
		if err != nil {
			return fmt.Errorf("stock of part %s: %w", l.Part, err)
		}
	}
	return nil
}

// nextOrderNumber takes the tenant's next order number from its counter
// in sequences. It must run in a transaction: writers are serialised, so
// numbers have no gaps or duplicates even under concurrent creates (the
// unique index on orders (tenant, number) is the last guard). Numbers are
// never reused, even when an order is deleted.
func nextOrderNumber(tx core.App, tenantID string) (int, error) {
	var n int
	err := tx.NonconcurrentDB().NewQuery(
		"INSERT INTO {{" + collections.Sequences + "}} ([[" + collections.FieldID + "]], [[" + collections.SequenceTenant + "]], [[" + collections.SequenceName + "]], [[" + collections.SequenceValue + "]]) " +
			"VALUES ({:id}, {:tenant}, {:name}, 1) " +
			"ON CONFLICT ([[" + collections.SequenceTenant + "]], [[" + collections.SequenceName + "]]) " +
			"DO UPDATE SET [[" + collections.SequenceValue + "]] = [[" + collections.SequenceValue + "]] + 1 RETURNING [[" + collections.SequenceValue + "]]",
	).Bind(dbx.Params{"id": core.GenerateDefaultRandomId(), "tenant": tenantID, "name": collections.SequenceOrders}).Row(&n)
	if err != nil {
		return 0, fmt.Errorf("next order number: %w", err)
	}
	return n, nil
}

// addOrderEvent appends one status change to the order's history, stamped
// at (the app's clock).
func addOrderEvent(tx core.App, at time.Time, o *collections.Order, from, to collections.OrderStatus, a audit.Actor, note string) error {
	return history.Add(tx, at, o, from, to, a, note)
}
