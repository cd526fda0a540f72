package availability

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// slotCase is one FreeSlots scenario in America/Sao_Paulo; times are local
// "2006-01-02 15:04". 2026-11-30 is a Monday.
type slotCase struct {
	name     string
	week     Week // zero: Monday 09:00–12:00 and 13:00–18:00 only
	holidays []string
	blocked  [][2]string
	rules    Rules
	now      string // default "2026-11-29 08:00" (Sunday, notice out of the way)
	from, to string // default the whole Monday
	bookings []Booking
	busy     [][2]string
	want     []string // "15:04" or "15:04/free" when free ≠ 1
}

func TestFreeSlots(t *testing.T) {
	t.Parallel()
	sp := zone(t, "America/Sao_Paulo")
	l := func(s string) time.Time { return at(t, sp, s) }
	book := func(from, to string, units int) Booking { return Booking{Start: l(from), End: l(to), Units: units} }
	const mon = "2026-11-30 "
	hourly := Rules{SlotLength: time.Hour, MinNotice: -1}
	tests := []slotCase{
		{
			name:  "hours and breaks, exact fit at closing",
			rules: Rules{SlotLength: 45 * time.Minute, MinNotice: -1},
			want:  []string{"09:00", "09:45", "10:30", "11:15", "13:00", "13:45", "14:30", "15:15", "16:00", "16:45"},
		},
		{
			name:  "slots never cross a break",
			week:  Week{Mon: []Span{{"09:00", "11:30"}, {"12:00", "14:00"}}},
			rules: hourly,
			want:  []string{"09:00", "10:00", "12:00", "13:00"},
		},
		{
			name:  "explicit step shorter than the slot",
			week:  Week{Mon: []Span{{"09:00", "11:00"}}},
			rules: Rules{SlotLength: time.Hour, Step: 30 * time.Minute, MinNotice: -1},
			want:  []string{"09:00", "09:30", "10:00"},
		},
		{
			name:  "grid anchored at each span's opening",
			week:  Week{Mon: []Span{{"09:15", "11:00"}, {"13:10", "14:10"}}},
			rules: Rules{SlotLength: 30 * time.Minute, MinNotice: -1},
			want:  []string{"09:15", "09:45", "10:15", "13:10", "13:40"},
		},
		{
			name:  "capacity of two benches",
			week:  Week{Mon: []Span{{"09:00", "12:00"}}},
			rules: Rules{SlotLength: time.Hour, Capacity: 2, MinNotice: -1},
			bookings: []Booking{
				book(mon+"09:00", mon+"10:00", 1), book(mon+"09:00", mon+"10:00", 1), // both benches
				book(mon+"10:00", mon+"11:00", 1), // one bench
			},
			want: []string{"10:00", "11:00/2"},
		},
		{
			name:  "units of a booking",
			week:  Week{Mon: []Span{{"09:00", "12:00"}}},
			rules: Rules{SlotLength: time.Hour, Capacity: 3, MinNotice: -1},
			bookings: []Booking{
				book(mon+"09:00", mon+"10:00", 2),
				book(mon+"10:00", mon+"11:00", 0), // zero counts as one
				book(mon+"11:00", mon+"12:00", 3),
			},
			want: []string{"09:00", "10:00/2"},
		},
		{
			name:     "a booking partly inside a slot takes it",
			week:     Week{Mon: []Span{{"09:00", "12:00"}}},
			rules:    hourly,
			bookings: []Booking{book(mon+"10:45", mon+"11:15", 1)},
			want:     []string{"09:00"},
		},
		{
			name:     "bookings ending at a slot start and starting at its end leave it free",
			week:     Week{Mon: []Span{{"09:00", "12:00"}}},
			rules:    hourly,
			bookings: []Booking{book(mon+"08:00", mon+"09:00", 1), book(mon+"10:00", mon+"11:00", 1)},
			want:     []string{"09:00", "11:00"},
		},
		{
			name:     "empty and reversed bookings are ignored",
			week:     Week{Mon: []Span{{"09:00", "11:00"}}},
			rules:    hourly,
			bookings: []Booking{book(mon+"09:30", mon+"09:30", 1), book(mon+"10:30", mon+"10:00", 1)},
			want:     []string{"09:00", "10:00"},
		},
		{
			name:     "buffer around a booking",
			week:     Week{Mon: []Span{{"09:00", "12:00"}}},
			rules:    Rules{SlotLength: 30 * time.Minute, Buffer: 10 * time.Minute, Step: 30 * time.Minute, MinNotice: -1},
			bookings: []Booking{book(mon+"10:00", mon+"10:30", 1)},
			want:     []string{"09:00", "11:00", "11:30"},
		},
		{
			name:     "same booking without buffer",
			week:     Week{Mon: []Span{{"09:00", "12:00"}}},
			rules:    Rules{SlotLength: 30 * time.Minute, Step: 30 * time.Minute, MinNotice: -1},
			bookings: []Booking{book(mon+"10:00", mon+"10:30", 1)},
			want:     []string{"09:00", "09:30", "10:30", "11:00", "11:30"},
		},
		{
			name:  "default step is slot plus buffer",
			week:  Week{Mon: []Span{{"09:00", "12:00"}}},
			rules: Rules{SlotLength: 30 * time.Minute, Buffer: 10 * time.Minute, MinNotice: -1},
			want:  []string{"09:00", "09:40", "10:20", "11:00"},
		},
		{
			name:  "minimum notice, exactly at now plus notice",
			rules: Rules{SlotLength: time.Hour},
			now:   mon + "13:00",
			want:  []string{"15:00", "16:00", "17:00"},
		},
		{
			name:  "minimum notice rounds up to the grid",
			rules: Rules{SlotLength: time.Hour, MinNotice: 90 * time.Minute},
			now:   mon + "13:05",
			want:  []string{"15:00", "16:00", "17:00"},
		},
		{
			name:  "no notice: from now on",
			rules: hourly,
			now:   mon + "15:00",
			want:  []string{"15:00", "16:00", "17:00"},
		},
		{
			name:  "horizon: starts before now plus horizon only",
			rules: Rules{SlotLength: time.Hour, MinNotice: -1, Horizon: 26 * time.Hour},
			now:   "2026-11-29 09:00",
			want:  []string{"09:00", "10:00"},
		},
		{
			name:     "holiday",
			rules:    hourly,
			holidays: []string{"2026-11-30"},
			want:     []string{},
		},
		{
			name:    "blocked period",
			rules:   Rules{SlotLength: 30 * time.Minute, MinNotice: -1},
			blocked: [][2]string{{mon + "09:20", mon + "11:30"}, {mon + "14:00", mon + "17:00"}},
			want:    []string{"11:30", "13:00", "13:30", "17:00", "17:30"},
		},
		{
			name:     "busy period takes all capacity",
			rules:    Rules{SlotLength: time.Hour, Capacity: 3, MinNotice: -1},
			busy:     [][2]string{{mon + "13:30", mon + "13:40"}, {mon + "16:00", mon + "20:00"}, {mon + "10:00", mon + "10:05"}},
			bookings: []Booking{book(mon+"09:00", mon+"10:00", 1)},
			want:     []string{"09:00/2", "11:00/3", "14:00/3", "15:00/3"},
		},
		{
			name:  "window [from, to): a slot starting before to may end after it",
			rules: hourly,
			from:  mon + "10:00", to: mon + "14:00",
			want: []string{"10:00", "11:00", "13:00"},
		},
		{
			name:  "window cut inside a slot",
			rules: hourly,
			from:  mon + "10:30", to: mon + "13:30",
			want: []string{"11:00", "13:00"},
		},
		{
			name:  "late shift crossing midnight",
			week:  Week{Sun: []Span{{"22:00", "02:00"}}},
			rules: hourly,
			from:  "2026-11-29 12:00", to: "2026-11-30 12:00",
			want: []string{"22:00", "23:00", "00:00", "01:00"},
		},
		{
			name:  "adjacent spans: a slot may run into the next span, each span keeps its grid",
			week:  Week{Sun: []Span{{"20:00", "24:00"}}, Mon: []Span{{"00:00", "02:00"}}},
			rules: Rules{SlotLength: 90 * time.Minute, MinNotice: -1},
			from:  "2026-11-29 12:00", to: "2026-11-30 12:00",
			want: []string{"20:00", "21:30", "23:00", "00:00"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			week := tt.week
			if reflect.ValueOf(week).IsZero() {
				week = Week{Mon: []Span{{"09:00", "12:00"}, {"13:00", "18:00"}}}
			}
			var blocked, busy []Period
			for _, b := range tt.blocked {
				blocked = append(blocked, Period{Start: l(b[0]), End: l(b[1])})
			}
			for _, b := range tt.busy {
				busy = append(busy, Period{Start: l(b[0]), End: l(b[1])})
			}
			s := schedule(t, sp, week, tt.holidays, blocked)
			now, from, to := "2026-11-29 08:00", mon+"00:00", "2026-12-01 00:00"
			if tt.now != "" {
				now = tt.now
			}
			if tt.from != "" {
				from, to = tt.from, tt.to
			}
			got := s.FreeSlots(tt.rules, l(now), l(from), l(to), tt.bookings, busy)
			texts := make([]string, len(got))
			r := tt.rules.WithDefaults()
			for i, sl := range got {
				texts[i] = sl.Start.In(sp).Format("15:04")
				if sl.Free != 1 {
					texts[i] += "/" + string(rune('0'+sl.Free))
				}
				assert.Equal(t, time.UTC, sl.Start.Location())
				assert.Equal(t, r.SlotLength, sl.End.Sub(sl.Start))
				// FreeSlots and Fits agree.
				assert.NoError(t, s.Fits(tt.rules, l(now), sl.Start, sl.End, tt.bookings, busy), texts[i])
			}
			assert.Equal(t, tt.want, texts)

			// Bookings and busy periods in any order give the same answer.
			slices.Reverse(tt.bookings)
			slices.Reverse(busy)
			assert.Equal(t, got, s.FreeSlots(tt.rules, l(now), l(from), l(to), tt.bookings, busy))
		})
	}
}

