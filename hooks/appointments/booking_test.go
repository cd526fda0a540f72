package appointments_test

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/availability"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/appointments"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/hooktest"
)

func TestScheduleAndRulesFollowTheSettings(t *testing.T) {
	t.Parallel()
	env := hooktest.New(t)
	app := env.App
	f := lightSeed(t, app)
	tn := configure(t, app, f.A.Tenant, func(s *collections.TenantSettings) {
		s.Holidays = []string{"2026-11-25"}
		s.SlotMinutes, s.BufferMinutes, s.Capacity, s.MinNoticeMinutes, s.HorizonDays = 45, 15, 3, 60, 10
	})
	sched, err := appointments.Schedule(tn)
	require.NoError(t, err)
	assert.Equal(t, "America/Sao_Paulo", sched.Location().String())
	assert.True(t, sched.IsOpen(at(24, 10, 0)), "Tuesday 10:00")
	assert.False(t, sched.IsOpen(at(24, 19, 0)), "after hours")
	assert.False(t, sched.IsOpen(at(25, 10, 0)), "holiday")
	assert.True(t, sched.IsOpen(at(28, 12, 0)), "Saturday morning")

	r := appointments.Rules(tn, collections.KindDropOff)
	assert.Equal(t, availability.Rules{SlotLength: 45 * time.Minute, Buffer: 15 * time.Minute, Capacity: 3,
		MinNotice: time.Hour, Horizon: 10 * 24 * time.Hour, Step: time.Hour}, r)

	def := appointments.Rules(collections.AsTenant(f.B.Tenant), collections.KindOnSite)
	assert.Equal(t, 30*time.Minute, def.SlotLength)
	assert.Equal(t, 1, def.Capacity)
	assert.Equal(t, 2*time.Hour, def.MinNotice)
	assert.Equal(t, 30*24*time.Hour, def.Horizon)

	// Such hours are refused on save; one stored before that still fails
	// cleanly here.
	bad := collections.AsTenant(f.B.Tenant)
	s := bad.Settings()
	s.Hours.Mon = []availability.Span{{From: "25:00", To: "18:00"}}
	bad.SetSettings(s)
	require.ErrorContains(t, app.Save(bad), "Horário inválido em segunda-feira: 25:00")
	require.NoError(t, app.SaveNoValidate(bad))
	_, err = appointments.Schedule(bad)
	require.Error(t, err)
}

