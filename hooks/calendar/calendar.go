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
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/hooks/deps"
)

// storeKey is where Register keeps the package's state in the app's store,
// so the package-level API (FreeSlots, Book) reaches it from any app or
// transaction of that app without globals.
const storeKey = "bancada/calendar"

// service is the per-app state of the package.
type service struct {
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
	s := &service{d: d, busy: newBusyCache()}
	app.Store().Set(storeKey, s)
	bindAppointments(app, s)
	return nil
}
