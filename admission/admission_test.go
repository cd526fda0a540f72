package admission_test

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/admission"
)

// enterAsync calls Enter in a goroutine and waits until it either got in
// or is waiting for a slot; got receives the outcome.
func enterAsync(t *testing.T, g *admission.Gate, ctx context.Context) (got chan error, leave chan func()) {
	t.Helper()
	before := g.Waiting()
	got, leave = make(chan error, 1), make(chan func(), 1)
	go func() {
		l, err := g.Enter(ctx)
		leave <- l
		got <- err
	}()
	for g.Waiting() == before && len(got) == 0 {
		runtime.Gosched()
	}
	return got, leave
}

func TestGateCapsConcurrentRequests(t *testing.T) {
	t.Parallel()
	for _, slots := range []int{1, 2, 4} {
		g := admission.New(slots, time.Hour)
		require.Equal(t, slots, g.Slots())
		var leaves []func()
		for range slots {
			l, err := g.Enter(context.Background())
			require.NoError(t, err)
			leaves = append(leaves, l)
		}
		got, leave := enterAsync(t, g, context.Background())
		require.Equal(t, 1, g.Waiting(), "slots=%d: one past the cap waits", slots)
		require.Empty(t, got, "slots=%d: entered past the cap", slots)

		leaves[0]()
		require.NoError(t, <-got, "a slot given back lets the next one in")
		require.Equal(t, 0, g.Waiting())
		(<-leave)()
		for _, l := range leaves[1:] {
			l()
		}
		require.Zero(t, g.Overflow())
	}
}

func TestGateLetsALongWaitInWithoutASlot(t *testing.T) {
	t.Parallel()
	g := admission.New(1, time.Second)
	fire := make(chan time.Time)
	var asked time.Duration
	g.SetAfter(func(d time.Duration) <-chan time.Time { asked = d; return fire })

	hold, err := g.Enter(context.Background())
	require.NoError(t, err)
	got, leave := enterAsync(t, g, context.Background())
	require.Empty(t, got)
	fire <- time.Now() // MaxWait has passed
	require.NoError(t, <-got)
	require.Equal(t, time.Second, asked)
	require.EqualValues(t, 1, g.Overflow())

	// the overflow's leave gives back nothing: the one slot is still held
	(<-leave)()
	got2, leave2 := enterAsync(t, g, context.Background())
	require.Empty(t, got2, "the slot is still taken")
	hold()
	require.NoError(t, <-got2)
	(<-leave2)()
}

func TestGateGivesUpWithTheCaller(t *testing.T) {
	t.Parallel()
	g := admission.New(1, time.Hour)
	hold, err := g.Enter(context.Background())
	require.NoError(t, err)
	defer hold()
	ctx, cancel := context.WithCancel(context.Background())
	got, _ := enterAsync(t, g, ctx)
	cancel()
	require.ErrorIs(t, <-got, context.Canceled)
	require.Equal(t, 0, g.Waiting())
}

func TestGateNeedsASlot(t *testing.T) {
	t.Parallel()
	require.Panics(t, func() { admission.New(0, 0) })
}
