package outbox_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/internal/testclock"
	"github.com/bancada/bancada/outbox"
	"github.com/bancada/bancada/retry"
)

func TestMain(m *testing.M) { os.Exit(hooktest.Main(m)) }

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// clock is the shared settable test clock.
type clock = testclock.Clock

func newWorker(t *testing.T, app core.App, c *clock, opts outbox.Options) *outbox.Worker {
	t.Helper()
	opts.Now = c.Now
	opts.Logger = quiet
	opts.Rand = func() float64 { return 0.5 } // no jitter: waits are exact
	opts.BaseDelay = 10 * time.Second
	opts.MaxDelay = time.Hour
	return outbox.New(app, opts)
}

func row(t *testing.T, app core.App, id string) *core.Record {
	t.Helper()
	r, err := app.FindRecordById(collections.Outbox, id)
	require.NoError(t, err)
	return r
}

func TestEnqueueCommitsWithTheTransactionAndDeduplicates(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	boom := errors.New("boom")
	err := app.RunInTransaction(func(tx core.App) error {
		_, err := outbox.Enqueue(tx, outbox.Message{Kind: "k", Key: "rolled-back", Payload: map[string]string{"a": "b"}})
		require.NoError(t, err)
		return boom
	})
	require.ErrorIs(t, err, boom)
	_, err = app.FindFirstRecordByData(collections.Outbox, collections.OutboxIdempotencyKey, "rolled-back")
	require.Error(t, err, "a rolled-back change leaves no delivery behind")

	id, err := outbox.Enqueue(app, outbox.Message{Kind: "k", Key: "once", Payload: 1})
	require.NoError(t, err)
	again, err := outbox.Enqueue(app, outbox.Message{Kind: "k", Key: "once", Payload: 2})
	require.ErrorIs(t, err, outbox.ErrDuplicate)
	require.Equal(t, id, again)
	n, err := app.CountRecords(collections.Outbox)
	require.NoError(t, err)
	require.EqualValues(t, 1, n)

	_, err = outbox.Enqueue(app, outbox.Message{Kind: "k"})
	require.Error(t, err, "a key is required")
}

func TestRetriesWithBackoffUntilDelivered(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	c := testclock.New(hooktest.Now)
	w := newWorker(t, app, c, outbox.Options{MaxAttempts: 5})
	calls := 0
	w.Handle("flaky", func(ctx context.Context, d *outbox.Delivery) (any, error) {
		calls++
		require.Equal(t, calls, d.Attempt)
		require.Equal(t, "k1", d.Key)
		if calls <= 3 {
			return nil, errors.New("fora do ar")
		}
		return map[string]string{"id": "ok"}, nil
	}, nil)
	id, err := outbox.Enqueue(app, outbox.Message{Tenant: "", Kind: "flaky", Key: "k1", Payload: map[string]int{"n": 1}})
	require.NoError(t, err)

	ctx := context.Background()
	waits := []time.Duration{10 * time.Second, 20 * time.Second, 40 * time.Second}
	for i, wait := range waits {
		require.NoError(t, w.Drain(ctx))
		require.Equal(t, i+1, calls, "one attempt per due time")
		r := row(t, app, id)
		require.Equal(t, collections.OutboxPending, r.GetString(collections.OutboxStatus))
		require.Equal(t, "fora do ar", r.GetString(collections.OutboxLastError))
		require.Equal(t, c.Now().Add(wait), r.GetDateTime(collections.OutboxNextAttemptAt).Time(), "exponential backoff")
		c.Add(wait - time.Second)
		require.NoError(t, w.Drain(ctx))
		require.Equal(t, i+1, calls, "nothing before the backoff ends")
		c.Add(time.Second)
	}
	require.NoError(t, w.Drain(ctx))
	require.Equal(t, 4, calls, "sent exactly once after three failures")
	r := row(t, app, id)
	require.Equal(t, collections.OutboxSent, r.GetString(collections.OutboxStatus))
	require.Equal(t, 4, r.GetInt(collections.OutboxAttempts))
	require.JSONEq(t, `{"id":"ok"}`, r.GetString(collections.OutboxResult))
	require.NoError(t, w.Drain(ctx))
	require.Equal(t, 4, calls, "a sent row is never sent again")
}

func TestDeadLetters(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	c := testclock.New(hooktest.Now)
	w := newWorker(t, app, c, outbox.Options{MaxAttempts: 3})
	var dead []string
	onDead := func(_ context.Context, d *outbox.Delivery, err error) { dead = append(dead, d.Key+": "+err.Error()) }
	w.Handle("bad-number", func(context.Context, *outbox.Delivery) (any, error) {
		return nil, retry.Permanent(errors.New("número não tem WhatsApp"))
	}, onDead)
	w.Handle("always-down", func(context.Context, *outbox.Delivery) (any, error) {
		return nil, errors.New("502")
	}, onDead)
	permanent, _ := outbox.Enqueue(app, outbox.Message{Kind: "bad-number", Key: "p"})
	exhausted, _ := outbox.Enqueue(app, outbox.Message{Kind: "always-down", Key: "x"})
	unknown, _ := outbox.Enqueue(app, outbox.Message{Kind: "nobody-handles-this", Key: "u"})

	ctx := context.Background()
	for i := 0; i < 3; i++ {
		require.NoError(t, w.Drain(ctx))
		c.Add(time.Hour)
	}
	for id, msg := range map[string]string{permanent: "número não tem WhatsApp", exhausted: "502", unknown: "no handler"} {
		r := row(t, app, id)
		require.Equal(t, collections.OutboxDead, r.GetString(collections.OutboxStatus), id)
		require.Contains(t, r.GetString(collections.OutboxLastError), msg)
	}
	require.Equal(t, 1, row(t, app, permanent).GetInt(collections.OutboxAttempts), "a permanent error is not retried")
	require.Equal(t, 3, row(t, app, exhausted).GetInt(collections.OutboxAttempts))
	require.ElementsMatch(t, []string{"p: número não tem WhatsApp", "x: 502"}, dead)

	// An operator retries a dead letter.
	require.NoError(t, outbox.Retry(app, exhausted))
	w.Handle("always-down", func(context.Context, *outbox.Delivery) (any, error) { return "ok", nil }, nil)
	require.NoError(t, w.Drain(ctx))
	require.Equal(t, collections.OutboxSent, row(t, app, exhausted).GetString(collections.OutboxStatus))
	counts, err := outbox.Counts(app)
	require.NoError(t, err)
	require.Equal(t, map[string]int{"dead": 2, "sent": 1}, counts)
}

