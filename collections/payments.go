package collections

import (
	"github.com/pocketbase/pocketbase/core"
)

// Payment fields.
const (
	PaymentTenant     = FieldTenant
	PaymentOrder      = "order"
	PaymentCustomer   = "customer"
	PaymentMethod     = "method"
	PaymentProvider   = "provider"
	PaymentProviderID = "provider_id"
	PaymentStatus     = "status"
	PaymentAmount     = "amount"
	PaymentPaidAmount = "paid_amount"
	// PaymentDueDate is a calendar date, not an instant: it is stored as
	// midnight UTC of that day, and read by its date part (AAAA-MM-DD),
	// never converted to a time zone.
	PaymentDueDate     = "due_date"
	PaymentPaidAt      = "paid_at"
	PaymentInvoiceURL  = "invoice_url"
	PaymentPixPayload  = "pix_payload"
	PaymentDescription = "description"
	PaymentCreatedBy   = "created_by"
	PaymentLastEvent   = "last_event"
	// PaymentSale is the counter sale the payment pays, if any.
	PaymentSale = "sale"
	// PaymentInstallments is the number of card installments (1 = à vista).
	PaymentInstallments = "installments"
	// PaymentFee is the card or Pix fee the shop pays on this payment, in
	// centavos, from the owner's percentages when it was recorded
	// (Bancada sets it; the net amount is paid_amount − fee).
	PaymentFee = "fee"
	// PaymentRefundedAmount is the sum of the payment's refunds, in centavos
	// (Bancada sets it from the refunds collection).
	PaymentRefundedAmount = "refunded"
)

// PaymentSystemFields are set by Bancada only; clients' values are
// ignored.
var PaymentSystemFields = []string{PaymentFee, PaymentRefundedAmount}

// Payment methods.
const (
	MethodPix         = "pix"
	MethodBoleto      = "boleto"
	MethodCreditCard  = "credit_card"
	MethodUndefined   = "undefined" // the customer chooses on Asaas's page
	MethodCash        = "cash"
	MethodCardMachine = "card_machine"
	MethodTransfer    = "transfer"
	MethodDebitCard   = "debit_card"
)

// MaxInstallments is the most card installments a payment may have.
const MaxInstallments = 12

// Payment providers.
const (
	ProviderManual = "manual"
	ProviderAsaas  = "asaas"
)

// PaymentStatusValue is the state of a payment.
type PaymentStatusValue string

// Payment states.
const (
	PaymentPending   PaymentStatusValue = "pending"
	PaymentPaid      PaymentStatusValue = "paid"
	PaymentOverdue   PaymentStatusValue = "overdue"
	PaymentRefunded  PaymentStatusValue = "refunded"
	PaymentCancelled PaymentStatusValue = "cancelled"
	PaymentDisputed  PaymentStatusValue = "disputed"
	PaymentFailed    PaymentStatusValue = "failed"
)

// PaymentStatuses lists every payment state.
var PaymentStatuses = []PaymentStatusValue{PaymentPending, PaymentPaid, PaymentOverdue, PaymentRefunded, PaymentCancelled, PaymentDisputed, PaymentFailed}

func definePayments(app core.App, c *core.Collection) error {
	tenantsID, err := idOf(app, Tenants)
	if err != nil {
		return err
	}
	ordersID, err := idOf(app, Orders)
	if err != nil {
		return err
	}
	customersID, err := idOf(app, Customers)
	if err != nil {
		return err
	}
	usersID, err := idOf(app, Users)
	if err != nil {
		return err
	}
	salesID, err := idOf(app, Sales)
	if err != nil {
		return err
	}
	c.Fields.Add(
		tenantField(tenantsID),
		relationTo(PaymentOrder, ordersID),
		relationTo(PaymentCustomer, customersID),
		selectOne(PaymentMethod, true, MethodPix, MethodBoleto, MethodCreditCard, MethodUndefined, MethodCash, MethodCardMachine, MethodTransfer, MethodDebitCard),
		selectOne(PaymentProvider, true, ProviderManual, ProviderAsaas),
		text(PaymentProviderID, 64),
		selectOne(PaymentStatus, true, stringsOf(PaymentStatuses)...),
		&core.NumberField{Name: PaymentAmount, OnlyInt: true, Min: ptr(1.0), Required: true},
		money(PaymentPaidAmount),
		date(PaymentDueDate),
		date(PaymentPaidAt),
		&core.URLField{Name: PaymentInvoiceURL},
		text(PaymentPixPayload, 1000),
		text(PaymentDescription, 500),
		relationTo(PaymentCreatedBy, usersID),
		text(PaymentLastEvent, 60),
		relationTo(PaymentSale, salesID),
		&core.NumberField{Name: PaymentInstallments, OnlyInt: true, Min: ptr(0.0), Max: ptr(float64(MaxInstallments))},
		money(PaymentFee),
		money(PaymentRefundedAmount),
	)
	c.Fields.Add(timestamps()...)
	c.AddIndex("idx_payments_tenant_order", false, "tenant, [[order]]", "")
	c.AddIndex("idx_payments_tenant_created", false, "tenant, created", "")
	c.AddIndex("idx_payments_provider_id", true, "provider, provider_id", "provider_id != ''")
	// Technicians never see money. Staff record cash and card-machine
	// payments by hand; Asaas payments are created by the charges route and
	// moved by Asaas webhooks only.
	manual := `provider = "manual"`
	access{
		read: RolesMoney, create: RolesMoney, update: RolesMoney, delete: RolesAdmin,
		relations:   []relation{{field: PaymentOrder}, {field: PaymentCustomer}, {field: PaymentCreatedBy, users: true}, {field: PaymentSale}},
		createExtra: []string{manual},
		updateExtra: []string{manual, `@request.body.provider:changed = false`, `@request.body.provider_id:changed = false`},
	}.applyTo(c)
	return nil
}

// Payment is a typed proxy of a payments record: money received or
// expected for an order.
type Payment struct{ core.BaseRecordProxy }

// AsPayment wraps a payments record.
func AsPayment(r *core.Record) *Payment {
	p := &Payment{}
	p.SetProxyRecord(r)
	return p
}

// Order is the order's id, or "".
func (p *Payment) Order() string { return p.GetString(PaymentOrder) }

// Status is the payment's state.
func (p *Payment) Status() PaymentStatusValue { return PaymentStatusValue(p.GetString(PaymentStatus)) }

// SetStatus sets the payment's state.
func (p *Payment) SetStatus(v PaymentStatusValue) { p.Set(PaymentStatus, string(v)) }

// Amount is the charged amount in centavos.
func (p *Payment) Amount() int64 { return int64(p.GetInt(PaymentAmount)) }

// Provider is "manual" or "asaas".
func (p *Payment) Provider() string { return p.GetString(PaymentProvider) }
