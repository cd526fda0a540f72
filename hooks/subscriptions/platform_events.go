package subscriptions

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/asaashook"
	"github.com/bancada/bancada/inbox"
	"github.com/bancada/bancada/integrations/asaas"
)

// platformEvent applies an event of the platform's Asaas account to the
// shops' subscriptions, in real time, through the same transitions the
// monitor uses. There is no "subscription paid" event: the money comes as
// PAYMENT_* events whose payment.subscription names the subscription.
func (b *Service) platformEvent(ev *asaas.WebhookEvent) error {
	switch {
	case ev.Event.IsPayment() && ev.Payment != nil:
		if ev.Payment.Subscription == "" {
			return inbox.Ignore("cobrança avulsa da conta da plataforma: " + ev.Payment.ID)
		}
		if !asaashook.KnownPaymentEvents[ev.Event] {
			return inbox.Ignore("evento desconhecido: " + string(ev.Event))
		}
		return b.inSubscription(ev.Payment.Subscription, func(tx core.App, s *sub) error {
			return b.subscriptionPaymentEvent(tx, s, ev)
		})
	case ev.Event.IsSubscription() && ev.Subscription != nil:
		return b.inSubscription(ev.Subscription.ID, func(tx core.App, s *sub) error {
			return b.subscriptionEvent(tx, s, ev)
		})
	}
	return inbox.Ignore("evento desconhecido: " + string(ev.Event))
}

// inSubscription runs fn on the subscription Asaas knows by id, in a
// transaction; an unknown subscription is ignored.
func (b *Service) inSubscription(asaasID string, fn func(tx core.App, s *sub) error) error {
	var ignored error
	err := b.app.RunInTransaction(func(tx core.App) error {
		s := subscriptionByAsaasID(tx, asaasID)
		if s == nil {
			ignored = inbox.Ignore("assinatura desconhecida: " + asaasID)
			return nil
		}
		return fn(tx, s)
	})
	if err != nil {
		return fmt.Errorf("subscriptions: subscription %s: %w", asaasID, err)
	}
	return ignored
}

// subscriptionPaymentEvent moves a subscription after an event of one of
// its payments. A stale event cannot undo a later one: an OVERDUE of a
// payment whose period is already paid (the next due date moved past it)
// is ignored, and paid events only ever move the next due date forward.
func (b *Service) subscriptionPaymentEvent(tx core.App, s *sub, ev *asaas.WebhookEvent) error {
	p := ev.Payment
	now := b.now()
	switch target := asaashook.EventTarget(ev.Event, p); {
	case target == collections.PaymentPaid:
		_, err := b.markPaid(tx, s, p.DueDate, now)
		return err
	case target == collections.PaymentOverdue:
		if !p.DueDate.IsZero() && p.DueDate.Before(s.nextDue()) && s.status() == collections.SubscriptionActive {
			return nil // that period was paid meanwhile
		}
		got, err := b.markOverdue(tx, s, p.DueDate, p.InvoiceURL)
		if err != nil || got != becameOverdue {
			return err
		}
		_, err = b.noticeOverdue(tx, s, now, b.platformLoc())
		return err
	case ev.Event == asaas.EventPaymentCreated && p.Status == asaas.StatusPending:
		// The next invoice: its link and due date, for the owner's page.
		changed := false
		if p.DueDate.After(s.nextDue()) || s.nextDue().IsZero() {
			s.setDate(collections.SubscriptionNextDueDate, p.DueDate)
			changed = true
		}
		if s.status() == collections.SubscriptionActive || s.status() == collections.SubscriptionPending {
			if p.InvoiceURL != "" && p.InvoiceURL != s.link() && !p.DueDate.Before(s.nextDue()) {
				s.Set(collections.SubscriptionPaymentLink, p.InvoiceURL)
				changed = true
			}
		}
		if changed {
			return tx.Save(s)
		}
	}
	return nil
}

// subscriptionEvent applies a SUBSCRIPTION_* event: a subscription
// removed or inactivated at Asaas ends here too; a new or updated one
// gives its next due date when we have none. Their dates come as
// dd/MM/yyyy before 2026-02-02 and yyyy-MM-dd after; asaas.Date reads both.
func (b *Service) subscriptionEvent(tx core.App, s *sub, ev *asaas.WebhookEvent) error {
	as := ev.Subscription
	switch {
	case ev.Event == asaas.EventSubscriptionDeleted, ev.Event == asaas.EventSubscriptionInactivated,
		as.Deleted, as.Status == asaas.SubscriptionInactive, as.Status == asaas.SubscriptionExpired:
		_, err := b.cancel(tx, s, b.now(), b.platformLoc(), false)
		return err
	case ev.Event == asaas.EventSubscriptionCreated, ev.Event == asaas.EventSubscriptionUpdated:
		changed := false
		if s.nextDue().IsZero() && !as.NextDueDate.IsZero() {
			s.setDate(collections.SubscriptionNextDueDate, as.NextDueDate)
			changed = true
		}
		if as.ValueCents > 0 && int64(s.GetInt(collections.SubscriptionValueCents)) != as.ValueCents {
			s.Set(collections.SubscriptionValueCents, as.ValueCents)
			changed = true
		}
		if changed {
			return tx.Save(s)
		}
		return nil
	}
	return inbox.Ignore("evento de assinatura sem efeito: " + string(ev.Event))
}
