package queue_test

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/queue"
)

// Items that arrive while a batch commits go together in the next one,
// each caller gets its own item's result, and a failed commit fails every
// item of its batch only.
func TestBatcherGroupsWaitingItems(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	var mu sync.Mutex
	var batches [][]int
	b := queue.NewBatcher(100, func(in []int) ([]string, error) {
		mu.Lock()
		batches = append(batches, append([]int(nil), in...))
		first := len(batches) == 1
		mu.Unlock()
		if first {
			<-release // the first batch commits slowly
		}
		if in[0] == 99 {
			return nil, errors.New("disco cheio")
		}
		out := make([]string, len(in))
		for i, n := range in {
			out[i] = string(rune('a' + n))
		}
		return out, nil
	})
	ctx := context.Background()
	firstDone := make(chan string)
	go func() { s, _ := b.Do(ctx, 0); firstDone <- s }()
	for b.Waiting() != 0 || func() bool { mu.Lock(); defer mu.Unlock(); return len(batches) == 0 }() {
		runtime.Gosched()
	}
	var wg sync.WaitGroup
	got := make([]string, 10)
	for i := 1; i <= 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := b.Do(ctx, i)
			require.NoError(t, err)
			got[i-1] = s
		}()
	}
	for b.Waiting() < 10 {
		runtime.Gosched()
	}
	close(release)
	require.Equal(t, "a", <-firstDone)
	wg.Wait()
	require.Equal(t, []string{"b", "c", "d", "e", "f", "g", "h", "i", "j", "k"}, got)
	require.Len(t, batches, 2, "the ten items that waited went in one batch")
	require.ElementsMatch(t, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, batches[1])

	_, err := b.Do(ctx, 99)
	require.EqualError(t, err, "disco cheio")
	s, err := b.Do(ctx, 3)
	require.NoError(t, err)
	require.Equal(t, "d", s, "a failed batch does not poison the next")
}

// Close commits what was queued before it and refuses the rest.
func TestBatcherCloseCommitsWhatWasQueued(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	var mu sync.Mutex
	committed, taken := 0, 0
	b := queue.NewBatcher(2, func(in []int) ([]bool, error) {
		mu.Lock()
		taken += len(in)
		mu.Unlock()
		<-release
		mu.Lock()
		committed += len(in)
		mu.Unlock()
		return make([]bool, len(in)), nil
	})
	var wg sync.WaitGroup
	for i := range 5 {
		wg.Add(1)
		go func() { defer wg.Done(); _, err := b.Do(context.Background(), i); require.NoError(t, err) }()
	}
	// every item is either in the batch committing or waiting
	for func() int { mu.Lock(); defer mu.Unlock(); return taken }()+b.Waiting() < 5 {
		runtime.Gosched()
	}
	closed := make(chan struct{})
	go func() { b.Close(); close(closed) }()
	close(release)
	<-closed
	wg.Wait()
	require.Equal(t, 5, committed)
	_, err := b.Do(context.Background(), 6)
	require.ErrorIs(t, err, queue.ErrClosed)
}
