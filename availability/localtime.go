package availability

import (
	"math"
	"time"
)

// Instants are handled internally as Unix nanoseconds (int64) and wall-clock
// readings as "naive" nanoseconds: the Unix time the reading would have if the
// zone were UTC. naive = instant + offset.
const (
	secNs    = int64(time.Second)
	minNs    = int64(time.Minute)
	dayNs    = 24 * int64(time.Hour)
	maxInt64 = int64(math.MaxInt64)
	minInt64 = int64(math.MinInt64)
)

// floorDiv divides rounding toward negative infinity.
func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// ceilDiv divides rounding toward positive infinity.
func ceilDiv(a, b int64) int64 {
	return -floorDiv(-a, b)
}

// unixNano converts t to Unix nanoseconds; the zero time means "unbounded"
// and maps to def.
func unixNano(t time.Time, def int64) int64 {
	if t.IsZero() {
		return def
	}
	return t.UnixNano()
}

// utc converts Unix nanoseconds back to a UTC time.Time.
func utc(ns int64) time.Time {
	return time.Unix(0, ns).UTC()
}

// zoneAt returns the UTC offset in nanoseconds in effect at instant ns, and
// the instants where that offset starts and stops applying (minInt64 and maxInt64
// when unbounded).
func zoneAt(loc *time.Location, ns int64) (offset, start, end int64) {
	t := time.Unix(floorDiv(ns, secNs), 0).In(loc)
	_, off := t.Zone()
	s, e := t.ZoneBounds()
	start, end = minInt64, maxInt64
	if !s.IsZero() {
		start = s.UnixNano()
	}
	if !e.IsZero() {
		end = e.UnixNano()
	}
	return int64(off) * secNs, start, end
}

// offsetAt returns the UTC offset in nanoseconds in effect at instant ns.
func offsetAt(loc *time.Location, ns int64) int64 {
	_, off := time.Unix(floorDiv(ns, secNs), 0).In(loc).Zone()
	return int64(off) * secNs
}

// localDay returns the local civil day (days since 1970-01-01) of instant ns.
func localDay(loc *time.Location, ns int64) int64 {
	return floorDiv(ns+offsetAt(loc, ns), dayNs)
}

// resolve returns the first instant at which the local clock shows the naive
// reading or later: the reading's instant when it happened once, its first
// occurrence when the clocks went back over it, and the instant of the jump
// when the clocks jumped over it.
func resolve(loc *time.Location, naive int64) int64 {
	// The zones in effect a day either side bracket any transition near the reading.
	before := offsetAt(loc, naive-dayNs)
	after := offsetAt(loc, naive+dayNs)
	first := maxInt64
	for _, off := range [2]int64{before, after} {
		if c := naive - off; offsetAt(loc, c) == off && c < first {
			first = c
		}
	}
	if first != maxInt64 {
		return first
	}
	// A gap: read with the earlier offset the reading lands after the jump,
	// inside the zone that the jump started.
	_, start, _ := zoneAt(loc, naive-before)
	return start
}
