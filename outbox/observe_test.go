package outbox_test

import (
	"context"
	"errors"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/internal/testclock"
	"github.com/bancada/bancada/outbox"
	"github.com/bancada/bancada/retry"
)

func TestObserveReportsEveryOutcome(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	c := testclock.New(hooktest.Now)
	w := newWorker(t, app, c, outbox.Options{})
	var mu sync.Mutex
	var got []string
	w.Observe(func(kind, outcome string) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, kind+" "+outcome)
	})
	w.Handle("a.ok", func(context.Context, *outbox.Delivery) (any, error) { return nil, nil }, nil)
	w.Handle("b.flaky", func(context.Context, *outbox.Delivery) (any, error) { return nil, errors.New("timeout") }, nil)
	w.Handle("c.later", func(context.Context, *outbox.Delivery) (any, error) {
		return nil, retry.Defer(hooktest.Now.Add(time.Hour))
	}, nil)
	w.Handle("d.refused", func(context.Context, *outbox.Delivery) (any, error) {
		return nil, retry.Permanent(errors.New("refused"))
	}, nil)
	for _, kind := range []string{"a.ok", "b.flaky", "c.later", "d.refused", "e.unknown"} {
		_, err := outbox.Enqueue(app, outbox.Message{Kind: kind, Key: "k-" + kind})
		require.NoError(t, err)
	}
	require.NoError(t, w.Drain(context.Background()))
	sort.Strings(got)
	require.Equal(t, []string{"a.ok sent", "b.flaky retry", "c.later deferred", "d.refused dead", "e.unknown dead"}, got)
}
