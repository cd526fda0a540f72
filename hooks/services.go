package hooks

import (
	"github.com/bancada/bancada/hooks/appointments"
	"github.com/bancada/bancada/hooks/googlesync"
)

// Domains are the services of the domain packages, each built once by
// package wiring and handed here: Register binds their hooks and routes
// in a fixed order, Jobs schedules their background work, and the parts
// of hooks that call into them (the orders' plan limit, the assistant's
// booking) get them explicitly rather than by the order hooks are bound.
type Domains struct {
	// Appointments books and reminds (the assistant books through it).
	Appointments *appointments.Service
	// GoogleSync mirrors appointments with the shops' Google Calendars.
	GoogleSync *googlesync.Service
}

// check reports a missing service.
func (dm Domains) check() error {
	if dm.Appointments == nil || dm.GoogleSync == nil {
		return errMissingDomain
	}
	return nil
}
