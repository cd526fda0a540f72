package outbox

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/dbtime"
	"github.com/bancada/bancada/queue"
	"github.com/bancada/bancada/retry"
)

// deliveries is the outbox as a use of the queue engine.
type deliveries Worker

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

	// limit is the row's Limit once admitted (limited: one applies).
	limit   Limit
	limited bool
}

// Table is outbox.
func (d *deliveries) Table() string { return collections.Outbox }

// Next lists the due rows, the soonest first, and when the next one not
// due yet falls due.
func (d *deliveries) Next(now time.Time) ([]*queue.Row, time.Time, error) {
	nowDB := dbtime.Format(now)
	var rows []row
	err := d.app.DB().NewQuery(
		"SELECT [[id]], [[tenant]], [[kind]], [[lane]], [[idempotency_key]], [[payload]], [[attempts]], [[last_error]], [[created]] FROM {{outbox}} " +
			"WHERE [[status]] = {:pending} AND ([[next_attempt_at]] = '' OR [[next_attempt_at]] <= {:now}) " +
			"ORDER BY [[next_attempt_at]], [[created]] LIMIT 200",
	).Bind(dbx.Params{"pending": collections.OutboxPending, "now": nowDB}).All(&rows)
	if err != nil {
		return nil, time.Time{}, err
	}
	var next string
	_ = d.app.DB().NewQuery(
		"SELECT COALESCE(MIN([[next_attempt_at]]), '') FROM {{outbox}} WHERE [[status]] = {:pending} AND [[next_attempt_at]] > {:now}",
	).Bind(dbx.Params{"pending": collections.OutboxPending, "now": nowDB}).Row(&next)
	wake, _ := dbtime.Parse(next)
	out := make([]*queue.Row, len(rows))
	for i := range rows {
		out[i] = &queue.Row{ID: rows[i].ID, Lane: rows[i].Lane, Data: &rows[i]}
	}
	return out, wake, nil
}

// Admit applies the lane's Limit (group bound, token bucket) or, without
// one, its Pace spacing.
func (d *deliveries) Admit(qr *queue.Row, now time.Time) (bool, time.Time) {
	w := (*Worker)(d)
	r := qr.Data.(*row)
	if r.Lane == "" {
		return true, time.Time{}
	}
	lim, limited := w.limitOf(r.Lane, r.Kind)
	w.mu.Lock()
	defer w.mu.Unlock()
	if limited {
		lim = lim.normalized()
		if ok, retryAt := w.admit(lim, now); !ok {
			return false, retryAt
		}
		w.take(lim)
		r.limit, r.limited = lim, true
		return true, time.Time{}
	}
	if next := w.laneNext[r.Lane]; next.After(now) {
		return false, next
	}
	return true, time.Time{}
}

// Claim moves the chosen rows to "sending", in one transaction, unless an
// operator moved one meanwhile.
func (d *deliveries) Claim(rows []*queue.Row, now time.Time) ([]bool, error) {
	out := make([]bool, len(rows))
	err := d.app.RunInTransaction(func(tx core.App) error {
		claim := tx.NonconcurrentDB().NewQuery(
			"UPDATE {{outbox}} SET [[status]] = {:sending}, [[attempts]] = [[attempts]] + 1, [[updated]] = {:now} " +
				"WHERE [[id]] = {:id} AND [[status]] = {:pending}").Prepare()
		defer claim.Close()
		for i, r := range rows {
			res, err := claim.Bind(dbx.Params{"sending": collections.OutboxSending, "pending": collections.OutboxPending,
				"now": dbtime.Format(now), "id": r.ID}).Execute()
			if err != nil {
				return fmt.Errorf("outbox: claim %s: %w", r.ID, err)
			}
			n, _ := res.RowsAffected()
			out[i] = n == 1
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Pace unlimited lanes from the dispatch (and again from the start).
	w := (*Worker)(d)
	for i, qr := range rows {
		if r := qr.Data.(*row); out[i] && r.Lane != "" && !r.limited {
			if iv := w.laneInterval(r.Lane); iv > 0 {
				w.mu.Lock()
				w.laneNext[r.Lane] = now.Add(iv)
				w.mu.Unlock()
			}
		}
	}
	return out, nil
}

// Release frees the group slot a limited row took.
func (d *deliveries) Release(qr *queue.Row) {
	if r := qr.Data.(*row); r.limited {
		w := (*Worker)(d)
		w.mu.Lock()
		w.release(r.limit)
		w.mu.Unlock()
	}
}

// Work runs one delivery's handler and returns its outcome.
func (d *deliveries) Work(ctx context.Context, qr *queue.Row) queue.Outcome {
	w := (*Worker)(d)
	r := qr.Data.(*row)
	enqueued, _ := dbtime.Parse(r.Created)
	dl := &Delivery{ID: r.ID, Tenant: r.Tenant, Kind: r.Kind, Lane: r.Lane, Key: r.Key,
		Payload: json.RawMessage(r.Payload), Attempt: r.Attempts + 1, Enqueued: enqueued,
		Uncertain: strings.HasPrefix(r.LastErr, uncertainPrefix)}

	// Pace from the real start of the call, not from the dispatch.
	if r.limited {
		w.mu.Lock()
		w.started(r.limit, w.opts.Now())
		w.mu.Unlock()
	} else if r.Lane != "" {
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
		err = queue.SafeRun(func() error {
			var e error
			result, e = k.deliver(dctx, dl)
			return e
		})
		cancel()
	}
	return w.outcome(ctx, k, dl, result, err, w.opts.Now())
}

// outcome is what an attempt's result writes on the row.
func (w *Worker) outcome(ctx context.Context, k kind, d *Delivery, result any, err error, now time.Time) queue.Outcome {
	outcome := "retry"
	defer func() {
		if w.observe != nil {
			w.observe(d.Kind, outcome)
		}
	}()
	fields := dbx.Params{"updated": dbtime.Format(now)}
	if err == nil {
		outcome = "sent"
		raw, _ := json.Marshal(result)
		fields["status"], fields["sent_at"], fields["last_error"], fields["result"] = collections.OutboxSent, dbtime.Format(now), "", string(raw)
		return queue.Outcome{Fields: fields}
	}
	if until, ok := retry.DeferredUntil(err); ok {
		outcome = "deferred"
		fields["status"], fields["attempts"], fields["next_attempt_at"] = collections.OutboxPending, d.Attempt-1, dbtime.Format(until)
		return queue.Outcome{Fields: fields}
	}
	msg := err.Error()
	if IsUncertain(err) {
		msg = uncertainPrefix + msg
	}
	if len(msg) > 2000 {
		msg = msg[:2000]
	}
	if w.engine.GivesUp(d.Attempt, err) {
		outcome = "dead"
		w.opts.Logger.Warn("outbox: dead letter", "id", d.ID, "kind", d.Kind, "tenant", d.Tenant, "attempts", d.Attempt, "error", msg)
		fields["status"], fields["last_error"] = collections.OutboxDead, msg
		out := queue.Outcome{Fields: fields}
		if k.dead != nil {
			out.After = func() { k.dead(ctx, d, err) }
		}
		return out
	}
	fields["status"], fields["last_error"], fields["next_attempt_at"] = collections.OutboxPending, msg, dbtime.Format(now.Add(w.engine.Backoff(d.Attempt, err)))
	return queue.Outcome{Fields: fields}
}
