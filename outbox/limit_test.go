package outbox_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/internal/testclock"
	"github.com/bancada/bancada/outbox"
)

// A token bucket per class paces a group of lanes on the worker's clock:
// the burst goes at once, then one per 1/rate; a lane's rows keep their
// order; the slow class has its own bucket and does not hold up the fast
// one.
func TestLimitBucketsPerClassAndOrderPerLane(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	c := testclock.New(time.Date(2026, 11, 24, 13, 0, 0, 0, time.UTC))
	w := newWorker(t, app, c, outbox.Options{})
	w.Limit("wa:", func(lane, kind string) outbox.Limit {
		if kind == "reply" {
			return outbox.Limit{Group: "wa:shop", Concurrency: 8, Bucket: "wa:shop#reply", Rate: 2, Burst: 3}
		}
		return outbox.Limit{Group: "wa:shop", Concurrency: 8, Bucket: "wa:shop#proactive", Rate: 0.5, Burst: 1}
	})
	var mu sync.Mutex
	var got []string
	handler := func(_ context.Context, d *outbox.Delivery) (any, error) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, d.Key)
		return nil, nil
	}
	w.Handle("reply", handler, nil)
	w.Handle("notice", handler, nil)
	for _, m := range []struct{ kind, lane, key string }{
		{"reply", "wa:shop/1", "r1a"}, {"reply", "wa:shop/1", "r1b"}, {"reply", "wa:shop/2", "r2"},
		{"reply", "wa:shop/3", "r3"}, {"reply", "wa:shop/4", "r4"},
		{"notice", "wa:shop/5", "n5"}, {"notice", "wa:shop/6", "n6"},
	} {
		_, err := outbox.Enqueue(app, outbox.Message{Kind: m.kind, Lane: m.lane, Key: m.key})
		require.NoError(t, err)
	}
	delivered := func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), got...) }
	ctx := context.Background()

	require.NoError(t, w.Drain(ctx))
	// Burst of 3 replies (r1a, r2, r3; r1b waits behind r1a in its lane
	// until the next round, then there is no token) and 1 notice.
	require.ElementsMatch(t, []string{"r1a", "r2", "r3", "n5"}, delivered())

	c.Add(499 * time.Millisecond)
	require.NoError(t, w.Drain(ctx))
	require.Len(t, delivered(), 4, "no token yet")

	c.Add(time.Millisecond + time.Millisecond) // 0.5 s (+ rounding): one reply token
	require.NoError(t, w.Drain(ctx))
	require.Equal(t, "r1b", delivered()[4], "a lane's next row before later lanes")
	require.Len(t, delivered(), 5)

	c.Add(500 * time.Millisecond)
	require.NoError(t, w.Drain(ctx))
	require.Equal(t, []string{"r1b", "r4"}, delivered()[4:])

	c.Add(time.Second) // 2 s since n5: the notice class's next token
	require.NoError(t, w.Drain(ctx))
	require.Equal(t, []string{"r1b", "r4", "n6"}, delivered()[4:])
}

// At most Concurrency lanes of a group are in flight together; other
// lanes of the group wait for one to finish, other groups do not.
func TestLimitBoundsLanesInFlightPerGroup(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	w := outbox.New(app, outbox.Options{PollInterval: 10 * time.Millisecond, Logger: quiet})
	w.Limit("wa:", func(lane, _ string) outbox.Limit {
		return outbox.Limit{Group: lane[:len("wa:x")], Concurrency: 2}
	})
	var mu sync.Mutex
	cur, most := map[string]int{}, map[string]int{}
	started := make(chan string, 20)
	release := make(chan struct{})
	w.Handle("wa", func(_ context.Context, d *outbox.Delivery) (any, error) {
		g := d.Lane[:len("wa:x")]
		mu.Lock()
		cur[g]++
		most[g] = max(most[g], cur[g])
		mu.Unlock()
		started <- d.Key
		<-release
		mu.Lock()
		cur[g]--
		mu.Unlock()
		return nil, nil
	}, nil)
	for _, lane := range []string{"wa:a/1", "wa:a/2", "wa:a/3", "wa:a/4", "wa:b/1", "wa:b/2"} {
		_, err := outbox.Enqueue(app, outbox.Message{Kind: "wa", Lane: lane, Key: lane})
		require.NoError(t, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { _ = w.Run(ctx); close(stopped) }()
	wait := func() string {
		select {
		case k := <-started:
			return k
		case <-time.After(10 * time.Second):
			t.Fatal("deliveries did not start")
			return ""
		}
	}
	// Two of shop a and both of shop b start while nothing finishes.
	first := map[string]int{}
	for range 4 {
		k := wait()
		first[k[:len("wa:x")]]++
	}
	require.Equal(t, map[string]int{"wa:a": 2, "wa:b": 2}, first)
	close(release)
	wait()
	wait()
	cancel()
	<-stopped
	require.Equal(t, map[string]int{"wa:a": 2, "wa:b": 2}, most, "never more than two lanes of a group at once")
}
