package hooks_test

import (
	"fmt"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/bancada/bancada/collections"
)

// shop is one seeded tenant with one record of every tenant-owned
// collection.
type shop struct {
	tenant  *core.Record
	owner   *core.Record
	manager *core.Record
	tech    *core.Record
	attend  *core.Record
	// records by collection name
	rec map[string]*core.Record
}

// fixture is three shops: A and B active, C deactivated.
type fixture struct {
	A, B, C *shop
}

func (s *shop) id() string { return s.tenant.Id }

// user returns the shop's member of role r.
func (s *shop) user(r collections.Role) *core.Record {
	switch r {
	case collections.RoleOwner:
		return s.owner
	case collections.RoleManager:
		return s.manager
	case collections.RoleTechnician:
		return s.tech
	case collections.RoleAttendant:
		return s.attend
	}
	return nil
}

var seq atomic.Int64

// uniq returns a number unique within the test binary.
func uniq() int64 { return seq.Add(1) }

// uniquePhone returns a valid, unique Brazilian mobile number.
func uniquePhone() string { return fmt.Sprintf("55119%08d", 10000000+uniq()) }

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// seedFixture creates shops A, B and C.
func seedFixture(t testing.TB, app *tests.TestApp) *fixture {
	t.Helper()
	f := &fixture{A: seedShop(t, app, "A", true), B: seedShop(t, app, "B", false), C: seedShop(t, app, "C", false)}
	c := collections.AsTenant(f.C.tenant)
	c.SetActive(false)
	c.SetInactiveReason("Assinatura vencida.")
	must(t, app.Save(c))
	return f
}

// cnpjs are valid CNPJs for the fixture shops.
var cnpjs = map[string]string{"A": "11222333000181", "B": "11444777000161", "C": "12ABC34501DE35"}

func seedShop(t testing.TB, app *tests.TestApp, name string, fullStaff bool) *shop {
	t.Helper()
	s := &shop{rec: map[string]*core.Record{}}
	tn, err := collections.NewTenant(app)
	must(t, err)
	tn.SetName("Loja " + name)
	tn.SetCNPJ(cnpjs[name])
	tn.SetEmail("loja" + name + "@example.com")
	tn.SetPhone("551133334444")
	must(t, app.Save(tn))
	s.tenant = tn.Record

	s.owner = newStaff(t, app, tn.Id, "dono"+name, collections.RoleOwner)
	if fullStaff {
		s.manager = newStaff(t, app, tn.Id, "gerente"+name, collections.RoleManager)
		s.tech = newStaff(t, app, tn.Id, "tecnico"+name, collections.RoleTechnician)
		s.attend = newStaff(t, app, tn.Id, "atendente"+name, collections.RoleAttendant)
	}

	cust := newCustomer(t, app, tn.Id, "Cliente "+name)
	s.rec[collections.Customers] = cust
	dev := newDevice(t, app, tn.Id, cust.Id)
	s.rec[collections.Devices] = dev
	ord := newOrder(t, app, tn.Id, cust.Id, dev.Id)
	s.rec[collections.Orders] = ord
	ev, err := app.FindFirstRecordByData(collections.OrderEvents, collections.OrderEventOrder, ord.Id)
	must(t, err)
	s.rec[collections.OrderEvents] = ev
	s.rec[collections.Parts] = newRecord(t, app, collections.Parts, map[string]any{
		"tenant": tn.Id, "name": "Tela " + name, "price_cents": 10000, "quantity": 3,
	})
	s.rec[collections.PriceRules] = newRecord(t, app, collections.PriceRules, map[string]any{
		"tenant": tn.Id, "device_type": "phone", "price_cents": 15000,
	})
	s.rec[collections.Appointments] = newRecord(t, app, collections.Appointments, appointmentBody(tn.Id, cust.Id))
	s.rec[collections.Payments] = newRecord(t, app, collections.Payments, paymentBody(tn.Id, ord.Id, ""))
	conv := newRecord(t, app, collections.Conversations, map[string]any{
		"tenant": tn.Id, "customer": cust.Id, "phone": cust.GetString("phone"), "mode": "bot",
	})
	s.rec[collections.Conversations] = conv
	s.rec[collections.Messages] = newRecord(t, app, collections.Messages, map[string]any{
		"tenant": tn.Id, "conversation": conv.Id, "direction": "in", "author": "customer", "text": "oi", "status": "received",
	})
	s.rec[collections.QuoteRequests] = newRecord(t, app, collections.QuoteRequests, map[string]any{
		"tenant": tn.Id, "customer": cust.Id, "device_type": "phone", "status": "new",
	})
	s.rec[collections.AuditLog] = newRecord(t, app, collections.AuditLog, map[string]any{
		"tenant": tn.Id, "action": "test", "actor_label": "teste",
	})
	s.rec[collections.Subscriptions] = newRecord(t, app, collections.Subscriptions, map[string]any{
		"tenant": tn.Id, "status": "active", "value_cents": 7990,
	})
	return s
}

