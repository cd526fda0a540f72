package collections

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Tenant fields.
const (
	TenantName           = "name"
	TenantCNPJ           = "cnpj"
	TenantEmail          = "email"
	TenantPhone          = "phone"
	TenantAddress        = "address"
	TenantLogo           = "logo"
	TenantActive         = "active"
	TenantPlan           = "plan"
	TenantTimezone       = "timezone"
	TenantSettingsField  = "settings"
	TenantInactiveReason = "inactive_reason"
	TenantWhatsAppStatus = "whatsapp_status"
	TenantWhatsAppNumber = "whatsapp_number"
	TenantAsaasStatus    = "asaas_status"
	TenantGoogleStatus   = "google_status"
	TenantGoogleCalendar = "google_calendar"
	// TenantCustomDomain is the shop's own domain (e.g. os.minhaloja.com.br)
	// pointed at Bancada; set by operators, served with an on-demand
	// certificate.
	TenantCustomDomain = "custom_domain"
)

// DefaultTimezone is the zone a tenant gets unless it says otherwise.
const DefaultTimezone = "America/Sao_Paulo"

// IntegrationStatus is the state an integration reports for one tenant.
type IntegrationStatus string

// Integration states.
const (
	IntegrationOff          IntegrationStatus = "off"          // not configured
	IntegrationDisconnected IntegrationStatus = "disconnected" // configured, not connected
	IntegrationWaitingQR    IntegrationStatus = "waiting_qr"   // WhatsApp: scan the QR code
	IntegrationConnected    IntegrationStatus = "connected"    // working
	IntegrationFailing      IntegrationStatus = "failing"      // configured but erroring
	IntegrationReconnect    IntegrationStatus = "reconnect"    // grant revoked: the owner must reconnect
)

var integrationStates = []IntegrationStatus{IntegrationOff, IntegrationDisconnected, IntegrationWaitingQR, IntegrationConnected, IntegrationFailing, IntegrationReconnect}

// tenantProtected are tenant fields that only the system changes.
var tenantProtected = []string{
	TenantActive, TenantPlan, TenantInactiveReason, TenantCNPJ,
	TenantWhatsAppStatus, TenantWhatsAppNumber, TenantAsaasStatus, TenantGoogleStatus, TenantCustomDomain,
}

func defineTenants(app core.App, c *core.Collection) error {
	plansID, err := idOf(app, Plans)
	if err != nil {
		return err
	}
	c.Fields.Add(
		&core.TextField{Name: TenantName, Required: true, Max: 120, Presentable: true},
		required(TenantCNPJ, 14),
		&core.EmailField{Name: TenantEmail, Required: true},
		required(TenantPhone, 20),
		text(TenantAddress, 300),
		&core.FileField{Name: TenantLogo, MaxSelect: 1, MaxSize: 2 << 20,
			MimeTypes: []string{"image/png", "image/jpeg", "image/webp", "image/svg+xml"}, Thumbs: []string{"200x200"}},
		&core.BoolField{Name: TenantActive},
		relationTo(TenantPlan, plansID),
		text(TenantTimezone, 64),
		jsonField(TenantSettingsField, 256<<10),
		text(TenantInactiveReason, 300),
		selectOne(TenantWhatsAppStatus, false, stringsOf(integrationStates)...),
		text(TenantWhatsAppNumber, 20),
		selectOne(TenantAsaasStatus, false, stringsOf(integrationStates)...),
		selectOne(TenantGoogleStatus, false, stringsOf(integrationStates)...),
		text(TenantGoogleCalendar, 300),
		text(TenantCustomDomain, 253),
	)
	c.Fields.Add(timestamps()...)
	c.AddIndex("idx_tenants_cnpj", true, "cnpj", "")
	c.AddIndex("idx_tenants_custom_domain", true, "custom_domain COLLATE NOCASE", "custom_domain != ''")

	member := `@request.auth.collectionName = "users" && memberships_via_tenant.user ?= @request.auth.id`
	owner := member + ` && memberships_via_tenant.role ?= "owner"`
	update := owner + ` && active = true`
	for _, f := range tenantProtected {
		update += ` && @request.body.` + f + `:changed = false`
	}
	// Staff see their tenant even while it is deactivated (to be told why).
	c.ListRule = types.Pointer(member)
	c.ViewRule = types.Pointer(member)
	c.CreateRule = nil // signup route only
	c.UpdateRule = types.Pointer(update)
	c.DeleteRule = nil
	return nil
}

// Tenant is a typed proxy of a tenants record: one repair shop.
type Tenant struct{ core.BaseRecordProxy }

// AsTenant wraps a tenants record.
func AsTenant(r *core.Record) *Tenant {
	t := &Tenant{}
	t.SetProxyRecord(r)
	return t
}

// NewTenant returns an unsaved tenant record.
func NewTenant(app core.App) (*Tenant, error) {
	c, err := app.FindCachedCollectionByNameOrId(Tenants)
	if err != nil {
		return nil, err
	}
	t := AsTenant(core.NewRecord(c))
	t.SetActive(true)
	t.SetTimezone(DefaultTimezone)
	t.Set(TenantWhatsAppStatus, string(IntegrationOff))
	t.Set(TenantAsaasStatus, string(IntegrationOff))
	t.Set(TenantGoogleStatus, string(IntegrationOff))
	return t, nil
}

