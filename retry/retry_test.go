package retry_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/retry"
)

func TestBackoffGrowsCapsAndJitters(t *testing.T) {
	t.Parallel()
	mid := func() float64 { return 0.5 } // factor 1.0
	cases := []struct {
		attempt int
		want    time.Duration
	}{{0, 2 * time.Second}, {1, 2 * time.Second}, {2, 4 * time.Second}, {3, 8 * time.Second}, {10, time.Minute}, {1000, time.Minute}}
	for _, tc := range cases {
		require.Equal(t, tc.want, retry.Backoff(tc.attempt, 2*time.Second, time.Minute, mid), "attempt %d", tc.attempt)
	}
	low := retry.Backoff(3, 2*time.Second, time.Minute, func() float64 { return 0 })
	high := retry.Backoff(3, 2*time.Second, time.Minute, func() float64 { return 0.999999 })
	require.Equal(t, time.Duration(float64(8*time.Second)*0.8), low)
	require.InDelta(t, float64(8*time.Second)*1.2, float64(high), float64(time.Millisecond))
}

func TestErrorMarkers(t *testing.T) {
	t.Parallel()
	base := errors.New("boom")
	p := fmt.Errorf("send: %w", retry.Permanent(base))
	require.True(t, retry.IsPermanent(p))
	require.ErrorIs(t, p, base)
	require.False(t, retry.IsPermanent(base))
	require.Nil(t, retry.Permanent(nil))

	a := retry.After(base, 30*time.Second)
	d, ok := retry.AfterOf(fmt.Errorf("x: %w", a))
	require.True(t, ok)
	require.Equal(t, 30*time.Second, d)
	require.ErrorIs(t, a, base)

	at := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	until, ok := retry.DeferredUntil(retry.Defer(at))
	require.True(t, ok)
	require.Equal(t, at, until)
	_, ok = retry.DeferredUntil(base)
	require.False(t, ok)
}
