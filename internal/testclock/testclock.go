// Package testclock is the settable clock the tests inject everywhere a
// time is read: the app (deps.Deps.Now), the outbox and inbox, and the
// fake providers. Every party of a test reads the same Clock, so none can
// drift onto the real one.
package testclock

import (
	"sync"
	"time"
)

// Clock is a clock that moves only when told to (or, after Real, follows
// the wall clock). The zero value reads the zero time. Safe for
// concurrent use.
type Clock struct {
	mu   sync.Mutex
	t    time.Time
	real bool
}

// New returns a Clock stopped at t.
func New(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.real {
		return time.Now()
	}
	return c.t
}

// Set stops the clock at t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t, c.real = t, false
}

// Add moves the clock forward by d (back, for a negative d).
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Real makes the clock follow the wall clock, for the few tests that
// measure real pacing.
func (c *Clock) Real() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.real = true
}
