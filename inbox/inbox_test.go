package inbox_test

import (
	"context"
	"errors"
	"fmt"
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
	"github.com/bancada/bancada/inbox"
	"github.com/bancada/bancada/internal/testclock"
	"github.com/bancada/bancada/retry"
)

func TestMain(m *testing.M) { os.Exit(hooktest.Main(m)) }

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// clock is the shared settable test clock.
type clock = testclock.Clock

func newInbox(t *testing.T, app core.App, c *clock) *inbox.Inbox {
	t.Helper()
	in := inbox.New(app, inbox.Options{Now: c.Now, Rand: func() float64 { return 0.5 }, Logger: quiet,
		BaseDelay: 10 * time.Second, MaxAttempts: 3})
	t.Cleanup(in.Close)
	return in
}

func status(t *testing.T, app core.App, provider, key string) *core.Record {
	t.Helper()
	r, err := app.FindFirstRecordByFilter(collections.WebhookEvents, "provider = {:p} && event_key = {:k}",
		map[string]any{"p": provider, "k": key})
	require.NoError(t, err)
	return r
}

func TestStoreIsDurableAndDeduplicated(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	in := newInbox(t, app, testclock.New(hooktest.Now))
	ctx := context.Background()
	ev := inbox.Event{Provider: "asaas", Key: "evt_1&1", Type: "PAYMENT_RECEIVED", Payload: []byte(`{"id":"evt_1&1"}`)}

	isNew, err := in.Store(ctx, ev)
	require.NoError(t, err)
	require.True(t, isNew)
	isNew, err = in.Store(ctx, ev)
	require.NoError(t, err)
	require.False(t, isNew, "a re-delivery is recognised")
	r := status(t, app, "asaas", "evt_1&1")
	require.Equal(t, collections.WebhookPending, r.GetString(collections.WebhookStatus))
	require.JSONEq(t, `{"id":"evt_1&1"}`, r.GetString(collections.WebhookPayload))

	_, err = in.Store(ctx, inbox.Event{Provider: "asaas", Key: "x", Payload: []byte(`{not json`)})
	require.Error(t, err)
	_, err = in.Store(ctx, inbox.Event{Provider: "asaas", Payload: []byte(`{}`)})
	require.Error(t, err)
}

func TestConcurrentStoresAreGroupCommitted(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	in := newInbox(t, app, testclock.New(hooktest.Now))
	var wg sync.WaitGroup
	var mu sync.Mutex
	fresh := 0
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			// every event twice: 100 distinct keys
			isNew, err := in.Store(context.Background(), inbox.Event{Provider: "evolution", Key: fmt.Sprint("m", i%100), Payload: []byte(`{}`)})
			require.NoError(t, err)
			if isNew {
				mu.Lock()
				fresh++
				mu.Unlock()
			}
		}(i)
	}
	wg.Wait()
	require.Equal(t, 100, fresh)
	n, err := app.CountRecords(collections.WebhookEvents)
	require.NoError(t, err)
	require.EqualValues(t, 100, n)
}

func TestProcessingIsOrderedPerLaneRetriedAndIdempotent(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	c := testclock.New(hooktest.Now)
	in := newInbox(t, app, c)
	ctx := context.Background()
	var mu sync.Mutex
	var seen []string
	failFirst := map[string]bool{"a1": true}
	in.Handle("evolution", func(_ context.Context, ev *inbox.Record) error {
		mu.Lock()
		defer mu.Unlock()
		if failFirst[ev.Key] && ev.Attempt == 1 {
			return errors.New("banco ocupado")
		}
		switch ev.Type {
		case "group":
			return inbox.Ignore("mensagem de grupo")
		case "broken":
			return retry.Permanent(errors.New("payload inválido"))
		}
		seen = append(seen, ev.Key)
		return nil
	})
	for _, e := range []inbox.Event{
		{Key: "a1", Lane: "conversa-a"}, {Key: "a2", Lane: "conversa-a"}, {Key: "b1", Lane: "conversa-b"},
		{Key: "g", Type: "group"}, {Key: "x", Type: "broken"},
	} {
		e.Provider, e.Payload = "evolution", []byte(`{}`)
		_, err := in.Store(ctx, e)
		require.NoError(t, err)
	}
	require.NoError(t, in.Drain(ctx))
	require.Equal(t, []string{"b1"}, seen, "a2 waits behind a1, which failed; b1 does not")
	a1 := status(t, app, "evolution", "a1")
	require.Equal(t, collections.WebhookPending, a1.GetString(collections.WebhookStatus))
	require.Equal(t, "banco ocupado", a1.GetString(collections.WebhookError))
	require.Equal(t, collections.WebhookIgnored, status(t, app, "evolution", "g").GetString(collections.WebhookStatus))
	require.Equal(t, collections.WebhookFailed, status(t, app, "evolution", "x").GetString(collections.WebhookStatus))

	c.Add(10 * time.Second)
	require.NoError(t, in.Drain(ctx))
	require.Equal(t, []string{"b1", "a1", "a2"}, seen, "the lane resumes in order")
	for _, k := range []string{"a1", "a2", "b1"} {
		require.Equal(t, collections.WebhookProcessed, status(t, app, "evolution", k).GetString(collections.WebhookStatus))
	}
	require.NoError(t, in.Drain(ctx))
	require.Len(t, seen, 3, "processed events are not handled again")

	// A duplicate delivery after processing is still a duplicate.
	isNew, err := in.Store(ctx, inbox.Event{Provider: "evolution", Key: "a1", Lane: "conversa-a", Payload: []byte(`{}`)})
	require.NoError(t, err)
	require.False(t, isNew)
	require.NoError(t, in.Drain(ctx))
	require.Len(t, seen, 3)
}

