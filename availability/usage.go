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
// [lo, hi). Bookings with End ≤ Start are ignored. With a nil scratch it reads
// the bookings once into one allocation; with a scratch (Fits passes a stack
// array) it first counts the relevant bookings and allocates only when they do
// not fit.
func newUsage(bookings []Booking, buffer time.Duration, lo, hi int64, scratch []step) usage {
	buf := int64(buffer)
	m := len(bookings)
	if scratch != nil && 3*m > cap(scratch) {
		m = 0
		for i := range bookings {
			if _, _, ok := widened(&bookings[i], buf, lo, hi); ok {
				m++
			}
		}
	}
	if m == 0 {
		return usage{cursor: -1}
	}
	// Steps are merged into the front of the buffer while starts and ends are
	// read from its back two thirds: with n ≤ m relevant bookings, the k-th
	// step written (k < a+b ≤ a+n) never reaches the next unread start (at
	// m+a) or end (at 2m+b).
	all := scratch
	if cap(all) < 3*m {
		all = make([]step, 3*m)
	}
	all = all[:3*m]
	starts, ends := all[m:m:2*m], all[2*m:2*m:3*m]
	for i := range bookings {
		if s, e, ok := widened(&bookings[i], buf, lo, hi); ok {
			units := max(bookings[i].Units, 1)
			starts = append(starts, step{at: s, level: units})
			ends = append(ends, step{at: e, level: -units})
		}
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
	steps := all[:0]
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

// widened returns a booking's interval widened by buf on both sides, and
// whether it is non-empty and touches [lo, hi).
func widened(b *Booking, buf, lo, hi int64) (s, e int64, ok bool) {
	if b.Start.IsZero() || b.End.IsZero() || !b.End.After(b.Start) {
		return 0, 0, false
	}
	s, e = b.Start.UnixNano()-buf, b.End.UnixNano()+buf
	return s, e, e > lo && s < hi
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
