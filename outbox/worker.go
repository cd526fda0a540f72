package outbox

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/dbtime"
	"github.com/bancada/bancada/retry"
)

// Delivery is one attempt at an outbox row, handed to its kind's handler.
type Delivery struct {
	ID, Tenant, Kind, Lane, Key string
	Payload                     json.RawMessage
	// Attempt counts from 1.
	Attempt int
	// Enqueued is when the row was written: nothing of it can have reached
	// the provider before.
	Enqueued time.Time
	// Uncertain is true when an earlier attempt may have reached the
	// provider without the row being marked sent: the process stopped
	// during it (found in flight by Recover) or it failed with an error
	// wrapped by Uncertain (a timeout after the request left). A handler
	// for a provider without idempotency keys asks the provider first.
	Uncertain bool
}

// Decode unmarshals the payload into v.
func (d *Delivery) Decode(v any) error {
	if err := json.Unmarshal(d.Payload, v); err != nil {
		return retry.Permanent(fmt.Errorf("outbox: payload of %s %s: %w", d.Kind, d.ID, err))
	}
	return nil
}

// Handler delivers one row. It returns what to keep as the row's result
// (the provider's id, say) or an error: wrap it with retry.Permanent when
// trying again is pointless, retry.After to choose the wait, or return
// retry.Defer to reschedule without counting an attempt.
type Handler func(ctx context.Context, d *Delivery) (result any, err error)

// DeadFunc runs when a delivery is given up (the dead letter): mark what
// depended on it as failed, alert someone.
type DeadFunc func(ctx context.Context, d *Delivery, err error)

