package hooktest

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
)

// Shop is one seeded tenant with its staff and one record of every
// tenant-owned collection.
type Shop struct {
	Tenant  *core.Record
	Owner   *core.Record
	Manager *core.Record
	Tech    *core.Record
	Attend  *core.Record
	// Rec holds one record per collection name.
	Rec map[string]*core.Record
	// InviteToken is the link token of the shop's pending invitation
	// (Rec[collections.Invitations]).
	InviteToken string
}

// Fixture is three shops: A (full staff) and B active, C deactivated.
type Fixture struct {
	A, B, C *Shop
}

// ID is the shop's tenant id.
func (s *Shop) ID() string { return s.Tenant.Id }

// User returns the shop's member of role r (nil when it has none).
func (s *Shop) User(r collections.Role) *core.Record {
	switch r {
	case collections.RoleOwner:
		return s.Owner
	case collections.RoleManager:
		return s.Manager
	case collections.RoleTechnician:
		return s.Tech
	case collections.RoleAttendant:
		return s.Attend
	}
	return nil
}

var seq atomic.Int64

// Uniq returns a number unique within the test binary.
func Uniq() int64 { return seq.Add(1) }

// UniquePhone returns a valid, unique Brazilian mobile number (E.164).
func UniquePhone() string { return fmt.Sprintf("55119%08d", 10000000+Uniq()) }

// CNPJs are valid CNPJs of the fixture shops.
var CNPJs = map[string]string{"A": "11222333000181", "B": "11444777000161", "C": "12ABC34501DE35"}

// Seed creates shops A, B and C.
func Seed(t testing.TB, app core.App) *Fixture {
	t.Helper()
	f := &Fixture{A: SeedShop(t, app, "A", true), B: SeedShop(t, app, "B", false), C: SeedShop(t, app, "C", false)}
	c := collections.AsTenant(f.C.Tenant)
	c.SetActive(false)
	c.SetInactiveReason("Assinatura vencida.")
	Must(t, app.Save(c))
	return f
}

