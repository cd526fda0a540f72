package bot

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/availability"
)

// The shop's real schedule type plugs straight into Tenant.Hours.
var _ Hours = (*availability.Schedule)(nil)

func TestWithRealSchedule(t *testing.T) {
	t.Parallel()
	c := newChat(t, "celfix", "maria")
	sched, err := availability.NewSchedule(c.ten.Location, availability.DefaultWeek(), []string{"2026-12-25"}, nil)
	require.NoError(t, err)
	c.ten.Hours = sched
	c.at = day(c.ten.Location, 2026, 12, 24, 19, 0) // Thursday evening, Christmas next: back on Saturday
	res := c.must(0, "oi")
	require.NotEmpty(t, res.Replies)
	assert.Contains(t, res.Replies[0], "volta sábado às 09:00")
	res = c.must(0, "atendente")
	require.NotNil(t, res.Handoff)
	assert.True(t, res.Handoff.Queued)
	assert.Equal(t, day(c.ten.Location, 2026, 12, 26, 9, 0), res.Handoff.OpensAt)
}