// Options tune a Worker. Zero values take the defaults.
type Options struct {
	Now          func() time.Time
	Rand         func() float64
	Concurrency  int           // deliveries in flight at once (default 8)
	MaxAttempts  int           // then the dead letter (default 8)
	BaseDelay    time.Duration // first retry wait (default 5s)
	MaxDelay     time.Duration // retry wait cap (default 30m)
	Timeout      time.Duration // per delivery (default 60s)
	PollInterval time.Duration // idle re-check (default 5s)
	// LaneInterval is the minimum spacing between two deliveries of one
	// lane; nil or 0 = no pacing.
	LaneInterval func(lane string) time.Duration
	Logger       *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Rand == nil {
		o.Rand = rand.Float64
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 8
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 8
	}
	if o.BaseDelay <= 0 {
		o.BaseDelay = 5 * time.Second
	}
	if o.MaxDelay <= 0 {
		o.MaxDelay = 30 * time.Minute
	}
	if o.Timeout <= 0 {
		o.Timeout = 60 * time.Second
	}
	if o.PollInterval <= 0 {
		o.PollInterval = 5 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

// Pace sets the spacing of the lanes whose name starts with prefix (e.g.
// "whatsapp:" → one shop's interval), overriding Options.LaneInterval for
// them. Call it before Run.
func (w *Worker) Pace(prefix string, interval func(lane string) time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.pacers = append(w.pacers, pacer{prefix, interval})
}

type pacer struct {
	prefix   string
	interval func(lane string) time.Duration
}

// laneInterval is the spacing of lane.
func (w *Worker) laneInterval(lane string) time.Duration {
	w.mu.Lock()
	pacers := w.pacers
	w.mu.Unlock()
	for _, p := range pacers {
		if strings.HasPrefix(lane, p.prefix) {
			return p.interval(lane)
		}
	}
	if w.opts.LaneInterval != nil {
		return w.opts.LaneInterval(lane)
	}
	return 0
}

type kind struct {
	deliver Handler
	dead    DeadFunc
}

// Worker delivers outbox rows. One process runs one Worker (Run); tests
// call Drain instead.
type Worker struct {
	app   core.App
	opts  Options
	kinds map[string]kind
	poke  chan struct{}

	mu          sync.Mutex
	inflight    map[string]bool
	busyLanes   map[string]bool
	laneNext    map[string]time.Time
	groupActive map[string]int
	buckets     map[string]*bucket
	active      int
	launched    int64
	pacers      []pacer
	limiters    []limiter
	wg          sync.WaitGroup
	observe     func(kind, outcome string)
}

// New returns a Worker for app and wakes it whenever a row is enqueued.
// Register handlers with Handle before Run.
func New(app core.App, opts Options) *Worker {
	w := &Worker{
		app: app, opts: opts.withDefaults(), kinds: map[string]kind{},
		poke: make(chan struct{}, 1), inflight: map[string]bool{}, busyLanes: map[string]bool{}, laneNext: map[string]time.Time{},
		groupActive: map[string]int{}, buckets: map[string]*bucket{},
	}
	app.OnRecordAfterCreateSuccess(collections.Outbox).BindFunc(func(e *core.RecordEvent) error {
		w.Poke()
		return e.Next()
	})
	return w
}

// Handle registers the handler of a kind and, optionally, what to do when
// one of its deliveries dies.
func (w *Worker) Handle(kindName string, h Handler, onDead DeadFunc) {
	w.kinds[kindName] = kind{deliver: h, dead: onDead}
}

// Observe makes the worker report the outcome of every attempt: "sent",
// "retry", "deferred" (the handler asked to wait) or "dead". Call it
// before Run.
func (w *Worker) Observe(f func(kind, outcome string)) { w.observe = f }

// Poke wakes the worker (something was enqueued).
func (w *Worker) Poke() {
	select {
	case w.poke <- struct{}{}:
	default:
	}
}

// Recover puts rows left "sending" by a crashed process back in line,
// marked uncertain (Delivery.Uncertain): the provider may have accepted
// them. Run calls it; one process owns the outbox.
func (w *Worker) Recover() error {
	_, err := w.app.NonconcurrentDB().NewQuery(
		"UPDATE {{outbox}} SET [[status]] = {:pending}, [[last_error]] = {:interrupted} WHERE [[status]] = {:sending}",
	).Bind(dbx.Params{"pending": collections.OutboxPending, "sending": collections.OutboxSending,
		"interrupted": uncertainPrefix + "the process stopped during this delivery"}).Execute()
	if err != nil {
		return fmt.Errorf("outbox: recover: %w", err)
	}
	return nil
}

// Run delivers until ctx is done, then waits for deliveries in flight.
func (w *Worker) Run(ctx context.Context) error {
	if err := w.Recover(); err != nil {
		return err
	}
	for {
		wake, err := w.dispatch(ctx)
		if err != nil {
			w.opts.Logger.Error("outbox: dispatch", "error", err)
		}
		wait := w.opts.PollInterval
		if !wake.IsZero() {
			if d := wake.Sub(w.opts.Now()); d < wait {
				wait = max(d, time.Millisecond)
			}
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			w.wg.Wait()
			return nil
		case <-w.poke:
		case <-timer.C:
		}
		timer.Stop()
	}
}

// Drain delivers every row due now and waits for the results, repeating
// until nothing is due (rows rescheduled for later stay). Tests use it
// with an injected clock instead of Run; do not mix the two.
func (w *Worker) Drain(ctx context.Context) error {
	for {
		before := w.launchedCount()
		if _, err := w.dispatch(ctx); err != nil {
			return err
		}
		w.wg.Wait()
		if w.launchedCount() == before {
			return nil
		}
	}
}

// launched counts deliveries started, to see whether a dispatch did work.
func (w *Worker) launchedCount() int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.launched
}

// row is the part of an outbox row the worker reads.
type row struct {
	ID       string `db:"id"`
	Tenant   string `db:"tenant"`
	Kind     string `db:"kind"`
	Lane     string `db:"lane"`
	Key      string `db:"idempotency_key"`
	Payload  string `db:"payload"`
	Attempts int    `db:"attempts"`
	LastErr  string `db:"last_error"`
	Created  string `db:"created"`
}

// dispatch starts due deliveries and returns when the next one is due.
// Once ctx is done it starts nothing: the server is stopping.
func (w *Worker) dispatch(ctx context.Context) (time.Time, error) {
	if ctx.Err() != nil {
		return time.Time{}, nil
	}
	now := w.opts.Now()
	nowDB := dbTime(now)
	var rows []row
	err := w.app.DB().NewQuery(
		"SELECT [[id]], [[tenant]], [[kind]], [[lane]], [[idempotency_key]], [[payload]], [[attempts]], [[last_error]], [[created]] FROM {{outbox}} " +
			"WHERE [[status]] = {:pending} AND ([[next_attempt_at]] = '' OR [[next_attempt_at]] <= {:now}) " +
			"ORDER BY [[next_attempt_at]], [[created]] LIMIT 200",
	).Bind(dbx.Params{"pending": collections.OutboxPending, "now": nowDB}).All(&rows)
	if err != nil {
		return time.Time{}, fmt.Errorf("outbox: due rows: %w", err)
	}

	var wake time.Time
	soonest := func(t time.Time) {
		if wake.IsZero() || t.Before(wake) {
			wake = t
		}
	}
	// A lane whose first due row must wait holds back its later rows in
	// this round too: a lane's deliveries keep their order.
	held := map[string]bool{}
	for _, r := range rows {
		lim, limited := Limit{}, false
		if r.Lane != "" {
			lim, limited = w.limitOf(r.Lane, r.Kind)
			lim = lim.normalized()
		}
		w.mu.Lock()
		if w.active >= w.opts.Concurrency {
			w.mu.Unlock()
			break
		}
		if w.inflight[r.ID] {
			w.mu.Unlock()
			continue
		}
		if r.Lane != "" {
			if w.busyLanes[r.Lane] || held[r.Lane] {
				w.mu.Unlock()
				continue // woken when the lane frees
			}
			if limited {
				if ok, retryAt := w.admit(lim, now); !ok {
					held[r.Lane] = true
					w.mu.Unlock()
					if !retryAt.IsZero() {
						soonest(retryAt)
					}
					continue
				}
			} else if next := w.laneNext[r.Lane]; next.After(now) {
				w.mu.Unlock()
				soonest(next)
				continue
			}
		}
		w.mu.Unlock()

		claimed, err := w.claim(r.ID, now)
		if err != nil {
			return wake, err
		}
		if !claimed {
			continue
		}
		w.mu.Lock()
		w.inflight[r.ID] = true
		w.active++
		w.launched++
		if r.Lane != "" {
			w.busyLanes[r.Lane] = true
		}
		if limited {
			w.take(lim)
		}
		w.mu.Unlock()
		if r.Lane != "" && !limited {
			if iv := w.laneInterval(r.Lane); iv > 0 {
				w.mu.Lock()
				w.laneNext[r.Lane] = now.Add(iv)
				w.mu.Unlock()
			}
		}
		w.wg.Add(1)
		go w.deliver(ctx, r, lim, limited)
	}

	var next string
	_ = w.app.DB().NewQuery(
		"SELECT COALESCE(MIN([[next_attempt_at]]), '') FROM {{outbox}} WHERE [[status]] = {:pending} AND [[next_attempt_at]] > {:now}",
	).Bind(dbx.Params{"pending": collections.OutboxPending, "now": nowDB}).Row(&next)
	if t, err := parseDBTime(next); err == nil && !t.IsZero() {
		soonest(t)
	}
	return wake, nil
}

// claim moves a row to "sending" unless another dispatch took it.
func (w *Worker) claim(id string, now time.Time) (bool, error) {
	res, err := w.app.NonconcurrentDB().NewQuery(
		"UPDATE {{outbox}} SET [[status]] = {:sending}, [[attempts]] = [[attempts]] + 1, [[updated]] = {:now} " +
			"WHERE [[id]] = {:id} AND [[status]] = {:pending}",
	).Bind(dbx.Params{"sending": collections.OutboxSending, "pending": collections.OutboxPending, "now": dbTime(now), "id": id}).Execute()
	if err != nil {
		return false, fmt.Errorf("outbox: claim %s: %w", id, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// deliver runs one handler and records the outcome.
func (w *Worker) deliver(ctx context.Context, r row, lim Limit, limited bool) {
	defer w.wg.Done()
	defer func() {
		w.mu.Lock()
		delete(w.inflight, r.ID)
		delete(w.busyLanes, r.Lane)
		if limited {
			w.release(lim)
		}
		w.active--
		w.mu.Unlock()
		w.Poke()
	}()
	enqueued, _ := parseDBTime(r.Created)
	d := &Delivery{ID: r.ID, Tenant: r.Tenant, Kind: r.Kind, Lane: r.Lane, Key: r.Key,
		Payload: json.RawMessage(r.Payload), Attempt: r.Attempts + 1, Enqueued: enqueued,
		Uncertain: strings.HasPrefix(r.LastErr, uncertainPrefix)}

	if limited {
		// Pace from the real start of the call, not from the dispatch.
		w.mu.Lock()
		w.started(lim, w.opts.Now())
		w.mu.Unlock()
	}
	if r.Lane != "" && !limited {
		// Pace from the real start of the call, not from the dispatch.
		if iv := w.laneInterval(r.Lane); iv > 0 {
			w.mu.Lock()
			w.laneNext[r.Lane] = w.opts.Now().Add(iv)
			w.mu.Unlock()
		}
	}
	k, ok := w.kinds[r.Kind]
	var result any
	var err error
	if !ok {
		err = retry.Permanent(fmt.Errorf("no handler for kind %q", r.Kind))
	} else {
		dctx, cancel := context.WithTimeout(ctx, w.opts.Timeout)
		result, err = safeDeliver(dctx, k.deliver, d)
		cancel()
	}
	now := w.opts.Now()
	if ferr := w.finish(ctx, k, d, result, err, now); ferr != nil {
		w.opts.Logger.Error("outbox: record outcome", "id", r.ID, "kind", r.Kind, "error", ferr)
	}
}

// safeDeliver turns a handler panic into an error, so one bad payload
// cannot take the worker down.
func safeDeliver(ctx context.Context, h Handler, d *Delivery) (res any, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = retry.Permanent(fmt.Errorf("handler panic: %v", p))
		}
	}()
	return h(ctx, d)
}

func (w *Worker) finish(ctx context.Context, k kind, d *Delivery, result any, err error, now time.Time) error {
	outcome := "retry"
	defer func() {
		if w.observe != nil {
			w.observe(d.Kind, outcome)
		}
	}()
	db := w.app.NonconcurrentDB()
	set := func(fields dbx.Params) error {
		fields["updated"] = dbTime(now)
		_, e := db.Update(collections.Outbox, fields, dbx.HashExp{"id": d.ID}).Execute()
		return e
	}
	if err == nil {
		outcome = "sent"
		raw, _ := json.Marshal(result)
		return set(dbx.Params{"status": collections.OutboxSent, "sent_at": dbTime(now), "last_error": "", "result": string(raw)})
	}
	if until, ok := retry.DeferredUntil(err); ok {
		outcome = "deferred"
		return set(dbx.Params{"status": collections.OutboxPending, "attempts": d.Attempt - 1, "next_attempt_at": dbTime(until)})
	}
	msg := err.Error()
	if IsUncertain(err) {
		msg = uncertainPrefix + msg
	}
	if len(msg) > 2000 {
		msg = msg[:2000]
	}
	if retry.IsPermanent(err) || d.Attempt >= w.opts.MaxAttempts {
		outcome = "dead"
		w.opts.Logger.Warn("outbox: dead letter", "id", d.ID, "kind", d.Kind, "tenant", d.Tenant, "attempts", d.Attempt, "error", msg)
		if e := set(dbx.Params{"status": collections.OutboxDead, "last_error": msg}); e != nil {
			return e
		}
		if k.dead != nil {
			k.dead(ctx, d, err)
		}
		return nil
	}
	wait, ok := retry.AfterOf(err)
	if !ok {
		wait = retry.Backoff(d.Attempt, w.opts.BaseDelay, w.opts.MaxDelay, w.opts.Rand)
	}
	return set(dbx.Params{"status": collections.OutboxPending, "last_error": msg, "next_attempt_at": dbTime(now.Add(wait))})
}

// parseDBTime reads a date as PocketBase stores it.
func parseDBTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := dbtime.Parse(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("outbox: %w", err)
	}
	return t, nil
}
