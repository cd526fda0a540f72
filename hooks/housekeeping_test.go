package hooks_test

import (
	"context"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/outbox"
)

func TestEveryScheduleIsValidAndRunsOnDemand(t *testing.T) {
	t.Parallel()
	runner := hooktest.New(t).Deps.Jobs // the runner the wiring built, as in production
	require.ElementsMatch(t, []string{"cleanup", "billing-monitor", "reminders", "google-sync", "whatsapp-watchdog"}, runner.Names())
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

	n, err := hooks.Prune(app, hooktest.Now)
	require.NoError(t, err)
	require.EqualValues(t, 1, n)
	_, err = app.FindRecordById(collections.Outbox, ids["old-sent"])
	require.Error(t, err, "delivered long ago: gone")
	for _, k := range []string{"new-sent", "old-dead"} {
		_, err = app.FindRecordById(collections.Outbox, ids[k])
		require.NoError(t, err, k)
	}
}
