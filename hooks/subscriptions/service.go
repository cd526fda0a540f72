// Package subscriptions is the platform's side of billing: the plans, the
// shops' monthly subscriptions in the platform's own Asaas account (created
// after signup, changed and cancelled by the owner), the daily billing
// monitor and the platform account's webhook that move them (overdue,
// deactivated for non-payment, reactivated, ended), the notices to the
// owners, and the plan's limits (staff, orders a month).
//
// Two audiences, two credentials: this package only ever holds the
// platform's key (Platform), never a shop's; a shop's own account, which
// charges its customers, belongs to hooks/charges.
//
// Every call to Asaas goes through the outbox (kinds Kind*), written in
// the same transaction as the change that causes it.
package subscriptions

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/hooks/asaashook"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/inbox"
	"github.com/bancada/bancada/integrations/asaas"
	"github.com/bancada/bancada/outbox"
)

// Outbox kinds of the deliveries subscriptions enqueues.
const (
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

// Audit actions written by subscriptions.
const (
	ActionPlanChange      = "subscription.plan"
	ActionCancel          = "subscription.cancel"
	ActionBillingNotice   = "billing.notice"
	ActionDeactivate      = "billing.deactivate"
	ActionReactivate      = "billing.reactivate"
	ActionSubscriptionEnd = "billing.cancelled"
	ActionMonitorRun      = "billing.monitor"
)

// WebhookPath is the platform account's webhook route.
const WebhookPath = asaashook.WebhookPath

// platformLane serialises the calls made with the platform's key.
const platformLane = "asaas:platform"

// systemActor is who the subscriptions' own changes are attributed to.
func systemActor() audit.Actor { return audit.Actor{Label: "cobrança (Asaas)"} }

// Platform is the platform's own Asaas account, which bills the shops:
// the only credential this package calls Asaas with. An empty APIKey
// turns platform billing off.
type Platform struct {
	// URL is the Asaas API's base URL (empty: the sandbox).
	URL string
	// APIKey is the platform account's key (BANCADA_ASAAS_API_KEY).
	APIKey string
	// WebhookToken authenticates the platform account's webhook
	// (BANCADA_ASAAS_WEBHOOK_TOKEN).
	WebhookToken string
}

// Deps are what the subscriptions need.
type Deps struct {
	// Platform is the platform's Asaas account.
	Platform Platform
	// PublicURL is where this server is reached (the platform webhook).
	PublicURL string
	// PlatformWhatsAppInstance is the platform's own WhatsApp instance,
	// which tells owners about their subscription ("" : e-mail only).
	PlatformWhatsAppInstance string
	// GraceDays is how long an overdue shop keeps working.
	GraceDays int
	// Timezone is the platform's zone (due dates, the monitor's day).
	Timezone string
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// Outbox delivers the calls to Asaas and the notices.
	Outbox *outbox.Worker
	// Inbox stores the platform account's webhooks.
	Inbox *inbox.Inbox
}

// Service is the platform's subscriptions: built once by package wiring
// and handed to its routes, record hooks, jobs, outbox and inbox
// handlers, and to the orders' and staff's plan-limit checks.
type Service struct {
	app core.App // the app outside any transaction (handlers, the monitor)
	d   Deps
	hc  *http.Client
}

// New returns the subscriptions of app.
func New(app core.App, d Deps) *Service {
	return &Service{app: app, d: d, hc: &http.Client{Timeout: asaas.DefaultTimeout}}
}

// Register binds the subscriptions' routes, the platform webhook, the
// record hooks (new subscriptions, the staff limit) and the outbox
// handlers. The order limit is not a hook: the orders' create calls
// CheckOrderLimit in its transaction (see OrderLimit). The inbox handler
// of stored Asaas events is asaashook.Route with HandlePlatformEvent (the
// wiring binds it: one provider, two accounts).
func (b *Service) Register(app core.App) error {
	if b.d.Outbox == nil || b.d.Inbox == nil {
		return errors.New("subscriptions: outbox and inbox are required")
	}
	b.bindLimits()
	b.bindSubscriptionHooks()
	b.bindSubscriptionRoutes()
	b.bindWebhookRoute()
	b.bindOpsRoutes()
	b.d.Outbox.Handle(KindSubscriptionCreate, b.deliverSubscriptionCreate, b.subscriptionDead)
	b.d.Outbox.Handle(KindSubscriptionUpdate, b.deliverSubscriptionUpdate, b.subscriptionDead)
	b.d.Outbox.Handle(KindSubscriptionDelete, b.deliverSubscriptionDelete, b.subscriptionDead)
	b.d.Outbox.Handle(KindEmail, b.deliverEmail, nil)
	return nil
}

// bindWebhookRoute adds the intake of the platform account's webhook,
// checked against the platform's webhook token (asaashook.Intake).
func (b *Service) bindWebhookRoute() {
	b.app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.POST(WebhookPath, func(e *core.RequestEvent) error {
			return asaashook.Intake(e, b.d.Inbox, "", b.d.Platform.WebhookToken)
		})
		return se.Next()
	})
}

// HandlePlatformEvent processes one stored event of the platform's
// account (asaashook.Route hands it over).
func (b *Service) HandlePlatformEvent(_ context.Context, ev *asaas.WebhookEvent) error {
	return b.platformEvent(ev)
}

// now is the current time in UTC.
func (b *Service) now() time.Time {
	if b.d.Now == nil {
		return time.Now().UTC()
	}
	return b.d.Now().UTC()
}

// publicURL is the public URL without a trailing slash ("" when unset).
func (b *Service) publicURL() string { return strings.TrimRight(b.d.PublicURL, "/") }

// asaasURL is the configured Asaas base URL.
func (b *Service) asaasURL() string {
	if u := strings.TrimSpace(b.d.Platform.URL); u != "" {
		return u
	}
	return asaas.SandboxURL
}

// platformClient returns a client bound to the platform's key, or false
// when SaaS billing is off.
func (b *Service) platformClient() (*asaas.Client, bool) {
	if !b.platformEnabled() {
		return nil, false
	}
	return asaas.New(b.asaasURL(), b.d.Platform.APIKey, asaas.WithHTTPClient(b.hc)), true
}

// platformEnabled reports whether the platform bills shops through Asaas.
func (b *Service) platformEnabled() bool { return strings.TrimSpace(b.d.Platform.APIKey) != "" }

// isDuplicate reports an enqueue refused because the key was used.
func isDuplicate(err error) bool { return err != nil && errors.Is(err, outbox.ErrDuplicate) }
