// Package queue is the engine under Bancada's two durable queues: the
// inbox (webhooks taken in, processed later) and the outbox (calls to the
// outside world, delivered later). Each is a table of rows with a status,
// an attempt count and a next attempt time; the engine runs them the same
// way:
//
//   - one dispatcher wakes when poked (a row was written), when the
//     soonest waiting row falls due, or every PollInterval;
//   - it walks the waiting rows in order, starts at most one row per lane
//     (a lane's rows go one at a time and in order; a row waiting for a
//     retry holds its lane), at most Concurrency rows at once, and asks
//     the use whether its own limits admit each one (rate limits);
//   - the rows chosen in one walk are claimed in one transaction, run in
//     parallel, and their outcomes are committed in batches (one
//     transaction for every outcome waiting, see Batcher);
//   - Drain does the same synchronously for tests with a settable clock;
//   - Prune deletes finished rows past their retention.
//
// What a row is, how it is read, claimed and processed is the use's
// (Use): package inbox and package outbox are the two.
package queue

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/retry"
)

// Options tune an Engine. Zero values take the defaults.
type Options struct {
	Now          func() time.Time
	Rand         func() float64
	Concurrency  int           // rows in flight at once (default 8)
	MaxAttempts  int           // then the use gives up (default 6)
	BaseDelay    time.Duration // first retry wait (default 2s)
	MaxDelay     time.Duration // retry wait cap (default 10m)
	PollInterval time.Duration // idle re-check (default 5s)
	// BatchMax bounds the outcomes committed in one transaction (default
	// 256).
	BatchMax int
	Logger   *slog.Logger
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
		o.MaxAttempts = 6
	}
	if o.BaseDelay <= 0 {
		o.BaseDelay = 2 * time.Second
	}
	if o.MaxDelay <= 0 {
		o.MaxDelay = 10 * time.Minute
	}
	if o.PollInterval <= 0 {
		o.PollInterval = 5 * time.Second
	}
	if o.BatchMax <= 0 {
		o.BatchMax = 256
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

// Row is a waiting row as the engine sees it.
type Row struct {
	// ID is the row's primary key.
	ID string
	// Lane groups rows that go one at a time and in order ("" = the row
	// is alone in its lane).
	Lane string
	// Due is when the row may start (zero: now). A row not yet due holds
	// its lane.
	Due time.Time
	// Data is the use's own copy of the row.
	Data any
}

// Outcome is what a processed row becomes.
type Outcome struct {
	// Fields are the columns written on the row (status, attempts, next
	// attempt, error, ...), committed with other rows' outcomes.
	Fields dbx.Params
	// After, when set, runs once the outcome is committed (a dead
	// letter's callback).
	After func()
}

// Use is one queue on the engine.
type Use interface {
	// Table is the collection of the rows.
	Table() string
	// Next lists waiting rows in the order they should go (a page of
	// them) and the soonest time a row not listed falls due (zero: none
	// known).
	Next(now time.Time) (rows []*Row, wake time.Time, err error)
	// Admit decides whether r may start now, beyond its lane being free
	// and the engine's concurrency (a use's own rate limits). When not,
	// retryAt says when to look again (zero: a finishing row wakes the
	// engine anyway). Every admitted row is later passed to Release.
	Admit(r *Row, now time.Time) (ok bool, retryAt time.Time)
	// Claim marks the rows chosen in one walk in flight, all in one
	// transaction, and reports which it got (an operator may have moved
	// one meanwhile).
	Claim(rows []*Row, now time.Time) ([]bool, error)
	// Work processes r and returns its outcome.
	Work(ctx context.Context, r *Row) Outcome
	// Release frees what Admit took for r, once r finished or was not
	// claimed.
	Release(r *Row)
}

// Engine runs one Use.
type Engine struct {
	app  core.App
	use  Use
	opts Options
	poke chan struct{}
	done *Batcher[finished, struct{}]

	mu        sync.Mutex
	inflight  map[string]bool
	busyLanes map[string]bool
	// walks counts dispatch walks; freedIn maps a row freed since the
	// current walk began to the walk during which it was freed. A walk
	// reads the waiting rows once, so a row whose outcome committed
	// after that read still looks waiting to it: such a row must not be
	// started again by that walk.
	walks    uint64
	freedIn  map[string]uint64
	active   int
	launched int64
	wg       sync.WaitGroup
}

// finished is an outcome waiting for its commit.
type finished struct {
	id string
	Outcome
}

// New returns an engine running use on app.
func New(app core.App, use Use, opts Options) *Engine {
	e := &Engine{app: app, use: use, opts: opts.withDefaults(), poke: make(chan struct{}, 1),
		inflight: map[string]bool{}, busyLanes: map[string]bool{}, freedIn: map[string]uint64{}}
	e.done = NewBatcher(e.opts.BatchMax, e.commitOutcomes)
	return e
}

// Options returns the engine's options with their defaults.
func (e *Engine) Options() Options { return e.opts }

// Poke wakes the dispatcher (a row was written or freed).
func (e *Engine) Poke() {
	select {
	case e.poke <- struct{}{}:
	default:
	}
}

// Run dispatches rows until ctx is done, then waits for those in flight.
func (e *Engine) Run(ctx context.Context) error {
	for {
		wake, err := e.dispatch(ctx)
		if err != nil {
			e.opts.Logger.Error("queue: dispatch", "table", e.use.Table(), "error", err)
		}
		wait := e.opts.PollInterval
		if !wake.IsZero() {
			if d := wake.Sub(e.opts.Now()); d < wait {
				wait = max(d, time.Millisecond)
			}
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			e.wg.Wait()
			return nil
		case <-e.poke:
		case <-timer.C:
		}
		timer.Stop()
	}
}

// Drain processes every row due now and waits for the outcomes, repeating
// until nothing is due (rows rescheduled for later stay). Tests use it
// with a settable clock instead of Run; do not mix the two.
func (e *Engine) Drain(ctx context.Context) error {
	for {
		before := e.launchedCount()
		if _, err := e.dispatch(ctx); err != nil {
			return err
		}
		e.wg.Wait()
		if e.launchedCount() == before {
			return nil
		}
	}
}

func (e *Engine) launchedCount() int64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.launched
}

