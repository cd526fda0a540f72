package availability

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// DST transitions used below:
//   - America/Sao_Paulo 2018-11-04 03:00 UTC: 00:00 -03 became 01:00 -02 (00:00–00:59 never happened);
//   - America/Sao_Paulo 2019-02-17 02:00 UTC: 24:00 -02 became 23:00 -03 (23:00–23:59 on the 16th happened twice);
//   - America/New_York 2026-03-08 07:00 UTC: 02:00 EST became 03:00 EDT;
//   - America/New_York 2026-11-01 06:00 UTC: 02:00 EDT became 01:00 EST.
// 2018-11-04, 2026-03-08 and 2026-11-01 are Sundays; 2019-02-16 is a Saturday.

func TestResolveWallClock(t *testing.T) {
	t.Parallel()
	tests := []struct {
		zone, wall, want string // want in UTC
	}{
		{"America/Sao_Paulo", "2026-12-01 09:00", "2026-12-01 12:00"},
		{"America/Sao_Paulo", "2018-11-03 23:59", "2018-11-04 02:59"},
		{"America/Sao_Paulo", "2018-11-04 00:00", "2018-11-04 03:00"}, // gap: the jump
		{"America/Sao_Paulo", "2018-11-04 00:30", "2018-11-04 03:00"},
		{"America/Sao_Paulo", "2018-11-04 01:00", "2018-11-04 03:00"},
		{"America/Sao_Paulo", "2018-11-04 09:00", "2018-11-04 11:00"},
		{"America/Sao_Paulo", "2019-02-16 22:59", "2019-02-17 00:59"},
		{"America/Sao_Paulo", "2019-02-16 23:00", "2019-02-17 01:00"}, // repeat: first occurrence
		{"America/Sao_Paulo", "2019-02-16 23:30", "2019-02-17 01:30"},
		{"America/Sao_Paulo", "2019-02-17 00:00", "2019-02-17 03:00"},
		{"America/New_York", "2026-03-08 01:59", "2026-03-08 06:59"},
		{"America/New_York", "2026-03-08 02:00", "2026-03-08 07:00"},
		{"America/New_York", "2026-03-08 02:30", "2026-03-08 07:00"},
		{"America/New_York", "2026-03-08 03:00", "2026-03-08 07:00"},
		{"America/New_York", "2026-11-01 00:59", "2026-11-01 04:59"},
		{"America/New_York", "2026-11-01 01:00", "2026-11-01 05:00"},
		{"America/New_York", "2026-11-01 01:30", "2026-11-01 05:30"},
		{"America/New_York", "2026-11-01 02:00", "2026-11-01 07:00"},
		{"Pacific/Apia", "2011-12-30 12:00", "2011-12-30 10:00"}, // Samoa skipped this whole day
		{"UTC", "2026-12-01 09:00", "2026-12-01 09:00"},
	}
	for _, tt := range tests {
		t.Run(tt.zone+" "+tt.wall, func(t *testing.T) {
			t.Parallel()
			got := resolve(zone(t, tt.zone), utcAt(t, tt.wall).UnixNano())
			assert.Equal(t, utcAt(t, tt.want), utc(got))
		})
	}
}

