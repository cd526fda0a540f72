// Package webhooksout tells a shop's own systems (n8n, Zapier, an ERP)
// what happens in the shop: an owner registers endpoints and picks event
// types; every event is a webhook_deliveries row plus an outbox row per
// subscribed endpoint, written in the same transaction as the change, and
// the outbox worker posts it later, signed, with retries and a dead
// letter. Nothing here calls out inside a transaction.
//
// Signing follows the Stripe/Svix scheme: the headers carry the event id
// (Bancada-Webhook-Id, the receiver's idempotency key), the Unix time of
// the attempt (Bancada-Webhook-Timestamp) and
// Bancada-Webhook-Signature: v1=<hex HMAC-SHA256 of "timestamp.body"
// keyed with the endpoint's secret>. Receivers refuse timestamps outside
// their replay window (five minutes is usual).
package webhooksout

import (
	"net/http"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/hooks/deps"
)

// KindDeliver is the outbox kind of one webhook delivery.
const KindDeliver = "webhook.deliver"

// deliveryTimeout bounds one POST to a receiver.
const deliveryTimeout = 10 * time.Second

// service holds what the hooks, routes and the outbox handler share.
type service struct {
	app core.App
	d   deps.Deps
	// allowLoopback admits http://localhost-style endpoints (tests and
	// the demo); in production only public https hosts are accepted.
	allowLoopback bool
	client        *http.Client
}

// Register binds the event hooks, the endpoint validation, the owner's
// routes and the outbox handler.
func Register(app core.App, d deps.Deps) error {
	allow := d.Config.Demo || d.Config.WebhooksAllowLoopback
	s := &service{app: app, d: d, allowLoopback: allow, client: newClient(allow)}
	bindValidation(app, s)
	bindEvents(app, s)
	bindRoutes(app, s)
	d.Outbox.Handle(KindDeliver, s.deliver, s.dead)
	return nil
}