func TestFreeSlotsLeaveOutBookedTimesNoticeAndOtherShops(t *testing.T) {
	t.Parallel()
	env := hooktest.New(t)
	app, svc := env.App, env.Wired.Services.Appointments
	f := lightSeed(t, app)
	cust := f.A.Rec[collections.Customers].Id
	// Wednesday: 10:00 taken, 11:00 cancelled (free again).
	appointment(t, app, f.A.ID(), cust, at(25, 10, 0), 30, collections.AppointmentScheduled)
	appointment(t, app, f.A.ID(), cust, at(25, 11, 0), 30, collections.AppointmentCancelled)
	// Shop B's bookings never affect A.
	appointment(t, app, f.B.ID(), f.B.Rec[collections.Customers].Id, at(25, 9, 0), 30, collections.AppointmentConfirmed)

	slots, err := svc.FreeSlots(app, f.A.ID(), hooktest.Now, at(25, 0, 0), at(26, 0, 0), collections.KindDropOff, 0)
	require.NoError(t, err)
	require.Len(t, slots, 17, "18 half hours from 09:00 to 18:00, minus 10:00")
	starts := map[string]bool{}
	for _, s := range slots {
		starts[s.Start.In(sp).Format("15:04")] = true
		assert.Equal(t, 30*time.Minute, s.End.Sub(s.Start))
		assert.Equal(t, 1, s.Free)
	}
	assert.True(t, starts["09:00"], "B's booking does not count")
	assert.False(t, starts["10:00"])
	assert.True(t, starts["11:00"], "cancelled frees the slot")

	// Today (Tuesday 14:00, 2 h notice): the first offer is 16:00; n limits.
	first, err := svc.FreeSlots(app, f.A.ID(), hooktest.Now, time.Time{}, time.Time{}, collections.KindDropOff, 3)
	require.NoError(t, err)
	require.Len(t, first, 3)
	assert.Equal(t, at(24, 16, 0).UTC(), first[0].Start)
	assert.Equal(t, at(24, 17, 0).UTC(), first[2].Start)

	// The horizon (30 days) bounds an open range.
	all, err := svc.FreeSlots(app, f.A.ID(), hooktest.Now, time.Time{}, time.Time{}, collections.KindDropOff, 0)
	require.NoError(t, err)
	assert.True(t, all[len(all)-1].Start.Before(hooktest.Now.Add(30*24*time.Hour)))

	_, err = svc.FreeSlots(app, "nope", hooktest.Now, time.Time{}, time.Time{}, collections.KindDropOff, 0)
	require.Error(t, err)

	// Closed for ten days: the first slots are found past the first week,
	// and they are the same as in the whole list.
	configure(t, app, f.A.Tenant, func(s *collections.TenantSettings) {
		for d := 24; d <= 30; d++ {
			s.Holidays = append(s.Holidays, at(d, 0, 0).Format(time.DateOnly))
		}
		s.Holidays = append(s.Holidays, "2026-12-01", "2026-12-02", "2026-12-03")
	})
	few, err := svc.FreeSlots(app, f.A.ID(), hooktest.Now, time.Time{}, time.Time{}, collections.KindDropOff, 2)
	require.NoError(t, err)
	all, err = svc.FreeSlots(app, f.A.ID(), hooktest.Now, time.Time{}, time.Time{}, collections.KindDropOff, 0)
	require.NoError(t, err)
	require.Len(t, few, 2)
	assert.Equal(t, time.Date(2026, 12, 4, 9, 0, 0, 0, sp).UTC(), few[0].Start)
	assert.Equal(t, all[:2], few)
}

func TestBookChecksTheRulesOfTheSource(t *testing.T) {
	t.Parallel()
	env := hooktest.New(t)
	app, svc := env.App, env.Wired.Services.Appointments
	f := lightSeed(t, app)
	cust := f.A.Rec[collections.Customers].Id
	order := f.A.Rec[collections.Orders].Id
	req := func(source string, start time.Time) appointments.BookRequest {
		return appointments.BookRequest{Tenant: f.A.ID(), Customer: cust, Kind: collections.KindDropOff, Start: start,
			Source: source, Now: hooktest.Now, Actor: audit.Actor{Label: "assistente"}}
	}
	// The seeded appointment holds Thursday 14:00.
	taken := hooktest.Now.Add(48 * time.Hour)

	for _, tc := range []struct {
		name   string
		req    appointments.BookRequest
		reason error
	}{
		{"slot already full", req(collections.SourceWhatsApp, taken), availability.ErrFull},
		{"overlapping the full slot", req(collections.SourceWhatsApp, taken.Add(15*time.Minute)), availability.ErrFull},
		{"closed in the evening", req(collections.SourceWhatsApp, at(25, 19, 0)), availability.ErrClosed},
		{"closed on Sunday", req(collections.SourceWhatsApp, at(29, 10, 0)), availability.ErrClosed},
		{"too soon", req(collections.SourceWhatsApp, at(24, 15, 0)), availability.ErrTooSoon},
		{"beyond the horizon", req(collections.SourceWhatsApp, time.Date(2027, 1, 5, 10, 0, 0, 0, sp)), availability.ErrBeyondHorizon},
		{"staff: still full", req(collections.SourceStaff, taken), availability.ErrFull},
		{"staff: never in the past", req(collections.SourceStaff, at(24, 13, 0)), appointments.ErrPast},
	} {
		_, err := svc.Book(app, tc.req)
		require.ErrorIs(t, err, appointments.ErrSlotTaken, tc.name)
		require.ErrorIs(t, err, tc.reason, tc.name)
	}

	// Staff may book outside the hours and soon; the end defaults to the slot length.
	a, err := svc.Book(app, req(collections.SourceStaff, at(24, 19, 0)))
	require.NoError(t, err)
	assert.Equal(t, at(24, 19, 30).UTC(), a.End())
	assert.Equal(t, collections.AppointmentScheduled, a.Status())
	assert.Equal(t, collections.SourceStaff, a.Source())

	r := req(collections.SourceWhatsApp, at(25, 10, 0))
	r.Order, r.Notes, r.End = order, "  tela quebrada ", at(25, 11, 0)
	b, err := svc.Book(app, r)
	require.NoError(t, err)
	b = reload(t, app, b.Id)
	assert.Equal(t, order, b.Order())
	assert.Equal(t, "tela quebrada", b.Notes())
	assert.Equal(t, at(25, 11, 0).UTC(), b.End())
	logged, err := app.FindAllRecords(collections.AuditLog, hooktest.Eq(collections.AuditRecord, b.Id))
	require.NoError(t, err)
	require.Len(t, logged, 1)
	assert.Equal(t, "assistente", logged[0].GetString(collections.AuditActorLabel))

	// Another shop's customer or order is not found; an order of another customer is refused.
	other := req(collections.SourceWhatsApp, at(25, 15, 0))
	other.Customer = f.B.Rec[collections.Customers].Id
	_, err = svc.Book(app, other)
	require.ErrorIs(t, err, appointments.ErrNotFound)
	other = req(collections.SourceWhatsApp, at(25, 15, 0))
	other.Order = f.B.Rec[collections.Orders].Id
	_, err = svc.Book(app, other)
	require.ErrorIs(t, err, appointments.ErrNotFound)
	second := hooktest.NewCustomer(t, app, f.A.ID(), "Outro")
	other = req(collections.SourceWhatsApp, at(25, 15, 0))
	other.Customer, other.Order = second.Id, order
	_, err = svc.Book(app, other)
	require.ErrorIs(t, err, appointments.ErrInvalid)
	bad := req(collections.SourceWhatsApp, at(25, 15, 0))
	bad.Kind = "party"
	_, err = svc.Book(app, bad)
	require.ErrorIs(t, err, appointments.ErrInvalid)
	// A deactivated shop books nothing.
	off := req(collections.SourceStaff, at(25, 15, 0))
	off.Tenant, off.Customer = f.C.ID(), f.C.Rec[collections.Customers].Id
	_, err = svc.Book(app, off)
	require.ErrorIs(t, err, appointments.ErrInvalid)
}

