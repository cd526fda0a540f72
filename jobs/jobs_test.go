package jobs_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/jobs"
)

func TestJobsRunOnDemandAndOnSchedule(t *testing.T) {
	t.Parallel()
	fixed := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	var runs atomic.Int32
	var seen atomic.Value
	boom := errors.New("boom")
	r, err := jobs.New([]jobs.Job{
		{Name: "tick", Every: 20 * time.Millisecond, Run: func(_ context.Context, now time.Time) error {
			runs.Add(1)
			seen.Store(now)
			return nil
		}},
		{Name: "daily", Cron: "0 6 * * *", Run: func(context.Context, time.Time) error { return boom }},
	}, nil, func() time.Time { return fixed })
	require.NoError(t, err)
	require.ElementsMatch(t, []string{"tick", "daily"}, r.Names())

	require.NoError(t, r.RunNow(context.Background(), "tick"))
	require.Equal(t, int32(1), runs.Load())
	require.Equal(t, fixed, seen.Load())
	require.ErrorIs(t, r.RunNow(context.Background(), "daily"), boom)
	require.ErrorIs(t, r.RunNow(context.Background(), "nope"), jobs.ErrUnknown)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	loc, _ := time.LoadLocation("America/Sao_Paulo")
	require.NoError(t, r.Start(ctx, loc))
	require.Eventually(t, func() bool { return runs.Load() >= 3 }, 5*time.Second, 5*time.Millisecond, "the interval job keeps running")
}

func TestInvalidJobsAreRefused(t *testing.T) {
	t.Parallel()
	noop := func(context.Context, time.Time) error { return nil }
	for _, bad := range [][]jobs.Job{
		{{Name: "", Every: time.Second, Run: noop}},
		{{Name: "x", Run: noop}},
		{{Name: "x", Every: time.Second, Cron: "* * * * *", Run: noop}},
		{{Name: "x", Every: time.Second, Run: noop}, {Name: "x", Every: time.Second, Run: noop}},
	} {
		_, err := jobs.New(bad, nil, nil)
		require.Error(t, err)
	}
}

func TestObserveHearsEveryRun(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	r, err := jobs.New([]jobs.Job{
		{Name: "fine", Every: time.Hour, Run: func(context.Context, time.Time) error { return nil }},
		{Name: "broken", Every: time.Hour, Run: func(context.Context, time.Time) error { return boom }},
	}, nil, nil)
	require.NoError(t, err)
	var heard []string
	r.Observe(func(name string, took time.Duration, err error) {
		require.GreaterOrEqual(t, took, time.Duration(0))
		heard = append(heard, name+" "+map[bool]string{true: "failed", false: "ok"}[err != nil])
	})
	require.NoError(t, r.RunNow(context.Background(), "fine"))
	require.ErrorIs(t, r.RunNow(context.Background(), "broken"), boom)
	require.Equal(t, []string{"fine ok", "broken failed"}, heard)
}
