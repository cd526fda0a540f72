package availability

import (
	"slices"
	"time"
)

// Booking is an existing appointment holding Units of capacity (0 counts as 1).
type Booking struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	Units int       `json:"units"`
}

// step is a point where the capacity in use changes: level applies from at
// until the next step.
type step struct {
	at    int64
	level int
}

// usage is the capacity in use over time as a step function, built once from
// the bookings; queries with increasing starts walk it with a cursor.
type usage struct {
	steps  []step
	cursor int // index of the last step at or before the previous query start, or -1
}

// newUsage indexes the bookings that, widened by buffer on both sides, touch
// [lo, hi). Bookings with End ≤ Start are ignored.
func newUsage(bookings []Booking, buffer time.Duration, lo, hi int64) usage {
	buf := int64(buffer)
	// One allocation for both halves: starts, then ends in the same order.
	m := len(bookings)
	edges := make([]step, 2*m)
	starts, ends := edges[:0:m], edges[m:m]
	for _, b := range bookings {
		if b.Start.IsZero() || b.End.IsZero() || !b.End.After(b.Start) {
			continue
		}
		s, e := b.Start.UnixNano()-buf, b.End.UnixNano()+buf
		if e <= lo || s >= hi {
			continue
		}
		units := max(b.Units, 1)
		starts = append(starts, step{at: s, level: units})
		ends = append(ends, step{at: e, level: -units})
	}
	n := len(starts)
	byAt := func(a, b step) int {
		switch {
		case a.at < b.at:
			return -1
		case a.at > b.at:
			return 1
		}
		return 0
	}
	// Bookings usually come ordered by start, often with equal lengths: then
	// both halves are already sorted.
	if !slices.IsSortedFunc(starts, byAt) {
		slices.SortFunc(starts, byAt)
	}
	if !slices.IsSortedFunc(ends, byAt) {
		slices.SortFunc(ends, byAt)
	}
	steps := make([]step, 0, 2*n)
	level, a, b := 0, 0, 0
	for a < n || b < n {
		var e step
		if b >= n || (a < n && starts[a].at < ends[b].at) {
			e, a = starts[a], a+1
		} else {
			e, b = ends[b], b+1
		}
		level += e.level
		if k := len(steps); k > 0 && steps[k-1].at == e.at {
			steps[k-1].level = level
			continue
		}
		steps = append(steps, step{at: e.at, level: level})
	}
	return usage{steps: steps, cursor: -1}
}

// maxOver returns the most capacity in use at any instant of [s, e). Starts
// must not decrease between calls.
func (u *usage) maxOver(s, e int64) int {
	for u.cursor+1 < len(u.steps) && u.steps[u.cursor+1].at <= s {
		u.cursor++
	}
	used := 0
	if u.cursor >= 0 {
		used = u.steps[u.cursor].level
	}
	for k := u.cursor + 1; k < len(u.steps) && u.steps[k].at < e; k++ {
		used = max(used, u.steps[k].level)
	}
	return used
}