func TestRetryAfterDeferAndRecovery(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	c := testclock.New(hooktest.Now)
	w := newWorker(t, app, c, outbox.Options{})
	opening := hooktest.Now.Add(15 * time.Hour)
	w.Handle("rate-limited", func(_ context.Context, d *outbox.Delivery) (any, error) {
		if d.Attempt == 1 {
			return nil, retry.After(errors.New("429"), 90*time.Second)
		}
		return "ok", nil
	}, nil)
	w.Handle("closed-shop", func(context.Context, *outbox.Delivery) (any, error) {
		if c.Now().Before(opening) {
			return nil, retry.Defer(opening)
		}
		return "ok", nil
	}, nil)
	rl, _ := outbox.Enqueue(app, outbox.Message{Kind: "rate-limited", Key: "rl"})
	cs, _ := outbox.Enqueue(app, outbox.Message{Kind: "closed-shop", Key: "cs"})
	ctx := context.Background()
	require.NoError(t, w.Drain(ctx))
	require.Equal(t, hooktest.Now.Add(90*time.Second), row(t, app, rl).GetDateTime(collections.OutboxNextAttemptAt).Time())
	require.Equal(t, opening, row(t, app, cs).GetDateTime(collections.OutboxNextAttemptAt).Time())
	require.Equal(t, 0, row(t, app, cs).GetInt(collections.OutboxAttempts), "waiting for the shop to open is not a failure")

	c.Add(16 * time.Hour)
	require.NoError(t, w.Drain(ctx))
	require.Equal(t, collections.OutboxSent, row(t, app, rl).GetString(collections.OutboxStatus))
	require.Equal(t, collections.OutboxSent, row(t, app, cs).GetString(collections.OutboxStatus))

	// A crash while sending leaves the row "sending"; a restart resumes it.
	crashed, _ := outbox.Enqueue(app, outbox.Message{Kind: "rate-limited", Key: "crash"})
	r := row(t, app, crashed)
	r.Set(collections.OutboxStatus, collections.OutboxSending)
	r.Set(collections.OutboxAttempts, 1)
	require.NoError(t, app.Save(r))
	restarted := newWorker(t, app, c, outbox.Options{})
	restarted.Handle("rate-limited", func(context.Context, *outbox.Delivery) (any, error) { return "ok", nil }, nil)
	require.NoError(t, restarted.Drain(ctx))
	require.Equal(t, collections.OutboxSending, row(t, app, crashed).GetString(collections.OutboxStatus), "Drain alone does not steal rows in flight")
	require.NoError(t, restarted.Recover())
	require.NoError(t, restarted.Drain(ctx))
	require.Equal(t, collections.OutboxSent, row(t, app, crashed).GetString(collections.OutboxStatus))
}

// Pacing is measured on the real clock: within a lane, deliveries start at
// least the interval apart; different lanes go in parallel.
func TestLanesArePacedAndIndependent(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	const interval = 60 * time.Millisecond
	w := outbox.New(app, outbox.Options{
		LaneInterval: func(string) time.Duration { return interval },
		PollInterval: 10 * time.Millisecond,
		Logger:       quiet,
	})
	var mu sync.Mutex
	starts := map[string][]time.Time{}
	done := make(chan struct{}, 10)
	w.Handle("wa", func(_ context.Context, d *outbox.Delivery) (any, error) {
		mu.Lock()
		starts[d.Lane] = append(starts[d.Lane], time.Now())
		mu.Unlock()
		done <- struct{}{}
		return nil, nil
	}, nil)
	for i, lane := range []string{"A", "A", "A", "B", "B", "B"} {
		_, err := outbox.Enqueue(app, outbox.Message{Kind: "wa", Lane: lane, Key: lane + string(rune('0'+i))})
		require.NoError(t, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { _ = w.Run(ctx); close(stopped) }()
	for i := 0; i < 6; i++ {
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("deliveries did not finish")
		}
	}
	cancel()
	<-stopped

	for _, lane := range []string{"A", "B"} {
		s := starts[lane]
		require.Len(t, s, 3)
		for i := 1; i < len(s); i++ {
			require.GreaterOrEqual(t, s[i].Sub(s[i-1]), interval, "lane %s deliveries %d and %d", lane, i-1, i)
		}
	}
	// Lanes interleave: B's first delivery does not wait for A's last.
	require.True(t, starts["B"][0].Before(starts["A"][2]), "lanes run in parallel")
}
