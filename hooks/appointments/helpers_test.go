package appointments_test

import (
	"os"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
)

func TestMain(m *testing.M) { os.Exit(hooktest.Main(m)) }

// sp is the fixture shops' zone.
var sp = mustZone("America/Sao_Paulo")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// at is a wall time in São Paulo. hooktest.Now is Tuesday 2026-11-24 14:00.
func at(day, hour, minute int) time.Time {
	return time.Date(2026, 11, day, hour, minute, 0, 0, sp)
}

// configure changes a tenant's settings and saves it.
func configure(t testing.TB, app core.App, tenant *core.Record, change func(*collections.TenantSettings)) *collections.Tenant {
	t.Helper()
	tn := collections.AsTenant(tenant)
	s := tn.Settings()
	change(&s)
	tn.SetSettings(s)
	require.NoError(t, app.Save(tn))
	fresh, err := app.FindRecordById(collections.Tenants, tenant.Id)
	require.NoError(t, err)
	return collections.AsTenant(fresh)
}

// appointment creates an appointment straight in the database (no checks).
func appointment(t testing.TB, app core.App, tenantID, customerID string, start time.Time, minutes int, status collections.AppointmentStatusValue) *collections.Appointment {
	t.Helper()
	a, err := collections.NewAppointment(app, tenantID)
	require.NoError(t, err)
	a.SetCustomer(customerID)
	a.SetKind(collections.KindDropOff)
	a.SetTimes(start, start.Add(time.Duration(minutes)*time.Minute))
	a.SetStatus(status)
	a.SetSource(collections.SourceStaff)
	require.NoError(t, app.Save(a))
	return a
}

// reload reads an appointment again.
func reload(t testing.TB, app core.App, id string) *collections.Appointment {
	t.Helper()
	r, err := app.FindRecordById(collections.Appointments, id)
	require.NoError(t, err)
	return collections.AsAppointment(r)
}

// lightSeed is hooktest.Seed without staff (no password hashing, so it
// is fast) for tests that call the Go API only: shops A, B and C
// (deactivated), each with a customer, a device, an order and an
// appointment at seededStart.
func lightSeed(t testing.TB, app core.App) *hooktest.Fixture {
	t.Helper()
	shop := func(name string, active bool) *hooktest.Shop {
		tn, err := collections.NewTenant(app)
		require.NoError(t, err)
		tn.SetName("Loja " + name)
		tn.SetCNPJ(hooktest.CNPJs[name])
		tn.SetEmail("loja" + name + "@example.com")
		tn.SetPhone("551133334444")
		tn.SetActive(active)
		require.NoError(t, app.Save(tn))
		s := &hooktest.Shop{Tenant: tn.Record, Rec: map[string]*core.Record{}}
		cust := hooktest.NewCustomer(t, app, tn.Id, "Cliente "+name)
		dev := hooktest.NewDevice(t, app, tn.Id, cust.Id)
		s.Rec[collections.Customers] = cust
		s.Rec[collections.Devices] = dev
		s.Rec[collections.Orders] = hooktest.NewOrder(t, app, tn.Id, cust.Id, dev.Id)
		s.Rec[collections.Appointments] = appointment(t, app, tn.Id, cust.Id, seededStart, 30, collections.AppointmentScheduled).Record
		return s
	}
	return &hooktest.Fixture{A: shop("A", true), B: shop("B", true), C: shop("C", false)}
}

// seededStart is when the shops' seeded appointment starts: Thursday
// 26/11 14:00 in São Paulo, 48 hours after hooktest.Now.
var seededStart = at(26, 14, 0)

// pinSeeded replaces the appointment hooktest.Seed gave each shop with one
// at seededStart, so the tests do not depend on where the fixture puts it.
func pinSeeded(t testing.TB, app core.App, f *hooktest.Fixture) {
	t.Helper()
	for _, s := range []*hooktest.Shop{f.A, f.B, f.C} {
		require.NoError(t, app.Delete(s.Rec[collections.Appointments]))
		s.Rec[collections.Appointments] = appointment(t, app, s.ID(), s.Rec[collections.Customers].Id, seededStart, 30, collections.AppointmentScheduled).Record
	}
}
