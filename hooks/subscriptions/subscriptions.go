package subscriptions

import (
	"context"
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/asaashook"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/hooks/txhook"
	"github.com/bancada/bancada/integrations/asaas"
	"github.com/bancada/bancada/outbox"
	"github.com/bancada/bancada/retry"
)

// FirstDueInDays is when a new subscription's first monthly payment is
// due, counted from its creation: time to set the shop up before paying.
const FirstDueInDays = 7

// subscriptionPayload is the outbox payload of the subscription kinds.
type subscriptionPayload struct {
	Tenant       string `json:"tenant"`
	Subscription string `json:"subscription"`
	// AsaasID is the subscription to remove (KindSubscriptionDelete).
	AsaasID string `json:"asaasId,omitempty"`
}

// bindSubscriptionHooks makes a new pending subscription (written by the
// signup, in its transaction) enqueue its creation in the platform's
// Asaas account, when the platform bills through Asaas. The Asaas calls
// happen later, outside the signup's transaction.
func (b *Service) bindSubscriptionHooks() {
	b.app.OnRecordCreate(collections.Subscriptions).BindFunc(func(e *core.RecordEvent) error {
		s := sub{e.Record}
		if s.status() != collections.SubscriptionPending || !b.platformEnabled() {
			return e.Next()
		}
		return txhook.Run(e, func(tx core.App) error {
			if err := e.Next(); err != nil {
				return err
			}
			return enqueueCreate(tx, &s, "")
		})
	})
}

// enqueueCreate enqueues the creation of the subscription at Asaas; round
// distinguishes a later attempt (a new plan after a cancellation, the
// monitor retrying) from the first.
func enqueueCreate(tx core.App, s *sub, round string) error {
	key := KindSubscriptionCreate + ":" + s.Id
	if round != "" {
		key += ":" + round
	}
	_, err := outbox.Enqueue(tx, outbox.Message{
		Tenant: s.tenant(), Kind: KindSubscriptionCreate, Lane: platformLane, Key: key,
		Payload: subscriptionPayload{Tenant: s.tenant(), Subscription: s.Id},
	})
	if isDuplicate(err) {
		return nil
	}
	return err
}

// platformLoc is the platform's time zone (due dates of subscriptions).
func (b *Service) platformLoc() *time.Location { return br.LoadLocation(b.d.Timezone) }

// loadSub loads a subscription of the payload's tenant.
func (b *Service) loadSub(app core.App, pl subscriptionPayload) (*sub, error) {
	r, err := scope.Find(app, collections.Subscriptions, pl.Tenant, pl.Subscription)
	if err != nil {
		return nil, retry.Permanent(err)
	}
	return &sub{r}, nil
}

// subscriptionCall decodes a subscription call of the outbox and returns
// the platform's Asaas client for it; platform billing turned off since
// the call was queued is a permanent failure.
func (b *Service) subscriptionCall(dl *outbox.Delivery) (subscriptionPayload, *asaas.Client, error) {
	var pl subscriptionPayload
	if err := dl.Decode(&pl); err != nil {
		return pl, nil, err
	}
	client, ok := b.platformClient()
	if !ok {
		return pl, nil, retry.Permanent(fmt.Errorf("subscriptions: platform billing is off"))
	}
	return pl, client, nil
}

