package asaashook

import (
	"time"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/integrations/asaas"
)

// Civil dates of Asaas (due dates, cycle dates) shared by hooks/charges and
// hooks/subscriptions.

// Civil is a date of Asaas as an instant: midnight UTC of that day. Civil
// dates (due dates) are stored this way, so they read back as the same day
// in any zone the platform uses for them. The zero date is the zero time.
func Civil(d asaas.Date) time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	return d.Time(time.UTC)
}

// CivilOf returns the civil date stored by Civil.
func CivilOf(t time.Time) asaas.Date {
	if t.IsZero() {
		return asaas.Date{}
	}
	return asaas.DateOf(t.UTC())
}

// Today is the civil date of now in loc.
func Today(now time.Time, loc *time.Location) asaas.Date { return asaas.DateOf(now.In(loc)) }

// FormatCivil shows a civil date as DD/MM/AAAA ("" for the zero date).
func FormatCivil(d asaas.Date) string {
	if d.IsZero() {
		return ""
	}
	return br.Date(d.Time(time.UTC), time.UTC)
}
