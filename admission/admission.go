// Package admission caps how many requests of one kind run at once.
//
// On a two-core machine every record list is CPU-bound (a few ms each).
// Left alone, fifty concurrent lists all run at a fiftieth of the speed,
// and the single SQLite writer, which needs the CPU for its whole
// transaction, gets a fiftieth too: order creation fell to ~25/s while
// lists ran. A gate with a few slots per core lets reads take turns
// instead; each one finishes sooner, the tail latency halves, and the
// writer keeps its share. The cap is for fairness, not a hard limit: a
// request that waited MaxWait goes in anyway, so a handful of slow
// requests cannot hold everybody else back for long.
package admission

import (
	"context"
	"sync/atomic"
	"time"
)

// DefaultMaxWait is how long a request waits for a slot before it goes
// in anyway.
const DefaultMaxWait = 500 * time.Millisecond

// Gate admits at most a fixed number of requests at once; see the package
// documentation. The zero value is not usable; build one with New.
type Gate struct {
	slots   chan struct{}
	maxWait time.Duration
	after   func(time.Duration) <-chan time.Time

	waiting  atomic.Int64
	overflow atomic.Int64
}

// New returns a gate with n slots, where a request waits at most maxWait
// for one (0 means DefaultMaxWait). n must be positive.
func New(n int, maxWait time.Duration) *Gate {
	if n <= 0 {
		panic("admission: a gate needs at least one slot")
	}
	if maxWait <= 0 {
		maxWait = DefaultMaxWait
	}
	return &Gate{slots: make(chan struct{}, n), maxWait: maxWait, after: time.After}
}

// Enter waits for a slot and returns the function that gives it back. A
// request that waited the gate's MaxWait is let in without a slot (its
// leave function does nothing). The error is ctx's, when the caller gave
// up first.
func (g *Gate) Enter(ctx context.Context) (leave func(), err error) {
	select {
	case g.slots <- struct{}{}:
		return g.leave, nil
	default:
	}
	g.waiting.Add(1)
	defer g.waiting.Add(-1)
	select {
	case g.slots <- struct{}{}:
		return g.leave, nil
	case <-g.after(g.maxWait):
		g.overflow.Add(1)
		return func() {}, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (g *Gate) leave() { <-g.slots }

// Slots is the gate's capacity.
func (g *Gate) Slots() int { return cap(g.slots) }

// Waiting is how many requests wait for a slot right now.
func (g *Gate) Waiting() int { return int(g.waiting.Load()) }

// Overflow is how many requests went in without a slot, after waiting
// MaxWait, since the gate was built.
func (g *Gate) Overflow() int64 { return g.overflow.Load() }
