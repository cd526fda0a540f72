package availability

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	// Embedded zone data keeps the DST tests independent of the host's /usr/share/zoneinfo.
	_ "time/tzdata"
)

// zone loads a time zone or fails the test.
func zone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return loc
}

// at parses "2006-01-02 15:04" in loc; the result is ambiguous in DST gaps and
// repeats, so DST tests use explicit UTC instants instead.
func at(t testing.TB, loc *time.Location, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	require.NoError(t, err)
	return v
}

// utcAt parses "2006-01-02 15:04" as UTC.
func utcAt(t testing.TB, s string) time.Time {
	t.Helper()
	return at(t, time.UTC, s)
}

// schedule builds a schedule or fails the test.
func schedule(t testing.TB, loc *time.Location, w Week, holidays []string, blocked []Period) *Schedule {
	t.Helper()
	s, err := NewSchedule(loc, w, holidays, blocked)
	require.NoError(t, err)
	return s
}

// everyDay returns a week with the same spans every day.
func everyDay(spans ...Span) Week {
	return Week{Mon: spans, Tue: spans, Wed: spans, Thu: spans, Fri: spans, Sat: spans, Sun: spans}
}

// starts formats the slot starts in loc as "15:04" (or "02 15:04" when days differ).
func starts(loc *time.Location, slots []Slot, layout string) []string {
	out := make([]string, len(slots))
	for i, s := range slots {
		out[i] = s.Start.In(loc).Format(layout)
	}
	return out
}

// periodsText formats periods in loc as "start–end" with layout.
func periodsText(loc *time.Location, ps []Period, layout string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Start.In(loc).Format(layout) + "–" + p.End.In(loc).Format(layout)
	}
	return out
}
