package privacy_test

import (
	"context"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/deps"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/hooks/privacy"
	"github.com/bancada/bancada/internal/testclock"
)

// With retention_months = 6, the nightly job deletes, six months after
// delivery, the WhatsApp messages and device photos of a customer with
// no open order; a customer with an open order, and a shop without the
// setting, keep theirs. Run through the job runner with the injected clock.
func TestRetentionDeletesOldMessagesAndPhotos(t *testing.T) {
	t.Parallel()
	clk := testclock.New(hooktest.Now)
	env := hooktest.New(t, func(d *deps.Deps) { d.Now = clk.Now })
	app := env.App
	f := hooktest.Seed(t, app)
	josefinaA := seedJosefina(t, app, f.A)
	josefinaB := seedJosefina(t, app, f.B)
	// Everything was written "now" (the test clock's day), whatever the
	// machine's date.
	for _, table := range []string{collections.Messages, collections.Devices} {
		_, err := app.DB().NewQuery("UPDATE {{" + table + "}} SET created = '2026-11-24 17:00:00.000Z'").Execute()
		require.NoError(t, err)
	}
	tn := collections.AsTenant(f.A.Tenant)
	s := tn.Settings()
	s.RetentionMonths = 6
	tn.SetSettings(s)
	require.NoError(t, app.Save(tn))
	run := func() {
		require.NoError(t, env.Deps.Jobs.RunNow(context.Background(), "retention"))
	}
	messagesOf := func(conv string) int { return count(t, app, collections.Messages, dbx.HashExp{"conversation": conv}) }
	photosOf := func(device string) int {
		d, err := app.FindRecordById(collections.Devices, device)
		require.NoError(t, err)
		return len(d.GetStringSlice(collections.DevicePhotos))
	}

	clk.Set(time.Date(2027, 5, 20, 12, 0, 0, 0, time.UTC)) // five months and a bit: nothing yet
	run()
	require.Equal(t, 2, messagesOf(josefinaA.conversation.Id))
	require.Equal(t, 1, photosOf(josefinaA.device.Id))

	clk.Set(time.Date(2027, 5, 25, 12, 0, 0, 0, time.UTC)) // six months and a day after delivery
	run()
	require.Equal(t, 0, messagesOf(josefinaA.conversation.Id))
	require.Equal(t, 0, photosOf(josefinaA.device.Id))
	conv, err := app.FindRecordById(collections.Conversations, josefinaA.conversation.Id)
	require.NoError(t, err)
	require.Empty(t, conv.GetString(collections.ConversationPreview))
	fs, err := app.NewFilesystem()
	require.NoError(t, err)
	defer fs.Close()
	exists, err := fs.Exists(josefinaA.photo)
	require.NoError(t, err)
	require.False(t, exists)
	line, err := app.FindFirstRecordByFilter(collections.AuditLog, "action = 'privacy.retention' && tenant = {:t}", dbx.Params{"t": f.A.ID()})
	require.NoError(t, err)
	require.JSONEq(t, `{"messages":2,"photos":1,"before":"2026-11-25 12:00:00.000Z"}`, line.GetString(collections.AuditChanges))

	// Cliente A has an open order: her conversation stays.
	require.Equal(t, 1, messagesOf(f.A.Rec[collections.Conversations].Id))
	// Shop B keeps everything (no setting).
	require.Equal(t, 2, messagesOf(josefinaB.conversation.Id))
	require.Equal(t, 1, photosOf(josefinaB.device.Id))
	// The orders, their totals and payments are not touched.
	o, err := app.FindRecordById(collections.Orders, josefinaA.order.Id)
	require.NoError(t, err)
	require.Equal(t, 30000, o.GetInt("paid"))

	_ = privacy.RetentionCron
}
