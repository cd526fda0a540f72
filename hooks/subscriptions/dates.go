package subscriptions

import (
	"time"

	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/integrations/asaas"
)

// dbTime formats t as PocketBase stores dates, so SQL string comparison
// orders them.
func dbTime(t time.Time) string {
	dt, _ := types.ParseDateTime(t.UTC())
	return dt.String()
}

// civil is a date of Asaas as an instant: midnight UTC of that day. Civil
// dates (due dates) are stored this way, so they read back as the same day
// in any zone the platform uses for them.
func civil(d asaas.Date) time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	return d.Time(time.UTC)
}

// civilOf returns the civil date stored by civil.
func civilOf(t time.Time) asaas.Date {
	if t.IsZero() {
		return asaas.Date{}
	}
	return asaas.DateOf(t.UTC())
}

// today is the civil date of now in loc.
func today(now time.Time, loc *time.Location) asaas.Date { return asaas.DateOf(now.In(loc)) }

// daysBetween counts whole days from a to b (negative when b is before a).
func daysBetween(a, b asaas.Date) int {
	return int(b.Time(time.UTC).Sub(a.Time(time.UTC)).Hours() / 24)
}

// formatCivil shows a civil date as DD/MM/AAAA.
func formatCivil(d asaas.Date) string {
	if d.IsZero() {
		return ""
	}
	return br.FormatDate(d.Time(time.UTC), time.UTC)
}

// addMonths moves a civil date by n months, clamping to the month's last
// day (31 January + 1 month is 28 or 29 February), as Asaas does for
// monthly cycles.
func addMonths(d asaas.Date, n int) asaas.Date {
	first := time.Date(d.Year, d.Month+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return asaas.NewDate(first.Year(), first.Month(), min(d.Day, last))
}

// laterOf returns the later of two civil dates (the zero date loses).
func laterOf(a, b asaas.Date) asaas.Date {
	if a.IsZero() || b.After(a) {
		return b
	}
	return a
}
