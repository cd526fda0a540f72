package collections

import (
	"github.com/pocketbase/pocketbase/core"
)

// Outbox fields.
const (
	OutboxTenant         = FieldTenant
	OutboxKind           = "kind"
	OutboxLane           = "lane"
	OutboxPayload        = "payload"
	OutboxIdempotencyKey = "idempotency_key"
	OutboxStatus         = "status"
	OutboxAttempts       = "attempts"
	OutboxNextAttemptAt  = "next_attempt_at"
	OutboxNotBefore      = "not_before"
	OutboxLastError      = "last_error"
	OutboxSentAt         = "sent_at"
	OutboxResult         = "result"
)

// Outbox states.
const (
	OutboxPending = "pending"
	OutboxSending = "sending"
	OutboxSent    = "sent"
	OutboxDead    = "dead"
)

func defineOutbox(app core.App, c *core.Collection) error {
	tenantsID, err := idOf(app, Tenants)
	if err != nil {
		return err
	}
	c.Fields.Add(
		relationTo(OutboxTenant, tenantsID), // empty for platform-wide deliveries
		required(OutboxKind, 60),
		text(OutboxLane, 120),
		jsonField(OutboxPayload, 256<<10),
		required(OutboxIdempotencyKey, 200),
		selectOne(OutboxStatus, true, OutboxPending, OutboxSending, OutboxSent, OutboxDead),
		count(OutboxAttempts),
		date(OutboxNextAttemptAt),
		date(OutboxNotBefore),
		text(OutboxLastError, 2000),
		date(OutboxSentAt),
		jsonField(OutboxResult, 64<<10),
	)
	c.Fields.Add(timestamps()...)
	c.AddIndex("idx_outbox_idempotency", true, "idempotency_key", "")
	c.AddIndex("idx_outbox_due", false, "status, next_attempt_at", "")
	c.AddIndex("idx_outbox_tenant_created", false, "tenant, created", "")
	c.ListRule, c.ViewRule, c.CreateRule, c.UpdateRule, c.DeleteRule = nil, nil, nil, nil, nil
	return nil
}
