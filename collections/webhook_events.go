package collections

import (
	"github.com/pocketbase/pocketbase/core"
)

// Webhook event fields.
const (
	WebhookProvider    = "provider"
	WebhookEventKey    = "event_key"
	WebhookEventType   = "event_type"
	WebhookTenant      = FieldTenant
	WebhookPayload     = "payload"
	WebhookStatus      = "status"
	WebhookAttempts    = "attempts"
	WebhookError       = "error"
	WebhookProcessedAt = "processed_at"
	// WebhookLane orders processing: events of one lane (one WhatsApp
	// conversation, one Asaas payment) are handled one at a time, in order.
	WebhookLane          = "lane"
	WebhookNextAttemptAt = "next_attempt_at"
)

// Webhook event states.
const (
	WebhookPending   = "pending"
	WebhookProcessed = "processed"
	WebhookIgnored   = "ignored"
	WebhookFailed    = "failed"
)

// Webhook providers.
const (
	ProviderEvolution = "evolution"
	ProviderAsaasHook = "asaas"
	ProviderGoogle    = "google"
)

func defineWebhookEvents(app core.App, c *core.Collection) error {
	tenantsID, err := idOf(app, Tenants)
	if err != nil {
		return err
	}
	c.Fields.Add(
		required(WebhookProvider, 20),
		required(WebhookEventKey, 300),
		text(WebhookEventType, 80),
		relationTo(WebhookTenant, tenantsID),
		jsonField(WebhookPayload, 1<<20),
		selectOne(WebhookStatus, true, WebhookPending, WebhookProcessed, WebhookIgnored, WebhookFailed),
		count(WebhookAttempts),
		text(WebhookError, 2000),
		date(WebhookProcessedAt),
		text(WebhookLane, 200),
		date(WebhookNextAttemptAt),
	)
	c.Fields.Add(timestamps()...)
	c.AddIndex("idx_webhook_events_key", true, "provider, event_key", "")
	c.AddIndex("idx_webhook_events_pending", false, "status, next_attempt_at", "")
	c.AddIndex("idx_webhook_events_tenant_created", false, "tenant, created", "")
	c.ListRule, c.ViewRule, c.CreateRule, c.UpdateRule, c.DeleteRule = nil, nil, nil, nil, nil
	return nil
}
