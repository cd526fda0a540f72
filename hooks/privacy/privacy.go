// Package privacy answers a shop's customers under the LGPD (Lei
// 13.709/2018): an owner exports everything the shop holds about a
// customer (JSON and a printable page) and erases a customer on request,
// keeping anonymised what the law requires to keep; marketing consent is
// recorded with when and how it was given or withdrawn, and honoured when
// the customer opts out on WhatsApp; a retention setting per shop deletes
// old WhatsApp messages and device photos every night.
//
// What belongs to a customer is read from the live schema (CustomerGraph):
// every collection with a relation to customers, or to a collection that
// belongs to one, is exported, and erasing fails until it has a policy.
package privacy

import (
	"context"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/deps"
	"github.com/bancada/bancada/jobs"
)

// Deps are what the package needs: the clock.
type Deps struct {
	// Now is the clock (UTC).
	Now func() time.Time
	// Calendar mirrors appointments to the shop's outside calendar (nil:
	// none): an erase re-pushes the customer's synced appointments so the
	// outside copy loses their name too.
	Calendar CalendarSink
}

// CalendarSink queues, in the transaction tx, the update of an
// appointment's copy in an outside calendar (appointments.EventSink's
// AppointmentSaved; hooks/googlesync implements it).
type CalendarSink interface {
	AppointmentSaved(tx core.App, a *collections.Appointment) error
}

func (d Deps) now() time.Time {
	if d.Now == nil {
		return time.Now().UTC()
	}
	return d.Now().UTC()
}

// Register binds the consent hooks and the owner's routes.
// calendar (may be nil) is told of the appointments an erase anonymises.
func Register(app core.App, d deps.Deps, calendar CalendarSink) error {
	p := Deps{Now: d.Clock, Calendar: calendar}
	bindConsent(app, p)
	bindRoutes(app, p)
	return nil
}

// RetentionCron is when the retention job runs (platform zone): at night,
// after the cleanup.
const RetentionCron = "45 3 * * *"

// Jobs are the package's schedules.
func Jobs(app core.App) []jobs.Job {
	return []jobs.Job{{Name: "retention", Cron: RetentionCron, Run: func(ctx context.Context, now time.Time) error {
		_, err := RunRetention(ctx, app, now)
		return err
	}}}
}