// Backoff is how long to wait after a failed attempt (attempt counts from
// 1): the wait err asks for (retry.After), else exponential with jitter.
func (e *Engine) Backoff(attempt int, err error) time.Duration {
	if wait, ok := retry.AfterOf(err); ok {
		return wait
	}
	return retry.Backoff(attempt, e.opts.BaseDelay, e.opts.MaxDelay, e.opts.Rand)
}

// GivesUp reports whether a failure ends the row's attempts: a permanent
// error, or the last attempt.
func (e *Engine) GivesUp(attempt int, err error) bool {
	return retry.IsPermanent(err) || attempt >= e.opts.MaxAttempts
}

// commitOutcomes writes a batch of outcomes in one transaction.
func (e *Engine) commitOutcomes(batch []finished) ([]struct{}, error) {
	table := e.use.Table()
	err := e.app.RunInTransaction(func(tx core.App) error {
		db := tx.NonconcurrentDB()
		for _, f := range batch {
			if _, err := db.Update(table, f.Fields, dbx.HashExp{"id": f.id}).Execute(); err != nil {
				return fmt.Errorf("queue: outcome of %s %s: %w", table, f.id, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return make([]struct{}, len(batch)), nil
}

// SafeRun runs f, turning a panic into a permanent error, so one bad row
// cannot take the engine down.
func SafeRun(f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = retry.Permanent(fmt.Errorf("handler panic: %v", p))
		}
	}()
	return f()
}

// ErrClosed is returned by a closed Batcher.
var ErrClosed = errors.New("queue: closed")
