package asaas

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// WebhookTokenHeader is the header carrying the webhook's authToken on every
// delivery from Asaas (a static shared token: no HMAC, no Bearer).
const WebhookTokenHeader = "asaas-access-token"

// WebhookEvent is the body Asaas POSTs to a webhook URL. ID is stable across
// re-deliveries (the idempotency key; it contains '&', store it as text).
// Payment is set for PAYMENT_* events, Subscription for SUBSCRIPTION_* ones.
// Asaas adds fields without notice: unknown fields and unknown events parse
// fine.
type WebhookEvent struct {
	ID    string    `json:"id"`
	Event EventType `json:"event"`
	// DateCreated is Asaas' "yyyy-MM-dd HH:mm:ss" without zone (Brasília
	// time in practice); see CreatedAt.
	DateCreated  string        `json:"dateCreated"`
	Account      *EventAccount `json:"account,omitempty"`
	Payment      *Payment      `json:"payment,omitempty"`
	Subscription *Subscription `json:"subscription,omitempty"`
}

// EventAccount identifies the account that generated an event (ID) and its
// parent account (OwnerID, empty for a root account).
type EventAccount struct {
	ID      string `json:"id"`
	OwnerID string `json:"ownerId,omitempty"`
}

// CreatedAt returns DateCreated read as Brasília time, in UTC; the zero time
// when absent or malformed.
func (e *WebhookEvent) CreatedAt() time.Time {
	t, err := ParseDateTime(e.DateCreated)
	if err != nil {
		return time.Time{}
	}
	return t
}

// ParseWebhook decodes a webhook body. Malformed JSON, or a body without
// "event", is an error; unknown events and fields are not.
func ParseWebhook(body []byte) (*WebhookEvent, error) {
	var ev WebhookEvent
	if err := json.Unmarshal(body, &ev); err != nil {
		return nil, fmt.Errorf("asaas: parse webhook: %w", err)
	}
	if ev.Event == "" {
		return nil, fmt.Errorf("asaas: parse webhook: %w", errors.New(`missing "event"`))
	}
	return &ev, nil
}

// VerifyToken reports whether the asaas-access-token header value got equals
// the configured token want, in constant time. An empty want never matches:
// an unconfigured token must not accept unauthenticated calls.
func VerifyToken(got, want string) bool {
	if want == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
