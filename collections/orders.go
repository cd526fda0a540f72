package collections

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Order fields.
const (
	OrderTenant        = FieldTenant
	OrderNumber        = "number"
	OrderCustomer      = "customer"
	OrderDevice        = "device"
	OrderProblem       = "problem"
	OrderDiagnosis     = "diagnosis"
	OrderStatusField   = "status"
	OrderQuoteLines    = "quote_lines"
	OrderQuoteTotal    = "quote_total"
	OrderFinalTotal    = "final_total"
	OrderEstimate      = "estimate"
	OrderPaid          = "paid"
	OrderWarrantyDays  = "warranty_days"
	OrderTechnician    = "technician"
	OrderNotes         = "notes"
	OrderExpectedAt    = "expected_at"
	OrderEnteredAt     = "entered_at"
	OrderQuotedAt      = "quoted_at"
	OrderApprovedAt    = "approved_at"
	OrderRejectedAt    = "rejected_at"
	OrderCompletedAt   = "completed_at"
	OrderDeliveredAt   = "delivered_at"
	OrderCancelledAt   = "cancelled_at"
	OrderTrackingToken = "tracking_token"
	OrderTrackingOff   = "tracking_revoked"
	OrderSource        = "source"
	// OrderStatusNote is write-only: the note of a status change, moved by
	// the orders hook into the order_events row and never stored.
	OrderStatusNote = "status_note"
	// OrderStockTaken says the quote's parts were taken out of stock (on
	// approval); cancelling puts them back.
	OrderStockTaken = "stock_taken"
	// OrderWarrantyOf is the delivered order this one is a warranty return
	// of (set only by the warranty route).
	OrderWarrantyOf = "warranty_of"
)

// OrderSystemFields are set only by Bancada itself (hooks and routes); an
// API request that sends them has them put back to their stored values.
var OrderSystemFields = []string{
	OrderNumber, OrderPaid, OrderEnteredAt, OrderQuotedAt, OrderApprovedAt, OrderRejectedAt,
	OrderCompletedAt, OrderDeliveredAt, OrderCancelledAt, OrderTrackingToken, OrderStockTaken,
	OrderWarrantyOf,
}

// QuoteLine is one line of an order's quote: a part or labour.
type QuoteLine struct {
	Kind        string `json:"kind"`           // "part" or "labor"
	Part        string `json:"part,omitempty"` // parts record id for stock lines
	Description string `json:"description"`
	Quantity    int    `json:"quantity"`
	UnitCents   int64  `json:"unit_cents"`
}

// Quote line kinds.
const (
	LinePart  = "part"
	LineLabor = "labor"
)

// TotalCents is quantity × unit price.
func (l QuoteLine) TotalCents() int64 { return int64(l.Quantity) * l.UnitCents }

