package subscriptions

import (
	"time"

	"github.com/bancada/bancada/integrations/asaas"
)

// daysBetween counts whole days from a to b (negative when b is before a).
func daysBetween(a, b asaas.Date) int {
	return int(b.Time(time.UTC).Sub(a.Time(time.UTC)).Hours() / 24)
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