func TestBufferAndCapacity(t *testing.T) {
	t.Parallel()
	env := hooktest.New(t)
	app, svc := env.App, env.Wired.Services.Appointments
	f := lightSeed(t, app)
	configure(t, app, f.A.Tenant, func(s *collections.TenantSettings) { s.Capacity, s.BufferMinutes = 2, 10 })
	cust := f.A.Rec[collections.Customers].Id
	book := func(start time.Time) error {
		_, err := svc.Book(app, appointments.BookRequest{Tenant: f.A.ID(), Customer: cust, Kind: collections.KindDiagnosis,
			Start: start, End: start.Add(30 * time.Minute), Source: collections.SourceAPI, Now: hooktest.Now})
		return err
	}
	require.NoError(t, book(at(25, 10, 0)))
	require.NoError(t, book(at(25, 10, 0)), "two benches")
	require.ErrorIs(t, book(at(25, 10, 0)), availability.ErrFull)
	require.ErrorIs(t, book(at(25, 10, 35)), availability.ErrFull, "inside the 10-minute buffer")
	require.NoError(t, book(at(25, 10, 40)), "after the buffer")
}

// TestConcurrentBookingOfTheLastPlace: many customers try the same last
// place at once; exactly one gets it.
func TestConcurrentBookingOfTheLastPlace(t *testing.T) {
	t.Parallel()
	env := hooktest.New(t)
	app, svc := env.App, env.Wired.Services.Appointments
	f := lightSeed(t, app)
	configure(t, app, f.A.Tenant, func(s *collections.TenantSettings) { s.Capacity = 3 })
	cust := f.A.Rec[collections.Customers].Id
	start := at(25, 15, 0)
	appointment(t, app, f.A.ID(), cust, start, 30, collections.AppointmentScheduled)
	appointment(t, app, f.A.ID(), cust, start, 30, collections.AppointmentConfirmed)

	const n = 24
	var wg sync.WaitGroup
	errs := make([]error, n)
	customers := make([]string, n)
	for i := range n {
		customers[i] = hooktest.NewCustomer(t, app, f.A.ID(), "Cliente").Id
	}
	for i := range n {
		wg.Go(func() {
			_, errs[i] = svc.Book(app, appointments.BookRequest{Tenant: f.A.ID(), Customer: customers[i],
				Kind: collections.KindDropOff, Start: start, Source: collections.SourceWhatsApp, Now: hooktest.Now})
		})
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
			continue
		}
		require.ErrorIs(t, err, appointments.ErrSlotTaken)
		require.ErrorIs(t, err, availability.ErrFull)
	}
	assert.Equal(t, 1, ok, "exactly one booking of the last place")
	held, err := svc.FreeSlots(app, f.A.ID(), hooktest.Now, start, start.Add(time.Minute), collections.KindDropOff, 0)
	require.NoError(t, err)
	assert.Empty(t, held, "the slot is full")
	rows, err := app.FindAllRecords(collections.Appointments, hooktest.Eq(collections.AppointmentTenant, f.A.ID(), collections.AppointmentSource, collections.SourceWhatsApp))
	require.NoError(t, err)
	assert.Len(t, rows, 1)
}

