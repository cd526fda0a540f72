package gcal_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/integrations/gcal"
	"github.com/bancada/bancada/integrations/gcal/gcalfake"
)

func appointment(seed string, start time.Time) gcal.Event {
	return gcal.Event{
		ID:          gcal.EventID(seed),
		Summary:     "Reparo iPhone 13 – troca de tela",
		Description: "OS #1234",
		Location:    "Rua Augusta, 100",
		Start:       start,
		End:         start.Add(time.Hour),
		TimeZone:    "America/Sao_Paulo",
		Private:     map[string]string{"tenantId": "t1", "appointmentId": seed},
	}
}

func TestEventID(t *testing.T) {
	t.Parallel()
	id := gcal.EventID("apt_0001")
	assert.Equal(t, id, gcal.EventID("apt_0001"), "deterministic")
	assert.NotEqual(t, id, gcal.EventID("apt_0002"))
	assert.True(t, gcal.ValidEventID(id), id)
	assert.Len(t, id, 52)
	assert.True(t, gcal.ValidEventID(gcal.EventID("")))

	for id, want := range map[string]bool{
		"abcde":                   true,
		"0123456789abcdefghijkuv": true,
		"abcd":                    false, // too short
		"abcdw":                   false, // w is not base32hex
		"ABCDE":                   false, // upper case
		"abc-de":                  false,
		strings.Repeat("a", 1024): true,
		strings.Repeat("a", 1025): false,
	} {
		assert.Equal(t, want, gcal.ValidEventID(id), id)
	}
}

func TestInsertEventIdempotent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, cal := newConnectedCalendar(t, gcalfake.Options{})
	start := time.Date(2026, 5, 10, 17, 0, 0, 0, time.UTC) // 14:00 in São Paulo
	ev := appointment("apt_1", start)

	first, err := cal.InsertEvent(ctx, "primary", ev)
	require.NoError(t, err)
	assert.Equal(t, ev.ID, first.ID)
	assert.Equal(t, gcal.StatusConfirmed, first.Status)
	assert.True(t, first.Start.Equal(start))
	assert.Equal(t, time.UTC, first.Start.Location(), "times come back in UTC")
	assert.Equal(t, "America/Sao_Paulo", first.TimeZone)
	assert.Equal(t, ev.Private, first.Private)
	assert.False(t, first.Updated.IsZero())

	// What went over the wire: wall time in the shop's zone plus timeZone.
	stored := srv.Events("primary")
	require.Len(t, stored, 1)
	assert.Equal(t, "2026-05-10T14:00:00-03:00", stored[0].Start.DateTime)
	assert.Equal(t, "America/Sao_Paulo", stored[0].Start.TimeZone)
	assert.Equal(t, "2026-05-10T15:00:00-03:00", stored[0].End.DateTime)

	// A retry (e.g. the outbox after a timeout) gets the same event, no error.
	again, err := cal.InsertEvent(ctx, "primary", ev)
	require.NoError(t, err)
	assert.Equal(t, first.ID, again.ID)
	assert.True(t, again.Start.Equal(first.Start))
	assert.Len(t, srv.Events("primary"), 1, "still one event")

	// The calendar's real id and "primary" are the same calendar.
	again, err = cal.InsertEvent(ctx, srv.PrimaryCalendarID(), ev)
	require.NoError(t, err)
	assert.Equal(t, first.ID, again.ID)
}

func TestInsertEventValidation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, cal := newConnectedCalendar(t, gcalfake.Options{})
	start := time.Date(2026, 5, 10, 17, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		mutate func(*gcal.Event)
	}{
		{"no id", func(e *gcal.Event) { e.ID = "" }},
		{"invalid id", func(e *gcal.Event) { e.ID = "Not-Valid" }},
		{"no end", func(e *gcal.Event) { e.End = time.Time{} }},
		{"unknown zone", func(e *gcal.Event) { e.TimeZone = "Mars/Olympus" }},
	}
	for _, tt := range tests {
		ev := appointment("apt_v", start)
		tt.mutate(&ev)
		_, err := cal.InsertEvent(ctx, "primary", ev)
		assert.Error(t, err, tt.name)
	}
	// Google's own validation comes back as a 400.
	ev := appointment("apt_v2", start)
	ev.End = start.Add(-time.Hour)
	_, err := cal.InsertEvent(ctx, "primary", ev)
	require.Error(t, err)
	assert.Equal(t, "timeRangeEmpty", gcal.Reason(err))
	assert.False(t, gcal.IsRetryable(err))
}