// deliverSubscriptionCreate creates the shop's customer (its CNPJ) and
// monthly subscription in the platform's Asaas account. Idempotent: the
// customer id is kept on the subscription, and an existing subscription
// with our externalReference is adopted instead of creating another.
func (b *Service) deliverSubscriptionCreate(ctx context.Context, dl *outbox.Delivery) (any, error) {
	pl, client, err := b.subscriptionCall(dl)
	if err != nil {
		return nil, err
	}
	s, err := b.loadSub(b.app, pl)
	if err != nil {
		return nil, err
	}
	if s.asaasID() != "" || s.status() != collections.SubscriptionPending {
		return map[string]any{"skipped": string(s.status()), "asaas": s.asaasID()}, nil
	}
	value := int64(s.GetInt(collections.SubscriptionValueCents))
	planName := ""
	if id := s.GetString(collections.SubscriptionPlan); id != "" {
		if p, err := b.app.FindRecordById(collections.Plans, id); err == nil {
			plan := collections.AsPlan(p)
			value, planName = plan.PriceCents(), plan.Name()
		}
	}
	if value <= 0 {
		// A free plan: nothing to bill.
		s.setStatus(collections.SubscriptionActive)
		return map[string]any{"free": true}, b.app.Save(s)
	}
	t, err := scope.Tenant(b.app, pl.Tenant)
	if err != nil {
		return nil, retry.Permanent(err)
	}

	customerID := s.GetString(collections.SubscriptionAsaasCustomer)
	if customerID == "" {
		c, err := client.FindOrCreateCustomer(ctx, asaas.Customer{
			Name: t.Name(), CpfCnpj: t.CNPJ(), Email: t.Email(), MobilePhone: asaashook.NationalPhone(t.Phone()),
			ExternalReference: t.Id,
		})
		if err != nil {
			return nil, asaashook.Retry(err)
		}
		customerID = c.ID
		s.Set(collections.SubscriptionAsaasCustomer, customerID)
		if err := b.app.Save(s); err != nil {
			return nil, err
		}
	}
	existing, err := client.ListSubscriptions(ctx, asaas.SubscriptionFilter{Customer: customerID, ExternalReference: s.Id, Limit: 1})
	if err != nil {
		return nil, asaashook.Retry(err)
	}
	var as *asaas.Subscription
	first := asaashook.Today(b.now(), b.platformLoc()).AddDays(FirstDueInDays)
	if len(existing.Data) > 0 {
		// A previous attempt created it: its first unpaid payment says
		// when it is due (Asaas moves nextDueDate past generated ones).
		as = &existing.Data[0]
		first = as.NextDueDate
		if pending, err := client.SubscriptionPayments(ctx, as.ID, asaas.StatusPending); err == nil {
			for _, p := range pending.Data {
				if p.DueDate.Before(first) {
					first = p.DueDate
				}
			}
		}
	} else {
		as, err = client.CreateSubscription(ctx, asaas.SubscriptionRequest{
			Customer: customerID, BillingType: asaas.BillingUndefined, ValueCents: value,
			NextDueDate: first, Cycle: asaas.CycleMonthly,
			Description: subscriptionDescription(t.Name(), planName), ExternalReference: s.Id,
		})
		if err != nil {
			return nil, asaashook.Retry(err)
		}
	}
	err = b.app.RunInTransaction(func(tx core.App) error {
		fresh, err := b.loadSub(tx, pl)
		if err != nil {
			return err
		}
		fresh.Set(collections.SubscriptionAsaasID, as.ID)
		fresh.Set(collections.SubscriptionValueCents, value)
		fresh.setDate(collections.SubscriptionNextDueDate, first)
		if fresh.status() == collections.SubscriptionPending {
			fresh.setStatus(collections.SubscriptionActive)
		}
		return tx.Save(fresh)
	})
	if err != nil {
		return nil, err
	}
	return map[string]any{"asaas": as.ID}, nil
}

// subscriptionDescription is what the shop reads on its invoices.
func subscriptionDescription(shop, plan string) string {
	if plan == "" {
		return "Bancada — mensalidade da " + shop
	}
	return "Bancada — plano " + plan + " — " + shop
}

// deliverSubscriptionUpdate brings the Asaas subscription to the plan the
// subscription record has now (the latest change wins), including the
// payments already generated and not yet paid.
func (b *Service) deliverSubscriptionUpdate(ctx context.Context, dl *outbox.Delivery) (any, error) {
	pl, client, err := b.subscriptionCall(dl)
	if err != nil {
		return nil, err
	}
	s, err := b.loadSub(b.app, pl)
	if err != nil {
		return nil, err
	}
	if s.asaasID() == "" || s.status() == collections.SubscriptionCancelled {
		return map[string]any{"skipped": true}, nil
	}
	t, err := scope.Tenant(b.app, pl.Tenant)
	if err != nil {
		return nil, retry.Permanent(err)
	}
	planName := ""
	if p, err := b.app.FindRecordById(collections.Plans, s.GetString(collections.SubscriptionPlan)); err == nil {
		planName = collections.AsPlan(p).Name()
	}
	_, err = client.UpdateSubscription(ctx, s.asaasID(), asaas.SubscriptionUpdate{
		ValueCents: int64(s.GetInt(collections.SubscriptionValueCents)), Description: subscriptionDescription(t.Name(), planName),
		UpdatePendingPayments: true,
	})
	if err != nil {
		return nil, asaashook.Retry(err)
	}
	return map[string]any{"asaas": s.asaasID(), "value": s.GetInt(collections.SubscriptionValueCents)}, nil
}

// deliverSubscriptionDelete removes the subscription at Asaas (its
// pending payments go with it). One Asaas no longer has is already gone.
func (b *Service) deliverSubscriptionDelete(ctx context.Context, dl *outbox.Delivery) (any, error) {
	pl, client, err := b.subscriptionCall(dl)
	if err != nil {
		return nil, err
	}
	if err := client.DeleteSubscription(ctx, pl.AsaasID); err != nil && !asaas.IsNotFound(err) {
		return nil, asaashook.Retry(err)
	}
	return map[string]any{"deleted": pl.AsaasID}, nil
}

// subscriptionDead leaves a line in the shop's audit log when a call to
// the platform's Asaas account was given up; the monitor retries the
// creation, operators retry the rest from the dead letters.
func (b *Service) subscriptionDead(_ context.Context, dl *outbox.Delivery, cause error) {
	var pl subscriptionPayload
	if dl.Decode(&pl) != nil {
		return
	}
	if err := audit.Write(b.app, audit.Entry{
		Tenant: pl.Tenant, Actor: systemActor(), Action: dl.Kind + ".failed", Collection: collections.Subscriptions,
		Record: pl.Subscription, Changes: map[string]any{"error": audit.Truncate(cause.Error(), 1000)},
	}); err != nil {
		b.app.Logger().Error("subscriptions: audit dead subscription call", "tenant", pl.Tenant, "error", err)
	}
}
