package hooks

import (
	"context"
	"net/http"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/privacy"
	"github.com/bancada/bancada/hooks/subscriptions"
	"github.com/bancada/bancada/inbox"
	"github.com/bancada/bancada/jobs"
	"github.com/bancada/bancada/outbox"
	"github.com/bancada/bancada/queue"
)

// deliveryLogRetention is how long a shop's webhook delivery log keeps a
// delivery, delivered or failed (a failed one that old is no longer worth
// re-sending): the queues' own 30 days.
var deliveryLogRetention = queue.Retention{Table: collections.WebhookDeliveries,
	Statuses: []string{collections.DeliveryDelivered, collections.DeliveryFailed}, Keep: 30 * 24 * time.Hour}

// Jobs lists every background schedule of Bancada; the wiring runs them with
// package jobs, and operators can run any of them now through
// POST /api/bancada/ops/jobs/{name}/run.
func Jobs(app core.App, d Deps, dm Services) []jobs.Job {
	return append([]jobs.Job{
		{Name: "cleanup", Cron: "30 3 * * *", Run: func(ctx context.Context, now time.Time) error {
			_, err := Prune(app, now)
			return err
		}},
		{Name: "billing-monitor", Cron: subscriptions.MonitorCron, Run: func(ctx context.Context, now time.Time) error {
			ctx, cancel := context.WithTimeout(ctx, subscriptions.MonitorTimeout)
			defer cancel()
			_, err := dm.Subscriptions.RunMonitor(ctx, now)
			return err
		}},
		{Name: "reminders", Every: 5 * time.Minute, Run: func(ctx context.Context, now time.Time) error {
			return dm.Appointments.SendReminders(ctx, app, now)
		}},
		{Name: "google-sync", Every: 10 * time.Minute, Run: func(ctx context.Context, _ time.Time) error {
			return dm.GoogleSync.SyncAll(ctx, app)
		}},
		{Name: "whatsapp-watchdog", Every: 5 * time.Minute, Run: func(ctx context.Context, _ time.Time) error {
			return dm.WhatsApp.Watchdog(ctx)
		}},
	}, privacy.Jobs(app)...)
}

// Prune deletes delivered outbox rows and handled webhook events past
// their queue's retention (outbox.Retention, inbox.Retention) and the
// shops' webhook delivery log past deliveryLogRetention. Dead letters and
// failed events stay for operators.
func Prune(app core.App, now time.Time) (int64, error) {
	var total int64
	for _, prune := range []func(core.App, time.Time) (int64, error){
		outbox.Prune,
		inbox.Prune,
		func(app core.App, now time.Time) (int64, error) { return queue.Prune(app, deliveryLogRetention, now) },
	} {
		n, err := prune(app, now)
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// bindJobRoutes lets operators run a job now.
func bindJobRoutes(app core.App, d Deps) {
	if d.Jobs == nil {
		return
	}
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.POST("/api/bancada/ops/jobs/{name}/run", func(e *core.RequestEvent) error {
			if err := d.Jobs.RunNow(e.Request.Context(), e.Request.PathValue("name")); err != nil {
				return e.BadRequestError(err.Error(), nil)
			}
			return e.NoContent(http.StatusNoContent)
		}).Bind(apis.RequireSuperuserAuth())
		return se.Next()
	})
}
