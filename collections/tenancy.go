package collections

import "slices"

// Tenancy: TenantOwned (names.go) is the one list of collections that hold
// a shop's own records. The Go-side lists that enumerate collections are
// derived from it here, each leaving out only the exceptions named below
// with their reasons; a test fails when a collection with a tenant field
// is in neither TenantOwned nor TenantFieldElsewhere.

// Exception leaves one collection out of a list, and says why.
type Exception struct {
	Collection string
	Reason     string
}

// TenantFieldElsewhere lists the collections that carry a tenant field but
// are not tenant-owned: staff do not reach them through the REST API as
// records of their shop.
var TenantFieldElsewhere = []Exception{
	{Memberships, "links a person to a shop: each person lists their own memberships across shops, so its rule is not confined to one shop"},
	{Outbox, "internal queue with no API rules: only Go code reads and writes it"},
	{WebhookEvents, "internal: provider webhooks as received, kept for idempotency; no API rules"},
	{Secrets, "internal: sealed credentials, never served; no API rules"},
	{Sequences, "internal: per-shop counters (order numbers); no API rules"},
}

// NotRelationChecked lists the tenant-owned collections whose saves are
// not checked by the tenancy guard (tenant never changes, relations stay
// in the shop).
var NotRelationChecked = []Exception{
	{AuditLog, "append-only rows written by audit.Write: the tenant is empty for platform events (failed sign-ins) and the actor may be an operator or someone who has since left the shop"},
}

// NotAudited lists the tenant-owned collections whose API writes are not
// appended to the audit log.
var NotAudited = []Exception{
	{OrderEvents, "the order's own history, written inside the order's save, which is audited"},
	{Messages, "conversation text: the conversation keeps it; copying every message into the append-only log would duplicate personal data"},
	{AuditLog, "the log itself; nobody writes it through the API"},
	{Subscriptions, "no API writes: the subscription routes change it and write their own audit lines"},
	{Invitations, "no API writes: the invitation routes change it and write their own audit lines"},
	{WebhookDeliveries, "no API writes: the delivery worker writes it; endpoint changes are audited"},
	{CashSessions, "no API writes: the till routes open and close it and write their own audit lines"},
	{CashMoves, "no API writes: the till route records withdrawals and supplies with their own audit line"},
	{Refunds, "no API writes: the refund route writes it with its own audit line"},
	{Sales, "no API writes: the sale route writes it with its own audit line"},
	{StockMovements, "a movement log itself (who, when, why are its fields); the routes that cause movements audit themselves"},
}

// RelationChecked returns the collections whose every save, API or Go, is
// held to its tenant by the tenancy guard: TenantOwned minus
// NotRelationChecked.
func RelationChecked() []string { return without(TenantOwned, NotRelationChecked) }

// Audited returns the collections whose API writes are appended to the
// audit log: the tenants themselves and TenantOwned minus NotAudited.
func Audited() []string {
	return append([]string{Tenants}, without(TenantOwned, NotAudited)...)
}

// without returns names minus the exceptions' collections, in order.
func without(names []string, except []Exception) []string {
	out := make([]string, 0, len(names))
	for _, n := range names {
		if !slices.ContainsFunc(except, func(e Exception) bool { return e.Collection == n }) {
			out = append(out, n)
		}
	}
	return out
}