func TestFreeSlotsDaysPartitionTheHorizon(t *testing.T) {
	t.Parallel()
	sp := zone(t, "America/Sao_Paulo")
	week := DefaultWeek()
	week.Fri = []Span{{"09:00", "12:00"}, {"22:00", "02:00"}}
	s := schedule(t, sp, week, []string{"2026-12-08"}, nil)
	r := Rules{SlotLength: 45 * time.Minute, Buffer: 15 * time.Minute, Capacity: 2}
	now := at(t, sp, "2026-11-30 10:10")
	bookings := []Booking{
		{Start: at(t, sp, "2026-12-01 09:00"), End: at(t, sp, "2026-12-01 10:00")},
		{Start: at(t, sp, "2026-12-01 09:30"), End: at(t, sp, "2026-12-01 10:30")},
		{Start: at(t, sp, "2026-12-04 23:00"), End: at(t, sp, "2026-12-05 00:30"), Units: 2},
	}

	all := s.FreeSlots(r, now, time.Time{}, time.Time{}, bookings, nil)
	require.NotEmpty(t, all)
	assert.Equal(t, at(t, sp, "2026-11-30 13:00").UTC(), all[0].Start, "notice to 12:10, then the hourly grid")
	assert.Less(t, all[len(all)-1].Start, now.Add(30*24*time.Hour))

	var byDay []Slot
	for d := at(t, sp, "2026-11-30 00:00"); d.Before(now.Add(32 * 24 * time.Hour)); d = d.AddDate(0, 0, 1) {
		byDay = append(byDay, s.FreeSlots(r, now, d, d.AddDate(0, 0, 1), bookings, nil)...)
	}
	assert.Equal(t, all, byDay, "one query per day returns each slot once")
	for i := 1; i < len(all); i++ {
		assert.Less(t, all[i-1].Start, all[i].Start)
	}
}

