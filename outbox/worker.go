package outbox

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/queue"
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
	app    core.App
	opts   Options
	kinds  map[string]kind
	engine *queue.Engine

	// mu guards the pacing and limits below.
	mu          sync.Mutex
	laneNext    map[string]time.Time
	groupActive map[string]int
	buckets     map[string]*bucket
	pacers      []pacer
	limiters    []limiter
	observe     func(kind, outcome string)
}

// New returns a Worker for app and wakes it whenever a row is enqueued.
// Register handlers with Handle before Run.
func New(app core.App, opts Options) *Worker {
	opts = opts.withDefaults()
	w := &Worker{
		app: app, kinds: map[string]kind{},
		laneNext: map[string]time.Time{}, groupActive: map[string]int{}, buckets: map[string]*bucket{},
	}
	w.engine = queue.New(app, (*deliveries)(w), queue.Options{Now: opts.Now, Rand: opts.Rand,
		Concurrency: opts.Concurrency, MaxAttempts: opts.MaxAttempts, BaseDelay: opts.BaseDelay,
		MaxDelay: opts.MaxDelay, PollInterval: opts.PollInterval, Logger: opts.Logger})
	eo := w.engine.Options()
	opts.Now, opts.Logger = eo.Now, eo.Logger
	w.opts = opts
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
func (w *Worker) Poke() { w.engine.Poke() }

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
	return w.engine.Run(ctx)
}

// Drain delivers every row due now and waits for the results, repeating
// until nothing is due (rows rescheduled for later stay). Tests use it
// with an injected clock instead of Run; do not mix the two.
func (w *Worker) Drain(ctx context.Context) error { return w.engine.Drain(ctx) }
