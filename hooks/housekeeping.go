package hooks

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/billing"
	"github.com/bancada/bancada/hooks/calendar"
	"github.com/bancada/bancada/hooks/privacy"
	"github.com/bancada/bancada/hooks/whatsapp"
	"github.com/bancada/bancada/jobs"
)

// Retention of delivered outbox rows and processed webhooks: long enough
// to investigate a complaint, short enough that the tables stay small.
const retention = 30 * 24 * time.Hour

// Jobs lists every background schedule of Bancada; the wiring runs them with
// package jobs, and operators can run any of them now through
// POST /api/bancada/ops/jobs/{name}/run.
func Jobs(app core.App, d Deps) []jobs.Job {
	return append([]jobs.Job{
		{Name: "cleanup", Cron: "30 3 * * *", Run: func(ctx context.Context, now time.Time) error {
			_, err := Prune(app, now)
			return err
		}},
		{Name: "billing-monitor", Cron: billing.MonitorCron, Run: func(ctx context.Context, now time.Time) error {
			ctx, cancel := context.WithTimeout(ctx, billing.MonitorTimeout)
			defer cancel()
			_, err := billing.RunMonitor(ctx, app, d, now)
			return err
		}},
		{Name: "reminders", Every: 5 * time.Minute, Run: func(ctx context.Context, now time.Time) error {
			return calendar.SendReminders(ctx, app, d, now)
		}},
		{Name: "google-sync", Every: 10 * time.Minute, Run: func(ctx context.Context, _ time.Time) error {
			return calendar.SyncAll(ctx, app, d)
		}},
		{Name: "whatsapp-watchdog", Every: 5 * time.Minute, Run: func(ctx context.Context, _ time.Time) error {
			return whatsapp.Watchdog(ctx, app, d)
		}},
	}, privacy.Jobs(app)...)
}

// Prune deletes delivered outbox rows and handled webhook events older
// than the retention. Dead letters and failed events stay for operators.
// A shop's webhook delivery log keeps the same 30 days, delivered or
// failed (a failed one that old is no longer worth re-sending).
func Prune(app core.App, now time.Time) (int64, error) {
	before, _ := types.ParseDateTime(now.Add(-retention).UTC())
	var total int64
	for _, q := range []struct {
		table  string
		status []any
	}{
		{collections.Outbox, []any{collections.OutboxSent}},
		{collections.WebhookEvents, []any{collections.WebhookProcessed, collections.WebhookIgnored}},
		{collections.WebhookDeliveries, []any{collections.DeliveryDelivered, collections.DeliveryFailed}},
	} {
		res, err := app.NonconcurrentDB().Delete(q.table, dbx.And(
			dbx.In("status", q.status...),
			dbx.NewExp("[[updated]] < {:before}", dbx.Params{"before": before.String()}),
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
