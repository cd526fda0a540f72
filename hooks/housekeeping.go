package hooks

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/dbtime"
	"github.com/bancada/bancada/hooks/privacy"
	"github.com/bancada/bancada/hooks/subscriptions"
	"github.com/bancada/bancada/jobs"
)

// Retention of delivered outbox rows and processed webhooks: long enough
// to investigate a complaint, short enough that the tables stay small.
const retention = 30 * 24 * time.Hour

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

// Prune deletes delivered outbox rows and handled webhook events older
// than the retention. Dead letters and failed events stay for operators.
// A shop's webhook delivery log keeps the same 30 days, delivered or
// failed (a failed one that old is no longer worth re-sending).
func Prune(app core.App, now time.Time) (int64, error) {
	before := dbtime.Format(now.Add(-retention))
	var total int64
	for _, q := range []struct {
		table, field string
		status       []any
	}{
		{collections.Outbox, collections.OutboxStatus, []any{collections.OutboxSent}},
		{collections.WebhookEvents, collections.WebhookStatus, []any{collections.WebhookProcessed, collections.WebhookIgnored}},
		{collections.WebhookDeliveries, collections.DeliveryStatus, []any{collections.DeliveryDelivered, collections.DeliveryFailed}},
	} {
		res, err := app.NonconcurrentDB().Delete(q.table, dbx.And(
			dbx.In(q.field, q.status...),
			dbx.NewExp("[["+collections.FieldUpdated+"]] < {:before}", dbx.Params{"before": before}),
		)).Execute()
		if err != nil {
			return total, fmt.Errorf("prune %s: %w", q.table, err)
		}
		n, _ := res.RowsAffected()
		total += n
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
