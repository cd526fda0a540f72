// Package inbox takes webhooks from the outside (Evolution, Asaas, Google)
// durably and processes them asynchronously and idempotently.
//
// Store writes an event to webhook_events, unique per (provider, key),
// and returns only once it is committed, so the route can acknowledge it:
// a crash after the 2xx loses nothing, and a re-delivery is recognised as
// a duplicate. Concurrent Store calls are group-committed (one multi-row
// insert for every event waiting), which is what lets a small machine
// take thousands of webhooks a second. The queue engine (package queue)
// then hands each event to its provider's handler outside the request,
// one at a time per lane (one WhatsApp conversation, one payment) and in
// arrival order, retrying failures with backoff; events that keep failing
// are marked failed for operators.
package inbox

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/queue"
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

// Inbox stores and processes webhooks.
type Inbox struct {
	app      core.App
	handlers map[string]Handler
	engine   *queue.Engine
	intake   *queue.Batcher[Event, bool]
	payloads *payloadCache
	logger   *slog.Logger
}

// ErrClosed is returned by Store after Close.
var ErrClosed = errors.New("inbox: closed")

// Retention is how long processed and ignored events stay (failed ones
// stay for operators).
var Retention = queue.Retention{Table: collections.WebhookEvents,
	Statuses: []string{collections.WebhookProcessed, collections.WebhookIgnored}, Keep: 30 * 24 * time.Hour}

// New returns an Inbox for app; Close stops taking events.
func New(app core.App, opts Options) *Inbox {
	if opts.BatchMax <= 0 {
		opts.BatchMax = 512
	}
	in := &Inbox{app: app, handlers: map[string]Handler{}, payloads: newPayloadCache(4096)}
	in.engine = queue.New(app, (*events)(in), queue.Options{Now: opts.Now, Rand: opts.Rand,
		Concurrency: opts.Concurrency, MaxAttempts: opts.MaxAttempts, BaseDelay: opts.BaseDelay,
		MaxDelay: opts.MaxDelay, PollInterval: opts.PollInterval, BatchMax: opts.BatchMax, Logger: opts.Logger})
	in.logger = in.engine.Options().Logger
	in.intake = queue.NewBatcher(opts.BatchMax, in.commit)
	return in
}

// Close stops taking events after committing those already taken.
func (in *Inbox) Close() { in.intake.Close() }

// Handle registers the handler of a provider's events.
func (in *Inbox) Handle(provider string, h Handler) { in.handlers[provider] = h }

// Poke wakes the processor.
func (in *Inbox) Poke() { in.engine.Poke() }

// Run processes events until ctx is done, then waits for those in flight.
func (in *Inbox) Run(ctx context.Context) error { return in.engine.Run(ctx) }

// Drain processes every event due now and waits, until nothing is due.
// Tests use it with an injected clock instead of Run; do not mix the two.
func (in *Inbox) Drain(ctx context.Context) error { return in.engine.Drain(ctx) }

// Prune deletes processed and ignored events past Retention.
func Prune(app core.App, now time.Time) (int64, error) { return queue.Prune(app, Retention, now) }

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
	isNew, err := in.intake.Do(ctx, ev)
	if errors.Is(err, queue.ErrClosed) {
		return false, ErrClosed
	}
	return isNew, err
}
