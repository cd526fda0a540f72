package inbox

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/pocketbase/dbx"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/dbtime"
	"github.com/bancada/bancada/retry"
)

// Run processes events until ctx is done, then waits for those in flight.
func (in *Inbox) Run(ctx context.Context) error {
	for {
		wake, err := in.dispatch(ctx)
		if err != nil {
			in.opts.Logger.Error("inbox: dispatch", "error", err)
		}
		wait := in.opts.PollInterval
		if !wake.IsZero() {
			if d := wake.Sub(in.opts.Now()); d < wait {
				wait = max(d, time.Millisecond)
			}
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			in.wg.Wait()
			return nil
		case <-in.poke:
		case <-timer.C:
		}
		timer.Stop()
	}
}

// Drain processes every event due now and waits, until nothing is due.
// Tests use it with an injected clock instead of Run; do not mix the two.
func (in *Inbox) Drain(ctx context.Context) error {
	for {
		in.mu.Lock()
		before := in.launched
		in.mu.Unlock()
		if _, err := in.dispatch(ctx); err != nil {
			return err
		}
		in.wg.Wait()
		in.mu.Lock()
		after := in.launched
		in.mu.Unlock()
		if after == before {
			return nil
		}
	}
}

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

// dispatch starts the first pending event of every free lane, in arrival
// order. An event waiting for a retry holds its lane: later events of the
// same conversation wait behind it.
//
// Once ctx is done it starts nothing: the server is stopping, and the
// database closes once the events in flight have returned.
func (in *Inbox) dispatch(ctx context.Context) (time.Time, error) {
	if ctx.Err() != nil {
		return time.Time{}, nil
	}
	now := in.opts.Now()
	nowDB := dbTime(now)
	var rows []pendingRow
	err := in.app.DB().NewQuery(
		// Payloads are read per event when it is processed: a backlog must
		// not be re-read whole on every wake.
		"SELECT [[id]], [[provider]], [[event_key]], [[event_type]], [[tenant]], [[lane]], [[attempts]], " +
			"[[next_attempt_at]], [[created]] FROM {{webhook_events}} WHERE [[status]] = {:pending} ORDER BY [[rowid]] LIMIT 1000",
	).Bind(dbx.Params{"pending": collections.WebhookPending}).All(&rows)
	if err != nil {
		return time.Time{}, fmt.Errorf("inbox: pending events: %w", err)
	}
	var wake time.Time
	seenLane := map[string]bool{}
	for _, r := range rows {
		lane := r.Lane
		if lane == "" {
			lane = "id:" + r.ID
		}
		if seenLane[lane] {
			continue // an earlier event of this lane goes first
		}
		seenLane[lane] = true
		if r.Next != "" && r.Next > nowDB {
			if t, err := dbtime.Parse(r.Next); err == nil && (wake.IsZero() || t.Before(wake)) {
				wake = t
			}
			continue
		}
		in.mu.Lock()
		if in.active >= in.opts.Concurrency {
			in.mu.Unlock()
			break
		}
		if in.busyLanes[lane] || in.inflight[r.ID] {
			in.mu.Unlock()
			continue
		}
		in.busyLanes[lane] = true
		in.inflight[r.ID] = true
		in.active++
		in.launched++
		in.mu.Unlock()
		in.wg.Add(1)
		go in.process(ctx, r, lane)
	}
	return wake, nil
}

func (in *Inbox) process(ctx context.Context, r pendingRow, lane string) {
	defer in.wg.Done()
	defer func() {
		in.mu.Lock()
		delete(in.busyLanes, lane)
		delete(in.inflight, r.ID)
		in.active--
		in.mu.Unlock()
		in.Poke()
	}()
	if ctx.Err() != nil {
		return // stopping: the event stays pending for the next start
	}
	var payload string
	if err := in.app.DB().Select("payload").From(collections.WebhookEvents).
		Where(dbx.HashExp{"id": r.ID}).Row(&payload); err != nil {
		in.opts.Logger.Error("inbox: read payload", "id", r.ID, "error", err)
		return
	}
	rec := &Record{ID: r.ID, Provider: r.Provider, Key: r.Key, Type: r.Type, Tenant: r.Tenant, Lane: r.Lane,
		Payload: []byte(payload), Attempt: r.Attempts + 1}
	if t, err := dbtime.Parse(r.Created); err == nil {
		rec.Received = t
	}
	h, ok := in.handlers[r.Provider]
	var err error
	if !ok {
		err = Ignore("no handler for provider " + r.Provider)
	} else {
		err = safeHandle(ctx, h, rec)
	}
	if ferr := in.finish(rec, err); ferr != nil {
		in.opts.Logger.Error("inbox: record outcome", "id", r.ID, "error", ferr)
	}
}

func safeHandle(ctx context.Context, h Handler, rec *Record) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = retry.Permanent(fmt.Errorf("handler panic: %v", p))
		}
	}()
	return h(ctx, rec)
}

func (in *Inbox) finish(rec *Record, err error) error {
	now := in.opts.Now()
	fields := dbx.Params{"attempts": rec.Attempt, "updated": dbTime(now)}
	var ig ignored
	switch {
	case err == nil:
		fields["status"], fields["processed_at"], fields["error"] = collections.WebhookProcessed, dbTime(now), ""
	case errors.As(err, &ig):
		fields["status"], fields["processed_at"], fields["error"] = collections.WebhookIgnored, dbTime(now), ig.reason
	case retry.IsPermanent(err) || rec.Attempt >= in.opts.MaxAttempts:
		fields["status"], fields["error"] = collections.WebhookFailed, truncate(err.Error())
		in.opts.Logger.Warn("inbox: event failed", "provider", rec.Provider, "key", rec.Key, "attempts", rec.Attempt, "error", err)
	default:
		wait, ok := retry.AfterOf(err)
		if !ok {
			wait = retry.Backoff(rec.Attempt, in.opts.BaseDelay, in.opts.MaxDelay, in.opts.Rand)
		}
		fields["error"], fields["next_attempt_at"] = truncate(err.Error()), dbTime(now.Add(wait))
	}
	_, e := in.app.NonconcurrentDB().Update(collections.WebhookEvents, fields, dbx.HashExp{"id": rec.ID}).Execute()
	return e
}

// Reprocess puts a failed or ignored event back in line (operators).
func (in *Inbox) Reprocess(id string) error {
	_, err := in.app.NonconcurrentDB().Update(collections.WebhookEvents,
		dbx.Params{"status": collections.WebhookPending, "attempts": 0, "next_attempt_at": "", "error": ""},
		dbx.HashExp{"id": id}).Execute()
	if err == nil {
		in.Poke()
	}
	return err
}

func truncate(s string) string {
	if len(s) > 2000 {
		return s[:2000]
	}
	return s
}
