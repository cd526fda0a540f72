package inbox

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/pocketbase/dbx"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/dbtime"
	"github.com/bancada/bancada/queue"
)

// events is the inbox as a use of the queue engine.
type events Inbox

// pendingRow is the part of a waiting event the dispatcher reads.
type pendingRow struct {
	ID       string `db:"id"`
	Provider string `db:"provider"`
	Key      string `db:"event_key"`
	Type     string `db:"event_type"`
	Tenant   string `db:"tenant"`
	Lane     string `db:"lane"`
	Attempts int    `db:"attempts"`
	Next     string `db:"next_attempt_at"`
	Created  string `db:"created"`
}

// Table is webhook_events.
func (ev *events) Table() string { return collections.WebhookEvents }

// Next lists pending events in arrival order, those waiting for a retry
// included: they hold their lane, so the later events of the same
// conversation wait behind them. Payloads are read per event when it is
// processed: a backlog is not re-read whole on every wake.
func (ev *events) Next(time.Time) ([]*queue.Row, time.Time, error) {
	var rows []pendingRow
	err := ev.app.DB().NewQuery(
		"SELECT [[id]], [[provider]], [[event_key]], [[event_type]], [[tenant]], [[lane]], [[attempts]], " +
			"[[next_attempt_at]], [[created]] FROM {{webhook_events}} WHERE [[status]] = {:pending} ORDER BY [[rowid]] LIMIT 1000",
	).Bind(dbx.Params{"pending": collections.WebhookPending}).All(&rows)
	if err != nil {
		return nil, time.Time{}, err
	}
	out := make([]*queue.Row, len(rows))
	for i := range rows {
		due, _ := dbtime.Parse(rows[i].Next)
		out[i] = &queue.Row{ID: rows[i].ID, Lane: rows[i].Lane, Due: due, Data: &rows[i]}
	}
	return out, time.Time{}, nil
}

// Admit admits every event: the inbox has no rate limits.
func (ev *events) Admit(*queue.Row, time.Time) (bool, time.Time) { return true, time.Time{} }

// Claim takes every event chosen: one process owns the inbox, and an
// event found pending after a crash is simply handled again (handlers
// are idempotent).
func (ev *events) Claim(rows []*queue.Row, _ time.Time) ([]bool, error) {
	out := make([]bool, len(rows))
	for i := range out {
		out[i] = true
	}
	return out, nil
}

// Release has nothing to free.
func (ev *events) Release(*queue.Row) {}

// Work hands one event to its provider's handler and returns the outcome.
func (ev *events) Work(ctx context.Context, row *queue.Row) queue.Outcome {
	r := row.Data.(*pendingRow)
	if ctx.Err() != nil {
		return queue.Outcome{} // stopping: the event stays pending for the next start
	}
	payload, ok := ev.payloads.take(r.ID)
	if !ok {
		var stored string
		if err := ev.app.DB().Select("payload").From(collections.WebhookEvents).
			Where(dbx.HashExp{"id": r.ID}).Row(&stored); err != nil {
			ev.logger.Error("inbox: read payload", "id", r.ID, "error", err)
			return queue.Outcome{}
		}
		payload = []byte(stored)
	}
	rec := &Record{ID: r.ID, Provider: r.Provider, Key: r.Key, Type: r.Type, Tenant: r.Tenant, Lane: r.Lane,
		Payload: payload, Attempt: r.Attempts + 1}
	rec.Received, _ = dbtime.Parse(r.Created)
	h, ok := ev.handlers[r.Provider]
	var err error
	if !ok {
		err = Ignore("no handler for provider " + r.Provider)
	} else {
		err = queue.SafeRun(func() error { return h(ctx, rec) })
	}
	return queue.Outcome{Fields: ev.outcome(rec, err)}
}

// outcome is what an attempt's result writes on the event.
func (ev *events) outcome(rec *Record, err error) dbx.Params {
	e := ev.engine
	now := e.Options().Now()
	fields := dbx.Params{"attempts": rec.Attempt, "updated": dbtime.Format(now)}
	var ig ignored
	switch {
	case err == nil:
		fields["status"], fields["processed_at"], fields["error"] = collections.WebhookProcessed, dbtime.Format(now), ""
	case errors.As(err, &ig):
		fields["status"], fields["processed_at"], fields["error"] = collections.WebhookIgnored, dbtime.Format(now), ig.reason
	case e.GivesUp(rec.Attempt, err):
		fields["status"], fields["error"] = collections.WebhookFailed, truncate(err.Error())
		ev.logger.Warn("inbox: event failed", "provider", rec.Provider, "key", rec.Key, "attempts", rec.Attempt, "error", err)
	default:
		fields["error"], fields["next_attempt_at"] = truncate(err.Error()), dbtime.Format(now.Add(e.Backoff(rec.Attempt, err)))
	}
	return fields
}

// Reprocess puts a failed or ignored event back in line (operators).
func (in *Inbox) Reprocess(id string) error {
	_, err := in.app.NonconcurrentDB().Update(collections.WebhookEvents,
		dbx.Params{"status": collections.WebhookPending, "attempts": 0, "next_attempt_at": "", "error": ""},
		dbx.HashExp{"id": id}).Execute()
	if err != nil {
		return fmt.Errorf("inbox: reprocess %s: %w", id, err)
	}
	in.Poke()
	return nil
}

func truncate(s string) string {
	if len(s) > 2000 {
		return s[:2000]
	}
	return s
}
