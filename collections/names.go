package collections

// Collection names.
const (
	Tenants       = "tenants"
	Users         = "users"
	Superusers    = "_superusers"
	Memberships   = "memberships"
	Plans         = "plans"
	Subscriptions = "subscriptions"
	Customers     = "customers"
	Devices       = "devices"
	Orders        = "orders"
	OrderEvents   = "order_events"
	Parts         = "parts"
	PriceRules    = "price_rules"
	Appointments  = "appointments"
	Payments      = "payments"
	Conversations = "conversations"
	Messages      = "messages"
	QuoteRequests = "quote_requests"
	Outbox        = "outbox"
	WebhookEvents = "webhook_events"
	AuditLog      = "audit_log"
	Secrets       = "secrets"
)

// Field names shared by many collections.
const (
	FieldID      = "id"
	FieldTenant  = "tenant"
	FieldCreated = "created"
	FieldUpdated = "updated"
)

// TenantOwned lists the collections whose records belong to one tenant and
// are reachable through the REST API by that tenant's staff. It is the one
// source: the isolation matrix, the tenant filter, the tenancy guard and
// the audit log derive from it (tenancy.go names the exceptions). A new
// collection with a tenant field must be added here, or to
// TenantFieldElsewhere with its reason; a test fails until it is.
var TenantOwned = []string{
	Customers, Devices, Orders, OrderEvents, Parts, PriceRules, Appointments,
	Payments, Conversations, Messages, QuoteRequests, AuditLog, Subscriptions,
	Invitations, WebhookEndpoints, WebhookDeliveries,
	Sales, Refunds, CashSessions, CashMoves, StockMovements,
}

// Internal lists the collections with no API access at all (nil rules):
// only Go code and superusers touch them.
var Internal = []string{Outbox, WebhookEvents, Secrets, Sequences}
