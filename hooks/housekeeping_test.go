package hooks_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/outbox"
)

func TestEveryScheduleIsValidAndRunsOnDemand(t *testing.T) {
	t.Parallel()
	runner := hooktest.New(t).Deps.Jobs // the runner the wiring built, as in production
	require.ElementsMatch(t, []string{"cleanup", "billing-monitor", "reminders", "google-sync", "whatsapp-watchdog", "retention"}, runner.Names())
	for _, name := range runner.Names() {
		require.NoError(t, runner.RunNow(context.Background(), name), name)
	}
}

func TestPruneKeepsDeadLettersAndRecentRows(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	ids := map[string]string{}
	for _, k := range []string{"old-sent", "new-sent", "old-dead"} {
		id, err := outbox.Enqueue(app, outbox.Message{Kind: "k", Key: k})
		require.NoError(t, err)
		ids[k] = id
	}
	set := func(id, status, updated string) {
		_, err := app.NonconcurrentDB().Update(collections.Outbox, dbx.Params{"status": status, "updated": updated}, dbx.HashExp{"id": id}).Execute()
		require.NoError(t, err)
	}
	set(ids["old-sent"], collections.OutboxSent, "2026-09-01 10:00:00.000Z")
	set(ids["new-sent"], collections.OutboxSent, "2026-11-20 10:00:00.000Z")
	set(ids["old-dead"], collections.OutboxDead, "2026-09-01 10:00:00.000Z")

	// The owners' webhook delivery log keeps 30 days too; one in flight stays.
	tenant := hooktest.SeedShop(t, app, "P", false).ID()
	endpoint := hooktest.NewWebhookEndpoint(t, app, tenant, false).Id
	log := map[string]string{}
	for _, k := range []string{"old-delivered", "old-failed", "old-pending", "new-delivered"} {
		status := map[string]string{"old-delivered": "delivered", "old-failed": "failed", "old-pending": "pending", "new-delivered": "delivered"}[k]
		r := hooktest.NewRecord(t, app, collections.WebhookDeliveries, map[string]any{"tenant": tenant, "endpoint": endpoint,
			"event_id": "evt_" + k, "event_type": "order.created", "status": status})
		log[k] = r.Id
	}
	for k, when := range map[string]string{"old-delivered": "2026-09-01 10:00:00.000Z", "old-failed": "2026-09-01 10:00:00.000Z",
		"old-pending": "2026-09-01 10:00:00.000Z", "new-delivered": "2026-11-20 10:00:00.000Z"} {
		_, err := app.NonconcurrentDB().Update(collections.WebhookDeliveries, dbx.Params{"updated": when}, dbx.HashExp{"id": log[k]}).Execute()
		require.NoError(t, err)
	}

	n, err := hooks.Prune(app, hooktest.Now)
	require.NoError(t, err)
	require.EqualValues(t, 3, n)
	for k, gone := range map[string]bool{"old-delivered": true, "old-failed": true, "old-pending": false, "new-delivered": false} {
		_, err = app.FindRecordById(collections.WebhookDeliveries, log[k])
		require.Equal(t, gone, err != nil, k)
	}
	_, err = app.FindRecordById(collections.Outbox, ids["old-sent"])
	require.Error(t, err, "delivered long ago: gone")
	for _, k := range []string{"new-sent", "old-dead"} {
		_, err = app.FindRecordById(collections.Outbox, ids[k])
		require.NoError(t, err, k)
	}
}

// TestOperatorsRunAJobNow: the operators' route runs a job by name, in the
// test app as in production (the wiring builds the runner for both).
func TestOperatorsRunAJobNow(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	col, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	require.NoError(t, err)
	su := core.NewRecord(col)
	su.SetEmail("operador@example.com")
	su.SetPassword(hooktest.Password)
	require.NoError(t, app.Save(su))
	old, err := outbox.Enqueue(app, outbox.Message{Kind: "k", Key: "antigo"})
	require.NoError(t, err)
	_, err = app.NonconcurrentDB().Update(collections.Outbox, dbx.Params{"status": collections.OutboxSent,
		"updated": "2026-01-01 00:00:00.000Z"}, dbx.HashExp{"id": old}).Execute()
	require.NoError(t, err)
	for _, sc := range []tests.ApiScenario{
		{Name: "cleanup", Method: http.MethodPost, URL: "/api/bancada/ops/jobs/cleanup/run",
			Headers: hooktest.Auth(t, su), ExpectedStatus: http.StatusNoContent},
		{Name: "no such job", Method: http.MethodPost, URL: "/api/bancada/ops/jobs/limpeza/run",
			Headers: hooktest.Auth(t, su), ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{"unknown job"}},
	} {
		sc.TestAppFactory, sc.DisableTestAppCleanup = hooktest.Factory(app), true
		sc.Test(t)
	}
	_, err = app.FindRecordById(collections.Outbox, old)
	require.Error(t, err, "the cleanup ran: a delivered row older than the retention is gone")
}
