package charges

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/asaashook"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/messaging"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/inbox"
	"github.com/bancada/bancada/integrations/asaas"
)

// shopEvent applies a PAYMENT_* event of a shop's own account to the
// charge it created. It is idempotent: processing an event twice changes
// nothing the second time.
func (b *Service) shopEvent(tenantID string, ev *asaas.WebhookEvent) error {
	if !ev.Event.IsPayment() || ev.Payment == nil {
		return inbox.Ignore("evento sem cobrança: " + string(ev.Event))
	}
	if !asaashook.KnownPaymentEvents[ev.Event] {
		return inbox.Ignore("evento desconhecido: " + string(ev.Event))
	}
	var ignored error
	err := b.app.RunInTransaction(func(tx core.App) error {
		r := findCharge(tx, tenantID, ev.Payment)
		if r == nil {
			ignored = inbox.Ignore("cobrança não criada pela Bancada: " + ev.Payment.ID)
			return nil
		}
		return b.applyChargeEvent(tx, r, ev)
	})
	if err != nil {
		return fmt.Errorf("charges: apply %s: %w", ev.Event, err)
	}
	return ignored
}

// findCharge finds our payment for an Asaas charge of the tenant's
// account: by its Asaas id, or by the externalReference we gave it (an
// event may arrive before the delivery recorded the id).
func findCharge(app core.App, tenantID string, p *asaas.Payment) *core.Record {
	if p.ID != "" {
		// A plain query, so SQLite uses the partial unique index on
		// (provider, provider_id) instead of scanning the shop's payments
		// (a filter expression would hide the column from the planner).
		r := &core.Record{}
		err := app.RecordQuery(collections.Payments).
			AndWhere(dbx.HashExp{collections.PaymentProvider: collections.ProviderAsaas, collections.PaymentProviderID: p.ID}).
			AndWhere(dbx.NewExp("[[" + collections.PaymentProviderID + "]] != ''")).
			AndWhere(dbx.HashExp{collections.PaymentTenant: tenantID}).
			Limit(1).One(r)
		if err == nil {
			return r
		}
	}
	if p.ExternalReference == "" {
		return nil
	}
	r, err := scope.Find(app, collections.Payments, tenantID, p.ExternalReference)
	if err != nil || r.GetString(collections.PaymentProvider) != collections.ProviderAsaas {
		return nil
	}
	if id := r.GetString(collections.PaymentProviderID); id != "" && id != p.ID {
		return nil
	}
	return r
}

// applyChargeEvent moves one charge, with tx. When it becomes paid, the
// customer is told on WhatsApp and the staff see the order's balance
// change live; every change of state gets an audit line.
func (b *Service) applyChargeEvent(tx core.App, r *core.Record, ev *asaas.WebhookEvent) error {
	p := collections.AsPayment(r)
	from := p.Status()
	to := nextState(from, asaashook.EventTarget(ev.Event, ev.Payment), ev.Event)
	ap := ev.Payment
	changed := false
	set := func(field string, v any) {
		if r.Get(field) != v {
			r.Set(field, v)
			changed = true
		}
	}
	if r.GetString(collections.PaymentProviderID) == "" && ap.ID != "" {
		set(collections.PaymentProviderID, ap.ID)
	}
	if ap.InvoiceURL != "" && r.GetString(collections.PaymentInvoiceURL) == "" {
		set(collections.PaymentInvoiceURL, ap.InvoiceURL)
	}
	if to != from {
		set(collections.PaymentStatus, string(to))
	}
	if to == collections.PaymentPaid {
		if m, ok := methodOf(ap.BillingType); ok && ap.BillingType != asaas.BillingUndefined &&
			r.GetString(collections.PaymentMethod) == collections.MethodUndefined {
			set(collections.PaymentMethod, m) // the customer chose on Asaas' page
		}
		paid := ap.ValueCents
		if paid <= 0 {
			paid = p.Amount()
		}
		for _, rf := range ap.Refunds {
			if rf.Status != "CANCELLED" {
				paid -= rf.ValueCents
			}
		}
		if paid < 0 {
			paid = 0
		}
		if int64(r.GetInt(collections.PaymentPaidAmount)) != paid {
			set(collections.PaymentPaidAmount, paid)
		}
		if r.GetDateTime(collections.PaymentPaidAt).IsZero() {
			at := ev.CreatedAt()
			if at.IsZero() {
				at = b.now()
			}
			set(collections.PaymentPaidAt, at)
		}
	}
	if to != from || stateChanging(ev.Event) {
		set(collections.PaymentLastEvent, string(ev.Event))
	}
	if !changed {
		return nil
	}
	audit.SetActor(r, systemActor())
	if err := tx.Save(r); err != nil {
		return err
	}
	if to == from {
		return nil
	}
	if err := audit.Write(tx, audit.Entry{
		Tenant: p.GetString(collections.PaymentTenant), Actor: systemActor(), Action: ActionPaymentEvent,
		Collection: collections.Payments, Record: r.Id,
		Changes: map[string]any{"event": string(ev.Event), "from": string(from), "to": string(to), "asaas": ap.ID},
	}); err != nil {
		return err
	}
	if to == collections.PaymentPaid {
		return b.notifyPaid(tx, r)
	}
	return nil
}

// stateChanging reports the events worth remembering as the charge's
// last event even when the state stays (a late duplicate of RECEIVED
// after CONFIRMED, say).
func stateChanging(ev asaas.EventType) bool {
	switch ev {
	case asaas.EventPaymentCreated, asaas.EventPaymentBankSlipViewed, asaas.EventPaymentCheckoutViewed, asaas.EventPaymentUpdated:
		return false
	}
	return true
}

// notifyPaid tells the customer the payment arrived and what is left.
func (b *Service) notifyPaid(tx core.App, r *core.Record) error {
	tenantID := r.GetString(collections.PaymentTenant)
	t, err := scope.Tenant(tx, tenantID)
	if err != nil {
		return err
	}
	cr, err := scope.Find(tx, collections.Customers, tenantID, r.GetString(collections.PaymentCustomer))
	if err != nil {
		return nil // no customer to tell
	}
	number, balance := 0, int64(0)
	if or, err := scope.Find(tx, collections.Orders, tenantID, r.GetString(collections.PaymentOrder)); err == nil {
		o := collections.AsOrder(or)
		number, balance = o.Number(), o.Balance()
	}
	key := "asaas.paid.msg:" + r.Id
	if alreadyQueued(tx, key) {
		return nil // paid before (a chargeback reversed, say): told once
	}
	_, err = messaging.Queue(tx, messaging.Outgoing{
		Tenant: tenantID, Customer: cr.Id, Author: collections.AuthorSystem, Order: r.GetString(collections.PaymentOrder),
		Text: paidText(t.Settings().Texts, br.FirstName(collections.AsCustomer(cr).Name()), t.Name(), number,
			int64(r.GetInt(collections.PaymentPaidAmount)), balance),
		Key: key,
	})
	return err
}

// alreadyQueued reports whether a delivery with this idempotency key was
// enqueued before: messaging.Queue would store the message row again
// (unsent), so callers that may run twice check first.
func alreadyQueued(app core.App, key string) bool {
	_, err := app.FindFirstRecordByData(collections.Outbox, collections.OutboxIdempotencyKey, key)
	return err == nil
}
