// Package inbox takes webhooks from the outside (Evolution, Asaas, Google)
// durably and processes them asynchronously and idempotently.
//
// Store writes an event to webhook_events, unique per (provider, key),
// and returns only once it is committed, so the route can acknowledge it:
// a crash after the 2xx loses nothing, and a re-delivery is recognised as
// a duplicate. Concurrent Store calls are group-committed (one transaction
// for every event waiting), which is what lets a small machine take
// thousands of webhooks a second. A processor then hands each event to its
// provider's handler outside the request, one at a time per lane (one
// WhatsApp conversation, one payment) and in arrival order, retrying
// failures with backoff; events that keep failing are marked failed for
// operators.
package inbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/dbtime"
)

// Event is a webhook as received.
type Event struct {
	Provider string
	// Key identifies the event at its provider (Asaas event id, WhatsApp
	// instance + message id); the same key is stored once.
	Key     string
	Type    string
	Tenant  string
	Lane    string
	Payload []byte // the raw JSON body
}

// Record is a stored event handed to a handler.
type Record struct {
	ID, Provider, Key, Type, Tenant, Lane string
	Payload                               json.RawMessage
	// Attempt counts from 1.
	Attempt  int
	Received time.Time
}

// Handler processes one event. It must be idempotent: an event may be
// handled again after a crash. Return Ignore for events that need no work,
// an error wrapped with retry.Permanent for events that can never succeed,
// any other error to try again later.
type Handler func(ctx context.Context, ev *Record) error

type ignored struct{ reason string }

func (i ignored) Error() string { return i.reason }

// Ignore marks an event as needing no work (an unknown event type, a group
// message); reason is kept for operators.
func Ignore(reason string) error { return ignored{reason} }

