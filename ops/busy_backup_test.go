package ops_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/inbox"
	"github.com/bancada/bancada/ops"
	"github.com/bancada/bancada/outbox"
)

// Sizes of the busy-backup test: the first free items go through at
// once, the rest wait until the backup is taken.
const (
	busyItems = 40
	busyFree  = 12
)

// recorder notes the calls of a handler: key and whether it was
// flagged as possibly delivered already.
type recorder struct {
	mu        sync.Mutex
	calls     map[string]int
	uncertain map[string]bool
	release   chan struct{} // nil: never wait
}

func newRecorder(release chan struct{}) *recorder {
	return &recorder{calls: map[string]int{}, uncertain: map[string]bool{}, release: release}
}

// call records key, then holds the items past the free ones until
// release is closed.
func (r *recorder) call(ctx context.Context, key string, uncertain bool) error {
	r.mu.Lock()
	r.calls[key]++
	r.uncertain[key] = r.uncertain[key] || uncertain
	r.mu.Unlock()
	n, _ := strconv.Atoi(key[strings.LastIndex(key, "-")+1:])
	if r.release != nil && n >= busyFree {
		select {
		case <-r.release:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// total is how many calls were made.
func (r *recorder) total() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, c := range r.calls {
		n += c
	}
	return n
}

// statuses maps the key of every row of table (outbox: idempotency_key; inbox:
// event_key) to its status.
func statuses(t *testing.T, app core.App, table, keyCol string) map[string]string {
	t.Helper()
	var rows []struct {
		Key    string `db:"k"`
		Status string `db:"status"`
	}
	require.NoError(t, app.DB().Select(keyCol+" AS k", "status").From(table).All(&rows))
	out := map[string]string{}
	for _, r := range rows {
		out[r.Key] = r.Status
	}
	return out
}

// waitFor polls cond until it holds (the workers run on their own).
func waitFor(t *testing.T, ctx context.Context, what string, cond func() bool) {
	t.Helper()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-tick.C:
		case <-ctx.Done():
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// TestBackupWhileInboxAndOutboxAreBusyRestoresWithoutLossOrDoubles takes
// a backup while the outbox has deliveries sent, in flight and waiting,
// and the inbox has events processed, in flight and waiting; the
// restored data dir's workers then deliver exactly what the backup had
// not sent, once each (those in flight flagged as possibly delivered, so
// the handler can ask the provider), never what it had sent, and process
// exactly the events it had not processed, once each.
func TestBackupWhileInboxAndOutboxAreBusyRestoresWithoutLossOrDoubles(t *testing.T) {
	app := hooktest.Bare(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	release := make(chan struct{})
	sent, handled := newRecorder(release), newRecorder(release)

	ob := outbox.New(app, outbox.Options{Concurrency: 4, PollInterval: 10 * time.Millisecond})
	ob.Handle("test.deliver", func(ctx context.Context, d *outbox.Delivery) (any, error) {
		return nil, sent.call(ctx, d.Key, d.Uncertain)
	}, nil)
	in := inbox.New(app, inbox.Options{Concurrency: 4, PollInterval: 10 * time.Millisecond})
	in.Handle("test", func(ctx context.Context, ev *inbox.Record) error { return handled.call(ctx, ev.Key, false) })
	for i := range busyItems {
		_, err := outbox.Enqueue(app, outbox.Message{Kind: "test.deliver", Key: fmt.Sprintf("out-%03d", i), Payload: map[string]int{"n": i}})
		require.NoError(t, err)
		_, err = in.Store(ctx, inbox.Event{Provider: "test", Key: fmt.Sprintf("in-%03d", i), Type: "t", Payload: []byte(`{}`)})
		require.NoError(t, err)
	}

	runCtx, stop := context.WithCancel(ctx)
	var workers sync.WaitGroup
	workers.Add(2)
	go func() { defer workers.Done(); _ = ob.Run(runCtx) }()
	go func() { defer workers.Done(); _ = in.Run(runCtx) }()
	count := func(m map[string]string, status string) int {
		n := 0
		for _, s := range m {
			if s == status {
				n++
			}
		}
		return n
	}
	// Busy: the free items done, four of each held in flight.
	waitFor(t, ctx, "a busy outbox and inbox", func() bool {
		return count(statuses(t, app, "outbox", "idempotency_key"), "sent") == busyFree && sent.total() == busyFree+4 &&
			count(statuses(t, app, "webhook_events", "event_key"), "processed") == busyFree && handled.total() == busyFree+4
	})
	// Until now each event and delivery was worked once: a worker that
	// finishes while the dispatcher reads must not be started again on
	// the stale read.
	for _, r := range []*recorder{sent, handled} {
		r.mu.Lock()
		for key, n := range r.calls {
			assert.Equal(t, 1, n, "%s worked once before the backup", key)
		}
		r.mu.Unlock()
	}
	_, err := ops.Backup(ctx, app, "busy_queues.zip")
	require.NoError(t, err)
	close(release)
	waitFor(t, ctx, "the original to finish", func() bool {
		return count(statuses(t, app, "outbox", "idempotency_key"), "sent") == busyItems &&
			count(statuses(t, app, "webhook_events", "event_key"), "processed") == busyItems
	})
	stop()
	workers.Wait()

	// Restore into a fresh data dir and let its workers run.
	dir := filepath.Join(t.TempDir(), "restored")
	_, err = ops.Restore(ctx, filepath.Join(app.DataDir(), core.LocalBackupsDirName, "busy_queues.zip"), dir)
	require.NoError(t, err)
	restored, err := hooktest.OpenApp(dir)
	require.NoError(t, err)
	defer restored.Cleanup()
	inBackup := statuses(t, restored, "outbox", "idempotency_key")
	eventsInBackup := statuses(t, restored, "webhook_events", "event_key")
	assert.Equal(t, busyFree, count(inBackup, "sent"))
	assert.Equal(t, 4, count(inBackup, "sending"), "deliveries in flight at the backup")
	assert.Equal(t, busyItems-busyFree-4, count(inBackup, "pending"))
	assert.Equal(t, busyFree, count(eventsInBackup, "processed"))
	assert.Equal(t, busyItems-busyFree, count(eventsInBackup, "pending"), "events in flight stay pending until handled")

	sent2, handled2 := newRecorder(nil), newRecorder(nil)
	ob2 := outbox.New(restored, outbox.Options{Concurrency: 4})
	ob2.Handle("test.deliver", func(ctx context.Context, d *outbox.Delivery) (any, error) {
		return nil, sent2.call(ctx, d.Key, d.Uncertain)
	}, nil)
	in2 := inbox.New(restored, inbox.Options{Concurrency: 4})
	in2.Handle("test", func(ctx context.Context, ev *inbox.Record) error { return handled2.call(ctx, ev.Key, false) })
	require.NoError(t, ob2.Recover())
	require.NoError(t, ob2.Drain(ctx))
	require.NoError(t, in2.Drain(ctx))
	in2.Close()

	var wantSent, wantUncertain, wantHandled, gotUncertain []string
	for k, s := range inBackup {
		if s != "sent" {
			wantSent = append(wantSent, k)
		}
		if s == "sending" {
			wantUncertain = append(wantUncertain, k)
		}
	}
	for k, s := range eventsInBackup {
		if s != "processed" {
			wantHandled = append(wantHandled, k)
		}
	}
	for k, u := range sent2.uncertain {
		if u {
			gotUncertain = append(gotUncertain, k)
		}
	}
	for _, s := range [][]string{wantSent, wantUncertain, wantHandled, gotUncertain} {
		sort.Strings(s)
	}
	assert.Equal(t, wantSent, keysOf(sent2.calls), "exactly what the backup had not sent is delivered")
	assert.Equal(t, wantHandled, keysOf(handled2.calls), "exactly what the backup had not processed is handled")
	for k, n := range sent2.calls {
		assert.Equal(t, 1, n, "delivered once: %s", k)
	}
	for k, n := range handled2.calls {
		assert.Equal(t, 1, n, "handled once: %s", k)
	}
	assert.Equal(t, wantUncertain, gotUncertain, "only the deliveries in flight at the backup are flagged as possibly done")
	assert.Len(t, append(keysOf(sent2.calls), sentKeys(inBackup)...), busyItems, "nothing lost: sent before the backup or after the restore")
}

// keysOf are the sorted keys of m.
func keysOf(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// sentKeys are the keys marked sent.
func sentKeys(m map[string]string) []string {
	var out []string
	for k, s := range m {
		if s == "sent" {
			out = append(out, k)
		}
	}
	return out
}