func defineOrders(app core.App, c *core.Collection) error {
	tenantsID, err := idOf(app, Tenants)
	if err != nil {
		return err
	}
	customersID, err := idOf(app, Customers)
	if err != nil {
		return err
	}
	devicesID, err := idOf(app, Devices)
	if err != nil {
		return err
	}
	usersID, err := idOf(app, Users)
	if err != nil {
		return err
	}
	c.Fields.Add(
		tenantField(tenantsID),
		&core.NumberField{Name: OrderNumber, OnlyInt: true, Presentable: true},
		&core.RelationField{Name: OrderCustomer, CollectionId: customersID, Required: true, MaxSelect: 1},
		&core.RelationField{Name: OrderDevice, CollectionId: devicesID, Required: true, MaxSelect: 1},
		required(OrderProblem, 2000),
		text(OrderDiagnosis, 4000),
		selectOne(OrderStatusField, true, stringsOf(OrderStatuses)...),
		jsonField(OrderQuoteLines, 64<<10),
		money(OrderQuoteTotal),
		money(OrderFinalTotal),
		money(OrderEstimate),
		money(OrderPaid),
		count(OrderWarrantyDays),
		relationTo(OrderTechnician, usersID),
		text(OrderNotes, 4000),
		date(OrderExpectedAt),
		date(OrderEnteredAt),
		date(OrderQuotedAt),
		date(OrderApprovedAt),
		date(OrderRejectedAt),
		date(OrderCompletedAt),
		date(OrderDeliveredAt),
		date(OrderCancelledAt),
		text(OrderTrackingToken, 64),
		&core.BoolField{Name: OrderTrackingOff},
		selectOne(OrderSource, false, "counter", "whatsapp", "api"),
		text(OrderStatusNote, 1000),
		&core.BoolField{Name: OrderStockTaken},
	)
	c.Fields.Add(timestamps()...)
	c.AddIndex("idx_orders_tenant_number", true, "tenant, number", "")
	c.AddIndex("idx_orders_tenant_created", false, "tenant, created", "")
	c.AddIndex("idx_orders_tenant_status", false, "tenant, status, created", "")
	c.AddIndex("idx_orders_tenant_customer", false, "tenant, customer", "")
	c.AddIndex("idx_orders_tenant_technician", false, "tenant, technician", "technician != ''")
	c.AddIndex("idx_orders_tracking_token", true, "tracking_token", "tracking_token != ''")
	if c.Fields.GetByName(OrderWarrantyOf) != nil {
		lateOrders(c) // an existing data dir: keep the field and its index in place
	}
	access{
		read: RolesAll, create: RolesAll, update: RolesAll, delete: RolesAdmin,
		relations: []relation{{field: OrderCustomer}, {field: OrderDevice}, {field: OrderTechnician, users: true}},
		// the device must belong to the order's customer
		createExtra: []string{`device.customer = customer`},
		updateExtra: []string{`(@request.body.device:isset = false || @request.body.device.customer = customer || @request.body.device.customer = @request.body.customer)`},
	}.applyTo(c)
	return nil
}

// lateOrders adds the relation of orders to themselves, once the
// collection exists.
func lateOrders(c *core.Collection) {
	c.Fields.Add(relationTo(OrderWarrantyOf, c.Id))
	c.AddIndex("idx_orders_tenant_warranty_of", false, "tenant, warranty_of", "warranty_of != ''")
}

// Order is a typed proxy of an orders record: a service order ("OS").
type Order struct{ core.BaseRecordProxy }

// AsOrder wraps an orders record.
func AsOrder(r *core.Record) *Order {
	o := &Order{}
	o.SetProxyRecord(r)
	return o
}

// NewOrder returns an unsaved order; the orders hook numbers it, stamps
// it and sets its tracking token when it is saved.
func NewOrder(app core.App, tenantID, customerID, deviceID string) (*Order, error) {
	c, err := app.FindCachedCollectionByNameOrId(Orders)
	if err != nil {
		return nil, err
	}
	o := AsOrder(core.NewRecord(c))
	o.Set(OrderTenant, tenantID)
	o.Set(OrderCustomer, customerID)
	o.Set(OrderDevice, deviceID)
	o.SetStatus(StatusReceived)
	return o, nil
}

// Tenant is the shop's id.
func (o *Order) Tenant() string { return o.GetString(OrderTenant) }

// Number is the order's number, sequential per tenant.
func (o *Order) Number() int { return o.GetInt(OrderNumber) }

// Customer is the customer's id.
func (o *Order) Customer() string { return o.GetString(OrderCustomer) }

// Device is the device's id.
func (o *Order) Device() string { return o.GetString(OrderDevice) }

// Problem is what the customer reported.
func (o *Order) Problem() string { return o.GetString(OrderProblem) }

// SetProblem sets what the customer reported.
func (o *Order) SetProblem(v string) { o.Set(OrderProblem, v) }

// Diagnosis is what the technician found.
func (o *Order) Diagnosis() string { return o.GetString(OrderDiagnosis) }

// SetDiagnosis sets what the technician found.
func (o *Order) SetDiagnosis(v string) { o.Set(OrderDiagnosis, v) }

// Status is the order's state.
func (o *Order) Status() OrderStatus { return OrderStatus(o.GetString(OrderStatusField)) }

