package hooks

import (
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/hooks/appointments"
	"github.com/bancada/bancada/hooks/charges"
	"github.com/bancada/bancada/hooks/googlesync"
	"github.com/bancada/bancada/hooks/subscriptions"
	"github.com/bancada/bancada/hooks/whatsapp"
)

// Services are the services of the domain packages, each built once by
// package wiring and handed here: Register binds their hooks and routes
// in a fixed order, Jobs schedules their background work, and the parts
// of hooks that call into them (the orders' plan limit, the assistant's
// booking) get them explicitly rather than by the order hooks are bound.
type Services struct {
	// WhatsApp is the shops' WhatsApp: the assistant, notices, receipts.
	WhatsApp *whatsapp.Service
	// Appointments books and reminds (the assistant books through it).
	Appointments *appointments.Service
	// GoogleSync mirrors appointments with the shops' Google Calendars.
	GoogleSync *googlesync.Service
	// Charges takes a shop's payments from its customers (the shop's own
	// Asaas account).
	Charges *charges.Service
	// Subscriptions bills the shops (the platform's Asaas account) and
	// holds the plan limits the orders and the staff routes check.
	Subscriptions *subscriptions.Service
}

// OrderLimiter checks the plan's monthly order limit. The orders' create
// hook calls it with its own transaction tx, before the insert, so the
// count and the insert are one step whatever order hooks are bound in.
type OrderLimiter interface {
	CheckOrderLimit(tx core.App, tenantID string, now time.Time) error
}

// StaffLimiter checks the plan's staff limit (the invitation route calls
// it for an early, clear answer; a hook on memberships enforces it anyway).
type StaffLimiter interface {
	CheckStaffLimit(tx core.App, tenantID string) error
}

// check reports a missing service.
func (dm Services) check() error {
	if dm.WhatsApp == nil || dm.Appointments == nil || dm.GoogleSync == nil || dm.Charges == nil || dm.Subscriptions == nil {
		return errMissingService
	}
	return nil
}
