package availability

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Dates used below (America/Sao_Paulo, no DST since 2019): 2026-12-01 is a
// Tuesday, 2026-12-04 a Friday, 2026-12-25 (Christmas) a Friday.

func TestNewScheduleErrors(t *testing.T) {
	t.Parallel()
	sp := zone(t, "America/Sao_Paulo")
	tests := []struct {
		name     string
		loc      *time.Location
		holidays []string
		blocked  []Period
		err      string
	}{
		{name: "no zone", err: "fuso horário não informado"},
		{name: "bad holiday", loc: sp, holidays: []string{"2026-12-25", "2026-13-01"}, err: `feriado inválido: "2026-13-01"`},
		{name: "holiday in other format", loc: sp, holidays: []string{"25/12/2026"}, err: `feriado inválido: "25/12/2026"`},
		{
			name: "blocked ends before it starts", loc: sp,
			blocked: []Period{{Start: at(t, sp, "2026-12-10 16:00"), End: at(t, sp, "2026-12-10 14:00")}},
			err:     "período bloqueado inválido: o fim (10/12/2026 14:00) não é depois do início (10/12/2026 16:00)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := NewSchedule(tt.loc, DefaultWeek(), tt.holidays, tt.blocked)
			require.EqualError(t, err, tt.err)
		})
	}
}

func TestScheduleKeepsItsOwnWeek(t *testing.T) {
	t.Parallel()
	sp := zone(t, "America/Sao_Paulo")
	w := DefaultWeek()
	s := schedule(t, sp, w, nil, nil)
	w.Mon[0].From = "11:00"
	s.Week().Tue[0].From = "11:00"
	assert.Equal(t, DefaultWeek(), s.Week())
	assert.True(t, s.IsOpen(at(t, sp, "2026-11-30 09:00")))
	assert.Equal(t, sp, s.Location())
}

func TestIsOpen(t *testing.T) {
	t.Parallel()
	sp := zone(t, "America/Sao_Paulo")
	blocked := []Period{{Start: at(t, sp, "2026-12-10 14:00"), End: at(t, sp, "2026-12-10 16:00")}}
	def := schedule(t, sp, DefaultWeek(), []string{"2026-12-25"}, blocked)
	breaks := schedule(t, sp, Week{Tue: []Span{{"09:00", "12:00"}, {"13:00", "18:00"}}}, nil, nil)
	late := schedule(t, sp, Week{Fri: []Span{{"22:00", "02:00"}}}, nil, nil)
	lateSatHoliday := schedule(t, sp, Week{Fri: []Span{{"22:00", "02:00"}}}, []string{"2026-12-05"}, nil)
	lateFriHoliday := schedule(t, sp, Week{Fri: []Span{{"22:00", "02:00"}}}, []string{"2026-12-04"}, nil)
	tests := []struct {
		name  string
		s     *Schedule
		local string
		want  bool
	}{
		{name: "before opening", s: def, local: "2026-12-01 08:59", want: false},
		{name: "exactly at opening", s: def, local: "2026-12-01 09:00", want: true},
		{name: "midday", s: def, local: "2026-12-01 12:00", want: true},
		{name: "last minute", s: def, local: "2026-12-01 17:59", want: true},
		{name: "exactly at closing", s: def, local: "2026-12-01 18:00", want: false},
		{name: "saturday morning", s: def, local: "2026-12-05 12:59", want: true},
		{name: "saturday closing", s: def, local: "2026-12-05 13:00", want: false},
		{name: "sunday", s: def, local: "2026-12-06 10:00", want: false},
		{name: "holiday", s: def, local: "2026-12-25 10:00", want: false},
		{name: "day after holiday", s: def, local: "2026-12-26 10:00", want: true},
		{name: "just before blocked", s: def, local: "2026-12-10 13:59", want: true},
		{name: "blocked start", s: def, local: "2026-12-10 14:00", want: false},
		{name: "blocked end", s: def, local: "2026-12-10 16:00", want: true},
		{name: "break start", s: breaks, local: "2026-12-01 12:00", want: false},
		{name: "in the break", s: breaks, local: "2026-12-01 12:30", want: false},
		{name: "after the break", s: breaks, local: "2026-12-01 13:00", want: true},
		{name: "before late shift", s: late, local: "2026-12-04 21:59", want: false},
		{name: "late shift start", s: late, local: "2026-12-04 22:00", want: true},
		{name: "late shift at midnight", s: late, local: "2026-12-05 00:00", want: true},
		{name: "late shift last minute", s: late, local: "2026-12-05 01:59", want: true},
		{name: "late shift end", s: late, local: "2026-12-05 02:00", want: false},
		{name: "late shift into a holiday runs on", s: lateSatHoliday, local: "2026-12-05 01:00", want: true},
		{name: "late shift of a holiday is off", s: lateFriHoliday, local: "2026-12-05 01:00", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tm := at(t, sp, tt.local)
			assert.Equal(t, tt.want, tt.s.IsOpen(tm))
			assert.Equal(t, tt.want, tt.s.IsOpen(tm.UTC()), "the instant matters, not its zone")
		})
	}
}

