package billing

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/scope"
)

// Limit error codes, under the "plan" field of a 400.
const (
	CodeStaffLimit  = "plan_staff_limit"
	CodeOrdersLimit = "plan_orders_limit"
)

// bindLimits enforces the plan's limits whoever writes: a membership
// beyond the plan's staff limit and an order beyond its monthly limit are
// refused with a message that says which plan and how to go on.
func (b *biller) bindLimits() {
	b.app.OnRecordCreate(collections.Memberships).BindFunc(func(e *core.RecordEvent) error {
		if err := CheckStaffLimit(e.App, e.Record.GetString(collections.MembershipTenant)); err != nil {
			return err
		}
		return e.Next()
	})
	b.app.OnRecordCreate(collections.Orders).BindFunc(func(e *core.RecordEvent) error {
		if err := CheckOrderLimit(e.App, e.Record.GetString(collections.OrderTenant), b.now()); err != nil {
			return err
		}
		return e.Next()
	})
}

// planOf returns the tenant's plan, or nil when it has none (no limits).
func planOf(app core.App, tenantID string) (*collections.Tenant, *collections.Plan, error) {
	t, err := scope.Tenant(app, tenantID)
	if err != nil {
		return nil, nil, err
	}
	if t.Plan() == "" {
		return t, nil, nil
	}
	r, err := app.FindRecordById(collections.Plans, t.Plan())
	if err != nil {
		return t, nil, nil // a deleted plan limits nothing
	}
	return t, collections.AsPlan(r), nil
}

// CheckStaffLimit reports, as a 400-ready validation error on the field
// "plan", whether the tenant's plan has room for one more person. The
// staff route may call it before creating anything for an early, clear
// answer; a hook on memberships enforces it anyway.
func CheckStaffLimit(app core.App, tenantID string) error {
	_, plan, err := planOf(app, tenantID)
	if err != nil || plan == nil || plan.MaxStaff() <= 0 {
		return nil
	}
	n, err := app.CountRecords(collections.Memberships, dbx.HashExp{collections.MembershipTenant: tenantID})
	if err != nil {
		return fmt.Errorf("billing: count staff: %w", err)
	}
	if int(n) < plan.MaxStaff() {
		return nil
	}
	return apierr.Field("plan", CodeStaffLimit, fmt.Sprintf(
		"O plano %s permite até %d pessoas na loja e esse limite foi atingido. "+
			"Remova alguém da equipe ou troque de plano na página Assinatura.", plan.Name(), plan.MaxStaff()))
}

// CheckOrderLimit reports, as a 400-ready validation error on the field
// "plan", whether the tenant's plan allows one more order in the current
// month (of the shop's time zone) at now.
func CheckOrderLimit(app core.App, tenantID string, now time.Time) error {
	t, plan, err := planOf(app, tenantID)
	if err != nil || plan == nil || plan.MaxOrdersMonth() <= 0 {
		return nil
	}
	loc := br.LoadLocation(t.Timezone())
	local := now.In(loc)
	start := time.Date(local.Year(), local.Month(), 1, 0, 0, 0, 0, loc).UTC()
	n, err := app.CountRecords(collections.Orders, dbx.HashExp{collections.OrderTenant: tenantID},
		// entered_at is stamped with the app's clock (created is the
		// database's), so the month is the app's month.
		dbx.NewExp("[["+collections.OrderEnteredAt+"]] >= {:start}", dbx.Params{"start": dbTime(start)}))
	if err != nil {
		return fmt.Errorf("billing: count orders: %w", err)
	}
	if int(n) < plan.MaxOrdersMonth() {
		return nil
	}
	return apierr.Field("plan", CodeOrdersLimit, fmt.Sprintf(
		"O plano %s permite até %d OS por mês e esse limite foi atingido neste mês. "+
			"Troque de plano na página Assinatura para continuar abrindo OS.", plan.Name(), plan.MaxOrdersMonth()))
}