// SeedShop creates one shop; fullStaff adds a manager, a technician and an
// attendant to its owner.
func SeedShop(t testing.TB, app core.App, name string, fullStaff bool) *Shop {
	t.Helper()
	s := &Shop{Rec: map[string]*core.Record{}}
	tn, err := collections.NewTenant(app)
	Must(t, err)
	tn.SetName("Loja " + name)
	cnpj := CNPJs[name]
	if cnpj == "" {
		cnpj = fmt.Sprintf("%014d", Uniq())
	}
	tn.SetCNPJ(cnpj)
	tn.SetEmail("loja" + name + "@example.com")
	tn.SetPhone("551133334444")
	Must(t, app.Save(tn))
	s.Tenant = tn.Record

	s.Owner = NewStaff(t, app, tn.Id, "dono"+name, collections.RoleOwner)
	if fullStaff {
		s.Manager = NewStaff(t, app, tn.Id, "gerente"+name, collections.RoleManager)
		s.Tech = NewStaff(t, app, tn.Id, "tecnico"+name, collections.RoleTechnician)
		s.Attend = NewStaff(t, app, tn.Id, "atendente"+name, collections.RoleAttendant)
	}

	cust := NewCustomer(t, app, tn.Id, "Cliente "+name)
	s.Rec[collections.Customers] = cust
	dev := NewDevice(t, app, tn.Id, cust.Id)
	s.Rec[collections.Devices] = dev
	ord := NewOrder(t, app, tn.Id, cust.Id, dev.Id)
	s.Rec[collections.Orders] = ord
	ev, err := app.FindFirstRecordByData(collections.OrderEvents, collections.OrderEventOrder, ord.Id)
	Must(t, err)
	s.Rec[collections.OrderEvents] = ev
	s.Rec[collections.Parts] = NewRecord(t, app, collections.Parts, map[string]any{
		"tenant": tn.Id, "name": "Tela " + name, "price_cents": 10000, "quantity": 3,
	})
	s.Rec[collections.PriceRules] = NewRecord(t, app, collections.PriceRules, map[string]any{
		"tenant": tn.Id, "device_type": "phone", "price_cents": 15000,
	})
	s.Rec[collections.Appointments] = NewRecord(t, app, collections.Appointments, AppointmentBody(tn.Id, cust.Id))
	s.Rec[collections.Payments] = NewRecord(t, app, collections.Payments, PaymentBody(tn.Id, ord.Id, ""))
	sale := NewRecord(t, app, collections.Sales, map[string]any{
		"tenant": tn.Id, "number": 9999, "subtotal": 2000, "total": 2000,
		"lines": []map[string]any{{"part": s.Rec[collections.Parts].Id, "name": "Tela " + name, "quantity": 1, "unit_price": 2000, "total": 2000}},
	})
	s.Rec[collections.Sales] = sale
	s.Rec[collections.Refunds] = NewRecord(t, app, collections.Refunds, map[string]any{
		"tenant": tn.Id, "payment": s.Rec[collections.Payments].Id, "order": ord.Id, "method": "cash", "amount": 100, "reason": "teste", "refunded_at": Now,
	})
	till := NewRecord(t, app, collections.CashSessions, map[string]any{
		"tenant": tn.Id, "status": "open", "opened_at": Now, "opening_float": 10000,
	})
	s.Rec[collections.CashSessions] = till
	s.Rec[collections.CashMoves] = NewRecord(t, app, collections.CashMoves, map[string]any{
		"tenant": tn.Id, "session": till.Id, "kind": "withdrawal", "amount": 500, "reason": "teste",
	})
	mv, err := app.FindFirstRecordByData(collections.StockMovements, collections.MovementPart, s.Rec[collections.Parts].Id)
	Must(t, err)
	s.Rec[collections.StockMovements] = mv
	conv := NewRecord(t, app, collections.Conversations, map[string]any{
		"tenant": tn.Id, "customer": cust.Id, "phone": cust.GetString(collections.CustomerPhone), "mode": "bot",
	})
	s.Rec[collections.Conversations] = conv
	s.Rec[collections.Messages] = NewRecord(t, app, collections.Messages, map[string]any{
		"tenant": tn.Id, "conversation": conv.Id, "direction": "in", "author": "customer", "text": "oi", "status": "received",
	})
	s.Rec[collections.QuoteRequests] = NewRecord(t, app, collections.QuoteRequests, map[string]any{
		"tenant": tn.Id, "customer": cust.Id, "device_type": "phone", "status": "new",
	})
	s.Rec[collections.AuditLog] = NewRecord(t, app, collections.AuditLog, map[string]any{
		"tenant": tn.Id, "action": "test", "actor_label": "teste",
	})
	s.Rec[collections.Subscriptions] = NewRecord(t, app, collections.Subscriptions, map[string]any{
		"tenant": tn.Id, "status": "active", "value_cents": 7990,
	})
	// Switched off, so the shop's events in other tests queue nothing.
	s.Rec[collections.WebhookEndpoints] = NewWebhookEndpoint(t, app, tn.Id, false)
	s.Rec[collections.WebhookDeliveries] = NewRecord(t, app, collections.WebhookDeliveries, map[string]any{
		"tenant": tn.Id, "endpoint": s.Rec[collections.WebhookEndpoints].Id, "event_id": fmt.Sprintf("evt_seed%d", Uniq()),
		"event_type": collections.EventOrderCreated, "body": map[string]any{"seed": true}, "status": collections.DeliveryDelivered,
	})
	s.InviteToken = fmt.Sprintf("convite%s%036d", name, Uniq())
	s.Rec[collections.Invitations] = NewInvitation(t, app, tn.Id, fmt.Sprintf("convidado%s%d@example.com", name, Uniq()),
		collections.RoleAttendant, s.Owner.Id, s.InviteToken, Now.Add(collections.InvitationTTL))
	return s
}

// NewInvitation creates a pending invitation whose link carries token.
func NewInvitation(t testing.TB, app core.App, tenantID, email string, role collections.Role, invitedBy, token string, expires time.Time) *core.Record {
	t.Helper()
	inv, err := collections.NewInvitation(app, tenantID, email, role)
	Must(t, err)
	inv.SetInvitedBy(invitedBy)
	inv.SetToken(token, expires)
	Must(t, app.Save(inv))
	return inv.Record
}

// NewStaff creates a user with a membership of role in the tenant.
func NewStaff(t testing.TB, app core.App, tenantID, name string, role collections.Role) *core.Record {
	t.Helper()
	u, err := collections.NewUser(app)
	Must(t, err)
	u.SetName(name)
	u.SetEmail(fmt.Sprintf("%s%d@example.com", name, Uniq()))
	u.SetPassword(Password)
	u.SetClaimed(true)
	Must(t, app.Save(u))
	m, err := collections.NewMembership(app, tenantID, u.Id, role)
	Must(t, err)
	Must(t, app.Save(m))
	return u.Record
}

// Password is every fixture user's password.
const Password = "senha-forte-123"

