// Package charges takes a shop's payments from its customers through the
// shop's own Asaas account: the owner connects the account (its key is
// sealed with the vault, never shown again), staff charge an order (the
// link and the Pix code go to the customer on WhatsApp), the account's
// webhook moves each charge (paid, overdue, refunded…) and thanks the
// customer, and every payment, manual or Asaas, keeps its order's paid
// amount true.
//
// Two audiences, two credentials: this package only ever holds a shop's
// own key (ShopKey, from the shop's sealed secret); the platform's key,
// which bills the shops themselves, belongs to hooks/subscriptions and is
// not in Deps.
//
// Every call to Asaas goes through the outbox (kinds Kind*), written in
// the same transaction as the change that causes it; the only exceptions
// are the interactive checks of connecting and disconnecting an account.
// Money is int64 centavos; the asaas client converts to reais on the wire.
package charges

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/asaashook"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/inbox"
	"github.com/bancada/bancada/integrations/asaas"
	"github.com/bancada/bancada/outbox"
	"github.com/bancada/bancada/vault"
)

// Outbox kinds of the deliveries charges enqueues.
const (
	// KindCharge creates a shop's charge at Asaas and sends its link.
	KindCharge = "asaas.charge"
	// KindChargeCancel removes a shop's unpaid charge at Asaas.
	KindChargeCancel = "asaas.charge.cancel"
)

// Audit actions written by charges.
const (
	ActionConnect      = "asaas.connect"
	ActionDisconnect   = "asaas.disconnect"
	ActionCharge       = "payment.charge"
	ActionChargeCancel = "payment.charge_cancel"
	ActionChargeFailed = "payment.charge_failed"
	ActionPaymentEvent = "payment.asaas_event"
)

// WebhookPath is where a shop's account posts: WebhookPath + "/" + tenant id.
const WebhookPath = asaashook.WebhookPath

// shopLane serialises the calls made with one shop's key, so two charges
// of one customer never race to create the same Asaas customer.
func shopLane(tenantID string) string { return "asaas:" + tenantID }

// systemActor is who the charges' own changes are attributed to.
func systemActor() audit.Actor { return audit.Actor{Label: "cobrança (Asaas)"} }

// Deps are what the charges need. There is no platform key here: a
// delivery for one shop can only ever use that shop's own key.
type Deps struct {
	// AsaasURL is the Asaas API's base URL (empty: the sandbox).
	AsaasURL string
	// PublicURL is where this server is reached (the shops' webhooks).
	PublicURL string
	// PlatformBilling tells the staff app whether the platform bills the
	// shops through Asaas (shown beside the shop's own account).
	PlatformBilling bool
	// Vault seals each shop's key and webhook token.
	Vault *vault.Vault
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// Outbox delivers the calls to Asaas and the WhatsApp messages.
	Outbox *outbox.Worker
	// Inbox stores the shops' webhooks.
	Inbox *inbox.Inbox
}

// Service is the charges of every shop: built once by package wiring and
// handed to its routes, record hooks, outbox and inbox handlers.
type Service struct {
	app core.App // the app outside any transaction (handlers)
	d   Deps
	hc  *http.Client
}

// New returns the charges of app.
func New(app core.App, d Deps) *Service {
	return &Service{app: app, d: d, hc: &http.Client{Timeout: asaas.DefaultTimeout}}
}

// Register binds the charges' routes, the shops' webhook, the payments'
// record hooks and the outbox handlers. The inbox handler of stored
// Asaas events is asaashook.Route with HandleShopEvent (the wiring binds
// it: one provider, two accounts).
func (b *Service) Register(app core.App) error {
	if b.d.Vault == nil || b.d.Outbox == nil || b.d.Inbox == nil {
		return errors.New("charges: vault, outbox and inbox are required")
	}
	b.bindPaid()
	b.bindConnectRoutes()
	b.bindChargeRoutes()
	b.bindWebhookRoute()
	b.d.Outbox.Handle(KindCharge, b.deliverCharge, b.chargeDead)
	b.d.Outbox.Handle(KindChargeCancel, b.deliverChargeCancel, nil)
	return nil
}

// bindWebhookRoute adds the intake of the shops' own accounts: each
// checks the shop's webhook token (asaashook.Intake).
func (b *Service) bindWebhookRoute() {
	b.app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.POST(WebhookPath+"/{tenant}", func(e *core.RequestEvent) error {
			tenantID := e.Request.PathValue("tenant")
			want, _, err := b.secret(e.App, tenantID, collections.SecretAsaasHookToken)
			if err != nil {
				want = "" // an unknown or disconnected shop: nothing matches
			}
			return asaashook.Intake(e, b.d.Inbox, tenantID, want)
		})
		return se.Next()
	})
}

// HandleShopEvent processes one stored event of a shop's account
// (asaashook.Route hands it over).
func (b *Service) HandleShopEvent(_ context.Context, tenantID string, ev *asaas.WebhookEvent) error {
	return b.shopEvent(tenantID, ev)
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
