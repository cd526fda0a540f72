package collections

import (
	"github.com/pocketbase/pocketbase/core"
)

// Part fields.
const (
	PartTenant     = FieldTenant
	PartName       = "name"
	PartSKU        = "sku"
	PartModels     = "compatible_models"
	PartCostCents  = "cost_cents"
	PartPriceCents = "price_cents"
	PartQuantity   = "quantity"
	PartMinimum    = "minimum"
	PartLocation   = "location"
)

func defineParts(app core.App, c *core.Collection) error {
	tenantsID, err := idOf(app, Tenants)
	if err != nil {
		return err
	}
	c.Fields.Add(
		tenantField(tenantsID),
		&core.TextField{Name: PartName, Required: true, Max: 200, Presentable: true},
		text(PartSKU, 60),
		text(PartModels, 1000),
		money(PartCostCents),
		money(PartPriceCents),
		&core.NumberField{Name: PartQuantity, OnlyInt: true},
		count(PartMinimum),
		text(PartLocation, 60),
	)
	c.Fields.Add(timestamps()...)
	c.AddIndex("idx_parts_tenant_name", false, "tenant, name COLLATE NOCASE", "")
	c.AddIndex("idx_parts_tenant_sku", true, "tenant, sku", "sku != ''")
	access{read: RolesAll, create: RolesStock, update: RolesStock, delete: RolesAdmin}.applyTo(c)
	return nil
}

// Part is a typed proxy of a parts record: an item in stock.
type Part struct{ core.BaseRecordProxy }

// AsPart wraps a parts record.
func AsPart(r *core.Record) *Part {
	p := &Part{}
	p.SetProxyRecord(r)
	return p
}

// Name is the part's name.
func (p *Part) Name() string { return p.GetString(PartName) }

// Models lists compatible models, free text.
func (p *Part) Models() string { return p.GetString(PartModels) }

// PriceCents is the sale price.
func (p *Part) PriceCents() int64 { return int64(p.GetInt(PartPriceCents)) }

// Quantity is how many are in stock.
func (p *Part) Quantity() int { return p.GetInt(PartQuantity) }

// Minimum is the low-stock threshold.
func (p *Part) Minimum() int { return p.GetInt(PartMinimum) }

// Low reports whether stock is at or below the minimum.
func (p *Part) Low() bool { return p.Quantity() <= p.Minimum() }
