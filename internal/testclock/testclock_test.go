package testclock_test

import (
	"testing"
	"time"

	"github.com/bancada/bancada/internal/testclock"
)

func TestClockMovesOnlyWhenTold(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)
	c := testclock.New(start)
	if got := c.Now(); !got.Equal(start) {
		t.Fatalf("Now = %v, want %v", got, start)
	}
	c.Add(90 * time.Minute)
	if got, want := c.Now(), time.Date(2026, 11, 24, 18, 30, 0, 0, time.UTC); !got.Equal(want) {
		t.Fatalf("after Add: %v, want %v", got, want)
	}
	c.Real()
	if got := c.Now(); got.Year() < 2025 || got.Equal(start.Add(90*time.Minute)) {
		t.Fatalf("after Real: %v is not the wall clock", got)
	}
	c.Set(start)
	if got := c.Now(); !got.Equal(start) {
		t.Fatalf("after Set: %v, want %v", got, start)
	}
}
