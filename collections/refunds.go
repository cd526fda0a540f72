package collections

import (
	"github.com/pocketbase/pocketbase/core"
)

// Refunds is money given back to a customer against one payment (estorno,
// devolução). The payment's refunded amount is the sum of its refunds, so
// the order's balance stays right; the refund route writes both in one
// transaction, with an audit line. The API only reads.
const Refunds = "refunds"

// Refund fields.
const (
	RefundTenant  = FieldTenant
	RefundPayment = "payment"
	RefundOrder   = "order"
	RefundSale    = "sale"
	// RefundMethod is the payment's method: a cash refund leaves the till.
	RefundMethod    = "method"
	RefundAmount    = "amount"
	RefundReason    = "reason"
	RefundCreatedBy = "created_by"
	// RefundedAt is when the money went back (Bancada's clock): the till
	// open at that moment counts it.
	RefundedAt = "refunded_at"
)

func defineRefunds(app core.App, c *core.Collection) error {
	ids := map[string]string{}
	for _, name := range []string{Tenants, Payments, Orders, Sales, Users} {
		id, err := idOf(app, name)
		if err != nil {
			return err
		}
		ids[name] = id
	}
	c.Fields.Add(
		tenantField(ids[Tenants]),
		// Not required: a payment deleted later (owners and managers delete
		// payments recorded by mistake) leaves its refunds as history.
		relationTo(RefundPayment, ids[Payments]),
		relationTo(RefundOrder, ids[Orders]),
		relationTo(RefundSale, ids[Sales]),
		text(RefundMethod, 20),
		&core.NumberField{Name: RefundAmount, OnlyInt: true, Min: ptr(1.0), Required: true},
		required(RefundReason, 500),
		relationTo(RefundCreatedBy, ids[Users]),
		&core.DateField{Name: RefundedAt, Required: true},
	)
	c.Fields.Add(timestamps()...)
	c.AddIndex("idx_refunds_tenant_refunded", false, "tenant, refunded_at", "")
	c.AddIndex("idx_refunds_payment", false, "payment", "")
	access{read: RolesMoney}.applyTo(c)
	return nil
}
