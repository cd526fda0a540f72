package gcal_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/integrations/gcal"
	"github.com/bancada/bancada/integrations/gcal/gcalfake"
)

func TestFreeBusy(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, cal := newConnectedCalendar(t, gcalfake.Options{})
	day := time.Date(2026, 5, 11, 11, 0, 0, 0, time.UTC) // 08:00 in São Paulo
	h := time.Hour

	_, err := cal.InsertEvent(ctx, "primary", appointment("fb1", day.Add(1*h))) // 12-13Z
	require.NoError(t, err)
	_, err = cal.InsertEvent(ctx, "primary", appointment("fb2", day.Add(90*time.Minute))) // 12:30-13:30Z overlaps
	require.NoError(t, err)
	gone := appointment("fb3", day.Add(5*h))
	_, err = cal.InsertEvent(ctx, "primary", gone)
	require.NoError(t, err)
	require.NoError(t, cal.DeleteEvent(ctx, "primary", gone.ID)) // cancelled: free again
	srv.AddBusy("primary", day.Add(-h), day.Add(30*time.Minute)) // clipped to the window
	srv.AddBusy("primary", day.Add(7*h), day.Add(8*h))
	srv.AddCalendar("team@group.calendar.google.com", "Equipe", "America/Sao_Paulo", "reader")
	srv.AddBusy("team@group.calendar.google.com", day.Add(2*h), day.Add(3*h))

	got, err := cal.FreeBusy(ctx, []string{"primary", "team@group.calendar.google.com"}, day, day.Add(10*h))
	require.NoError(t, err)
	assert.Equal(t, []gcal.Period{
		{Start: day, End: day.Add(30 * time.Minute)},
		{Start: day.Add(h), End: day.Add(150 * time.Minute)},
		{Start: day.Add(7 * h), End: day.Add(8 * h)},
	}, got["primary"])
	assert.Equal(t, []gcal.Period{{Start: day.Add(2 * h), End: day.Add(3 * h)}}, got["team@group.calendar.google.com"])

	free, err := cal.FreeBusy(ctx, []string{"primary"}, day.Add(3*h), day.Add(4*h))
	require.NoError(t, err)
	assert.Empty(t, free["primary"])

	_, err = cal.FreeBusy(ctx, []string{"primary", "unknown@example.com"}, day, day.Add(h))
	require.ErrorContains(t, err, "unknown@example.com: notFound")

	_, err = cal.FreeBusy(ctx, []string{"primary"}, day, day)
	require.Error(t, err)
	many := make([]string, gcal.MaxFreeBusyCalendars+1)
	_, err = cal.FreeBusy(ctx, many, day, day.Add(h))
	require.Error(t, err)
	empty, err := cal.FreeBusy(ctx, nil, day, day.Add(h))
	require.NoError(t, err)
	assert.Empty(t, empty)
}
