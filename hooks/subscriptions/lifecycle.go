package subscriptions

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/dbtime"
	"github.com/bancada/bancada/hooks/asaashook"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/integrations/asaas"
	"github.com/bancada/bancada/outbox"
)

// The state transitions of a shop's subscription. The webhooks of the
// platform's account (in real time) and the daily monitor (reconciling
// with Asaas) both move subscriptions through these functions only, so
// they agree on what each state means:
//
//	pending   created here, not yet at Asaas
//	active    paid up (the next payment may be generated, not yet due)
//	overdue   a payment is late, within the grace period: the owner is told
//	suspended late beyond the grace period: the shop is deactivated
//	cancelled ended (by the owner at the end of the period, or at Asaas):
//	          the shop is deactivated
//
// Deactivating never deletes anything; paying reactivates a shop that
// billing deactivated (never one an operator switched off by hand).

// sub is a subscriptions record with billing's accessors.
type sub struct{ *core.Record }

func (s sub) tenant() string { return s.GetString(collections.SubscriptionTenant) }
func (s sub) status() collections.SubscriptionStatus {
	return collections.SubscriptionStatus(s.GetString(collections.SubscriptionStatusField))
}
func (s sub) setStatus(v collections.SubscriptionStatus) {
	s.Set(collections.SubscriptionStatusField, string(v))
}
func (s sub) asaasID() string { return s.GetString(collections.SubscriptionAsaasID) }
func (s sub) date(field string) asaas.Date {
	return asaashook.CivilOf(s.GetDateTime(field).Time())
}
func (s sub) setDate(field string, d asaas.Date) {
	if d.IsZero() {
		s.Set(field, "")
		return
	}
	s.Set(field, asaashook.Civil(d))
}
func (s sub) nextDue() asaas.Date      { return s.date(collections.SubscriptionNextDueDate) }
func (s sub) overdueSince() asaas.Date { return s.date(collections.SubscriptionOverdueSince) }
func (s sub) link() string             { return s.GetString(collections.SubscriptionPaymentLink) }
func (s sub) cancelAtEnd() bool        { return s.GetBool(collections.SubscriptionCancelAtEnd) }
func (s sub) deactivatedByBilling() bool {
	return !s.GetDateTime(collections.SubscriptionDeactivatedAt).IsZero()
}

// subscriptionByAsaasID finds the subscription Asaas knows by id. Asaas
// ids are global (one platform account), so this look-up is not scoped to
// a tenant: the tenant comes from our own record.
func subscriptionByAsaasID(app core.App, id string) *sub {
	if id == "" {
		return nil
	}
	r := &core.Record{}
	err := app.RecordQuery(collections.Subscriptions).
		AndWhere(dbx.HashExp{collections.SubscriptionAsaasID: id}).Limit(1).One(r)
	if err != nil {
		return nil
	}
	return &sub{r}
}

// transition is what one change did, for the monitor's report and tests.
type transition int

const (
	noChange transition = iota
	becameActive
	becameOverdue
	deactivated
	reactivated
	cancelled
)

// markPaid records that the payment due on due was paid: the next due
// date moves one month past it, an overdue or suspended subscription is
// active again, and a shop billing deactivated is reactivated.
func (b *Service) markPaid(tx core.App, s *sub, due asaas.Date, now time.Time) (transition, error) {
	if !s.status().CanMoveTo(collections.SubscriptionActive) {
		return noChange, nil
	}
	if !due.IsZero() {
		s.setDate(collections.SubscriptionNextDueDate, laterOf(s.nextDue(), addMonths(due, 1)))
	}
	return b.recover(tx, s, now)
}

// recover makes an overdue or suspended subscription active again and
// reactivates the shop when billing had deactivated it.
func (b *Service) recover(tx core.App, s *sub, now time.Time) (transition, error) {
	was := s.status()
	out := noChange
	if was != collections.SubscriptionActive && was.CanMoveTo(collections.SubscriptionActive) {
		s.setStatus(collections.SubscriptionActive)
		s.Set(collections.SubscriptionOverdueSince, "")
		out = becameActive
	}
	if s.deactivatedByBilling() {
		t, err := scope.Tenant(tx, s.tenant())
		if err != nil {
			return noChange, err
		}
		s.Set(collections.SubscriptionDeactivatedAt, "")
		if !t.Active() {
			t.SetActive(true)
			t.SetInactiveReason("")
			if err := tx.Save(t); err != nil {
				return noChange, fmt.Errorf("subscriptions: reactivate %s: %w", t.Id, err)
			}
			if err := audit.Write(tx, audit.Entry{Tenant: t.Id, Actor: systemActor(), Action: ActionReactivate,
				Collection: collections.Tenants, Record: t.Id, Changes: map[string]any{"status": string(was)}}); err != nil {
				return noChange, err
			}
			n := reactivatedNotice(t.Name())
			n.Key = "billing.reactivated:" + s.Id + ":" + dbtime.Format(now)
			if err := b.notify(tx, t, n, now); err != nil {
				return noChange, err
			}
			out = reactivated
		}
	}
	if err := tx.Save(s); err != nil {
		return noChange, err
	}
	return out, nil
}

