package evolution

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// Webhook event names as configured (UPPER_SNAKE). On the wire the same
// events arrive lower-case and dotted (see EventName).
const (
	WebhookQRCodeUpdated    = "QRCODE_UPDATED"
	WebhookConnectionUpdate = "CONNECTION_UPDATE"
	WebhookMessagesUpsert   = "MESSAGES_UPSERT"
	WebhookMessagesUpdate   = "MESSAGES_UPDATE"
	WebhookMessagesDelete   = "MESSAGES_DELETE"
	WebhookSendMessage      = "SEND_MESSAGE"
)

// DefaultWebhookEvents returns the events Bancada subscribes to.
func DefaultWebhookEvents() []string {
	return []string{WebhookQRCodeUpdated, WebhookConnectionUpdate, WebhookMessagesUpsert, WebhookMessagesUpdate, WebhookSendMessage}
}

// WebhookConfig is where and how Evolution posts an instance's events.
type WebhookConfig struct {
	// URL receives the POSTs.
	URL string
	// Headers are sent as-is with every POST (e.g. a per-instance secret).
	// The special key "jwt_key" makes Evolution send a signed
	// "Authorization: Bearer" JWT instead.
	Headers map[string]string
	// Events to deliver; empty means DefaultWebhookEvents (this client
	// never sends an empty list, which Evolution reads as "all").
	Events []string
	// Enabled must be true for Evolution to deliver anything.
	Enabled bool
	// ByEvents appends the kebab-case event name to URL.
	ByEvents bool
	// Base64 inlines media as base64.
	Base64 bool
}

type webhookBody struct {
	Enabled  *bool             `json:"enabled,omitempty"`
	URL      string            `json:"url"`
	Headers  map[string]string `json:"headers,omitempty"`
	ByEvents bool              `json:"byEvents"`
	Base64   bool              `json:"base64"`
	Events   []string          `json:"events"`
}

// body returns the v2 wire form; inline (create) webhooks carry no
// "enabled" because Evolution stores them enabled.
func (w WebhookConfig) body(inline bool) webhookBody {
	b := webhookBody{URL: w.URL, Headers: w.Headers, ByEvents: w.ByEvents, Base64: w.Base64, Events: w.Events}
	if len(b.Events) == 0 {
		b.Events = DefaultWebhookEvents()
	}
	if !inline {
		enabled := w.Enabled
		b.Enabled = &enabled
	}
	return b
}

// WebhookInfo is the webhook stored for an instance.
type WebhookInfo struct {
	ID         string
	URL        string
	Headers    map[string]string
	Enabled    bool
	Events     []string
	ByEvents   bool
	Base64     bool
	InstanceID string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// SetWebhook stores the instance's webhook (v2 nested body).
func (c *Client) SetWebhook(ctx context.Context, instance string, cfg WebhookConfig) (*WebhookInfo, error) {
	const op = "set webhook"
	path, err := instancePath(op, "/webhook/set", instance)
	if err != nil {
		return nil, err
	}
	if cfg.URL == "" {
		return nil, fmt.Errorf("evolution: %s: %w: empty url", op, ErrBadRequest)
	}
	body := struct {
		Webhook webhookBody `json:"webhook"`
	}{cfg.body(false)}
	raw, err := c.do(ctx, call{op: op, method: http.MethodPost, path: path, instance: instance, body: body})
	if err != nil {
		return nil, err
	}
	info, err := decodeWebhookInfo(op, raw)
	if err != nil {
		return nil, err
	}
	if info == nil {
		return nil, fmt.Errorf("evolution: %s: %w: empty answer", op, ErrUnreachable)
	}
	return info, nil
}

// FindWebhook returns the instance's webhook, or nil when none is set.
func (c *Client) FindWebhook(ctx context.Context, instance string) (*WebhookInfo, error) {
	const op = "find webhook"
	path, err := instancePath(op, "/webhook/find", instance)
	if err != nil {
		return nil, err
	}
	raw, err := c.do(ctx, call{op: op, method: http.MethodGet, path: path, instance: instance})
	if err != nil {
		return nil, err
	}
	return decodeWebhookInfo(op, raw)
}

func decodeWebhookInfo(op string, raw []byte) (*WebhookInfo, error) {
	if t := bytes.TrimSpace(raw); len(t) == 0 || string(t) == "null" || string(t) == "{}" {
		return nil, nil
	}
	var w struct {
		ID              flexStr                    `json:"id"`
		URL             string                     `json:"url"`
		Headers         map[string]json.RawMessage `json:"headers"`
		Enabled         bool                       `json:"enabled"`
		Events          []string                   `json:"events"`
		WebhookByEvents bool                       `json:"webhookByEvents"`
		WebhookBase64   bool                       `json:"webhookBase64"`
		InstanceID      flexStr                    `json:"instanceId"`
		CreatedAt       flexTime                   `json:"createdAt"`
		UpdatedAt       flexTime                   `json:"updatedAt"`
	}
	if err := decode(op, raw, &w); err != nil {
		return nil, err
	}
	info := &WebhookInfo{
		ID: string(w.ID), URL: w.URL, Enabled: w.Enabled, Events: w.Events,
		ByEvents: w.WebhookByEvents, Base64: w.WebhookBase64, InstanceID: string(w.InstanceID),
		CreatedAt: time.Time(w.CreatedAt), UpdatedAt: time.Time(w.UpdatedAt),
	}
	if len(w.Headers) > 0 {
		info.Headers = make(map[string]string, len(w.Headers))
		for k, v := range w.Headers {
			var s flexStr
			if s.UnmarshalJSON(v) == nil {
				info.Headers[k] = string(s)
			}
		}
	}
	return info, nil
}
