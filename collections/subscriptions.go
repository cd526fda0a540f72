package collections

import (
	"github.com/pocketbase/pocketbase/core"
)

// Subscription fields.
const (
	SubscriptionTenant          = FieldTenant
	SubscriptionPlan            = "plan"
	SubscriptionStatusField     = "status"
	SubscriptionValueCents      = "value_cents"
	SubscriptionNextDueDate     = "next_due_date"
	SubscriptionOverdueSince    = "overdue_since"
	SubscriptionAsaasCustomer   = "asaas_customer"
	SubscriptionAsaasID         = "asaas_subscription"
	SubscriptionPaymentLink     = "payment_link"
	SubscriptionCancelAtEnd     = "cancel_at_period_end"
	SubscriptionLastCheckedAt   = "last_checked_at"
	SubscriptionLastNotifiedAt  = "last_notified_at"
	SubscriptionDeactivatedAt   = "deactivated_at"
	SubscriptionCancelledAt     = "cancelled_at"
	SubscriptionPendingAsaasOps = "pending_sync"
)

// SubscriptionStatus is the billing state of a shop.
type SubscriptionStatus string

// Subscription states.
const (
	SubscriptionPending   SubscriptionStatus = "pending"   // not yet created at Asaas
	SubscriptionActive    SubscriptionStatus = "active"    // paid up
	SubscriptionOverdue   SubscriptionStatus = "overdue"   // a payment is late, within grace
	SubscriptionSuspended SubscriptionStatus = "suspended" // late beyond grace: tenant deactivated
	SubscriptionCancelled SubscriptionStatus = "cancelled" // ended
)

var subscriptionStates = []SubscriptionStatus{SubscriptionPending, SubscriptionActive, SubscriptionOverdue, SubscriptionSuspended, SubscriptionCancelled}

func defineSubscriptions(app core.App, c *core.Collection) error {
	tenantsID, err := idOf(app, Tenants)
	if err != nil {
		return err
	}
	plansID, err := idOf(app, Plans)
	if err != nil {
		return err
	}
	c.Fields.Add(
		tenantField(tenantsID),
		relationTo(SubscriptionPlan, plansID),
		selectOne(SubscriptionStatusField, true, stringsOf(subscriptionStates)...),
		money(SubscriptionValueCents),
		date(SubscriptionNextDueDate),
		date(SubscriptionOverdueSince),
		text(SubscriptionAsaasCustomer, 64),
		text(SubscriptionAsaasID, 64),
		text(SubscriptionPaymentLink, 500),
		&core.BoolField{Name: SubscriptionCancelAtEnd},
		date(SubscriptionLastCheckedAt),
		date(SubscriptionLastNotifiedAt),
		date(SubscriptionDeactivatedAt),
		date(SubscriptionCancelledAt),
	)
	c.Fields.Add(timestamps()...)
	c.AddIndex("idx_subscriptions_tenant", true, "tenant", "")
	c.AddIndex("idx_subscriptions_asaas", false, "asaas_subscription", "")
	c.AddIndex("idx_subscriptions_status_due", false, "status, next_due_date", "")
	// The owner sees the shop's subscription even while deactivated (to
	// learn how to pay); changes go through the billing routes.
	owner := `@request.auth.collectionName = "users" && tenant.memberships_via_tenant.user ?= @request.auth.id && tenant.memberships_via_tenant.role ?= "owner"`
	c.ListRule, c.ViewRule = &owner, &owner
	c.CreateRule, c.UpdateRule, c.DeleteRule = nil, nil, nil
	return nil
}

// Subscription is a typed proxy of a subscriptions record: the platform's
// monthly billing of one shop.
type Subscription struct{ core.BaseRecordProxy }

// AsSubscription wraps a subscriptions record.
func AsSubscription(r *core.Record) *Subscription {
	s := &Subscription{}
	s.SetProxyRecord(r)
	return s
}

// Tenant is the shop's id.
func (s *Subscription) Tenant() string { return s.GetString(SubscriptionTenant) }

// Status is the billing state.
func (s *Subscription) Status() SubscriptionStatus {
	return SubscriptionStatus(s.GetString(SubscriptionStatusField))
}

// SetStatus sets the billing state.
func (s *Subscription) SetStatus(v SubscriptionStatus) { s.Set(SubscriptionStatusField, string(v)) }