func TestFreeSlotsEmptyWindows(t *testing.T) {
	t.Parallel()
	sp := zone(t, "America/Sao_Paulo")
	s := schedule(t, sp, DefaultWeek(), nil, nil)
	now := at(t, sp, "2026-12-01 08:00")
	tests := []struct {
		name     string
		from, to time.Time
		rules    Rules
	}{
		{name: "to before from", from: now.Add(48 * time.Hour), to: now.Add(24 * time.Hour)},
		{name: "window in the past", from: now.Add(-48 * time.Hour), to: now.Add(-24 * time.Hour)},
		{name: "window inside the notice", from: now, to: now.Add(time.Hour)},
		{name: "window beyond the horizon", from: now.Add(31 * 24 * time.Hour), to: now.Add(40 * 24 * time.Hour)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Empty(t, s.FreeSlots(tt.rules, now, tt.from, tt.to, nil, nil))
		})
	}
}

func TestRulesWithDefaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   Rules
		want Rules
	}{
		{
			name: "zero",
			want: Rules{SlotLength: 30 * time.Minute, MinNotice: 2 * time.Hour, Horizon: 30 * 24 * time.Hour, Capacity: 1, Step: 30 * time.Minute},
		},
		{
			name: "buffer widens the default step",
			in:   Rules{SlotLength: time.Hour, Buffer: 15 * time.Minute},
			want: Rules{SlotLength: time.Hour, Buffer: 15 * time.Minute, MinNotice: 2 * time.Hour, Horizon: 30 * 24 * time.Hour, Capacity: 1, Step: 75 * time.Minute},
		},
		{
			name: "set values are kept, negative notice means none",
			in:   Rules{SlotLength: 20 * time.Minute, MinNotice: -1, Horizon: time.Hour, Capacity: 4, Step: 10 * time.Minute},
			want: Rules{SlotLength: 20 * time.Minute, MinNotice: -1, Horizon: time.Hour, Capacity: 4, Step: 10 * time.Minute},
		},
		{
			name: "out of range",
			in:   Rules{SlotLength: -time.Minute, Buffer: -time.Minute, Horizon: -time.Hour, Capacity: -2, Step: time.Second},
			want: Rules{SlotLength: 30 * time.Minute, MinNotice: 2 * time.Hour, Horizon: 30 * 24 * time.Hour, Capacity: 1, Step: time.Minute},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := tt.in.WithDefaults()
			assert.Equal(t, tt.want, got)
			assert.Equal(t, got, got.WithDefaults(), "idempotent")
		})
	}
}
