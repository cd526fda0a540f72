package appointments

import (
	"slices"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/availability"
	"github.com/bancada/bancada/collections"
)

// busyFor returns the outside calendar's busy periods of the tenant minus
// the times of its own appointments already synced there (their events
// are in that calendar too, and are counted as bookings instead).
func (s *Service) busyFor(app core.App, t *collections.Tenant, now time.Time, own []held) []availability.Period {
	if s.d.Busy == nil {
		return nil
	}
	periods := s.d.Busy.Busy(app, t, now, Rules(t, collections.KindDropOff).Horizon)
	if len(periods) == 0 {
		return nil
	}
	var cut []availability.Period
	for _, h := range own {
		if h.Synced != "" {
			cut = append(cut, availability.Period{Start: h.Start.Time(), End: h.End.Time()})
		}
	}
	return subtractPeriods(periods, cut)
}

// subtractPeriods returns the parts of the sorted, disjoint periods that no
// period of cut covers.
func subtractPeriods(periods, cut []availability.Period) []availability.Period {
	if len(cut) == 0 {
		return periods
	}
	cut = mergePeriods(cut)
	out := make([]availability.Period, 0, len(periods))
	j := 0
	for _, p := range periods {
		s := p.Start
		for j < len(cut) && !cut[j].End.After(s) {
			j++
		}
		for k := j; k < len(cut) && cut[k].Start.Before(p.End); k++ {
			if cut[k].Start.After(s) {
				out = append(out, availability.Period{Start: s, End: cut[k].Start})
			}
			if cut[k].End.After(s) {
				s = cut[k].End
			}
		}
		if s.Before(p.End) {
			out = append(out, availability.Period{Start: s, End: p.End})
		}
	}
	return out
}

// mergePeriods returns the periods sorted by start with overlapping or
// touching ones merged.
func mergePeriods(ps []availability.Period) []availability.Period {
	ps = slices.Clone(ps)
	slices.SortFunc(ps, func(a, b availability.Period) int { return a.Start.Compare(b.Start) })
	out := ps[:0]
	for _, p := range ps {
		if n := len(out); n > 0 && !p.Start.After(out[n-1].End) {
			if p.End.After(out[n-1].End) {
				out[n-1].End = p.End
			}
			continue
		}
		out = append(out, p)
	}
	return out
}
