package hooks_test

import (
	"errors"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks"
	"github.com/bancada/bancada/hooks/deps"
	"github.com/bancada/bancada/hooks/hooktest"
)

// TestThePlansOrderLimitCountsInsideTheCreateTransaction: the monthly
// order limit is counted with the transaction that creates the order, so
// two orders created in one transaction count each other and the second
// is refused. Counted anywhere else (another connection, before the
// transaction) the second would not see the first, and the shop would go
// past its plan.
func TestThePlansOrderLimitCountsInsideTheCreateTransaction(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	shop := hooktest.SeedShop(t, app, "A", false)
	count := func() int64 {
		n, err := app.CountRecords(collections.Orders, dbx.HashExp{collections.OrderTenant: shop.ID()})
		require.NoError(t, err)
		return n
	}
	before := count()
	plan := hooktest.NewRecord(t, app, collections.Plans, map[string]any{
		"name": "Mini", "price_cents": 1000, "max_orders_month": before + 1, "active": true})
	tn := collections.AsTenant(shop.Tenant)
	tn.SetPlan(plan.Id)
	require.NoError(t, app.Save(tn))

	err := app.RunInTransaction(func(tx core.App) error {
		for range 2 {
			o, err := collections.NewOrder(tx, shop.ID(), shop.Rec[collections.Customers].Id, shop.Rec[collections.Devices].Id)
			require.NoError(t, err)
			o.SetProblem("Tela quebrada")
			if err := tx.Save(o); err != nil {
				return err
			}
		}
		return nil
	})
	require.ErrorContains(t, err, "esse limite foi atingido", "the second order of the transaction is past the plan")
	require.Equal(t, before, count(), "nothing was created")
}

// limitSpy records how the orders' create called the order limit.
type limitSpy struct {
	calls         int
	transactional bool
	tenant        string
	refuse        error
}

func (s *limitSpy) CheckOrderLimit(tx core.App, tenantID string, _ time.Time) error {
	s.calls++
	s.transactional = tx.IsTransactional()
	s.tenant = tenantID
	return s.refuse
}

// TestOrdersCallTheOrderLimitWithTheirTransaction: the orders' create
// hook calls the limit itself (not a hook that happens to be bound after
// it), once per order, with its own transaction even when the save was
// not made in one, and its refusal stops the order.
func TestOrdersCallTheOrderLimitWithTheirTransaction(t *testing.T) {
	t.Parallel()
	app := hooktest.Bare(t)
	spy := &limitSpy{}
	hooks.BindOrders(app, deps.Deps{Now: func() time.Time { return hooktest.Now }}, spy)
	tn, err := collections.NewTenant(app)
	require.NoError(t, err)
	tn.SetName("Loja A")
	tn.SetCNPJ(hooktest.CNPJs["A"])
	tn.SetEmail("lojaA@example.com")
	tn.SetPhone("551133334444")
	tn.SetActive(true)
	require.NoError(t, app.Save(tn))
	cust := hooktest.NewCustomer(t, app, tn.Id, "Cliente A")
	dev := hooktest.NewDevice(t, app, tn.Id, cust.Id)

	hooktest.NewOrder(t, app, tn.Id, cust.Id, dev.Id) // saved outside any transaction
	require.Equal(t, 1, spy.calls)
	require.True(t, spy.transactional, "counted with the create's transaction")
	require.Equal(t, tn.Id, spy.tenant)

	spy.refuse = errors.New("plan_orders_limit")
	o, err := collections.NewOrder(app, tn.Id, cust.Id, dev.Id)
	require.NoError(t, err)
	o.SetProblem("Tela quebrada")
	require.ErrorContains(t, app.Save(o), "plan_orders_limit")
	n, err := app.CountRecords(collections.Orders, dbx.HashExp{collections.OrderTenant: tn.Id})
	require.NoError(t, err)
	require.EqualValues(t, 1, n, "the refused order was not created")
}
