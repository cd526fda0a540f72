package gcal_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/api/calendar/v3"

	"github.com/bancada/bancada/integrations/gcal"
	"github.com/bancada/bancada/integrations/gcal/gcalfake"
)

func byID(events []gcal.Event) map[string]gcal.Event {
	out := map[string]gcal.Event{}
	for _, e := range events {
		out[e.ID] = e
	}
	return out
}

func TestSyncEventsIncremental(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	clk := newClock(now)
	srv, cal := newConnectedCalendar(t, gcalfake.Options{}, gcal.WithClock(clk.Now), gcal.WithPageSize(2))

	var ids []string
	for i, seed := range []string{"a", "b", "c", "d", "e"} {
		ev := appointment(seed, now.Add(time.Duration(i+1)*24*time.Hour))
		_, err := cal.InsertEvent(ctx, "primary", ev)
		require.NoError(t, err)
		ids = append(ids, ev.ID)
	}
	old := appointment("old", now.Add(-40*24*time.Hour)) // before the 30-day window
	_, err := cal.InsertEvent(ctx, "primary", old)
	require.NoError(t, err)

	full, err := cal.SyncEvents(ctx, "primary", "")
	require.NoError(t, err)
	assert.True(t, full.FullResync)
	assert.Len(t, full.Events, 5, "three pages of two, without the event outside the window")
	assert.NotContains(t, byID(full.Events), old.ID)
	require.NotEmpty(t, full.NextSyncToken)

	// Nothing changed: empty delta.
	none, err := cal.SyncEvents(ctx, "primary", full.NextSyncToken)
	require.NoError(t, err)
	assert.False(t, none.FullResync)
	assert.Empty(t, none.Events)
	require.NotEmpty(t, none.NextSyncToken)

	// The owner moves one appointment and deletes another in Google.
	movedTo := now.Add(10 * 24 * time.Hour)
	require.NoError(t, srv.MoveEvent("primary", ids[0], movedTo, movedTo.Add(30*time.Minute)))
	require.NoError(t, srv.DeleteEventExternally("primary", ids[1]))
	// And one of ours is patched by us.
	_, err = cal.PatchEvent(ctx, "primary", ids[2], gcal.Event{Summary: "novo título"})
	require.NoError(t, err)

	delta, err := cal.SyncEvents(ctx, "primary", none.NextSyncToken)
	require.NoError(t, err)
	assert.False(t, delta.FullResync)
	got := byID(delta.Events)
	require.Len(t, got, 3, "only the changed events, over two pages")
	assert.True(t, got[ids[0]].Start.Equal(movedTo))
	assert.True(t, got[ids[0]].End.Equal(movedTo.Add(30*time.Minute)))
	assert.Equal(t, gcal.StatusConfirmed, got[ids[0]].Status)
	assert.Equal(t, "America/Sao_Paulo", got[ids[0]].TimeZone)
	assert.Equal(t, gcal.StatusCancelled, got[ids[1]].Status)
	assert.Equal(t, "novo título", got[ids[2]].Summary)
	assert.Equal(t, map[string]string{"tenantId": "t1", "appointmentId": "a"}, got[ids[0]].Private)

	// Changes to events outside the full-sync window still show up.
	require.NoError(t, srv.DeleteEventExternally("primary", old.ID))
	later, err := cal.SyncEvents(ctx, "primary", delta.NextSyncToken)
	require.NoError(t, err)
	require.Len(t, later.Events, 1)
	assert.Equal(t, old.ID, later.Events[0].ID)
}

