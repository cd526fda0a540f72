package queue

import (
	"context"
	"fmt"
	"time"
)

// dispatch starts the rows that may go now and returns when to look
// again. Once ctx is done it starts nothing: the server is stopping, and
// the database closes once the rows in flight have returned.
func (e *Engine) dispatch(ctx context.Context) (time.Time, error) {
	if ctx.Err() != nil {
		return time.Time{}, nil
	}
	now := e.opts.Now()
	// Rows freed before this walk's read committed their outcomes before
	// it: the read sees them as they are now. Only those freed from here
	// on may be read stale.
	e.mu.Lock()
	e.walks++
	walk := e.walks
	for id, w := range e.freedIn {
		if w < walk {
			delete(e.freedIn, id)
		}
	}
	e.mu.Unlock()
	rows, wake, err := e.use.Next(now)
	if err != nil {
		return time.Time{}, fmt.Errorf("queue: %s: waiting rows: %w", e.use.Table(), err)
	}
	soonest := func(t time.Time) {
		if !t.IsZero() && (wake.IsZero() || t.Before(wake)) {
			wake = t
		}
	}
	// Only a lane's first row is considered in one walk: a lane's rows
	// keep their order, and one that must wait holds the later ones.
	seen := map[string]bool{}
	var chosen []*Row
	for _, r := range rows {
		lane := laneOf(r)
		if seen[lane] {
			continue
		}
		seen[lane] = true
		if r.Due.After(now) {
			soonest(r.Due)
			continue
		}
		e.mu.Lock()
		if e.active >= e.opts.Concurrency {
			e.mu.Unlock()
			break
		}
		if e.busyLanes[lane] || e.inflight[r.ID] {
			e.mu.Unlock()
			continue // woken when the lane frees
		}
		if _, stale := e.freedIn[r.ID]; stale {
			e.mu.Unlock()
			continue // finished after this walk read it: the next walk sees its outcome
		}
		e.mu.Unlock()
		if ok, retryAt := e.use.Admit(r, now); !ok {
			soonest(retryAt)
			continue
		}
		e.mu.Lock()
		e.busyLanes[lane] = true
		e.inflight[r.ID] = true
		e.active++
		e.mu.Unlock()
		chosen = append(chosen, r)
	}
	if len(chosen) == 0 {
		return wake, nil
	}
	claimed, err := e.use.Claim(chosen, now)
	if err != nil {
		for _, r := range chosen {
			e.free(r)
		}
		return wake, fmt.Errorf("queue: %s: claim: %w", e.use.Table(), err)
	}
	for i, r := range chosen {
		if !claimed[i] {
			e.free(r)
			continue
		}
		e.mu.Lock()
		e.launched++
		e.mu.Unlock()
		e.wg.Add(1)
		go e.work(ctx, r)
	}
	return wake, nil
}

// laneOf is the lane r runs in: its own when it has none.
func laneOf(r *Row) string {
	if r.Lane == "" {
		return "id:" + r.ID
	}
	return r.Lane
}

// work processes one claimed row, commits its outcome (batched with the
// outcomes of rows finishing meanwhile), then frees its lane.
func (e *Engine) work(ctx context.Context, r *Row) {
	defer e.wg.Done()
	defer e.Poke()
	defer e.free(r)
	out := e.use.Work(ctx, r)
	if out.Fields == nil {
		return // nothing to record (stopping)
	}
	if _, err := e.done.Do(context.Background(), finished{id: r.ID, Outcome: out}); err != nil {
		e.opts.Logger.Error("queue: record outcome", "table", e.use.Table(), "id", r.ID, "error", err)
		return
	}
	if out.After != nil {
		out.After()
	}
}

// free releases r's lane, slot and the use's limits.
func (e *Engine) free(r *Row) {
	e.use.Release(r)
	e.mu.Lock()
	delete(e.busyLanes, laneOf(r))
	delete(e.inflight, r.ID)
	e.freedIn[r.ID] = e.walks
	e.active--
	e.mu.Unlock()
}
