package queue_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/dbtime"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/internal/testclock"
	"github.com/bancada/bancada/queue"
)

func TestMain(m *testing.M) { os.Exit(hooktest.Main(m)) }

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// toy is a use of the engine over rows kept in memory; outcomes are
// written to webhook_events rows of the same ids.
type toy struct {
	mu       sync.Mutex
	rows     []*queue.Row
	done     map[string]bool
	worked   []string
	refuse   map[string]bool // Claim does not get these
	admitted map[string]int
	released map[string]int
	limit    func(r *queue.Row) (bool, time.Time)
	work     func(r *queue.Row)
}

func newToy() *toy {
	return &toy{done: map[string]bool{}, refuse: map[string]bool{}, admitted: map[string]int{}, released: map[string]int{}}
}

func (u *toy) add(id, lane string, due time.Time) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.rows = append(u.rows, &queue.Row{ID: id, Lane: lane, Due: due})
}

func (u *toy) Table() string { return collections.WebhookEvents }

func (u *toy) Next(time.Time) ([]*queue.Row, time.Time, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	var out []*queue.Row
	for _, r := range u.rows {
		if !u.done[r.ID] {
			out = append(out, r)
		}
	}
	return out, time.Time{}, nil
}

func (u *toy) Admit(r *queue.Row, now time.Time) (bool, time.Time) {
	if u.limit != nil {
		if ok, at := u.limit(r); !ok {
			return false, at
		}
	}
	u.mu.Lock()
	u.admitted[r.ID]++
	u.mu.Unlock()
	return true, time.Time{}
}

func (u *toy) Claim(rows []*queue.Row, _ time.Time) ([]bool, error) {
	out := make([]bool, len(rows))
	for i, r := range rows {
		out[i] = !u.refuse[r.ID]
	}
	return out, nil
}

func (u *toy) Work(_ context.Context, r *queue.Row) queue.Outcome {
	if u.work != nil {
		u.work(r)
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	u.worked = append(u.worked, r.ID)
	u.done[r.ID] = true
	return queue.Outcome{Fields: dbx.Params{"status": collections.WebhookProcessed}}
}

func (u *toy) Release(r *queue.Row) {
	u.mu.Lock()
	u.released[r.ID]++
	u.mu.Unlock()
}

// A lane's rows go one at a time and in order, a row not due yet holds its
// lane, other lanes are not held up, and a row the claim did not get is
// released and not worked.
func TestEngineLanesOrderAndClaims(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	c := testclock.New(hooktest.Now)
	u := newToy()
	e := queue.New(app, u, queue.Options{Now: c.Now, Logger: quiet})
	u.add("a1", "a", time.Time{})
	u.add("a2", "a", time.Time{})
	u.add("b1", "b", hooktest.Now.Add(time.Minute)) // waits for a retry
	u.add("b2", "b", time.Time{})
	u.add("x", "", time.Time{})
	u.add("taken", "", time.Time{})
	u.refuse["taken"] = true
	require.NoError(t, e.Drain(context.Background()))
	require.Equal(t, []string{"a1", "a2"}, filter(u.worked, "a1", "a2"), "lane a in order")
	require.ElementsMatch(t, []string{"a1", "a2", "x"}, u.worked, "b1 is not due and holds b2; taken was not claimed")
	require.Equal(t, u.admitted, u.released, "every admitted row is released once")
	require.Equal(t, 1, u.released["a1"])

	c.Add(time.Minute)
	require.NoError(t, e.Drain(context.Background()))
	require.Equal(t, []string{"b1", "b2"}, filter(u.worked, "b1", "b2"))
}

// At most Concurrency rows run at once; a row the use's limits refuse
// waits while the others go.
func TestEngineConcurrencyAndAdmission(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	c := testclock.New(hooktest.Now)
	u := newToy()
	var mu sync.Mutex
	running, most := 0, 0
	gate := make(chan struct{})
	u.work = func(*queue.Row) {
		mu.Lock()
		running++
		most = max(most, running)
		mu.Unlock()
		<-gate
		mu.Lock()
		running--
		mu.Unlock()
	}
	u.limit = func(r *queue.Row) (bool, time.Time) { return r.ID != "limited", hooktest.Now.Add(time.Second) }
	e := queue.New(app, u, queue.Options{Now: c.Now, Logger: quiet, Concurrency: 2})
	for _, id := range []string{"r1", "r2", "r3", "r4", "limited"} {
		u.add(id, id, time.Time{})
	}
	drained := make(chan error)
	go func() { drained <- e.Drain(context.Background()) }()
	for func() int { mu.Lock(); defer mu.Unlock(); return running }() < 2 {
		runtime.Gosched()
	}
	close(gate)
	require.NoError(t, <-drained)
	require.Equal(t, 2, most, "never more than two at once")
	require.ElementsMatch(t, []string{"r1", "r2", "r3", "r4"}, u.worked)
	require.Zero(t, u.admitted["limited"])
}

// Once its context is done the engine starts nothing.
func TestEngineStoppingStartsNothing(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	u := newToy()
	e := queue.New(app, u, queue.Options{Logger: quiet})
	u.add("r", "", time.Time{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.NoError(t, e.Drain(ctx))
	require.Empty(t, u.worked)
}

// Prune deletes the finished rows older than the retention and nothing
// else.
func TestPruneDeletesOnlyOldFinishedRows(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	old, recent := hooktest.Now.Add(-31*24*time.Hour), hooktest.Now.Add(-29*24*time.Hour)
	for _, r := range []struct {
		id, status string
		updated    time.Time
	}{
		{"oldprocessed000", collections.WebhookProcessed, old},
		{"oldfailed000000", collections.WebhookFailed, old},
		{"newprocessed000", collections.WebhookProcessed, recent},
	} {
		_, err := app.NonconcurrentDB().Insert(collections.WebhookEvents, dbx.Params{"id": r.id, "provider": "p",
			"event_key": r.id, "status": r.status, "payload": "{}", "created": dbtime.Format(r.updated), "updated": dbtime.Format(r.updated)}).Execute()
		require.NoError(t, err)
	}
	n, err := queue.Prune(app, queue.Retention{Table: collections.WebhookEvents,
		Statuses: []string{collections.WebhookProcessed}, Keep: 30 * 24 * time.Hour}, hooktest.Now)
	require.NoError(t, err)
	require.EqualValues(t, 1, n)
	var left []string
	require.NoError(t, app.DB().Select("id").From(collections.WebhookEvents).OrderBy("id").Column(&left))
	require.Equal(t, []string{"newprocessed000", "oldfailed000000"}, left)
}

// Outcomes reach the table.
func TestEngineCommitsOutcomes(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	u := newToy()
	e := queue.New(app, u, queue.Options{Logger: quiet})
	for _, id := range []string{"evt000000000001", "evt000000000002"} {
		_, err := app.NonconcurrentDB().Insert(collections.WebhookEvents, dbx.Params{"id": id, "provider": "p",
			"event_key": id, "status": collections.WebhookPending, "payload": "{}"}).Execute()
		require.NoError(t, err)
		u.add(id, "", time.Time{})
	}
	require.NoError(t, e.Drain(context.Background()))
	var statuses []string
	require.NoError(t, app.DB().Select("status").From(collections.WebhookEvents).OrderBy("id").Column(&statuses))
	require.Equal(t, []string{collections.WebhookProcessed, collections.WebhookProcessed}, statuses)
}

func filter(list []string, keep ...string) []string {
	var out []string
	for _, s := range list {
		for _, k := range keep {
			if s == k {
				out = append(out, s)
			}
		}
	}
	return out
}
