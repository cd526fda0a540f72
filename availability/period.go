package availability

import (
	"slices"
	"time"
)

// Period is an absolute half-open interval [Start, End).
type Period struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// interval is a Period in Unix nanoseconds, half-open [start, end).
type interval struct {
	start, end int64
}

// toIntervals converts periods to intervals sorted by start and merged where
// they overlap or touch, dropping empty ones; an End ≤ Start period is empty.
func toIntervals(ps []Period) []interval {
	if len(ps) == 0 {
		return nil
	}
	out := make([]interval, 0, len(ps))
	for _, p := range ps {
		s, e := unixNano(p.Start, minInt64), unixNano(p.End, maxInt64)
		if e > s {
			out = append(out, interval{s, e})
		}
	}
	return mergeIntervals(out)
}

// mergeIntervals sorts intervals by start (when not already sorted) and merges
// overlapping or touching ones in place.
func mergeIntervals(iv []interval) []interval {
	byStart := func(a, b interval) int {
		switch {
		case a.start < b.start:
			return -1
		case a.start > b.start:
			return 1
		}
		return 0
	}
	if !slices.IsSortedFunc(iv, byStart) {
		slices.SortFunc(iv, byStart)
	}
	n := 0
	for _, x := range iv {
		if n > 0 && x.start <= iv[n-1].end {
			iv[n-1].end = max(iv[n-1].end, x.end)
			continue
		}
		iv[n] = x
		n++
	}
	return iv[:n]
}

// subtract appends to dst the parts of the sorted, disjoint intervals open
// that no interval of the sorted, merged cut covers.
func subtract(dst, open, cut []interval) []interval {
	j := 0
	for _, o := range open {
		s := o.start
		for j < len(cut) && cut[j].end <= s {
			j++
		}
		for k := j; k < len(cut) && cut[k].start < o.end; k++ {
			if cut[k].start > s {
				dst = append(dst, interval{s, cut[k].start})
			}
			s = max(s, cut[k].end)
		}
		if s < o.end {
			dst = append(dst, interval{s, o.end})
		}
	}
	return dst
}

// covering returns the index of the interval of the sorted, disjoint list iv
// that contains instant t, or -1.
func covering(iv []interval, t int64) int {
	i, _ := slices.BinarySearchFunc(iv, t, func(x interval, t int64) int {
		if x.end <= t {
			return -1
		}
		return 1
	})
	if i < len(iv) && iv[i].start <= t {
		return i
	}
	return -1
}