// Options tune an Inbox. Zero values take the defaults.
type Options struct {
	Now          func() time.Time
	Rand         func() float64
	Concurrency  int           // events processed at once (default 8)
	MaxAttempts  int           // then "failed" (default 6)
	BaseDelay    time.Duration // first retry wait (default 2s)
	MaxDelay     time.Duration // retry wait cap (default 10m)
	PollInterval time.Duration // idle re-check (default 5s)
	BatchMax     int           // events per group commit (default 512)
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
		o.BatchMax = 512
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

// Inbox stores and processes webhooks.
type Inbox struct {
	app      core.App
	opts     Options
	handlers map[string]Handler

	writes   chan storeReq
	closeMu  sync.RWMutex // Store sends under RLock; Close takes Lock
	isClosed bool
	closed   chan struct{}
	writerWG sync.WaitGroup

	poke      chan struct{}
	mu        sync.Mutex
	busyLanes map[string]bool
	inflight  map[string]bool
	active    int
	launched  int64
	wg        sync.WaitGroup
}

type storeReq struct {
	ev   Event
	done chan storeRes
}

type storeRes struct {
	isNew bool
	err   error
}

// ErrClosed is returned by Store after Close.
var ErrClosed = errors.New("inbox: closed")

// New returns an Inbox for app and starts its group-commit writer; Close
// stops it.
func New(app core.App, opts Options) *Inbox {
	in := &Inbox{
		app: app, opts: opts.withDefaults(), handlers: map[string]Handler{},
		writes: make(chan storeReq, 4096), closed: make(chan struct{}),
		poke: make(chan struct{}, 1), busyLanes: map[string]bool{}, inflight: map[string]bool{},
	}
	in.writerWG.Add(1)
	go in.writer()
	return in
}

// Close stops the writer after committing what it holds.
func (in *Inbox) Close() {
	in.closeMu.Lock()
	if !in.isClosed {
		in.isClosed = true
		close(in.closed)
	}
	in.closeMu.Unlock()
	in.writerWG.Wait()
}

// Handle registers the handler of a provider's events.
func (in *Inbox) Handle(provider string, h Handler) { in.handlers[provider] = h }

// Poke wakes the processor.
func (in *Inbox) Poke() {
	select {
	case in.poke <- struct{}{}:
	default:
	}
}

// Store records ev durably and reports whether it is new (false: the
// provider re-delivered an event already stored). It returns after the
// commit, so the caller may acknowledge the webhook.
func (in *Inbox) Store(ctx context.Context, ev Event) (bool, error) {
	if ev.Provider == "" || ev.Key == "" {
		return false, errors.New("inbox: provider and key are required")
	}
	if !json.Valid(ev.Payload) {
		return false, errors.New("inbox: payload is not JSON")
	}
	req := storeReq{ev: ev, done: make(chan storeRes, 1)}
	// Sending under the read lock guarantees that the writer, once told
	// to close, drains (and answers) every request already sent.
	in.closeMu.RLock()
	if in.isClosed {
		in.closeMu.RUnlock()
		return false, ErrClosed
	}
	select {
	case in.writes <- req:
		in.closeMu.RUnlock()
	case <-ctx.Done():
		in.closeMu.RUnlock()
		return false, ctx.Err()
	}
	select {
	case res := <-req.done:
		return res.isNew, res.err
	case <-ctx.Done():
		return false, ctx.Err()
	}
}

// writer group-commits waiting Store calls: while one transaction
// commits, the next requests queue and go together in the next one.
func (in *Inbox) writer() {
	defer in.writerWG.Done()
	batch := make([]storeReq, 0, in.opts.BatchMax)
	for {
		select {
		case <-in.closed:
			// Commit what was sent before Close.
			for {
				batch = batch[:0]
			drain:
				for len(batch) < in.opts.BatchMax {
					select {
					case r := <-in.writes:
						batch = append(batch, r)
					default:
						break drain
					}
				}
				if len(batch) == 0 {
					return
				}
				in.commit(batch)
			}
		case first := <-in.writes:
			batch = append(batch[:0], first)
		collect:
			for len(batch) < in.opts.BatchMax {
				select {
				case r := <-in.writes:
					batch = append(batch, r)
				default:
					break collect
				}
			}
			in.commit(batch)
		}
	}
}

// insertEventSQL stores one event; a re-delivered one (same provider and
// key) is left alone.
const insertEventSQL = "INSERT INTO {{webhook_events}} ([[id]], [[provider]], [[event_key]], [[event_type]], [[tenant]], [[lane]], " +
	"[[payload]], [[status]], [[attempts]], [[created]], [[updated]]) VALUES ({:id}, {:provider}, {:key}, {:type}, " +
	"{:tenant}, {:lane}, {:payload}, {:status}, 0, {:now}, {:now}) ON CONFLICT ([[provider]], [[event_key]]) DO NOTHING"

func (in *Inbox) commit(batch []storeReq) {
	results := make([]storeRes, len(batch))
	now := dbTime(time.Now())
	err := in.app.RunInTransaction(func(tx core.App) error {
		// one statement, parsed and prepared once per batch
		insert := tx.NonconcurrentDB().NewQuery(insertEventSQL).Prepare()
		defer insert.Close()
		for i, r := range batch {
			res, err := insert.Bind(dbx.Params{
				"id": core.GenerateDefaultRandomId(), "provider": r.ev.Provider, "key": r.ev.Key, "type": r.ev.Type,
				"tenant": r.ev.Tenant, "lane": r.ev.Lane, "payload": string(r.ev.Payload),
				"status": collections.WebhookPending, "now": now,
			}).Execute()
			if err != nil {
				return fmt.Errorf("inbox: store %s %s: %w", r.ev.Provider, r.ev.Key, err)
			}
			n, _ := res.RowsAffected()
			results[i] = storeRes{isNew: n == 1}
		}
		return nil
	})
	for i, r := range batch {
		if err != nil {
			r.done <- storeRes{err: err}
			continue
		}
		r.done <- results[i]
	}
	if err == nil {
		in.Poke()
	}
}

// dbTime formats t as PocketBase stores dates.
func dbTime(t time.Time) string {
	return dbtime.Format(t)
}
