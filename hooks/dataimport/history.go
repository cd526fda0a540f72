package dataimport

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
)

// historical is what an imported order brings from its past: the status
// machine and the payments hook would otherwise compute these.
type historical struct {
	number                                  int
	status                                  collections.OrderStatus
	finalTotal, paid                        int64
	warranty                                int // -1: the shop's default
	entered, approved, completed, delivered time.Time
}

// restoreHistory writes an imported order's past over what the orders
// hook gave the new record (number, received now): its own number when it
// has one, its status and dates, totals and what was paid. It writes the
// columns directly: an imported order did not walk through the status
// machine here, took no parts from the stock (the parts file brings the
// stock as it is) and sends the customer nothing.
func restoreHistory(tx core.App, o *collections.Order, h historical) error {
	set := dbx.Params{
		collections.OrderStatusField: string(h.status),
		collections.OrderFinalTotal:  h.finalTotal,
		collections.OrderPaid:        h.paid,
		collections.OrderStockTaken:  false,
	}
	if h.warranty >= 0 {
		set[collections.OrderWarrantyDays] = h.warranty
	}
	dates := map[string]time.Time{
		collections.OrderEnteredAt: h.entered, collections.OrderApprovedAt: h.approved,
		collections.OrderCompletedAt: h.completed, collections.OrderDeliveredAt: h.delivered,
	}
	if h.status == collections.StatusCancelled {
		dates[collections.OrderCancelledAt] = firstSet(h.completed, h.entered)
	}
	for f, t := range dates {
		if !t.IsZero() {
			set[f] = t.UTC().Format(types.DefaultDateLayout)
		}
	}
	if h.number > 0 {
		set[collections.OrderNumber] = h.number
		// The number the hook took from the shop's counter goes back: the
		// counter is set past every number once the file is in.
		if _, err := tx.DB().NewQuery("UPDATE {{" + collections.Sequences + "}} SET [[value]] = [[value]] - 1 " +
			"WHERE [[tenant]] = {:t} AND [[name]] = {:n} AND [[value]] = {:v}").
			Bind(dbx.Params{"t": o.Tenant(), "n": collections.SequenceOrders, "v": o.Number()}).Execute(); err != nil {
			return fmt.Errorf("import: order counter: %w", err)
		}
	}
	if _, err := tx.DB().Update(collections.Orders, set, dbx.HashExp{"id": o.Id, collections.FieldTenant: o.Tenant()}).Execute(); err != nil {
		return fmt.Errorf("import: order %d history: %w", h.number, err)
	}
	return nil
}

// raiseOrderCounter sets the shop's order counter to at least atLeast and
// its highest order number. Before the rows are written it is raised past
// every number of the file, so the numbers the orders hook hands out in
// the meantime never collide with one; afterwards the next order never
// takes an imported number.
func raiseOrderCounter(tx core.App, tenant string, atLeast int) error {
	_, err := tx.DB().NewQuery("INSERT INTO {{" + collections.Sequences + "}} ([[id]], [[tenant]], [[name]], [[value]]) " +
		"SELECT {:id}, {:t}, {:n}, MAX(COALESCE(MAX([[number]]), 0), {:min}) FROM {{" + collections.Orders + "}} WHERE [[tenant]] = {:t} " +
		"ON CONFLICT ([[tenant]], [[name]]) DO UPDATE SET [[value]] = MAX([[value]], excluded.[[value]])").
		Bind(dbx.Params{"id": core.GenerateDefaultRandomId(), "t": tenant, "n": collections.SequenceOrders, "min": atLeast}).Execute()
	if err != nil {
		return fmt.Errorf("import: raise order counter: %w", err)
	}
	return nil
}

type deviceID struct {
	id      string
	created bool
}

// orderDevice finds the customer's device an order row describes (by
// IMEI, else brand and model), in the transaction, or creates it.
func orderDevice(tx core.App, tenant, customer string, kind collections.DeviceKind, brand, model, imei string) (deviceID, error) {
	var rows []struct {
		ID    string `db:"id"`
		Brand string `db:"brand"`
		Model string `db:"model"`
		IMEI  string `db:"imei"`
	}
	err := tx.DB().Select("id", "brand", "model", "imei").From(collections.Devices).
		Where(dbx.HashExp{collections.FieldTenant: tenant, collections.DeviceCustomer: customer}).OrderBy("created").All(&rows)
	if err != nil {
		return deviceID{}, fmt.Errorf("import: devices: %w", err)
	}
	for _, r := range rows {
		if imei != "" && r.IMEI == imei {
			return deviceID{id: r.ID}, nil
		}
	}
	for _, r := range rows {
		if (imei == "" || r.IMEI == "") && br.Fold(r.Brand) == br.Fold(brand) && br.Fold(r.Model) == br.Fold(model) {
			return deviceID{id: r.ID}, nil
		}
	}
	d, err := collections.NewDevice(tx, tenant, customer)
	if err != nil {
		return deviceID{}, err
	}
	d.SetKind(kind)
	d.SetBrand(brand)
	d.SetModel(model)
	d.SetIMEI(imei)
	if err := tx.Save(d); err != nil {
		return deviceID{}, err
	}
	return deviceID{id: d.Id, created: true}, nil
}
