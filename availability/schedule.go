package availability

import (
	"errors"
	"fmt"
	"time"

	"github.com/bancada/bancada/br"
)

// nextOpenDays is how far ahead NextOpen searches.
const nextOpenDays = 370

// Schedule is a tenant's business hours in its time zone, minus holidays and
// blocked periods. It is immutable and safe for concurrent use.
type Schedule struct {
	loc      *time.Location
	week     Week
	days     [7][]minuteSpan    // parsed week, indexed by time.Weekday
	holidays map[int64]struct{} // local civil days (days since 1970-01-01)
	blocked  []interval         // sorted, merged
}

// NewSchedule builds the schedule of a tenant: weekly hours w in zone loc,
// holidays as local dates ("2026-12-25", closing the spans that start on that
// date) and blocked absolute periods (vacations, events). Errors are in
// Brazilian Portuguese for the shop owner.
func NewSchedule(loc *time.Location, w Week, holidays []string, blocked []Period) (*Schedule, error) {
	if loc == nil {
		return nil, errors.New("fuso horário não informado")
	}
	days, err := w.parsed()
	if err != nil {
		return nil, err
	}
	s := &Schedule{loc: loc, week: w.clone(), days: days}
	if len(holidays) > 0 {
		s.holidays = make(map[int64]struct{}, len(holidays))
		for _, h := range holidays {
			d, err := time.Parse(time.DateOnly, h)
			if err != nil {
				return nil, fmt.Errorf("feriado inválido: %q", h)
			}
			s.holidays[floorDiv(d.Unix(), 24*60*60)] = struct{}{}
		}
	}
	for _, b := range blocked {
		if !b.End.After(b.Start) {
			return nil, fmt.Errorf("período bloqueado inválido: o fim (%s) não é depois do início (%s)",
				br.DateTime(b.End, loc), br.DateTime(b.Start, loc))
		}
	}
	s.blocked = toIntervals(blocked)
	return s, nil
}

// Location returns the tenant's time zone.
func (s *Schedule) Location() *time.Location {
	return s.loc
}

// Week returns a copy of the weekly hours the schedule was built from.
func (s *Schedule) Week() Week {
	return s.week.clone()
}

// spanInst is a span of hours on a given date, resolved to instants; anchor
// is the naive wall-clock reading of its From, where its slot grid starts.
type spanInst struct {
	start, end, anchor int64
}

// weekdayOf returns the weekday of a civil day (1970-01-01 was a Thursday).
func weekdayOf(day int64) time.Weekday {
	return time.Weekday((day%7 + 7 + 4) % 7)
}

// appendDay appends the spans that start on local civil day, in order; none
// on a holiday.
func (s *Schedule) appendDay(dst []spanInst, day int64) []spanInst {
	if _, ok := s.holidays[day]; ok {
		return dst
	}
	for _, m := range s.days[weekdayOf(day)] {
		a := day*dayNs + int64(m.from)*minNs
		start := resolve(s.loc, a)
		end := resolve(s.loc, day*dayNs+int64(m.to)*minNs)
		if end > start { // a span inside a DST gap is empty
			dst = append(dst, spanInst{start: start, end: end, anchor: a})
		}
	}
	return dst
}

// appendRange appends the spans of the instants [lo, hi): those of every
// local day from the one before lo's (late shifts) to hi's, in order.
func (s *Schedule) appendRange(dst []spanInst, lo, hi int64) []spanInst {
	for d, last := localDay(s.loc, lo)-1, localDay(s.loc, hi); d <= last; d++ {
		dst = s.appendDay(dst, d)
	}
	return dst
}

// openIntervals returns the open intervals of the ordered spans: adjacent
// spans merged, blocked periods removed. It works in scratch when there is
// room (Fits passes a stack array).
func (s *Schedule) openIntervals(spans []spanInst, scratch []interval) []interval {
	if len(spans) == 0 {
		return nil
	}
	need := len(spans)
	if len(s.blocked) > 0 {
		need = 2*len(spans) + len(s.blocked)
	}
	if cap(scratch) < need {
		scratch = make([]interval, 0, need)
	}
	merged := scratch[:0:len(spans)]
	for _, sp := range spans {
		if n := len(merged); n > 0 && sp.start <= merged[n-1].end {
			merged[n-1].end = max(merged[n-1].end, sp.end)
			continue
		}
		merged = append(merged, interval{sp.start, sp.end})
	}
	if len(s.blocked) == 0 {
		return merged
	}
	return subtract(scratch[len(spans):len(spans)], merged, s.blocked)
}

// IsOpen reports whether the shop is open at instant t: inside a span of
// business hours (from included, to excluded), not on a holiday's hours, not
// in a blocked period.
func (s *Schedule) IsOpen(t time.Time) bool {
	ns := t.UnixNano()
	var buf [8]spanInst
	for _, sp := range s.appendRange(buf[:0], ns, ns) {
		if sp.start <= ns && ns < sp.end {
			return covering(s.blocked, ns) < 0
		}
	}
	return false
}

// NextOpen returns the first instant at or after t when the shop is open (t
// itself when open), searching up to 370 days ahead; false when the shop does
// not open in that time.
func (s *Schedule) NextOpen(t time.Time) (time.Time, bool) {
	ns := t.UnixNano()
	var buf [8]spanInst
	first := localDay(s.loc, ns) - 1
	for d := first; d <= first+1+nextOpenDays; d++ {
		for _, sp := range s.appendDay(buf[:0], d) {
			if sp.end <= ns {
				continue
			}
			x := max(sp.start, ns)
			if i := covering(s.blocked, x); i >= 0 {
				x = s.blocked[i].end // merged: the instant after a block is unblocked
			}
			if x < sp.end {
				return utc(x), true
			}
		}
	}
	return time.Time{}, false
}

// OpenPeriods returns the periods the shop is open within [from, to), in
// order, clipped to it; adjacent spans (a late shift running into the next
// day's hours) form one period. It returns nil when to is not after from or
// either is zero.
func (s *Schedule) OpenPeriods(from, to time.Time) []Period {
	if from.IsZero() || to.IsZero() || !to.After(from) {
		return nil
	}
	lo, hi := from.UnixNano(), to.UnixNano()
	var out []Period
	for _, iv := range s.openIntervals(s.appendRange(nil, lo, hi), nil) {
		st, en := max(iv.start, lo), min(iv.end, hi)
		if st < en {
			out = append(out, Period{Start: utc(st), End: utc(en)})
		}
	}
	return out
}
