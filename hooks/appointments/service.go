// Package appointments runs a shop's appointments: free slots from the
// shop's hours (package availability), booking within capacity, the
// appointments' record hooks and staff routes, and the WhatsApp reminders
// (before an appointment, and of an order waiting to be collected).
//
// The booking API (Schedule, Rules, Service.FreeSlots, Service.Book,
// Cancel, Confirm, Upcoming) is what the WhatsApp assistant and the staff
// routes use. Capacity is checked inside the write transaction (SQLite
// serialises writers), so two concurrent bookings of the last place cannot
// both succeed; REST creates and reschedules are checked the same way.
//
// An outside calendar (package googlesync) plugs in through two narrow
// interfaces the wiring sets: a BusyProvider whose busy periods free
// slots and bookings avoid, and an EventSink told, in the saving
// transaction, of every appointment change worth mirroring. This package
// never imports the calendar's.
package appointments

import (
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/availability"
	"github.com/bancada/bancada/collections"
)

// BusyProvider gives the busy periods of a tenant's outside calendar over
// [now, now+horizon]. It must answer quickly and, when app is a
// transaction, without calling out (a cached answer or none); a failure
// is no busy period, so appointments keep working without it.
type BusyProvider interface {
	Busy(app core.App, t *collections.Tenant, now time.Time, horizon time.Duration) []availability.Period
}

// EventSink hears, inside the saving transaction tx, of every appointment
// created, changed in a field it mirrors (SyncedFields) or deleted, except
// saves marked Quiet. An error rolls the save back.
type EventSink interface {
	AppointmentSaved(tx core.App, a *collections.Appointment) error
	AppointmentDeleted(tx core.App, a *collections.Appointment) error
}

// Deps are what the appointments need.
type Deps struct {
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// Busy is the outside calendar's busy periods (nil: none).
	Busy BusyProvider
	// Sink mirrors appointment changes to an outside calendar (nil: none).
	Sink EventSink
}

// Service is the appointments of every shop: built once by package
// wiring and handed to its routes, record hooks and jobs.
type Service struct {
	d Deps
}

// New returns the appointments' service.
func New(d Deps) *Service { return &Service{d: d} }

// Register binds the appointments' record hooks and routes to app.
func (s *Service) Register(app core.App) error {
	bindAppointments(app, s)
	bindSink(app, s)
	bindRoutes(app, s)
	return nil
}

// now is the current time in UTC.
func (s *Service) now() time.Time {
	if s.d.Now == nil {
		return time.Now().UTC()
	}
	return s.d.Now().UTC()
}
