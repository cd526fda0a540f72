package googlesync

import (
	"context"
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
		app.Logger().Warn("googlesync: google free/busy", "tenant", t.Id, "error", err)
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

// Busy gives the Google busy periods of a connected tenant over [now,
// now+horizon] (appointments.BusyProvider), from the short-lived cache.
func (s *Service) Busy(app core.App, t *collections.Tenant, now time.Time, horizon time.Duration) []availability.Period {
	if t.GoogleStatus() != collections.IntegrationConnected {
		return nil
	}
	return s.busy.get(app, t, now, horizon)
}