func TestACrashBeforeProcessingLosesNothing(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	c := testclock.New(hooktest.Now)
	first := newInbox(t, app, c)
	_, err := first.Store(context.Background(), inbox.Event{Provider: "asaas", Key: "evt", Payload: []byte(`{}`)})
	require.NoError(t, err)
	first.Close() // the process dies after acknowledging, before processing

	restarted := newInbox(t, app, c)
	handled := 0
	restarted.Handle("asaas", func(context.Context, *inbox.Record) error { handled++; return nil })
	require.NoError(t, restarted.Drain(context.Background()))
	require.Equal(t, 1, handled)
	require.Equal(t, collections.WebhookProcessed, status(t, app, "asaas", "evt").GetString(collections.WebhookStatus))
	_, err = first.Store(context.Background(), inbox.Event{Provider: "asaas", Key: "late", Payload: []byte(`{}`)})
	require.ErrorIs(t, err, inbox.ErrClosed)
}

// TestAStoppingProcessorStartsNothing: once its context is done (the
// server is stopping, the database about to close) the processor starts
// no event; the event waits, pending, for the next start.
func TestAStoppingProcessorStartsNothing(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	in := newInbox(t, app, testclock.New(hooktest.Now))
	called := false
	in.Handle("asaas", func(context.Context, *inbox.Record) error { called = true; return nil })
	_, err := in.Store(context.Background(), inbox.Event{Provider: "asaas", Key: "parado", Payload: []byte(`{}`)})
	require.NoError(t, err)
	stopped, cancel := context.WithCancel(context.Background())
	cancel()
	require.NoError(t, in.Drain(stopped))
	require.False(t, called)
	require.Equal(t, collections.WebhookPending, status(t, app, "asaas", "parado").GetString(collections.WebhookStatus))
	require.NoError(t, in.Drain(context.Background()))
	require.True(t, called, "the next start processes it")
}

// TestProcessorTakesThePayloadFromTheIntake: an event stored by this
// process reaches its handler without its payload being read back from
// the table; another process (a restart) reads it from the table.
func TestProcessorTakesThePayloadFromTheIntake(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	c := testclock.New(hooktest.Now)
	in := newInbox(t, app, c)
	var got []string
	in.Handle("asaas", func(_ context.Context, ev *inbox.Record) error { got = append(got, string(ev.Payload)); return nil })
	ctx := context.Background()
	_, err := in.Store(ctx, inbox.Event{Provider: "asaas", Key: "evt", Payload: []byte(`{"v":"intake"}`)})
	require.NoError(t, err)
	_, err = app.NonconcurrentDB().NewQuery(`UPDATE webhook_events SET payload = '{"v":"table"}'`).Execute()
	require.NoError(t, err)
	require.NoError(t, in.Drain(ctx))
	require.Equal(t, []string{`{"v":"intake"}`}, got)

	// The event goes back in line; a restarted process handles it.
	r := status(t, app, "asaas", "evt")
	r.Set(collections.WebhookStatus, collections.WebhookPending)
	require.NoError(t, app.Save(r))
	restarted := newInbox(t, app, c)
	var fromTable []string
	restarted.Handle("asaas", func(_ context.Context, ev *inbox.Record) error {
		fromTable = append(fromTable, string(ev.Payload))
		return nil
	})
	require.NoError(t, restarted.Drain(ctx))
	require.Equal(t, []string{`{"v":"table"}`}, fromTable)
}