func TestNextOpen(t *testing.T) {
	t.Parallel()
	sp := zone(t, "America/Sao_Paulo")
	def := schedule(t, sp, DefaultWeek(), []string{"2026-12-25"}, []Period{
		{Start: at(t, sp, "2026-12-10 14:00"), End: at(t, sp, "2026-12-10 16:00")},
		{Start: at(t, sp, "2026-12-16 17:00"), End: at(t, sp, "2026-12-17 10:30")},
	})
	weekdays := Week{Mon: []Span{{"09:00", "18:00"}}, Tue: []Span{{"09:00", "18:00"}}, Wed: []Span{{"09:00", "18:00"}},
		Thu: []Span{{"09:00", "18:00"}}, Fri: []Span{{"09:00", "18:00"}}}
	monFri := schedule(t, sp, weekdays, nil, nil)
	vacation := schedule(t, sp, weekdays, nil, []Period{{Start: at(t, sp, "2026-12-19 00:00"), End: at(t, sp, "2027-01-04 00:00")}})
	late := schedule(t, sp, Week{Fri: []Span{{"22:00", "02:00"}}}, nil, nil)
	closed := schedule(t, sp, Week{}, nil, nil)
	forever := schedule(t, sp, weekdays, nil, []Period{{Start: at(t, sp, "2026-01-01 00:00"), End: at(t, sp, "2030-01-01 00:00")}})
	tests := []struct {
		name  string
		s     *Schedule
		local string
		want  string // local; empty: never
	}{
		{name: "open now", s: def, local: "2026-12-01 10:17", want: "2026-12-01 10:17"},
		{name: "exactly at opening", s: def, local: "2026-12-01 09:00", want: "2026-12-01 09:00"},
		{name: "early morning", s: def, local: "2026-12-01 06:00", want: "2026-12-01 09:00"},
		{name: "exactly at closing", s: def, local: "2026-12-01 18:00", want: "2026-12-02 09:00"},
		{name: "saturday afternoon to monday", s: def, local: "2026-12-05 13:00", want: "2026-12-07 09:00"},
		{name: "sunday to monday", s: def, local: "2026-12-06 10:00", want: "2026-12-07 09:00"},
		{name: "holiday eve to day after", s: def, local: "2026-12-24 18:30", want: "2026-12-26 09:00"},
		{name: "on the holiday", s: def, local: "2026-12-25 11:00", want: "2026-12-26 09:00"},
		{name: "friday night to monday", s: monFri, local: "2026-12-04 20:00", want: "2026-12-07 09:00"},
		{name: "inside blocked", s: def, local: "2026-12-10 14:30", want: "2026-12-10 16:00"},
		{name: "blocked overnight", s: def, local: "2026-12-16 17:00", want: "2026-12-17 10:30"},
		{name: "vacation", s: vacation, local: "2026-12-18 18:00", want: "2027-01-04 09:00"},
		{name: "late shift after midnight", s: late, local: "2026-12-05 01:00", want: "2026-12-05 01:00"},
		{name: "late shift next week", s: late, local: "2026-12-05 02:00", want: "2026-12-11 22:00"},
		{name: "never open", s: closed, local: "2026-12-01 10:00"},
		{name: "blocked beyond 370 days", s: forever, local: "2026-12-01 10:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := tt.s.NextOpen(at(t, sp, tt.local))
			if tt.want == "" {
				assert.False(t, ok)
				assert.True(t, got.IsZero())
				return
			}
			require.True(t, ok)
			assert.Equal(t, at(t, sp, tt.want).UTC(), got)
			assert.Equal(t, time.UTC, got.Location())
			assert.True(t, tt.s.IsOpen(got))
		})
	}
}

func TestOpenPeriods(t *testing.T) {
	t.Parallel()
	sp := zone(t, "America/Sao_Paulo")
	week := Week{
		Mon: []Span{{"13:00", "18:00"}, {"09:00", "12:00"}},
		Tue: []Span{{"09:00", "18:00"}},
		Fri: []Span{{"20:00", "24:00"}},
		Sat: []Span{{"00:00", "02:00"}, {"22:00", "03:00"}},
	}
	blocked := []Period{{Start: at(t, sp, "2026-12-01 10:00"), End: at(t, sp, "2026-12-01 11:00")}}
	s := schedule(t, sp, week, []string{"2026-12-08"}, blocked)
	const layout = "Mon 02 15:04"
	tests := []struct {
		name     string
		from, to string
		want     []string
	}{
		{name: "breaks", from: "2026-11-30 00:00", to: "2026-12-01 00:00", want: []string{"Mon 30 09:00–Mon 30 12:00", "Mon 30 13:00–Mon 30 18:00"}},
		{name: "clipped", from: "2026-11-30 10:00", to: "2026-11-30 14:00", want: []string{"Mon 30 10:00–Mon 30 12:00", "Mon 30 13:00–Mon 30 14:00"}},
		{name: "blocked hour", from: "2026-12-01 00:00", to: "2026-12-02 00:00", want: []string{"Tue 01 09:00–Tue 01 10:00", "Tue 01 11:00–Tue 01 18:00"}},
		{
			name: "adjacent spans merge across midnight, late shift into sunday", from: "2026-12-04 00:00", to: "2026-12-07 00:00",
			want: []string{"Fri 04 20:00–Sat 05 02:00", "Sat 05 22:00–Sun 06 03:00"},
		},
		{name: "from inside a late shift", from: "2026-12-06 01:00", to: "2026-12-06 12:00", want: []string{"Sun 06 01:00–Sun 06 03:00"}},
		{name: "holiday", from: "2026-12-08 00:00", to: "2026-12-09 00:00", want: []string{}},
		{name: "empty range", from: "2026-11-30 12:00", to: "2026-11-30 12:00", want: []string{}},
		{name: "reversed range", from: "2026-11-30 18:00", to: "2026-11-30 09:00", want: []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := s.OpenPeriods(at(t, sp, tt.from), at(t, sp, tt.to))
			assert.Equal(t, tt.want, periodsText(sp, got, layout))
			for _, p := range got {
				assert.Equal(t, time.UTC, p.Start.Location())
			}
		})
	}
}
