package calendar

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/availability"
	"github.com/bancada/bancada/collections"
)

// busyTTL is how long a tenant's Google busy periods are reused.
const busyTTL = 2 * time.Minute

// busyFetchTimeout bounds one free/busy call made on a customer's behalf.
const busyFetchTimeout = 5 * time.Second

// busyEntry is one tenant's cached free/busy answer.
type busyEntry struct {
	from, to time.Time // the range asked
	periods  []availability.Period
	fetched  time.Time // wall clock, for the TTL
}

// busyCache keeps each tenant's Google busy periods for a short while, so
// the assistant's slot offers and bookings do not call Google every time.
type busyCache struct {
	mu      sync.Mutex
	entries map[string]busyEntry
	// fetch asks Google for the busy periods of the tenant's calendar; nil
	// when Google is not configured.
	fetch func(ctx context.Context, app core.App, t *collections.Tenant, from, to time.Time) ([]availability.Period, error)
	// wall is the clock of the TTL (time.Now; not the business clock).
	wall func() time.Time
}

func newBusyCache() *busyCache {
	return &busyCache{entries: map[string]busyEntry{}, wall: time.Now}
}

// forget drops a tenant's entry (its calendar changed).
func (c *busyCache) forget(tenantID string) {
	c.mu.Lock()
	delete(c.entries, tenantID)
	c.mu.Unlock()
}

// get returns the tenant's busy periods over [now, now+horizon]: from the
// cache when fresh, else fetched (never when app is a transaction: then a
// stale entry is used, or none). A failed fetch yields no busy periods:
// appointments keep working while Google does not.
func (c *busyCache) get(app core.App, t *collections.Tenant, now time.Time, horizon time.Duration) []availability.Period {
	from, to := now.Truncate(time.Minute), now.Add(horizon+24*time.Hour)
	c.mu.Lock()
	e, ok := c.entries[t.Id]
	c.mu.Unlock()
	covers := ok && !e.from.After(now) && !e.to.Before(now.Add(horizon))
	if covers && c.wall().Sub(e.fetched) < busyTTL {
		return e.periods
	}
	if c.fetch == nil || app.IsTransactional() {
		if covers {
			return e.periods
		}
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), busyFetchTimeout)
	defer cancel()
	periods, err := c.fetch(ctx, app, t, from, to)
	if err != nil {
		app.Logger().Warn("calendar: google free/busy", "tenant", t.Id, "error", err)
		if covers {
			return e.periods
		}
		return nil
	}
	c.mu.Lock()
	c.entries[t.Id] = busyEntry{from: from, to: to, periods: periods, fetched: c.wall()}
	c.mu.Unlock()
	return periods
}

// busyFor returns the Google busy periods of a connected tenant minus the
// times of its own appointments already synced to Google (their events are
// in the calendar too, and are counted as bookings instead).
func busyFor(app core.App, t *collections.Tenant, now time.Time, own []held) []availability.Period {
	s := serviceOf(app)
	if s == nil || t.GoogleStatus() != collections.IntegrationConnected {
		return nil
	}
	periods := s.busy.get(app, t, now, Rules(t, collections.KindDropOff).Horizon)
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
