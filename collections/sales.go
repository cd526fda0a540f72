package collections

import (
	"github.com/pocketbase/pocketbase/core"
)

// Sales are counter sales (vendas de balcão): products from stock (the
// parts collection) sold without a service order. The sale route takes
// the stock, records the payments and writes the stock movements in one
// transaction. The API only reads.
const Sales = "sales"

// Sale fields.
const (
	SaleTenant   = FieldTenant
	SaleNumber   = "number"
	SaleCustomer = "customer"
	// SaleLines is the JSON list of SaleLine.
	SaleLines     = "lines"
	SaleSubtotal  = "subtotal"
	SaleDiscount  = "discount"
	SaleTotal     = "total"
	SaleNote      = "note"
	SaleCreatedBy = "created_by"
)

// SequenceSales names the sale-number counter.
const SequenceSales = "sales"

// MaxSaleLines is the most items one sale may have.
const MaxSaleLines = 50

// SaleLine is one item of a sale, with the name and price it was sold at.
type SaleLine struct {
	Part      string `json:"part"`
	Name      string `json:"name"`
	Quantity  int    `json:"quantity"`
	UnitPrice int64  `json:"unit_price"`
	Total     int64  `json:"total"`
}

func defineSales(app core.App, c *core.Collection) error {
	ids := map[string]string{}
	for _, name := range []string{Tenants, Customers, Users} {
		id, err := idOf(app, name)
		if err != nil {
			return err
		}
		ids[name] = id
	}
	c.Fields.Add(
		tenantField(ids[Tenants]),
		&core.NumberField{Name: SaleNumber, OnlyInt: true, Min: ptr(1.0)},
		relationTo(SaleCustomer, ids[Customers]),
		jsonField(SaleLines, 20000),
		money(SaleSubtotal),
		money(SaleDiscount),
		money(SaleTotal),
		text(SaleNote, 500),
		relationTo(SaleCreatedBy, ids[Users]),
	)
	c.Fields.Add(timestamps()...)
	c.AddIndex("idx_sales_tenant_number", true, "tenant, number", "")
	c.AddIndex("idx_sales_tenant_created", false, "tenant, created", "")
	access{read: RolesMoney}.applyTo(c)
	return nil
}
