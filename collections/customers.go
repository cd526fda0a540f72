package collections

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Customer fields.
const (
	CustomerTenant         = FieldTenant
	CustomerName           = "name"
	CustomerPhone          = "phone"
	CustomerDocument       = "document"
	CustomerDocumentKind   = "document_kind"
	CustomerEmail          = "email"
	CustomerAddress        = "address"
	CustomerNotes          = "notes"
	CustomerMarketingOptIn = "marketing_opt_in"
	CustomerWhatsAppOptOut = "whatsapp_opt_out"
	CustomerWhatsAppLID    = "whatsapp_lid"
	CustomerAsaasID        = "asaas_customer"
	// Marketing consent: when and how the customer last gave or withdrew
	// it (set by Bancada whenever marketing_opt_in changes; see
	// ConsentVia).
	CustomerMarketingChangedAt  = "marketing_changed_at"
	CustomerMarketingChangedVia = "marketing_changed_via"
	CustomerMarketingChangedBy  = "marketing_changed_by"
	// CustomerErasedAt is when the customer's personal data was erased on
	// their request (LGPD); the record stays, anonymised, for the orders
	// and payments the law requires to keep.
	CustomerErasedAt = "erased_at"
)

// Ways a customer gives or withdraws marketing consent.
const (
	// ConsentCounter: staff recorded it in the customer form.
	ConsentCounter = "balcao"
	// ConsentWhatsApp: the customer wrote it on WhatsApp (an opt-out word).
	ConsentWhatsApp = "whatsapp"
	// ConsentTracking: the customer chose it on the order's tracking page.
	ConsentTracking = "rastreamento"
	// ConsentErasure: withdrawn by an erasure request.
	ConsentErasure = "lgpd"
)

// ConsentVias lists every way consent is recorded.
var ConsentVias = []string{ConsentCounter, ConsentWhatsApp, ConsentTracking, ConsentErasure}

// CustomerSystemFields are set only by Bancada; an API request that sends
// them has them put back to their stored values.
var CustomerSystemFields = []string{CustomerMarketingChangedAt, CustomerMarketingChangedVia, CustomerMarketingChangedBy, CustomerErasedAt}

// Document kinds.
const (
	DocumentCPF  = "cpf"
	DocumentCNPJ = "cnpj"
)

func defineCustomers(app core.App, c *core.Collection) error {
	tenantsID, err := idOf(app, Tenants)
	if err != nil {
		return err
	}
	c.Fields.Add(
		tenantField(tenantsID),
		&core.TextField{Name: CustomerName, Required: true, Max: 120, Presentable: true},
		required(CustomerPhone, 20),
		text(CustomerDocument, 14),
		selectOne(CustomerDocumentKind, false, DocumentCPF, DocumentCNPJ),
		&core.EmailField{Name: CustomerEmail},
		text(CustomerAddress, 300),
		text(CustomerNotes, 2000),
		&core.BoolField{Name: CustomerMarketingOptIn},
		&core.BoolField{Name: CustomerWhatsAppOptOut},
		text(CustomerWhatsAppLID, 64),
		text(CustomerAsaasID, 64),
		date(CustomerMarketingChangedAt),
		selectOne(CustomerMarketingChangedVia, false, ConsentVias...),
		text(CustomerMarketingChangedBy, 200),
		date(CustomerErasedAt),
	)
	c.Fields.Add(timestamps()...)
	c.AddIndex("idx_customers_tenant_phone", true, "tenant, phone", "")
	c.AddIndex("idx_customers_tenant_created", false, "tenant, created", "")
	c.AddIndex("idx_customers_tenant_name", false, "tenant, name COLLATE NOCASE", "")
	c.AddIndex("idx_customers_tenant_document", false, "tenant, document", "document != ''")
	c.AddIndex("idx_customers_tenant_lid", false, "tenant, whatsapp_lid", "whatsapp_lid != ''")
	access{
		read: RolesAll, create: RolesAll, update: RolesAll, delete: RolesAdmin,
		updateExtra: []string{`@request.body.asaas_customer:changed = false`},
	}.applyTo(c)
	return nil
}

// Customer is a typed proxy of a customers record: a person or company who
// brings devices to the shop.
type Customer struct{ core.BaseRecordProxy }

// AsCustomer wraps a customers record.
func AsCustomer(r *core.Record) *Customer {
	x := &Customer{}
	x.SetProxyRecord(r)
	return x
}

// NewCustomer returns an unsaved customer of the tenant.
func NewCustomer(app core.App, tenantID string) (*Customer, error) {
	c, err := app.FindCachedCollectionByNameOrId(Customers)
	if err != nil {
		return nil, err
	}
	x := AsCustomer(core.NewRecord(c))
	x.Set(CustomerTenant, tenantID)
	return x, nil
}

// Tenant is the shop's id.
func (c *Customer) Tenant() string { return c.GetString(CustomerTenant) }

// Name is the customer's name.
func (c *Customer) Name() string { return c.GetString(CustomerName) }

// SetName sets the customer's name.
func (c *Customer) SetName(v string) { c.Set(CustomerName, v) }

// Phone is the customer's phone (E.164 digits).
func (c *Customer) Phone() string { return c.GetString(CustomerPhone) }

// SetPhone sets the customer's phone (E.164 digits).
func (c *Customer) SetPhone(v string) { c.Set(CustomerPhone, v) }

// Document is the canonical CPF or CNPJ, or "".
func (c *Customer) Document() string { return c.GetString(CustomerDocument) }

// SetDocument sets the canonical CPF or CNPJ and its kind.
func (c *Customer) SetDocument(doc, kind string) {
	c.Set(CustomerDocument, doc)
	c.Set(CustomerDocumentKind, kind)
}

// Email is the customer's e-mail.
func (c *Customer) Email() string { return c.GetString(CustomerEmail) }

// SetEmail sets the customer's e-mail.
func (c *Customer) SetEmail(v string) { c.Set(CustomerEmail, v) }

// WhatsAppOptOut reports whether the customer asked for no WhatsApp messages.
func (c *Customer) WhatsAppOptOut() bool { return c.GetBool(CustomerWhatsAppOptOut) }

// SetWhatsAppOptOut records the customer's choice.
func (c *Customer) SetWhatsAppOptOut(v bool) { c.Set(CustomerWhatsAppOptOut, v) }

// WhatsAppLID is the customer's WhatsApp privacy id (…@lid), if known.
func (c *Customer) WhatsAppLID() string { return c.GetString(CustomerWhatsAppLID) }

// SetWhatsAppLID records the customer's WhatsApp privacy id.
func (c *Customer) SetWhatsAppLID(v string) { c.Set(CustomerWhatsAppLID, v) }

// MarketingOptIn reports whether the customer accepts marketing messages.
func (c *Customer) MarketingOptIn() bool { return c.GetBool(CustomerMarketingOptIn) }

// Erased reports whether the customer's personal data was erased.
func (c *Customer) Erased() bool { return !c.GetDateTime(CustomerErasedAt).IsZero() }

// AsaasID is the customer's id in the shop's Asaas account.
func (c *Customer) AsaasID() string { return c.GetString(CustomerAsaasID) }

// SetAsaasID records the customer's id in the shop's Asaas account.
func (c *Customer) SetAsaasID(v string) { c.Set(CustomerAsaasID, v) }

// Since is when the customer was registered.
func (c *Customer) Since() time.Time { return c.GetDateTime(FieldCreated).Time() }
