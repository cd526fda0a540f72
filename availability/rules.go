package availability

import "time"

// Rules are a tenant's booking rules.
type Rules struct {
	// SlotLength is how long an appointment lasts (default 30 min).
	SlotLength time.Duration
	// Buffer is kept free before and after every existing booking (default 0).
	Buffer time.Duration
	// MinNotice is how far ahead of now a slot must start (default 2 h; a
	// negative value means no notice: any slot from now on).
	MinNotice time.Duration
	// Horizon is how far ahead of now slots are offered (default 30 days).
	Horizon time.Duration
	// Capacity is how many appointments can run at once, e.g. benches (default 1).
	Capacity int
	// Step is the spacing of slot starts, counted in wall-clock time from the
	// opening of each span of hours. It defaults to SlotLength+Buffer, so that
	// with capacity 1 every offered start can be booked back to back; set it to
	// SlotLength (or 30 min) for rounder times when buffers are used. Steps
	// under a minute are raised to a minute.
	Step time.Duration
}

// WithDefaults returns r with zero or out-of-range fields replaced by their
// defaults (see the fields). FreeSlots and Fits apply it themselves.
func (r Rules) WithDefaults() Rules {
	if r.SlotLength <= 0 {
		r.SlotLength = 30 * time.Minute
	}
	if r.Buffer < 0 {
		r.Buffer = 0
	}
	if r.MinNotice == 0 {
		r.MinNotice = 2 * time.Hour
	}
	if r.Horizon <= 0 {
		r.Horizon = 30 * 24 * time.Hour
	}
	if r.Capacity <= 0 {
		r.Capacity = 1
	}
	if r.Step <= 0 {
		r.Step = r.SlotLength + r.Buffer
	}
	r.Step = max(r.Step, time.Minute)
	return r
}

// notice returns the effective minimum notice: a negative MinNotice means none.
func (r Rules) notice() int64 {
	return int64(max(r.MinNotice, 0))
}
