// Package calendar runs appointments: free slots from the shop's hours
// (package availability), booking within capacity, and two-way sync with
// the shop's Google Calendar, plus WhatsApp reminders.
package calendar

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/hooks/deps"
)

// Register binds the appointments' routes, hooks and outbox handlers.
func Register(app core.App, d deps.Deps) error {
	return nil
}