// NewCustomer creates a customer with a unique phone.
func NewCustomer(t testing.TB, app core.App, tenantID, name string) *core.Record {
	t.Helper()
	c, err := collections.NewCustomer(app, tenantID)
	Must(t, err)
	c.SetName(name)
	c.SetPhone(UniquePhone())
	Must(t, app.Save(c))
	return c.Record
}

// NewDevice creates an iPhone 11 of the customer.
func NewDevice(t testing.TB, app core.App, tenantID, customerID string) *core.Record {
	t.Helper()
	d, err := collections.NewDevice(app, tenantID, customerID)
	Must(t, err)
	d.SetKind(collections.DevicePhone)
	d.SetBrand("Apple")
	d.SetModel("iPhone 11")
	Must(t, app.Save(d))
	return d.Record
}

// NewOrder creates a received order.
func NewOrder(t testing.TB, app core.App, tenantID, customerID, deviceID string) *core.Record {
	t.Helper()
	o, err := collections.NewOrder(app, tenantID, customerID, deviceID)
	Must(t, err)
	o.SetProblem("Tela quebrada")
	Must(t, app.Save(o))
	return o.Record
}

// NewRecord creates a record of any collection from data.
func NewRecord(t testing.TB, app core.App, collection string, data map[string]any) *core.Record {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(collection)
	Must(t, err)
	r := core.NewRecord(col)
	for k, v := range data {
		r.Set(k, v)
	}
	Must(t, app.Save(r))
	return r
}

// AppointmentBody is a valid appointment in its own free slot: each call
// takes the next half hour of the default opening hours (Monday to Friday,
// 09:00–18:00 in São Paulo) from the day after Now, so appointments made by
// a test never compete for capacity unless the test wants them to.
func AppointmentBody(tenantID, customerID string) map[string]any {
	start := NextSlot()
	return map[string]any{
		"tenant": tenantID, "customer": customerID, "kind": "dropoff", "status": "scheduled",
		"start": start.Format(time.RFC3339), "end": start.Add(30 * time.Minute).Format(time.RFC3339),
	}
}

// NextSlot returns a distinct 30-minute weekday slot within the booking
// horizon, starting the day after Now.
func NextSlot() time.Time {
	const perDay = 18 // 09:00–18:00 in half hours
	k := int(Uniq() % (20 * perDay))
	loc, _ := time.LoadLocation("America/Sao_Paulo")
	day := time.Date(Now.In(loc).Year(), Now.In(loc).Month(), Now.In(loc).Day()+1, 9, 0, 0, 0, loc)
	for weekdays := 0; ; day = day.AddDate(0, 0, 1) {
		if day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
			continue
		}
		if weekdays == k/perDay {
			return day.Add(time.Duration(k%perDay) * 30 * time.Minute).UTC()
		}
		weekdays++
	}
}

// PaymentBody is a valid manual cash payment of R$ 50,00.
func PaymentBody(tenantID, orderID, createdBy string) map[string]any {
	b := map[string]any{
		"tenant": tenantID, "order": orderID, "method": "cash", "provider": "manual",
		"status": "paid", "amount": 5000,
	}
	if createdBy != "" {
		b["created_by"] = createdBy
	}
	return b
}

// MembershipID returns the id of the user's membership in the tenant.
func MembershipID(t testing.TB, app core.App, tenantID, userID string) string {
	t.Helper()
	rs, err := app.FindAllRecords(collections.Memberships,
		dbx.HashExp{collections.MembershipTenant: tenantID, collections.MembershipUser: userID})
	Must(t, err)
	if len(rs) != 1 {
		t.Fatalf("hooktest: %d memberships of %s in %s", len(rs), userID, tenantID)
	}
	return rs[0].Id
}

// Eq is a column = value expression for FindAllRecords/CountRecords.
func Eq(pairs ...any) dbx.Expression {
	h := dbx.HashExp{}
	for i := 0; i+1 < len(pairs); i += 2 {
		h[pairs[i].(string)] = pairs[i+1]
	}
	return h
}

// NewWebhookEndpoint creates an outbound webhook endpoint of the tenant
// (subscribed to order.created) whose secret is a placeholder that does
// not open: tests that deliver create theirs through the route.
func NewWebhookEndpoint(t testing.TB, app core.App, tenantID string, active bool) *core.Record {
	t.Helper()
	return NewRecord(t, app, collections.WebhookEndpoints, map[string]any{
		"tenant": tenantID, "url": fmt.Sprintf("https://hooks.example.com/%d", Uniq()),
		"events": []string{collections.EventOrderCreated}, "active": active, "secret": "placeholder",
	})
}
