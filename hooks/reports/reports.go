// Package reports serves the shop's management reports to its owners and
// managers: revenue and margin, turnaround by status, technician
// productivity, quote approval, top repairs and devices, and parts
// consumption, as JSON for the staff app's charts or as CSV for Excel.
// The numbers come from package calc; this package loads one shop's data
// (and only that shop's) for a period of its own calendar.
package reports

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Deps is what the reports need: the clock (the default period ends
// today).
type Deps struct {
	Now func() time.Time
}

// Register binds the report routes.
func Register(app core.App, d Deps) error {
	if d.Now == nil {
		d.Now = time.Now
	}
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET("/api/bancada/reports/{report}", func(e *core.RequestEvent) error { return serve(e, d) })
		return se.Next()
	})
	return nil
}
