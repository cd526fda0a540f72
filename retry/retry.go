// Package retry says how deliveries that failed are tried again: an
// exponential backoff with jitter and a cap, and error wrappers a handler
// uses to say "never retry this" or "retry after this long".
package retry

import (
	"errors"
	"math"
	"time"
)

// Backoff is the wait before attempt+1 after attempt failures (attempt ≥
// 1): base·2^(attempt-1), capped at max, then scaled by a random factor in
// [0.8, 1.2) from rnd (which returns [0,1)) so a crowd of retries spreads
// out instead of hammering a provider in lockstep.
func Backoff(attempt int, base, max time.Duration, rnd func() float64) time.Duration {
	if attempt < 1 {
		attempt = 1
	}
	d := float64(base) * math.Pow(2, float64(attempt-1))
	if d > float64(max) || math.IsInf(d, 0) {
		d = float64(max)
	}
	factor := 1.0
	if rnd != nil {
		factor = 0.8 + 0.4*rnd()
	}
	return time.Duration(d * factor)
}

type permanent struct{ error }

func (p permanent) Unwrap() error { return p.error }

// Permanent marks err as not worth retrying (a 400, an unknown number):
// the delivery goes straight to the dead letters.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanent{err}
}

// IsPermanent reports whether err was marked Permanent.
func IsPermanent(err error) bool {
	var p permanent
	return errors.As(err, &p)
}

type after struct {
	error
	d time.Duration
}

func (a after) Unwrap() error { return a.error }

// After asks for the next attempt after d (a provider's rate-limit reset)
// instead of the backoff.
func After(err error, d time.Duration) error {
	if err == nil {
		return nil
	}
	return after{err, d}
}

// AfterOf returns the wait requested with After.
func AfterOf(err error) (time.Duration, bool) {
	var a after
	if errors.As(err, &a) {
		return a.d, true
	}
	return 0, false
}

type deferred struct{ until time.Time }

func (d deferred) Error() string { return "deferred until " + d.until.UTC().Format(time.RFC3339) }

// Defer reschedules a delivery for until without counting an attempt (the
// shop is closed and the message must wait for the window to open).
func Defer(until time.Time) error { return deferred{until} }

// DeferredUntil returns the time asked for with Defer.
func DeferredUntil(err error) (time.Time, bool) {
	var d deferred
	if errors.As(err, &d) {
		return d.until, true
	}
	return time.Time{}, false
}