// SetStatus requests a status change; the orders hook validates it.
func (o *Order) SetStatus(s OrderStatus) { o.Set(OrderStatusField, string(s)) }

// QuoteLines returns the quote's lines.
func (o *Order) QuoteLines() []QuoteLine {
	var lines []QuoteLine
	_ = o.UnmarshalJSONField(OrderQuoteLines, &lines)
	return lines
}

// SetQuoteLines sets the quote's lines; the hook recomputes the total.
func (o *Order) SetQuoteLines(lines []QuoteLine) { o.Set(OrderQuoteLines, lines) }

// QuoteTotal is the sum of the quote lines, in centavos.
func (o *Order) QuoteTotal() int64 { return int64(o.GetInt(OrderQuoteTotal)) }

// FinalTotal is what the customer owes at the end, in centavos (0 = the quote total).
func (o *Order) FinalTotal() int64 { return int64(o.GetInt(OrderFinalTotal)) }

// SetFinalTotal sets the final amount in centavos.
func (o *Order) SetFinalTotal(v int64) { o.Set(OrderFinalTotal, v) }

// Estimate is the counter estimate from the price rules, in centavos.
func (o *Order) Estimate() int64 { return int64(o.GetInt(OrderEstimate)) }

// SetEstimate sets the counter estimate in centavos.
func (o *Order) SetEstimate(v int64) { o.Set(OrderEstimate, v) }

// Total is what the order costs the customer: the final total if set,
// else the quote total.
func (o *Order) Total() int64 {
	if f := o.FinalTotal(); f > 0 {
		return f
	}
	return o.QuoteTotal()
}

// Paid is how much has been paid, in centavos (kept by the payments hook).
func (o *Order) Paid() int64 { return int64(o.GetInt(OrderPaid)) }

// SetPaid sets the paid amount (payments hook only).
func (o *Order) SetPaid(v int64) { o.Set(OrderPaid, v) }

// Balance is what the customer still owes (never negative).
func (o *Order) Balance() int64 { return max(o.Total()-o.Paid(), 0) }

// WarrantyDays is the repair's warranty.
func (o *Order) WarrantyDays() int { return o.GetInt(OrderWarrantyDays) }

// SetWarrantyDays sets the repair's warranty.
func (o *Order) SetWarrantyDays(v int) { o.Set(OrderWarrantyDays, v) }

// Technician is the id of the technician in charge, or "".
func (o *Order) Technician() string { return o.GetString(OrderTechnician) }

// SetTechnician assigns a technician.
func (o *Order) SetTechnician(v string) { o.Set(OrderTechnician, v) }

// TrackingToken is the unguessable token of the public tracking page.
func (o *Order) TrackingToken() string { return o.GetString(OrderTrackingToken) }

// SetTrackingToken sets the tracking token.
func (o *Order) SetTrackingToken(v string) { o.Set(OrderTrackingToken, v) }

// TrackingRevoked reports whether staff turned the tracking page off.
func (o *Order) TrackingRevoked() bool { return o.GetBool(OrderTrackingOff) }

// ExpectedAt is the promised date, if any.
func (o *Order) ExpectedAt() time.Time { return o.GetDateTime(OrderExpectedAt).Time() }

// EnteredAt is when the order was opened.
func (o *Order) EnteredAt() time.Time { return o.GetDateTime(OrderEnteredAt).Time() }

// DeliveredAt is when the device went back to the customer.
func (o *Order) DeliveredAt() time.Time { return o.GetDateTime(OrderDeliveredAt).Time() }

// WarrantyUntil is the last day of warranty, zero until delivered.
func (o *Order) WarrantyUntil() time.Time {
	d := o.DeliveredAt()
	if d.IsZero() {
		return time.Time{}
	}
	return d.AddDate(0, 0, o.WarrantyDays())
}

// WarrantyOf is the id of the order this one is a warranty return of, or "".
func (o *Order) WarrantyOf() string { return o.GetString(OrderWarrantyOf) }

// DateFor is the field set when the order reaches status s ("" if none).
func DateFor(s OrderStatus) string { return dateFieldFor(s) }
