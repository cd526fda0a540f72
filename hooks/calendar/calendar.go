// Package calendar runs appointments: free slots from the shop's hours
// (package availability), booking within capacity, and two-way sync with
// the shop's Google Calendar, plus WhatsApp reminders.
//
// The booking API (Schedule, Rules, FreeSlots, Book, Cancel, Confirm,
// Upcoming) is what the WhatsApp assistant and the staff routes use.
// Capacity is checked inside the write transaction (SQLite serialises
// writers), so two concurrent bookings of the last place cannot both
// succeed; REST creates and reschedules are checked the same way.
package calendar

import (
	"context"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/availability"
	"github.com/bancada/bancada/collections"

	"github.com/bancada/bancada/hooks/deps"
)

// storeKey is where Register keeps the package's state in the app's store,
// so the package-level API (FreeSlots, Book) reaches it from any app or
// transaction of that app without globals.
const storeKey = "bancada/calendar"

// service is the per-app state of the package.
type service struct {
	app  core.App // the app outside any transaction (handlers, jobs)
	d    deps.Deps
	busy *busyCache
}

// serviceOf returns the state Register stored in app, or nil.
func serviceOf(app core.App) *service {
	s, _ := app.Store().Get(storeKey).(*service)
	return s
}

// Register binds the appointments' routes, hooks and outbox handlers.
func Register(app core.App, d deps.Deps) error {
	s := &service{app: app, d: d, busy: newBusyCache()}
	if _, ok := s.google(); ok {
		s.busy.fetch = s.fetchBusy
	}
	app.Store().Set(storeKey, s)
	bindAppointments(app, s)
	bindSync(app, s)
	bindRoutes(app, s)
	d.Inbox.Handle(Provider, s.handlePush)
	return nil
}

// fetchBusy asks Google for the busy periods of the tenant's calendar.
func (s *service) fetchBusy(ctx context.Context, app core.App, t *collections.Tenant, from, to time.Time) ([]availability.Period, error) {
	cal, calID, err := s.calendarFor(ctx, app, t)
	if err != nil {
		return nil, err
	}
	got, err := cal.FreeBusy(ctx, []string{calID}, from, to)
	if err != nil {
		return nil, s.googleFailed(app, t.Id, err)
	}
	out := make([]availability.Period, 0, len(got[calID]))
	for _, p := range got[calID] {
		out = append(out, availability.Period{Start: p.Start, End: p.End})
	}
	return out, nil
}
