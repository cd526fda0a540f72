package outbox

import (
	"strings"
	"time"
)

// Limit is how the deliveries of one lane share a provider with other
// lanes. A lane is still delivered one row at a time, in order; Limit adds
// a bound on how many lanes of one Group are in flight together and a
// token bucket (Rate per second, Burst at most) that every delivery
// drawing on Bucket takes one token from before it starts.
//
// WhatsApp uses it with one lane per chat, the shop's instance as the
// group, and one bucket per instance and class of message, so a
// customer's messages keep their order while different customers of the
// same shop are answered in parallel and the number as a whole keeps a
// pace WhatsApp tolerates.
type Limit struct {
	// Group bounds lanes in flight together ("" = no bound but
	// Options.Concurrency).
	Group string
	// Concurrency is the group's bound (0 or less = 1).
	Concurrency int
	// Bucket names the token bucket the delivery draws on ("" = no rate).
	Bucket string
	// Rate is the bucket's refill per second (0 or less = no rate).
	Rate float64
	// Burst is how many tokens the bucket holds (0 or less = 1): the
	// deliveries that may start at once after a quiet moment.
	Burst int
}

// LimitFunc returns the Limit of a delivery of kind on lane.
type LimitFunc func(lane, kind string) Limit

// Limit sets the Limit of the lanes whose name starts with prefix (e.g.
// "whatsapp:" → one chat of one shop's WhatsApp). It takes precedence over
// Pace and Options.LaneInterval for those lanes. Call it before Run.
func (w *Worker) Limit(prefix string, f LimitFunc) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.limiters = append(w.limiters, limiter{prefix, f})
}

type limiter struct {
	prefix string
	f      LimitFunc
}

// limitOf returns the Limit of a delivery and whether one applies.
func (w *Worker) limitOf(lane, kind string) (Limit, bool) {
	w.mu.Lock()
	limiters := w.limiters
	w.mu.Unlock()
	for _, l := range limiters {
		if strings.HasPrefix(lane, l.prefix) {
			return l.f(lane, kind), true
		}
	}
	return Limit{}, false
}

// bucket is a token bucket on the worker's clock (possibly a test's).
type bucket struct {
	tokens float64
	last   time.Time
}

// refill brings b up to now for rate and burst.
func (b *bucket) refill(now time.Time, rate float64, burst int) {
	if b.last.IsZero() {
		b.tokens, b.last = float64(burst), now
		return
	}
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens = min(float64(burst), b.tokens+el*rate)
		b.last = now
	}
}

// wait returns how long until a token is available (0 = now).
func (b *bucket) wait(rate float64) time.Duration {
	if b.tokens >= 1 {
		return 0
	}
	return time.Duration((1-b.tokens)/rate*float64(time.Second)).Round(time.Millisecond) + time.Millisecond
}

// normalized fills the defaults of l.
func (l Limit) normalized() Limit {
	if l.Concurrency <= 0 {
		l.Concurrency = 1
	}
	if l.Burst <= 0 {
		l.Burst = 1
	}
	if l.Rate <= 0 {
		l.Bucket = ""
	}
	return l
}

// admit decides, under w.mu, whether a delivery with limit l may start at
// now: it may when its group has room and its bucket a token. When not, it
// returns when to look again (zero when a finishing delivery wakes the
// worker anyway).
func (w *Worker) admit(l Limit, now time.Time) (bool, time.Time) {
	if l.Group != "" && w.groupActive[l.Group] >= l.Concurrency {
		return false, time.Time{}
	}
	if l.Bucket == "" {
		return true, time.Time{}
	}
	b := w.buckets[l.Bucket]
	if b == nil {
		b = &bucket{}
		w.buckets[l.Bucket] = b
	}
	b.refill(now, l.Rate, l.Burst)
	if d := b.wait(l.Rate); d > 0 {
		return false, now.Add(d)
	}
	return true, time.Time{}
}

// take consumes what admit allowed, under w.mu.
func (w *Worker) take(l Limit) {
	if l.Group != "" {
		w.groupActive[l.Group]++
	}
	if b := w.buckets[l.Bucket]; l.Bucket != "" && b != nil {
		b.tokens--
	}
}

// started moves the bucket of a delivery starting now, under w.mu: tokens
// do not accrue between its dispatch and its start, so the pace counts
// from the real start of the call (a delivery that waited for a CPU does
// not let the next one follow it closely).
func (w *Worker) started(l Limit, now time.Time) {
	if b := w.buckets[l.Bucket]; l.Bucket != "" && b != nil && now.After(b.last) {
		b.last = now
	}
}

// release frees the group slot of a finished delivery, under w.mu.
func (w *Worker) release(l Limit) {
	if l.Group != "" {
		if w.groupActive[l.Group]--; w.groupActive[l.Group] <= 0 {
			delete(w.groupActive, l.Group)
		}
	}
}