func TestDSTOpenPeriods(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		zone     string
		week     Week
		from, to string   // UTC
		want     []string // UTC "01-02 15:04–01-02 15:04"
		hours    []float64
	}{
		{
			name: "sao paulo 09:00–18:00 on the spring-forward day is an ordinary day", zone: "America/Sao_Paulo",
			week: everyDay(Span{"09:00", "18:00"}), from: "2018-11-04 00:00", to: "2018-11-05 00:00",
			want: []string{"11-04 11:00–11-04 20:00"}, hours: []float64{9},
		},
		{
			name: "sao paulo 09:00–18:00 around the fall-back night", zone: "America/Sao_Paulo",
			week: everyDay(Span{"09:00", "18:00"}), from: "2019-02-16 00:00", to: "2019-02-18 00:00",
			want: []string{"02-16 11:00–02-16 20:00", "02-17 12:00–02-17 21:00"}, hours: []float64{9, 9},
		},
		{
			name: "sao paulo span opening in the gap opens at the jump", zone: "America/Sao_Paulo",
			week: Week{Sun: []Span{{"00:00", "06:00"}}}, from: "2018-11-03 12:00", to: "2018-11-05 00:00",
			want: []string{"11-04 03:00–11-04 08:00"}, hours: []float64{5},
		},
		{
			name: "sao paulo late shift over the gap", zone: "America/Sao_Paulo",
			week: Week{Sat: []Span{{"22:00", "02:00"}}}, from: "2018-11-03 12:00", to: "2018-11-05 00:00",
			want: []string{"11-04 01:00–11-04 04:00"}, hours: []float64{3},
		},
		{
			name: "sao paulo late shift over the repeated hour", zone: "America/Sao_Paulo",
			week: Week{Sat: []Span{{"22:00", "02:00"}}}, from: "2019-02-16 12:00", to: "2019-02-18 00:00",
			want: []string{"02-17 00:00–02-17 05:00"}, hours: []float64{5},
		},
		{
			name: "sao paulo span until midnight covers both 23:00s", zone: "America/Sao_Paulo",
			week: Week{Sat: []Span{{"22:00", "24:00"}}}, from: "2019-02-16 12:00", to: "2019-02-18 00:00",
			want: []string{"02-17 00:00–02-17 03:00"}, hours: []float64{3},
		},
		{
			name: "sao paulo span closing in the repeated hour closes at its first occurrence", zone: "America/Sao_Paulo",
			week: Week{Sat: []Span{{"18:00", "23:30"}}}, from: "2019-02-16 12:00", to: "2019-02-18 00:00",
			want: []string{"02-16 20:00–02-17 01:30"}, hours: []float64{5.5},
		},
		{
			name: "new york whole sunday spring forward", zone: "America/New_York",
			week: Week{Sun: []Span{{"00:00", "24:00"}}}, from: "2026-03-07 00:00", to: "2026-03-10 00:00",
			want: []string{"03-08 05:00–03-09 04:00"}, hours: []float64{23},
		},
		{
			name: "new york whole sunday fall back", zone: "America/New_York",
			week: Week{Sun: []Span{{"00:00", "24:00"}}}, from: "2026-10-31 00:00", to: "2026-11-03 00:00",
			want: []string{"11-01 04:00–11-02 05:00"}, hours: []float64{25},
		},
		{
			name: "new york late shift spring forward", zone: "America/New_York",
			week: Week{Sat: []Span{{"22:00", "04:00"}}}, from: "2026-03-07 00:00", to: "2026-03-09 00:00",
			want: []string{"03-08 03:00–03-08 08:00"}, hours: []float64{5},
		},
		{
			name: "new york late shift fall back", zone: "America/New_York",
			week: Week{Sat: []Span{{"22:00", "04:00"}}}, from: "2026-10-31 00:00", to: "2026-11-02 00:00",
			want: []string{"11-01 02:00–11-01 09:00"}, hours: []float64{7},
		},
		{
			name: "new york span inside the gap is empty", zone: "America/New_York",
			week: Week{Sun: []Span{{"02:00", "03:00"}, {"09:00", "10:00"}}}, from: "2026-03-08 00:00", to: "2026-03-09 00:00",
			want: []string{"03-08 13:00–03-08 14:00"}, hours: []float64{1},
		},
		{
			name: "new york 09:00–17:00 unaffected", zone: "America/New_York",
			week: Week{Sun: []Span{{"09:00", "17:00"}}}, from: "2026-11-01 00:00", to: "2026-11-02 00:00",
			want: []string{"11-01 14:00–11-01 22:00"}, hours: []float64{8},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := schedule(t, zone(t, tt.zone), tt.week, nil, nil)
			got := s.OpenPeriods(utcAt(t, tt.from), utcAt(t, tt.to))
			assert.Equal(t, tt.want, periodsText(time.UTC, got, "01-02 15:04"))
			hours := make([]float64, len(got))
			for i, p := range got {
				hours[i] = p.End.Sub(p.Start).Hours()
			}
			assert.Equal(t, tt.hours, hours)
		})
	}
}