// Name is the shop's name.
func (t *Tenant) Name() string { return t.GetString(TenantName) }

// SetName sets the shop's name.
func (t *Tenant) SetName(v string) { t.Set(TenantName, v) }

// CNPJ is the canonical 14-character CNPJ.
func (t *Tenant) CNPJ() string { return t.GetString(TenantCNPJ) }

// SetCNPJ sets the canonical CNPJ.
func (t *Tenant) SetCNPJ(v string) { t.Set(TenantCNPJ, v) }

// Email is the shop's contact e-mail.
func (t *Tenant) Email() string { return t.GetString(TenantEmail) }

// SetEmail sets the shop's contact e-mail.
func (t *Tenant) SetEmail(v string) { t.Set(TenantEmail, v) }

// Phone is the shop's phone in E.164 digits.
func (t *Tenant) Phone() string { return t.GetString(TenantPhone) }

// SetPhone sets the shop's phone (E.164 digits).
func (t *Tenant) SetPhone(v string) { t.Set(TenantPhone, v) }

// Address is the shop's postal address, one line.
func (t *Tenant) Address() string { return t.GetString(TenantAddress) }

// SetAddress sets the shop's address.
func (t *Tenant) SetAddress(v string) { t.Set(TenantAddress, v) }

// Active reports whether the tenant may use the system.
func (t *Tenant) Active() bool { return t.GetBool(TenantActive) }

// SetActive activates or deactivates the tenant (nothing is deleted).
func (t *Tenant) SetActive(v bool) { t.Set(TenantActive, v) }

// InactiveReason says why the tenant was deactivated (shown to its staff).
func (t *Tenant) InactiveReason() string { return t.GetString(TenantInactiveReason) }

// SetInactiveReason sets the deactivation reason.
func (t *Tenant) SetInactiveReason(v string) { t.Set(TenantInactiveReason, v) }

// Plan is the id of the tenant's plan.
func (t *Tenant) Plan() string { return t.GetString(TenantPlan) }

// SetPlan sets the plan id.
func (t *Tenant) SetPlan(v string) { t.Set(TenantPlan, v) }

// Timezone is the IANA zone the shop lives in.
func (t *Tenant) Timezone() string {
	if z := t.GetString(TenantTimezone); z != "" {
		return z
	}
	return DefaultTimezone
}

// SetTimezone sets the IANA zone.
func (t *Tenant) SetTimezone(v string) { t.Set(TenantTimezone, v) }

// WhatsAppStatus is the state of the shop's WhatsApp connection.
func (t *Tenant) WhatsAppStatus() IntegrationStatus {
	return IntegrationStatus(t.GetString(TenantWhatsAppStatus))
}

// SetWhatsAppStatus sets the WhatsApp connection state.
func (t *Tenant) SetWhatsAppStatus(v IntegrationStatus) { t.Set(TenantWhatsAppStatus, string(v)) }

// WhatsAppNumber is the connected WhatsApp number (E.164 digits).
func (t *Tenant) WhatsAppNumber() string { return t.GetString(TenantWhatsAppNumber) }

// SetWhatsAppNumber sets the connected WhatsApp number.
func (t *Tenant) SetWhatsAppNumber(v string) { t.Set(TenantWhatsAppNumber, v) }

// AsaasStatus is the state of the shop's own Asaas account connection.
func (t *Tenant) AsaasStatus() IntegrationStatus {
	return IntegrationStatus(t.GetString(TenantAsaasStatus))
}

// SetAsaasStatus sets the Asaas connection state.
func (t *Tenant) SetAsaasStatus(v IntegrationStatus) { t.Set(TenantAsaasStatus, string(v)) }

// GoogleStatus is the state of the shop's Google Calendar connection.
func (t *Tenant) GoogleStatus() IntegrationStatus {
	return IntegrationStatus(t.GetString(TenantGoogleStatus))
}

// SetGoogleStatus sets the Google Calendar connection state.
func (t *Tenant) SetGoogleStatus(v IntegrationStatus) { t.Set(TenantGoogleStatus, string(v)) }

// GoogleCalendar is the id of the calendar appointments sync with.
func (t *Tenant) GoogleCalendar() string { return t.GetString(TenantGoogleCalendar) }

// SetGoogleCalendar sets the calendar id.
func (t *Tenant) SetGoogleCalendar(v string) { t.Set(TenantGoogleCalendar, v) }

// Settings returns the tenant's settings with defaults filled in.
func (t *Tenant) Settings() TenantSettings {
	var s TenantSettings
	_ = t.UnmarshalJSONField(TenantSettingsField, &s)
	return s.WithDefaults()
}

// SetSettings stores the tenant's settings.
func (t *Tenant) SetSettings(s TenantSettings) { t.Set(TenantSettingsField, s) }
