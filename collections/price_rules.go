package collections

import (
	"github.com/pocketbase/pocketbase/core"
)

// Price rule fields.
const (
	PriceRuleTenant        = FieldTenant
	PriceRuleDeviceType    = "device_type"
	PriceRuleBrand         = "brand"
	PriceRuleService       = "service"
	PriceRuleModelContains = "model_contains"
	PriceRulePriceCents    = "price_cents"
	PriceRuleNotes         = "notes"
)

func definePriceRules(app core.App, c *core.Collection) error {
	tenantsID, err := idOf(app, Tenants)
	if err != nil {
		return err
	}
	c.Fields.Add(
		tenantField(tenantsID),
		selectOne(PriceRuleDeviceType, true, stringsOf(DeviceKinds)...),
		text(PriceRuleBrand, 60),         // "" = default for the type
		text(PriceRuleService, 40),       // "" = any service (see pricing.Services)
		text(PriceRuleModelContains, 60), // "" = any model
		&core.NumberField{Name: PriceRulePriceCents, OnlyInt: true, Min: ptr(1.0), Required: true},
		text(PriceRuleNotes, 300),
	)
	c.Fields.Add(timestamps()...)
	c.AddIndex("idx_price_rules_unique", true, "tenant, device_type, brand COLLATE NOCASE, service, model_contains COLLATE NOCASE", "")
	access{read: RolesAll, create: RolesAdmin, update: RolesAdmin, delete: RolesAdmin}.applyTo(c)
	return nil
}

// PriceRule is a typed proxy of a price_rules record.
type PriceRule struct{ core.BaseRecordProxy }

// AsPriceRule wraps a price_rules record.
func AsPriceRule(r *core.Record) *PriceRule {
	p := &PriceRule{}
	p.SetProxyRecord(r)
	return p
}

// DeviceType is the device type the rule prices.
func (p *PriceRule) DeviceType() DeviceKind { return DeviceKind(p.GetString(PriceRuleDeviceType)) }

// Brand is the brand ("" = the type's default).
func (p *PriceRule) Brand() string { return p.GetString(PriceRuleBrand) }

// Service is the service key ("" = any).
func (p *PriceRule) Service() string { return p.GetString(PriceRuleService) }

// ModelContains narrows the rule to models containing this text.
func (p *PriceRule) ModelContains() string { return p.GetString(PriceRuleModelContains) }

// PriceCents is the price.
func (p *PriceRule) PriceCents() int64 { return int64(p.GetInt(PriceRulePriceCents)) }