// markOverdue records a late payment due on due (link is its invoice):
// an active subscription becomes overdue. It reports becameOverdue only
// on that change; the caller tells the owner.
func (b *Service) markOverdue(tx core.App, s *sub, due asaas.Date, link string) (transition, error) {
	switch st := s.status(); {
	case st == collections.SubscriptionOverdue, st == collections.SubscriptionSuspended:
		// Already late: only an earlier due date or its invoice is news.
		changed := false
		if since := s.overdueSince(); since.IsZero() || due.Before(since) {
			s.setDate(collections.SubscriptionOverdueSince, due)
			changed = true
		}
		if link != "" && link != s.link() && !due.After(s.overdueSince()) {
			s.Set(collections.SubscriptionPaymentLink, link)
			changed = true
		}
		if changed {
			return noChange, tx.Save(s)
		}
		return noChange, nil
	case !st.CanMoveTo(collections.SubscriptionOverdue):
		return noChange, nil
	}
	s.setStatus(collections.SubscriptionOverdue)
	s.setDate(collections.SubscriptionOverdueSince, due)
	if link != "" {
		s.Set(collections.SubscriptionPaymentLink, link)
	}
	return becameOverdue, tx.Save(s)
}

// noticeOverdue tells the owner a payment is late (once per day at most).
func (b *Service) noticeOverdue(tx core.App, s *sub, now time.Time, loc *time.Location) (bool, error) {
	day := asaashook.Today(now, loc)
	if last := s.GetDateTime(collections.SubscriptionLastNotifiedAt).Time(); !last.IsZero() && asaashook.Today(last, loc) == day {
		return false, nil
	}
	t, err := scope.Tenant(tx, s.tenant())
	if err != nil {
		return false, err
	}
	since := s.overdueSince()
	n := overdueNotice(t.Name(), since, since.AddDays(b.graceDays()+1), s.link())
	n.Key = "billing.overdue:" + s.Id + ":" + day.String()
	if err := b.notify(tx, t, n, now); err != nil {
		return false, err
	}
	s.Set(collections.SubscriptionLastNotifiedAt, now)
	return true, tx.Save(s)
}

// suspend deactivates a shop whose payment is late beyond the grace period.
func (b *Service) suspend(tx core.App, s *sub, now time.Time) (transition, error) {
	if st := s.status(); st == collections.SubscriptionSuspended || !st.CanMoveTo(collections.SubscriptionSuspended) {
		return noChange, nil
	}
	t, err := scope.Tenant(tx, s.tenant())
	if err != nil {
		return noChange, err
	}
	since := s.overdueSince()
	s.setStatus(collections.SubscriptionSuspended)
	out := noChange
	if t.Active() {
		s.Set(collections.SubscriptionDeactivatedAt, now)
		t.SetActive(false)
		t.SetInactiveReason(audit.Truncate(overdueReason(since, s.link()), 300))
		if err := tx.Save(t); err != nil {
			return noChange, fmt.Errorf("subscriptions: deactivate %s: %w", t.Id, err)
		}
		if err := audit.Write(tx, audit.Entry{Tenant: t.Id, Actor: systemActor(), Action: ActionDeactivate,
			Collection: collections.Tenants, Record: t.Id,
			Changes: map[string]any{"overdueSince": since.String(), "graceDays": b.graceDays()}}); err != nil {
			return noChange, err
		}
		n := deactivatedNotice(t.Name(), since, s.link())
		n.Key = "billing.deactivated:" + s.Id + ":" + since.String()
		if err := b.notify(tx, t, n, now); err != nil {
			return noChange, err
		}
		out = deactivated
	}
	return out, tx.Save(s)
}

// cancel ends a subscription and deactivates the shop. atAsaas also
// removes the subscription at Asaas (through the outbox); it is false
// when Asaas already ended it.
func (b *Service) cancel(tx core.App, s *sub, now time.Time, loc *time.Location, atAsaas bool) (transition, error) {
	if s.status() == collections.SubscriptionCancelled {
		return noChange, nil
	}
	t, err := scope.Tenant(tx, s.tenant())
	if err != nil {
		return noChange, err
	}
	day := asaashook.Today(now, loc)
	s.setStatus(collections.SubscriptionCancelled)
	s.Set(collections.SubscriptionCancelledAt, now)
	s.Set(collections.SubscriptionCancelAtEnd, false)
	s.Set(collections.SubscriptionOverdueSince, "")
	if atAsaas && s.asaasID() != "" {
		if _, err := outbox.Enqueue(tx, outbox.Message{
			Tenant: s.tenant(), Kind: KindSubscriptionDelete, Lane: platformLane,
			Key:     KindSubscriptionDelete + ":" + s.asaasID(),
			Payload: subscriptionPayload{Tenant: s.tenant(), Subscription: s.Id, AsaasID: s.asaasID()},
		}); err != nil && !isDuplicate(err) {
			return noChange, err
		}
	}
	if t.Active() {
		s.Set(collections.SubscriptionDeactivatedAt, now)
		t.SetActive(false)
		t.SetInactiveReason(cancelledReason(day))
		if err := tx.Save(t); err != nil {
			return noChange, fmt.Errorf("subscriptions: deactivate %s: %w", t.Id, err)
		}
	}
	if err := audit.Write(tx, audit.Entry{Tenant: t.Id, Actor: systemActor(), Action: ActionSubscriptionEnd,
		Collection: collections.Subscriptions, Record: s.Id,
		Changes: map[string]any{"asaas": s.asaasID(), "removedAtAsaas": atAsaas}}); err != nil {
		return noChange, err
	}
	n := cancelledNotice(t.Name(), day)
	n.Key = "billing.cancelled:" + s.Id
	if err := b.notify(tx, t, n, now); err != nil {
		return noChange, err
	}
	return cancelled, tx.Save(s)
}

// graceDays is how long a shop may stay overdue.
func (b *Service) graceDays() int { return max(b.d.GraceDays, 0) }
