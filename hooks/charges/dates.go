package charges

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

// formatCivil shows a civil date as DD/MM/AAAA.
func formatCivil(d asaas.Date) string {
	if d.IsZero() {
		return ""
	}
	return br.FormatDate(d.Time(time.UTC), time.UTC)
}