func TestDSTFreeSlots(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		zone     string
		week     Week
		rules    Rules
		from, to string // UTC
		bookings [][2]string
		want     []string // local "15:04 MST"
	}{
		{
			name: "sao paulo late shift over the gap", zone: "America/Sao_Paulo",
			week: Week{Sat: []Span{{"22:00", "02:00"}}}, rules: Rules{SlotLength: 30 * time.Minute},
			from: "2018-11-03 12:00", to: "2018-11-05 00:00",
			want: []string{"22:00 -03", "22:30 -03", "23:00 -03", "23:30 -03", "01:00 -02", "01:30 -02"},
		},
		{
			name: "sao paulo late shift over the repeated hour offers both occurrences", zone: "America/Sao_Paulo",
			week: Week{Sat: []Span{{"22:00", "02:00"}}}, rules: Rules{SlotLength: 30 * time.Minute},
			from: "2019-02-16 12:00", to: "2019-02-18 00:00",
			want: []string{"22:00 -02", "22:30 -02", "23:00 -02", "23:30 -02", "23:00 -03", "23:30 -03", "00:00 -03", "00:30 -03", "01:00 -03", "01:30 -03"},
		},
		{
			name: "a booking holds real time: only the first 23:00 is taken", zone: "America/Sao_Paulo",
			week: Week{Sat: []Span{{"22:00", "02:00"}}}, rules: Rules{SlotLength: time.Hour},
			from: "2019-02-16 12:00", to: "2019-02-18 00:00", bookings: [][2]string{{"2019-02-17 01:00", "2019-02-17 02:00"}},
			want: []string{"22:00 -02", "23:00 -03", "00:00 -03", "01:00 -03"},
		},
		{
			name: "sao paulo 09:00–18:00 on the spring-forward sunday", zone: "America/Sao_Paulo",
			week: Week{Sun: []Span{{"09:00", "18:00"}}}, rules: Rules{SlotLength: 90 * time.Minute},
			from: "2018-11-04 00:00", to: "2018-11-05 00:00",
			want: []string{"09:00 -02", "10:30 -02", "12:00 -02", "13:30 -02", "15:00 -02", "16:30 -02"},
		},
		{
			name: "new york spring forward skips 02:00", zone: "America/New_York",
			week: Week{Sun: []Span{{"00:00", "05:00"}}}, rules: Rules{SlotLength: time.Hour},
			from: "2026-03-08 00:00", to: "2026-03-09 00:00",
			want: []string{"00:00 EST", "01:00 EST", "03:00 EDT", "04:00 EDT"},
		},
		{
			name: "new york spring forward keeps the wall-clock grid", zone: "America/New_York",
			week: Week{Sun: []Span{{"00:00", "05:00"}}}, rules: Rules{SlotLength: 45 * time.Minute},
			from: "2026-03-08 00:00", to: "2026-03-09 00:00",
			want: []string{"00:00 EST", "00:45 EST", "01:30 EST", "03:00 EDT", "03:45 EDT"},
		},
		{
			name: "new york fall back repeats 01:00", zone: "America/New_York",
			week: Week{Sun: []Span{{"00:00", "04:00"}}}, rules: Rules{SlotLength: time.Hour},
			from: "2026-11-01 00:00", to: "2026-11-02 00:00",
			want: []string{"00:00 EDT", "01:00 EDT", "01:00 EST", "02:00 EST", "03:00 EST"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			loc := zone(t, tt.zone)
			s := schedule(t, loc, tt.week, nil, nil)
			rules := tt.rules
			rules.MinNotice = -1
			rules.Horizon = 400 * 24 * time.Hour
			var bookings []Booking
			for _, b := range tt.bookings {
				bookings = append(bookings, Booking{Start: utcAt(t, b[0]), End: utcAt(t, b[1])})
			}
			from := utcAt(t, tt.from)
			got := s.FreeSlots(rules, from, from, utcAt(t, tt.to), bookings, nil)
			assert.Equal(t, tt.want, starts(loc, got, "15:04 MST"))
			for _, sl := range got {
				assert.Equal(t, tt.rules.WithDefaults().SlotLength, sl.End.Sub(sl.Start), "real elapsed length")
			}
		})
	}
}