func newStaff(t testing.TB, app core.App, tenantID, name string, role collections.Role) *core.Record {
	t.Helper()
	u, err := collections.NewUser(app)
	must(t, err)
	u.SetName(name)
	u.SetEmail(fmt.Sprintf("%s%d@example.com", name, uniq()))
	u.SetPassword("senha-forte-123")
	must(t, app.Save(u))
	m, err := collections.NewMembership(app, tenantID, u.Id, role)
	must(t, err)
	must(t, app.Save(m))
	return u.Record
}

func newCustomer(t testing.TB, app core.App, tenantID, name string) *core.Record {
	t.Helper()
	c, err := collections.NewCustomer(app, tenantID)
	must(t, err)
	c.SetName(name)
	c.SetPhone(uniquePhone())
	must(t, app.Save(c))
	return c.Record
}

func newDevice(t testing.TB, app core.App, tenantID, customerID string) *core.Record {
	t.Helper()
	d, err := collections.NewDevice(app, tenantID, customerID)
	must(t, err)
	d.SetKind(collections.DevicePhone)
	d.SetBrand("Apple")
	d.SetModel("iPhone 11")
	must(t, app.Save(d))
	return d.Record
}

func newOrder(t testing.TB, app core.App, tenantID, customerID, deviceID string) *core.Record {
	t.Helper()
	o, err := collections.NewOrder(app, tenantID, customerID, deviceID)
	must(t, err)
	o.SetProblem("Tela quebrada")
	must(t, app.Save(o))
	return o.Record
}

func newRecord(t testing.TB, app core.App, collection string, data map[string]any) *core.Record {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(collection)
	must(t, err)
	r := core.NewRecord(col)
	for k, v := range data {
		r.Set(k, v)
	}
	must(t, app.Save(r))
	return r
}

func appointmentBody(tenantID, customerID string) map[string]any {
	start := testNow.Add(48 * time.Hour)
	return map[string]any{
		"tenant": tenantID, "customer": customerID, "kind": "dropoff", "status": "scheduled",
		"start": start.Format(time.RFC3339), "end": start.Add(30 * time.Minute).Format(time.RFC3339),
	}
}

func paymentBody(tenantID, orderID, createdBy string) map[string]any {
	b := map[string]any{
		"tenant": tenantID, "order": orderID, "method": "cash", "provider": "manual",
		"status": "paid", "amount": 5000,
	}
	if createdBy != "" {
		b["created_by"] = createdBy
	}
	return b
}

func urlQuery(s string) string { return url.QueryEscape(s) }

func dbxTenant(id string) dbx.Expression { return dbx.HashExp{"tenant": id} }
func dbxOrder(id string) dbx.Expression  { return dbx.HashExp{"order": id} }

func dbxTenantRole(id, role string) dbx.Expression {
	return dbx.HashExp{"tenant": id, "role": role}
}

func dbxAction(action string) dbx.Expression { return dbx.HashExp{"action": action} }
