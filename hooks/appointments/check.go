package appointments

import (
	"errors"
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/availability"
	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
)

// checkMode says which rules a booking must obey.
type checkMode int

const (
	// checkCustomer applies every rule of the tenant (the assistant, the API).
	checkCustomer checkMode = iota
	// checkStaff lets staff book at any hour and length, never in the past
	// and never beyond capacity.
	checkStaff
)

// staffHorizon is how far ahead staff may book.
const staffHorizon = 366 * 24 * time.Hour

// maxLength is the longest appointment.
const maxLength = 24 * time.Hour

// ErrPast is why staff cannot book an appointment that starts in the past.
var ErrPast = errors.New("não é possível agendar no passado")

// ErrTooLong is why an appointment cannot last more than a day.
var ErrTooLong = errors.New("um agendamento dura no máximo 24 horas")

// checkFits checks, with the transaction tx (which serialises writers),
// that appointment a can hold its slot: mode's rules, against the tenant's
// other holding appointments and, for checkCustomer, the busy periods.
// The error wraps ErrSlotTaken and the availability.FitError (or ErrPast,
// ErrTooLong) that says why.
func checkFits(tx core.App, t *collections.Tenant, a *collections.Appointment, mode checkMode, now time.Time, busy []availability.Period) error {
	start, end := a.Start(), a.End()
	if end.Sub(start) > maxLength {
		return fmt.Errorf("%w: %w", ErrSlotTaken, ErrTooLong)
	}
	rules := Rules(t, a.Kind())
	span := rules.Buffer + time.Minute
	others, err := holdingBookings(tx, t.Id, start.Add(-span), end.Add(span), a.Id)
	if err != nil {
		return err
	}
	var sched *availability.Schedule
	switch mode {
	case checkStaff:
		if start.Before(now) {
			return fmt.Errorf("%w: %w", ErrSlotTaken, ErrPast)
		}
		if sched, err = alwaysOpen(br.LoadLocation(t.Timezone())); err != nil {
			return err
		}
		rules.MinNotice, rules.Horizon, busy = -1, staffHorizon, nil
	default:
		if sched, err = Schedule(t); err != nil {
			return err
		}
	}
	if err := sched.Fits(rules, now, start, end, toBookings(others), busy); err != nil {
		return fmt.Errorf("%w: %w", ErrSlotTaken, err)
	}
	return nil
}

// alwaysOpen is a schedule open around the clock in loc (staff bookings).
func alwaysOpen(loc *time.Location) (*availability.Schedule, error) {
	day := []availability.Span{{From: "00:00", To: "24:00"}}
	w := availability.Week{Mon: day, Tue: day, Wed: day, Thu: day, Fri: day, Sat: day, Sun: day}
	return availability.NewSchedule(loc, w, nil, nil)
}
