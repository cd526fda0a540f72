package appointments_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/availability"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/appointments"
	"github.com/bancada/bancada/hooks/deps"
	"github.com/bancada/bancada/hooks/hooktest"
)

// benchShop is a shop open every day 08:00–12:00 and 13:00–20:00 with 3
// benches, 30-minute slots and a 10-minute buffer, with 50 appointments a
// day over the next month (which nearly fills it), plus nine other shops
// with the same load in the same table.
func benchShop(b *testing.B) (*hooktest.Env, *hooktest.Shop, time.Time) {
	b.Helper()
	now := time.Date(2026, 12, 1, 7, 0, 0, 0, sp)
	env := hooktest.New(b, func(d *deps.Deps) { d.Now = func() time.Time { return now } })
	app := env.App
	day := []availability.Span{{From: "08:00", To: "12:00"}, {From: "13:00", To: "20:00"}}
	week := availability.Week{Mon: day, Tue: day, Wed: day, Thu: day, Fri: day, Sat: day, Sun: day}
	var target *hooktest.Shop
	for s := range 10 {
		shop := hooktest.SeedShop(b, app, string(rune('D'+s)), false)
		configure(b, app, shop.Tenant, func(st *collections.TenantSettings) {
			st.Hours, st.Holidays = &week, []string{"2026-12-25"}
			st.Capacity, st.SlotMinutes, st.BufferMinutes, st.MinNoticeMinutes, st.HorizonDays = 3, 30, 10, 60, 30
		})
		cust := shop.Rec[collections.Customers].Id
		require.NoError(b, app.RunInTransaction(func(tx core.App) error {
			for d := range 31 {
				open := time.Date(2026, 12, 1+d, 8, 0, 0, 0, sp)
				for i := range 50 { // spread over the day with varying overlaps
					start := open.Add(time.Duration(i*37%660) * time.Minute)
					a, err := collections.NewAppointment(tx, shop.ID())
					if err != nil {
						return err
					}
					a.SetCustomer(cust)
					a.SetKind(collections.KindDropOff)
					a.SetTimes(start, start.Add(30*time.Minute))
					a.SetSource(collections.SourceStaff)
					if err := tx.Save(a); err != nil {
						return err
					}
				}
			}
			return nil
		}))
		if target == nil {
			target = shop
		}
	}
	return env, target, now
}

// cpuTime is the process's user+system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds the CPU time per operation since start: on a busy
// machine wall-clock figures include waiting for a core, this does not.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64((cpuTime()-start).Microseconds())/float64(b.N), "cpu-µs/op")
}

// reportLatency adds the median and 99th percentile of the iterations.
func reportLatency(b *testing.B, d []time.Duration) {
	if len(d) == 0 {
		return
	}
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(d[len(d)*99/100].Microseconds()), "p99-µs")
}

// BenchmarkFreeSlotsMonth measures free-slot computations for a month's
// horizon with 50 appointments a day: the pure engine (bookings already in
// memory), FreeSlots on the database (tenant, settings and a month of
// appointments loaded per call), and GET /api/bancada/slots over loopback
// HTTP. computations/s = 1e9 / ns/op.
func BenchmarkFreeSlotsMonth(b *testing.B) {
	env, shop, now := benchShop(b)
	app, svc := env.App, env.Wired.Services.Appointments

	b.Run("engine", func(b *testing.B) {
		t := collections.AsTenant(shop.Tenant)
		fresh, err := app.FindRecordById(collections.Tenants, t.Id)
		require.NoError(b, err)
		t = collections.AsTenant(fresh)
		sched, err := appointments.Schedule(t)
		require.NoError(b, err)
		rules := appointments.Rules(t, collections.KindDropOff)
		recs, err := app.FindRecordsByFilter(collections.Appointments, "tenant = {:t}", "start", 0, 0, map[string]any{"t": t.Id})
		require.NoError(b, err)
		bookings := make([]availability.Booking, len(recs))
		for i, r := range recs {
			a := collections.AsAppointment(r)
			bookings[i] = availability.Booking{Start: a.Start(), End: a.End(), Units: 1}
		}
		b.ReportAllocs()
		var n int
		lat := make([]time.Duration, 0, 1<<16)
		cpu0 := cpuTime()
		for b.Loop() {
			t0 := time.Now()
			n = len(sched.FreeSlots(rules, now, now, time.Time{}, bookings, nil))
			lat = append(lat, time.Since(t0))
		}
		reportCPU(b, cpu0)
		require.NotZero(b, n)
		b.ReportMetric(float64(n), "slots")
		b.ReportMetric(float64(len(bookings)), "bookings")
		reportLatency(b, lat)
	})

	b.Run("db", func(b *testing.B) {
		b.ReportAllocs()
		var n int
		lat := make([]time.Duration, 0, 1<<14)
		cpu0 := cpuTime()
		for b.Loop() {
			t0 := time.Now()
			slots, err := svc.FreeSlots(app, shop.ID(), now, now, time.Time{}, collections.KindDropOff, 0)
			lat = append(lat, time.Since(t0))
			if err != nil {
				b.Fatal(err)
			}
			n = len(slots)
		}
		reportCPU(b, cpu0)
		require.NotZero(b, n)
		b.ReportMetric(float64(n), "slots")
		booked, err := app.CountRecords(collections.Appointments, hooktest.Eq(collections.FieldTenant, shop.ID()))
		require.NoError(b, err)
		b.ReportMetric(float64(booked), "bookings")
		reportLatency(b, lat)
	})

	b.Run("db_first3", func(b *testing.B) { // what the assistant asks for
		b.ReportAllocs()
		lat := make([]time.Duration, 0, 1<<14)
		cpu0 := cpuTime()
		for b.Loop() {
			t0 := time.Now()
			slots, err := svc.FreeSlots(app, shop.ID(), now, now, time.Time{}, collections.KindDropOff, 3)
			lat = append(lat, time.Since(t0))
			if err != nil || len(slots) != 3 {
				b.Fatal(err, len(slots))
			}
		}
		reportCPU(b, cpu0)
		reportLatency(b, lat)
	})

	b.Run("http", func(b *testing.B) {
		srv := httptest.NewServer(hooktest.Handler(b, app))
		defer srv.Close()
		owner := hooktest.NewStaff(b, app, shop.ID(), "dono", collections.RoleOwner)
		req, err := http.NewRequest(http.MethodGet, srv.URL+"/api/bancada/slots", nil)
		require.NoError(b, err)
		req.Header.Set("Authorization", hooktest.Token(b, owner))
		lat := make([]time.Duration, 0, 1<<14)
		cpu0 := cpuTime()
		for b.Loop() {
			t0 := time.Now()
			res, err := srv.Client().Do(req)
			if err != nil {
				b.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			lat = append(lat, time.Since(t0))
			if res.StatusCode != http.StatusOK {
				b.Fatalf("status %d", res.StatusCode)
			}
		}
		reportCPU(b, cpu0) // client and server: both run in this process
		reportLatency(b, lat)
	})
}