func TestCancelConfirmAndUpcoming(t *testing.T) {
	t.Parallel()
	env := hooktest.New(t)
	app := env.App
	f := lightSeed(t, app)
	cust := f.A.Rec[collections.Customers].Id
	seeded := f.A.Rec[collections.Appointments].Id
	appointment(t, app, f.A.ID(), cust, at(24, 9, 0), 30, collections.AppointmentScheduled) // past
	later := appointment(t, app, f.A.ID(), cust, at(27, 9, 0), 30, collections.AppointmentConfirmed)
	appointment(t, app, f.A.ID(), cust, at(26, 9, 0), 30, collections.AppointmentCancelled)
	appointment(t, app, f.A.ID(), hooktest.NewCustomer(t, app, f.A.ID(), "Outro").Id, at(26, 10, 0), 30, collections.AppointmentScheduled)

	up, err := appointments.Upcoming(app, f.A.ID(), cust, hooktest.Now)
	require.NoError(t, err)
	require.Len(t, up, 2, "past, cancelled and other customers' appointments are left out")
	assert.Equal(t, seeded, up[0].Id, "sorted by start")
	assert.Equal(t, later.Id, up[1].Id)
	none, err := appointments.Upcoming(app, f.B.ID(), cust, hooktest.Now)
	require.NoError(t, err)
	assert.Empty(t, none, "A's customer has nothing in B")

	actor := audit.Actor{Label: "cliente"}
	require.NoError(t, appointments.Confirm(app, f.A.ID(), seeded, actor))
	assert.Equal(t, collections.AppointmentConfirmed, reload(t, app, seeded).Status())
	require.NoError(t, appointments.Confirm(app, f.A.ID(), seeded, actor), "confirming twice is fine")
	require.NoError(t, appointments.Cancel(app, f.A.ID(), seeded, actor))
	assert.Equal(t, collections.AppointmentCancelled, reload(t, app, seeded).Status())
	require.NoError(t, appointments.Cancel(app, f.A.ID(), seeded, actor), "cancelling twice is fine")
	err = appointments.Confirm(app, f.A.ID(), seeded, actor)
	require.ErrorIs(t, err, appointments.ErrInvalid, "a cancelled appointment cannot be confirmed")

	require.ErrorIs(t, appointments.Cancel(app, f.B.ID(), later.Id, actor), appointments.ErrNotFound, "B cannot cancel A's")
	assert.Equal(t, collections.AppointmentConfirmed, reload(t, app, later.Id).Status())

	up, err = appointments.Upcoming(app, f.A.ID(), cust, hooktest.Now)
	require.NoError(t, err)
	require.Len(t, up, 1)

	logged, err := app.FindAllRecords(collections.AuditLog, hooktest.Eq(collections.AuditRecord, seeded))
	require.NoError(t, err)
	assert.Len(t, logged, 2, "confirm and cancel are audited, the no-ops are not")
}