// TestDSTConsistency sweeps months with transitions and checks that IsOpen,
// NextOpen, OpenPeriods, FreeSlots and Fits tell one story.
func TestDSTConsistency(t *testing.T) {
	t.Parallel()
	weeks := map[string]Week{
		"breaks":     {Mon: []Span{{"09:00", "12:00"}, {"13:00", "18:00"}}, Sat: []Span{{"09:00", "13:00"}}, Sun: []Span{{"10:00", "14:00"}}},
		"late shift": {Fri: []Span{{"18:00", "02:00"}}, Sat: []Span{{"21:30", "03:15"}}, Sun: []Span{{"09:00", "12:00"}}},
		"night owl":  everyDay(Span{"00:00", "03:30"}, Span{"20:00", "24:00"}),
		"always":     everyDay(Span{"00:00", "24:00"}),
	}
	ranges := []struct{ zone, from, to string }{
		{"America/Sao_Paulo", "2018-10-28 00:00", "2018-11-12 00:00"},
		{"America/Sao_Paulo", "2019-02-10 00:00", "2019-02-24 00:00"},
		{"America/New_York", "2026-03-01 00:00", "2026-03-15 00:00"},
		{"America/New_York", "2026-10-25 00:00", "2026-11-08 00:00"},
	}
	steps := []time.Duration{20 * time.Minute, 45 * time.Minute, 70 * time.Minute}
	for name, week := range weeks {
		for _, rg := range ranges {
			t.Run(name+" "+rg.zone+" "+rg.from, func(t *testing.T) {
				t.Parallel()
				loc := zone(t, rg.zone)
				from, to := utcAt(t, rg.from), utcAt(t, rg.to)
				blocked := []Period{{Start: from.Add(50 * time.Hour), End: from.Add(53*time.Hour + 10*time.Minute)}}
				s := schedule(t, loc, week, nil, blocked)
				periods := s.OpenPeriods(from, to.Add(24*time.Hour)) // slots starting before to may end after it
				require.NotEmpty(t, periods)
				for i, p := range periods {
					require.True(t, p.Start.Before(p.End))
					if i > 0 {
						require.True(t, periods[i-1].End.Before(p.Start), "periods are merged and ordered")
					}
				}
				inPeriods := func(x time.Time) int {
					for i, p := range periods {
						if !x.Before(p.Start) && x.Before(p.End) {
							return i
						}
					}
					return -1
				}

				for x := from; x.Before(to.Add(-72 * time.Hour)); x = x.Add(10 * time.Minute) {
					require.Equal(t, inPeriods(x) >= 0, s.IsOpen(x), "IsOpen at %s", x.In(loc))
					next, ok := s.NextOpen(x)
					require.True(t, ok)
					want := x
					if inPeriods(x) < 0 {
						for _, p := range periods {
							if p.Start.After(x) {
								want = p.Start
								break
							}
						}
					}
					require.Equal(t, want, next, "NextOpen at %s", x.In(loc))
				}

				for _, step := range steps {
					r := Rules{SlotLength: 30 * time.Minute, Step: step, MinNotice: -1, Horizon: 60 * 24 * time.Hour}
					slots := s.FreeSlots(r, from, from, to, nil, nil)
					require.NotEmpty(t, slots)
					for i, sl := range slots {
						require.Equal(t, 30*time.Minute, sl.End.Sub(sl.Start))
						if i > 0 {
							require.True(t, slots[i-1].Start.Before(sl.Start), "strictly increasing, no duplicates")
						}
						p := inPeriods(sl.Start)
						require.GreaterOrEqual(t, p, 0, "slot %s starts open", sl.Start.In(loc))
						require.False(t, sl.End.After(periods[p].End), "slot %s inside one period", sl.Start.In(loc))
						require.NoError(t, s.Fits(r, from, sl.Start, sl.End, nil, nil))
						local := sl.Start.In(loc)
						wall := local.Hour()*60 + local.Minute()
						require.Zero(t, (wall-spanStartFor(t, week, local))%int(step.Minutes()), "on the wall-clock grid: %s", local)
					}
				}
			})
		}
	}
}

// spanStartFor returns the From, in minutes after midnight of local's date, of
// the span a slot starting at local belongs to: the latest span start at or
// before it, on its day or (for late shifts) the day before.
func spanStartFor(t *testing.T, w Week, local time.Time) int {
	t.Helper()
	wall := local.Hour()*60 + local.Minute()
	best, found := 0, false
	for _, sp := range w.Day(local.Weekday()) {
		from, _ := parseClock(sp.From)
		if from <= wall && (!found || from > best) {
			best, found = from, true
		}
	}
	if found {
		return best
	}
	for _, sp := range w.Day((local.Weekday() + 6) % 7) {
		from, _ := parseClock(sp.From)
		to, _ := parseClock(sp.To)
		if to < from {
			best, found = from-minutesPerDay, true
		}
	}
	require.True(t, found, "no span for %s", local)
	return best
}
