package subscriptions

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/dbtime"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/scope"
)

// Limit error codes, under the "plan" field of a 400.
const (
	CodeStaffLimit  = "plan_staff_limit"
	CodeOrdersLimit = "plan_orders_limit"
)

// bindLimits enforces the plan's staff limit whoever writes: a membership
// beyond it is refused with a message that says which plan and how to go
// on. The monthly order limit is checked by the orders' own create hook,
// inside its transaction, through CheckOrderLimit (package hooks calls it
// explicitly: it must not depend on the order hooks are bound in).
func (b *Service) bindLimits() {
	b.app.OnRecordCreate(collections.Memberships).BindFunc(func(e *core.RecordEvent) error {
		if err := b.CheckStaffLimit(e.App, e.Record.GetString(collections.MembershipTenant)); err != nil {
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
func (b *Service) CheckStaffLimit(app core.App, tenantID string) error {
	_, plan, err := planOf(app, tenantID)
	if err != nil || plan == nil || plan.MaxStaff() <= 0 {
		return nil
	}
	n, err := app.CountRecords(collections.Memberships, dbx.HashExp{collections.MembershipTenant: tenantID})
	if err != nil {
		return fmt.Errorf("subscriptions: count staff: %w", err)
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
// month (of the shop's time zone) at now. Call it with the transaction
// that creates the order, so the count and the insert are one step.
func (b *Service) CheckOrderLimit(app core.App, tenantID string, now time.Time) error {
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
		dbx.NewExp("[["+collections.OrderEnteredAt+"]] >= {:start}", dbx.Params{"start": dbtime.Format(start)}))
	if err != nil {
		return fmt.Errorf("subscriptions: count orders: %w", err)
	}
	if int(n) < plan.MaxOrdersMonth() {
		return nil
	}
	return apierr.Field("plan", CodeOrdersLimit, fmt.Sprintf(
		"O plano %s permite até %d OS por mês e esse limite foi atingido neste mês. "+
			"Troque de plano na página Assinatura para continuar abrindo OS.", plan.Name(), plan.MaxOrdersMonth()))
}