func TestSyncEventsGoneDoesFullResync(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	clk := newClock(now)
	srv, cal := newConnectedCalendar(t, gcalfake.Options{}, gcal.WithClock(clk.Now))
	a, b := appointment("a", now.Add(time.Hour)), appointment("b", now.Add(3*time.Hour))
	for _, ev := range []gcal.Event{a, b} {
		_, err := cal.InsertEvent(ctx, "primary", ev)
		require.NoError(t, err)
	}
	first, err := cal.SyncEvents(ctx, "primary", "")
	require.NoError(t, err)
	require.NoError(t, srv.DeleteEventExternally("primary", a.ID))

	srv.InvalidateSyncTokens()
	res, err := cal.SyncEvents(ctx, "primary", first.NextSyncToken)
	require.NoError(t, err)
	assert.True(t, res.FullResync)
	require.Len(t, res.Events, 1, "a full listing leaves deleted events out")
	assert.Equal(t, b.ID, res.Events[0].ID)
	require.NotEmpty(t, res.NextSyncToken)
	assert.NotEqual(t, first.NextSyncToken, res.NextSyncToken)

	// The new token works incrementally again.
	res, err = cal.SyncEvents(ctx, "primary", res.NextSyncToken)
	require.NoError(t, err)
	assert.False(t, res.FullResync)
	assert.Empty(t, res.Events)
}

func TestSyncEventsErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, cal := newConnectedCalendar(t, gcalfake.Options{})
	first, err := cal.SyncEvents(ctx, "primary", "")
	require.NoError(t, err)

	srv.FailNext(1, 503, "backendError")
	_, err = cal.SyncEvents(ctx, "primary", first.NextSyncToken)
	require.Error(t, err)
	assert.True(t, gcal.IsRetryable(err))

	_, err = cal.SyncEvents(ctx, "no-such-calendar@example.com", "")
	assert.True(t, gcal.IsNotFound(err))
}

func TestSyncSeesOwnersOwnEvents(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	clk := newClock(now)
	srv, cal := newConnectedCalendar(t, gcalfake.Options{}, gcal.WithClock(clk.Now), gcal.WithSyncWindow(24*time.Hour))
	first, err := cal.SyncEvents(ctx, "primary", "")
	require.NoError(t, err)

	holiday, err := srv.CreateEventExternally("primary", &calendar.Event{
		Summary: "Feriado", Start: &calendar.EventDateTime{Date: "2026-05-04"}, End: &calendar.EventDateTime{Date: "2026-05-05"},
		Transparency: "transparent",
	})
	require.NoError(t, err)
	weekly, err := srv.CreateEventExternally("primary", &calendar.Event{
		Summary:    "Reunião semanal",
		Start:      &calendar.EventDateTime{DateTime: "2026-05-05T09:00:00", TimeZone: "America/Sao_Paulo"},
		End:        &calendar.EventDateTime{DateTime: "2026-05-05T10:00:00", TimeZone: "America/Sao_Paulo"},
		Recurrence: []string{"RRULE:FREQ=WEEKLY"},
	})
	require.NoError(t, err)
	_, err = srv.CreateEventExternally("primary", &calendar.Event{ // before the 1-day window
		Summary: "Antigo", Start: &calendar.EventDateTime{DateTime: "2026-04-29T09:00:00Z"}, End: &calendar.EventDateTime{DateTime: "2026-04-29T10:00:00Z"},
	})
	require.NoError(t, err)

	delta, err := cal.SyncEvents(ctx, "primary", first.NextSyncToken)
	require.NoError(t, err)
	got := byID(delta.Events)
	require.Len(t, got, 3)
	h := got[holiday.Id]
	assert.True(t, h.AllDay)
	assert.True(t, h.Start.Equal(time.Date(2026, 5, 4, 3, 0, 0, 0, time.UTC)), "midnight in the calendar's zone: %v", h.Start)
	assert.True(t, h.End.Equal(time.Date(2026, 5, 5, 3, 0, 0, 0, time.UTC)))
	w := got[weekly.Id]
	assert.True(t, w.Recurring)
	assert.False(t, w.AllDay)
	assert.True(t, w.Start.Equal(time.Date(2026, 5, 5, 12, 0, 0, 0, time.UTC)))

	full, err := cal.SyncEvents(ctx, "primary", "")
	require.NoError(t, err)
	assert.Len(t, full.Events, 2, "the 1-day window leaves the old event out")
}