func TestInsertEventWithoutZoneIsUTC(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, cal := newConnectedCalendar(t, gcalfake.Options{})
	start := time.Date(2026, 5, 10, 17, 0, 0, 0, time.FixedZone("x", 3600))
	ev := appointment("apt_utc", start)
	ev.TimeZone = ""
	got, err := cal.InsertEvent(ctx, "primary", ev)
	require.NoError(t, err)
	assert.True(t, got.Start.Equal(start))
	assert.Equal(t, "2026-05-10T16:00:00Z", srv.Events("primary")[0].Start.DateTime)
}

func TestPatchGetDeleteEvent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, cal := newConnectedCalendar(t, gcalfake.Options{})
	start := time.Date(2026, 5, 10, 17, 0, 0, 0, time.UTC)
	ev := appointment("apt_2", start)
	_, err := cal.InsertEvent(ctx, "primary", ev)
	require.NoError(t, err)

	newStart := start.Add(2 * time.Hour)
	patched, err := cal.PatchEvent(ctx, "primary", ev.ID, gcal.Event{
		Summary: "Reparo iPhone 13 – remarcado", Start: newStart, End: newStart.Add(90 * time.Minute), TimeZone: "America/Sao_Paulo",
	})
	require.NoError(t, err)
	assert.Equal(t, "Reparo iPhone 13 – remarcado", patched.Summary)
	assert.Equal(t, ev.Description, patched.Description, "fields not sent are kept")
	assert.Equal(t, ev.Private, patched.Private)
	assert.True(t, patched.Start.Equal(newStart))
	assert.True(t, patched.End.Equal(newStart.Add(90*time.Minute)))

	got, err := cal.GetEvent(ctx, "primary", ev.ID)
	require.NoError(t, err)
	assert.Equal(t, patched.Summary, got.Summary)
	assert.True(t, got.Start.Equal(newStart))

	require.NoError(t, cal.DeleteEvent(ctx, "primary", ev.ID))
	require.NoError(t, cal.DeleteEvent(ctx, "primary", ev.ID), "second delete (410) is fine")
	require.NoError(t, cal.DeleteEvent(ctx, "primary", gcal.EventID("never-created")), "404 is fine")

	got, err = cal.GetEvent(ctx, "primary", ev.ID)
	require.NoError(t, err)
	assert.Equal(t, gcal.StatusCancelled, got.Status)
	assert.Equal(t, "cancelled", srv.Events("primary")[0].Status)

	// Re-inserting a deleted id is a 409 too: the cancelled event comes back.
	re, err := cal.InsertEvent(ctx, "primary", ev)
	require.NoError(t, err)
	assert.Equal(t, gcal.StatusCancelled, re.Status)

	_, err = cal.PatchEvent(ctx, "primary", gcal.EventID("nope"), gcal.Event{Summary: "x"})
	assert.True(t, gcal.IsNotFound(err))
	_, err = cal.GetEvent(ctx, "primary", gcal.EventID("nope"))
	assert.True(t, gcal.IsNotFound(err))
}

func TestListCalendars(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, cal := newConnectedCalendar(t, gcalfake.Options{}, gcal.WithPageSize(1))
	srv.AddCalendar("oficina@group.calendar.google.com", "Oficina", "America/Manaus", "writer")
	cals, err := cal.ListCalendars(ctx)
	require.NoError(t, err)
	require.Len(t, cals, 2, "both pages")
	assert.Equal(t, gcal.CalendarInfo{ID: srv.PrimaryCalendarID(), Summary: srv.PrimaryCalendarID(), Primary: true, AccessRole: "owner", TimeZone: "America/Sao_Paulo"}, cals[0])
	assert.Equal(t, gcal.CalendarInfo{ID: "oficina@group.calendar.google.com", Summary: "Oficina", AccessRole: "writer", TimeZone: "America/Manaus"}, cals[1])
}

func TestPatchMergesPrivateProperties(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, cal := newConnectedCalendar(t, gcalfake.Options{})
	ev := appointment("apt_props", time.Date(2026, 5, 10, 17, 0, 0, 0, time.UTC))
	_, err := cal.InsertEvent(ctx, "primary", ev)
	require.NoError(t, err)
	got, err := cal.PatchEvent(ctx, "primary", ev.ID, gcal.Event{Private: map[string]string{"orderId": "o9"}})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"tenantId": "t1", "appointmentId": "apt_props", "orderId": "o9"}, got.Private)
	assert.Equal(t, ev.Summary, got.Summary)

	// Reviving a cancelled event is a status patch.
	require.NoError(t, cal.DeleteEvent(ctx, "primary", ev.ID))
	got, err = cal.PatchEvent(ctx, "primary", ev.ID, gcal.Event{Status: gcal.StatusConfirmed})
	require.NoError(t, err)
	assert.Equal(t, gcal.StatusConfirmed, got.Status)
}
