package collections

import (
	"github.com/pocketbase/pocketbase/core"
)

// Outbound webhooks: the URLs a shop's owner registers to be told about
// what happens in the shop, and the log of every event sent to them.
const (
	// WebhookEndpoints are a shop's registered receivers.
	WebhookEndpoints = "webhook_endpoints"
	// WebhookDeliveries is the log of events sent (or being sent) to them.
	WebhookDeliveries = "webhook_deliveries"
)

// Webhook endpoint fields.
const (
	EndpointTenant      = FieldTenant
	EndpointURL         = "url"
	EndpointEvents      = "events"
	EndpointActive      = "active"
	EndpointDescription = "description"
	// EndpointSecret is the signing secret sealed by the vault. Hidden:
	// never listed, filtered, sorted or expanded through the API.
	EndpointSecret = "secret"
)

// Webhook delivery fields.
const (
	DeliveryTenant         = FieldTenant
	DeliveryEndpoint       = "endpoint"
	DeliveryEventID        = "event_id"
	DeliveryEventType      = "event_type"
	DeliveryBody           = "body"
	DeliveryStatus         = "status"
	DeliveryAttempts       = "attempts"
	DeliveryLastStatusCode = "last_status_code"
	DeliveryLastError      = "last_error"
	DeliveryDeliveredAt    = "delivered_at"
)

// Webhook delivery states.
const (
	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	DeliveryFailed    = "failed" // given up after the retries (dead letter)
)

// Outbound webhook event types an endpoint may subscribe to.
const (
	EventOrderCreated         = "order.created"
	EventOrderStatusChanged   = "order.status_changed"
	EventOrderPaid            = "order.paid"
	EventCustomerCreated      = "customer.created"
	EventAppointmentBooked    = "appointment.booked"
	EventAppointmentCancelled = "appointment.cancelled"
	EventMessageReceived      = "message.received"
	// EventTest is sent by the owner's "send a test" button; not
	// subscribable.
	EventTest = "webhook.test"
)

// WebhookEventTypes lists the subscribable event types.
var WebhookEventTypes = []string{
	EventOrderCreated, EventOrderStatusChanged, EventOrderPaid, EventCustomerCreated,
	EventAppointmentBooked, EventAppointmentCancelled, EventMessageReceived,
}

func defineWebhookEndpoints(app core.App, c *core.Collection) error {
	tenantsID, err := idOf(app, Tenants)
	if err != nil {
		return err
	}
	c.Fields.Add(
		&core.RelationField{Name: EndpointTenant, CollectionId: tenantsID, Required: true, MaxSelect: 1, CascadeDelete: true},
		required(EndpointURL, 2000),
		&core.SelectField{Name: EndpointEvents, Values: WebhookEventTypes, MaxSelect: len(WebhookEventTypes)},
		&core.BoolField{Name: EndpointActive},
		text(EndpointDescription, 200),
		&core.TextField{Name: EndpointSecret, Hidden: true, Max: 4096},
	)
	c.Fields.Add(timestamps()...)
	c.AddIndex("idx_webhook_endpoints_tenant", false, "tenant, created", "")
	// Owners see and edit their shop's endpoints (events, active, url,
	// description); creating one goes through /api/bancada/webhooks,
	// which generates the secret and shows it once.
	access{read: RolesOwner, update: RolesOwner, delete: RolesOwner}.applyTo(c)
	return nil
}

func defineWebhookDeliveries(app core.App, c *core.Collection) error {
	tenantsID, err := idOf(app, Tenants)
	if err != nil {
		return err
	}
	endpointsID, err := idOf(app, WebhookEndpoints)
	if err != nil {
		return err
	}
	c.Fields.Add(
		&core.RelationField{Name: DeliveryTenant, CollectionId: tenantsID, Required: true, MaxSelect: 1, CascadeDelete: true},
		&core.RelationField{Name: DeliveryEndpoint, CollectionId: endpointsID, Required: true, MaxSelect: 1, CascadeDelete: true},
		required(DeliveryEventID, 64),
		required(DeliveryEventType, 60),
		jsonField(DeliveryBody, 64<<10),
		selectOne(DeliveryStatus, true, DeliveryPending, DeliveryDelivered, DeliveryFailed),
		count(DeliveryAttempts),
		count(DeliveryLastStatusCode),
		text(DeliveryLastError, 1000),
		date(DeliveryDeliveredAt),
	)
	c.Fields.Add(timestamps()...)
	c.AddIndex("idx_webhook_deliveries_tenant_created", false, "tenant, created", "")
	c.AddIndex("idx_webhook_deliveries_endpoint_event", true, "endpoint, event_id", "")
	// The log is written by Bancada only; owners read it and re-send
	// through /api/bancada/webhooks/deliveries/{id}/resend.
	access{read: RolesOwner}.applyTo(c)
	return nil
}

// WebhookEndpoint is a typed proxy of a webhook_endpoints record.
type WebhookEndpoint struct{ core.BaseRecordProxy }

// AsWebhookEndpoint wraps a webhook_endpoints record.
func AsWebhookEndpoint(r *core.Record) *WebhookEndpoint {
	w := &WebhookEndpoint{}
	w.SetProxyRecord(r)
	return w
}

// Tenant is the shop's id.
func (w *WebhookEndpoint) Tenant() string { return w.GetString(EndpointTenant) }

// URL is where events are posted.
func (w *WebhookEndpoint) URL() string { return w.GetString(EndpointURL) }

// Events are the subscribed event types.
func (w *WebhookEndpoint) Events() []string { return w.GetStringSlice(EndpointEvents) }

// Active reports whether events are sent to the endpoint.
func (w *WebhookEndpoint) Active() bool { return w.GetBool(EndpointActive) }

// SealedSecret is the vault-sealed signing secret.
func (w *WebhookEndpoint) SealedSecret() string { return w.GetString(EndpointSecret) }
