// Package outbox delivers Bancada's calls to the outside world (WhatsApp
// messages, Asaas charges, Google Calendar events, webhooks out) reliably.
//
// A delivery is an outbox row written in the same transaction as the
// change that caused it (Enqueue with the transaction's app), so a change
// and its consequences commit or roll back together and nothing is lost
// in a crash. A Worker (a use of the queue engine, package queue) then
// delivers rows outside any transaction, with
// retries (exponential backoff with jitter, a cap, then a dead letter with
// the last error), lanes (a lane's rows go one at a time, in order) with
// limits shared by groups of lanes (Limit: lanes in flight per group and a
// token bucket per class, e.g. one chat per lane and one shop's WhatsApp
// per group), and crash recovery on start.
//
// The worker delivers at least once: a crash after the provider accepted
// a call but before the row was marked sent makes the call again on
// restart. Each delivery carries its idempotency key so handlers can pass
// it on to providers that honour one; for those that do not, a delivery
// that may already have happened arrives with Delivery.Uncertain set (the
// row was found in flight, or the attempt failed with an Uncertain error)
// so the handler can ask the provider before calling again.
package outbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/queue"
)

// Message is one delivery to enqueue.
type Message struct {
	// Tenant the delivery belongs to ("" for platform-wide ones).
	Tenant string
	// Kind selects the handler, e.g. "whatsapp.send".
	Kind string
	// Lane groups deliveries that must go one at a time and in order,
	// e.g. one chat of a shop's WhatsApp; its pace comes from the
	// worker's Limit or Pace for its prefix. "" means neither.
	Lane string
	// Key is the idempotency key: enqueuing the same key twice keeps one
	// row.
	Key string
	// Payload is what the handler needs, JSON-encoded.
	Payload any
	// NotBefore delays the first attempt (e.g. until the shop opens).
	NotBefore time.Time
}

// ErrDuplicate is returned (wrapped) by Enqueue when the key exists; the
// existing row is kept and nothing is written.
var ErrDuplicate = errors.New("outbox: duplicate idempotency key")

// Enqueue writes m with app and returns the row id. Pass the app of the
// transaction that makes the change causing the delivery. A key already
// enqueued returns the existing id and an error matching ErrDuplicate.
func Enqueue(app core.App, m Message) (string, error) {
	if m.Kind == "" || m.Key == "" {
		return "", errors.New("outbox: kind and key are required")
	}
	if existing, err := app.FindFirstRecordByData(collections.Outbox, collections.OutboxIdempotencyKey, m.Key); err == nil {
		return existing.Id, fmt.Errorf("%w: %s", ErrDuplicate, m.Key)
	}
	payload, err := json.Marshal(m.Payload)
	if err != nil {
		return "", fmt.Errorf("outbox: payload of %s: %w", m.Kind, err)
	}
	col, err := app.FindCachedCollectionByNameOrId(collections.Outbox)
	if err != nil {
		return "", err
	}
	r := core.NewRecord(col)
	r.Set(collections.OutboxTenant, m.Tenant)
	r.Set(collections.OutboxKind, m.Kind)
	r.Set(collections.OutboxLane, m.Lane)
	r.Set(collections.OutboxIdempotencyKey, m.Key)
	r.Set(collections.OutboxPayload, types.JSONRaw(payload))
	r.Set(collections.OutboxStatus, collections.OutboxPending)
	// An empty next_attempt_at means "due now", so enqueuing needs no
	// clock (the worker's may be a test's).
	if !m.NotBefore.IsZero() {
		r.Set(collections.OutboxNotBefore, m.NotBefore.UTC())
		r.Set(collections.OutboxNextAttemptAt, m.NotBefore.UTC())
	}
	if err := app.Save(r); err != nil {
		return "", fmt.Errorf("outbox: enqueue %s: %w", m.Kind, err)
	}
	return r.Id, nil
}

// Retry puts a dead (or pending) delivery back in line for an attempt now,
// with its attempt count reset. Operators use it on dead letters.
func Retry(app core.App, id string) error {
	r, err := app.FindRecordById(collections.Outbox, id)
	if err != nil {
		return fmt.Errorf("outbox: %s: %w", id, err)
	}
	if r.GetString(collections.OutboxStatus) == collections.OutboxSent {
		return fmt.Errorf("outbox: %s was already delivered", id)
	}
	r.Set(collections.OutboxStatus, collections.OutboxPending)
	r.Set(collections.OutboxAttempts, 0)
	r.Set(collections.OutboxNextAttemptAt, "")
	return app.Save(r)
}

// Counts returns how many rows are in each status (for operators and
// metrics).
func Counts(app core.App) (map[string]int, error) {
	var rows []struct {
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	err := app.DB().Select("status", "COUNT(*) AS n").From(collections.Outbox).GroupBy("status").All(&rows)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, nil
}

// Retention is how long delivered rows stay (dead letters stay for
// operators).
var Retention = queue.Retention{Table: collections.Outbox, Statuses: []string{collections.OutboxSent},
	Keep: 30 * 24 * time.Hour}

// Prune deletes delivered rows past Retention.
func Prune(app core.App, now time.Time) (int64, error) { return queue.Prune(app, Retention, now) }
