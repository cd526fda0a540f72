package availability

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// BenchmarkFreeSlotsMonth computes a 30-day horizon for a shop open every day
// 08:00–12:00 and 13:00–20:00 with 3 benches, 30-min slots, 10-min buffer,
// 50 bookings a day (which nearly fill it) and two busy periods a day; bookings
// ordered by start (as the database returns them), shuffled, and none (every
// slot offered).
func BenchmarkFreeSlotsMonth(b *testing.B) {
	loc := zone(b, "America/Sao_Paulo")
	s := schedule(b, loc, everyDay(Span{"08:00", "12:00"}, Span{"13:00", "20:00"}), []string{"2026-12-25"}, nil)
	r := Rules{SlotLength: 30 * time.Minute, Buffer: 10 * time.Minute, Capacity: 3, Horizon: 30 * 24 * time.Hour}
	now := time.Date(2026, 12, 1, 7, 0, 0, 0, loc)
	var bookings []Booking
	var busy []Period
	for d := range 31 {
		day := time.Date(2026, 12, 1+d, 8, 0, 0, 0, loc)
		for i := range 50 { // spread over the day with varying overlaps
			start := day.Add(time.Duration(i*37%660) * time.Minute)
			bookings = append(bookings, Booking{Start: start, End: start.Add(30 * time.Minute), Units: 1})
		}
		busy = append(busy,
			Period{Start: day.Add(2 * time.Hour), End: day.Add(2*time.Hour + 30*time.Minute)},
			Period{Start: day.Add(9 * time.Hour), End: day.Add(10 * time.Hour)})
	}
	slices.SortFunc(bookings, func(a, b Booking) int { return a.Start.Compare(b.Start) })
	shuffled := append([]Booking(nil), bookings...)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })

	for _, bc := range []struct {
		name     string
		bookings []Booking
	}{{"sorted", bookings}, {"shuffled", shuffled}, {"no_bookings", nil}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			var n int
			for b.Loop() {
				n = len(s.FreeSlots(r, now, now, time.Time{}, bc.bookings, busy))
			}
			if n == 0 {
				b.Fatal("no slots")
			}
			b.ReportMetric(float64(n), "slots")
		})
	}
}

// BenchmarkFits is the check made under the booking lock.
func BenchmarkFits(b *testing.B) {
	loc := zone(b, "America/Sao_Paulo")
	s := schedule(b, loc, DefaultWeek(), nil, nil)
	r := Rules{SlotLength: 30 * time.Minute, Buffer: 10 * time.Minute, Capacity: 3}
	now := time.Date(2026, 12, 1, 7, 0, 0, 0, loc)
	var bookings []Booking
	for i := range 1500 {
		start := now.Add(time.Duration(i*29) * time.Minute)
		bookings = append(bookings, Booking{Start: start, End: start.Add(30 * time.Minute)})
	}
	start := time.Date(2026, 12, 10, 15, 0, 0, 0, loc)
	b.ReportAllocs()
	for b.Loop() {
		_ = s.Fits(r, now, start, start.Add(30*time.Minute), bookings, nil)
	}
}

// BenchmarkNextOpen looks for the next opening from a Saturday afternoon.
func BenchmarkNextOpen(b *testing.B) {
	loc := zone(b, "America/Sao_Paulo")
	s := schedule(b, loc, DefaultWeek(), []string{"2026-12-07"}, nil)
	t := time.Date(2026, 12, 5, 15, 0, 0, 0, loc)
	b.ReportAllocs()
	for b.Loop() {
		_, _ = s.NextOpen(t)
	}
}
