// Package billing takes payments through Asaas: charges for service
// orders in each shop's own Asaas account, and the platform's monthly
// subscriptions of the shops with their daily monitor.
//
// Every call to Asaas goes through the outbox (kinds Kind*), written in
// the same transaction as the change that causes it; the only exceptions
// are the interactive checks of connecting and disconnecting a shop's
// account. Asaas webhooks are stored by the inbox before they are
// acknowledged and processed here, idempotently, by one handler.
//
// Money is int64 centavos; the asaas client converts to reais on the wire.
package billing

import (
	"errors"
	"net/http"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/deps"
	"github.com/bancada/bancada/integrations/asaas"
)

// Outbox kinds of the deliveries billing enqueues.
const (
	// KindCharge creates a shop's charge at Asaas and sends its link.
	KindCharge = "asaas.charge"
	// KindChargeCancel removes a shop's unpaid charge at Asaas.
	KindChargeCancel = "asaas.charge.cancel"
	// KindSubscriptionCreate creates a shop's subscription in the
	// platform's Asaas account.
	KindSubscriptionCreate = "asaas.subscription.create"
	// KindSubscriptionUpdate applies a plan change to the Asaas subscription.
	KindSubscriptionUpdate = "asaas.subscription.update"
	// KindSubscriptionDelete ends the Asaas subscription (cancellation).
	KindSubscriptionDelete = "asaas.subscription.delete"
	// KindEmail sends a billing notice to a shop's owners by e-mail.
	KindEmail = "billing.email"
)

// Audit actions written by billing.
const (
	ActionConnect         = "asaas.connect"
	ActionDisconnect      = "asaas.disconnect"
	ActionCharge          = "payment.charge"
	ActionChargeCancel    = "payment.charge_cancel"
	ActionChargeFailed    = "payment.charge_failed"
	ActionPaymentEvent    = "payment.asaas_event"
	ActionPlanChange      = "subscription.plan"
	ActionCancel          = "subscription.cancel"
	ActionBillingNotice   = "billing.notice"
	ActionDeactivate      = "billing.deactivate"
	ActionReactivate      = "billing.reactivate"
	ActionSubscriptionEnd = "billing.cancelled"
	ActionMonitorRun      = "billing.monitor"
)

// WebhookPath is the platform account's webhook route; a shop's account
// posts to WebhookPath + "/" + tenant id.
const WebhookPath = "/api/webhooks/asaas"

// platformLane serialises the calls made with the platform's key.
const platformLane = "asaas:platform"

// shopLane serialises the calls made with one shop's key, so two charges
// of one customer never race to create the same Asaas customer.
func shopLane(tenantID string) string { return "asaas:" + tenantID }

// systemActor is who billing's own changes are attributed to.
func systemActor() audit.Actor { return audit.Actor{Label: "cobrança (Asaas)"} }

// biller holds what every part of billing needs.
type biller struct {
	app core.App
	d   deps.Deps
	hc  *http.Client
}

// Register binds billing's routes, webhooks, hooks and outbox handlers.
func Register(app core.App, d deps.Deps) error {
	if d.Vault == nil || d.Outbox == nil || d.Inbox == nil {
		return errors.New("billing: vault, outbox and inbox are required")
	}
	b := &biller{app: app, d: d, hc: &http.Client{Timeout: asaas.DefaultTimeout}}
	b.bindPaid()
	b.bindLimits()
	b.bindSubscriptionHooks()
	b.bindConnectRoutes()
	b.bindChargeRoutes()
	b.bindSubscriptionRoutes()
	b.bindWebhookRoutes()
	b.bindOpsRoutes()
	b.bindDeliveries()
	d.Inbox.Handle(collections.ProviderAsaasHook, b.processEvent)
	return nil
}

// bindDeliveries registers the outbox handlers of every billing kind.
func (b *biller) bindDeliveries() {
	b.d.Outbox.Handle(KindCharge, b.deliverCharge, b.chargeDead)
	b.d.Outbox.Handle(KindChargeCancel, b.deliverChargeCancel, nil)
	b.d.Outbox.Handle(KindSubscriptionCreate, b.deliverSubscriptionCreate, b.subscriptionDead)
	b.d.Outbox.Handle(KindSubscriptionUpdate, b.deliverSubscriptionUpdate, b.subscriptionDead)
	b.d.Outbox.Handle(KindSubscriptionDelete, b.deliverSubscriptionDelete, b.subscriptionDead)
	b.d.Outbox.Handle(KindEmail, b.deliverEmail, nil)
}

// now is the current time in UTC.
func (b *biller) now() time.Time { return b.d.Clock() }
