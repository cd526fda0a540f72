package collections

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Plan fields.
const (
	PlanName           = "name"
	PlanPriceCents     = "price_cents"
	PlanMaxStaff       = "max_staff"
	PlanMaxOrdersMonth = "max_orders_month"
	PlanActive         = "active"
	PlanDescription    = "description"
)

func definePlans(app core.App, c *core.Collection) error {
	c.Fields.Add(
		&core.TextField{Name: PlanName, Required: true, Max: 80, Presentable: true},
		text(PlanDescription, 500),
		money(PlanPriceCents),
		count(PlanMaxStaff),       // 0 = unlimited
		count(PlanMaxOrdersMonth), // 0 = unlimited
		&core.BoolField{Name: PlanActive},
	)
	c.Fields.Add(timestamps()...)
	c.AddIndex("idx_plans_name", true, "name", "")
	// Anyone may read active plans (the signup page lists them); operators
	// edit them in the dashboard.
	c.ListRule = types.Pointer(`active = true`)
	c.ViewRule = types.Pointer(`active = true`)
	c.CreateRule, c.UpdateRule, c.DeleteRule = nil, nil, nil
	return nil
}

// Plan is a typed proxy of a plans record: what a shop pays each month and
// what it gets.
type Plan struct{ core.BaseRecordProxy }

// AsPlan wraps a plans record.
func AsPlan(r *core.Record) *Plan {
	p := &Plan{}
	p.SetProxyRecord(r)
	return p
}

// Name is the plan's name.
func (p *Plan) Name() string { return p.GetString(PlanName) }

// PriceCents is the monthly price.
func (p *Plan) PriceCents() int64 { return int64(p.GetInt(PlanPriceCents)) }

// MaxStaff is the staff limit (0 = unlimited).
func (p *Plan) MaxStaff() int { return p.GetInt(PlanMaxStaff) }

// MaxOrdersMonth is the monthly order limit (0 = unlimited).
func (p *Plan) MaxOrdersMonth() int { return p.GetInt(PlanMaxOrdersMonth) }

// Active reports whether shops can pick the plan.
func (p *Plan) Active() bool { return p.GetBool(PlanActive) }
