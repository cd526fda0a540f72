package admission

import "time"

// SetAfter replaces the timer the gate waits on, so tests decide when
// MaxWait has passed.
func (g *Gate) SetAfter(after func(time.Duration) <-chan time.Time) { g.after = after }
