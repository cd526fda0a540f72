package availability

import "time"

// Slot is a bookable appointment time with Free units of capacity left (≥ 1).
type Slot struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	Free  int       `json:"free"`
}

// FreeSlots returns the slots that can still be booked, sorted by start, in
// UTC. A slot:
//   - lies entirely inside one open period (a slot may run from a span into an
//     adjacent one, never across a break, a holiday or a blocked period);
//   - starts at a wall-clock multiple of r.Step from the From of the span it
//     starts in;
//   - starts in [from, to) (a zero from or to is unbounded), at or after
//     now+MinNotice and before now+Horizon;
//   - overlaps no busy period (e.g. the owner's calendar: all capacity taken);
//   - has Free = Capacity minus the most units that bookings hold at any
//     instant of it, where a booking holds its units over
//     [Start-Buffer, End+Buffer); slots with no capacity left are left out.
//
// Rules are completed with WithDefaults. Bookings and busy periods may come in
// any order; they are indexed once per call, and bookings ordered by start (as
// the database returns them) skip the sort.
func (s *Schedule) FreeSlots(r Rules, now, from, to time.Time, bookings []Booking, busy []Period) []Slot {
	r = r.WithDefaults()
	nowNs := now.UnixNano()
	lo := max(unixNano(from, minInt64), nowNs+r.notice())
	hi := min(unixNano(to, maxInt64), nowNs+int64(r.Horizon))
	if hi <= lo {
		return nil
	}
	length, stepNs := int64(r.SlotLength), int64(r.Step)

	// Spans up to hi+length: a slot starting before hi may end in the next span.
	spans := s.appendRange(make([]spanInst, 0, 64), lo, hi+length)
	open := s.openIntervals(spans, nil)
	busyIv := toIntervals(busy)
	use := newUsage(bookings, r.Buffer, lo, hi+length, nil)

	estimate := 0
	for _, sp := range spans {
		if st, en := max(sp.start, lo), min(sp.end, hi); st < en {
			estimate += int((en-st)/stepNs) + 1
		}
	}
	out := make([]Slot, 0, estimate)
	oi, bi := 0, 0 // cursors into open and busyIv; starts only increase
	for _, sp := range spans {
		stop := min(sp.end, hi)
		// Walk the span zone by zone: within one zone the offset is fixed and wall
		// time maps linearly to instants, so grid times in a gap are skipped and
		// those in a repeated hour come once per occurrence.
		for t := max(sp.start, lo); t < stop; {
			off, _, zoneEnd := zoneAt(s.loc, t)
			segEnd := min(zoneEnd, stop)
			k := max(0, ceilDiv(t+off-sp.anchor, stepNs))
			for g := sp.anchor + k*stepNs - off; g < segEnd; g += stepNs {
				end := g + length
				for oi < len(open) && open[oi].end <= g {
					oi++
				}
				if oi == len(open) || open[oi].start > g || open[oi].end < end {
					continue
				}
				for bi < len(busyIv) && busyIv[bi].end <= g {
					bi++
				}
				if bi < len(busyIv) && busyIv[bi].start < end {
					continue
				}
				if free := r.Capacity - use.maxOver(g, end); free >= 1 {
					out = append(out, Slot{Start: utc(g), End: utc(end), Free: free})
				}
			}
			t = segEnd
		}
	}
	return out
}
