package asaas

import (
	"context"
	"net/http"
)

// WebhookConfig is a webhook queue of an Asaas account (up to 10 per
// account). AuthToken (32–255 characters) is sent back by Asaas in the
// asaas-access-token header of every delivery; Asaas never returns it, only
// HasAuthToken.
type WebhookConfig struct {
	ID           string      `json:"id,omitempty"`
	Name         string      `json:"name"`
	URL          string      `json:"url"`
	Email        string      `json:"email,omitempty"`
	Enabled      bool        `json:"enabled"`
	Interrupted  bool        `json:"interrupted"`
	APIVersion   int         `json:"apiVersion,omitempty"`
	AuthToken    string      `json:"authToken,omitempty"`
	HasAuthToken bool        `json:"hasAuthToken,omitempty"`
	SendType     SendType    `json:"sendType,omitempty"`
	Events       []EventType `json:"events"`
}

// WebhookUpdate changes a webhook with PUT; nil and empty fields are left
// unchanged. Reactivate an interrupted queue with Interrupted: new(false).
type WebhookUpdate struct {
	Name        string      `json:"name,omitempty"`
	URL         string      `json:"url,omitempty"`
	Email       string      `json:"email,omitempty"`
	Enabled     *bool       `json:"enabled,omitempty"`
	Interrupted *bool       `json:"interrupted,omitempty"`
	AuthToken   string      `json:"authToken,omitempty"`
	SendType    SendType    `json:"sendType,omitempty"`
	Events      []EventType `json:"events,omitempty"`
}

// CreateWebhook registers a webhook queue. APIVersion defaults to 3 and
// SendType to SEQUENTIALLY.
func (c *Client) CreateWebhook(ctx context.Context, in WebhookConfig) (*WebhookConfig, error) {
	if in.APIVersion == 0 {
		in.APIVersion = 3
	}
	if in.SendType == "" {
		in.SendType = SendSequentially
	}
	in.ID, in.HasAuthToken = "", false
	var out WebhookConfig
	if err := c.do(ctx, "create webhook", http.MethodPost, "/webhooks", nil, in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// GetWebhook returns one webhook queue.
func (c *Client) GetWebhook(ctx context.Context, id string) (*WebhookConfig, error) {
	const op = "get webhook"
	if err := checkID(op, id); err != nil {
		return nil, err
	}
	var out WebhookConfig
	if err := c.do(ctx, op, http.MethodGet, idPath("/webhooks", id), nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ListWebhooks returns the account's webhook queues (at most 10 exist).
func (c *Client) ListWebhooks(ctx context.Context) ([]WebhookConfig, error) {
	var out List[WebhookConfig]
	if err := c.do(ctx, "list webhooks", http.MethodGet, "/webhooks", nil, nil, &out); err != nil {
		return nil, err
	}
	return out.Data, nil
}

// UpdateWebhook changes a webhook queue, e.g. to reactivate it after Asaas
// interrupted it (15 consecutive failed deliveries).
func (c *Client) UpdateWebhook(ctx context.Context, id string, in WebhookUpdate) (*WebhookConfig, error) {
	const op = "update webhook"
	if err := checkID(op, id); err != nil {
		return nil, err
	}
	var out WebhookConfig
	if err := c.do(ctx, op, http.MethodPut, idPath("/webhooks", id), nil, in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteWebhook removes a webhook queue.
func (c *Client) DeleteWebhook(ctx context.Context, id string) error {
	const op = "delete webhook"
	if err := checkID(op, id); err != nil {
		return err
	}
	return c.deleteObject(ctx, op, idPath("/webhooks", id))
}
