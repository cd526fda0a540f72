package queue

import (
	"context"
	"sync"
)

// Batcher group-commits: concurrent Do calls queue their items, and one
// writer commits every item waiting (up to Max) in one call of Commit, so
// a burst costs one transaction per batch instead of one per item. The
// writer goroutine runs only while items wait. A caller returns once its
// item's batch committed.
type Batcher[In, Out any] struct {
	max    int
	commit func([]In) ([]Out, error)

	mu      sync.Mutex
	queue   []*call[In, Out]
	running bool
	closed  bool
	writers sync.WaitGroup
}

type call[In, Out any] struct {
	in   In
	done chan result[Out]
}

type result[Out any] struct {
	out Out
	err error
}

// NewBatcher returns a Batcher committing at most max items at once with
// commit, which returns one result per item in order (or an error for
// the whole batch).
func NewBatcher[In, Out any](max int, commit func([]In) ([]Out, error)) *Batcher[In, Out] {
	if max <= 0 {
		max = 1
	}
	return &Batcher[In, Out]{max: max, commit: commit}
}

// Do queues in and waits for its batch's commit. A caller whose ctx ends
// first returns ctx's error; its item is committed all the same.
func (b *Batcher[In, Out]) Do(ctx context.Context, in In) (Out, error) {
	c := &call[In, Out]{in: in, done: make(chan result[Out], 1)}
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		var zero Out
		return zero, ErrClosed
	}
	b.queue = append(b.queue, c)
	if !b.running {
		b.running = true
		b.writers.Add(1)
		go b.write()
	}
	b.mu.Unlock()
	select {
	case r := <-c.done:
		return r.out, r.err
	case <-ctx.Done():
		var zero Out
		return zero, ctx.Err()
	}
}

// Waiting is how many items wait for a batch (not counting the one being
// committed).
func (b *Batcher[In, Out]) Waiting() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.queue)
}

// Close refuses new items (ErrClosed) and returns once every item queued
// before is committed.
func (b *Batcher[In, Out]) Close() {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	b.writers.Wait()
}

// write commits batches until none waits.
func (b *Batcher[In, Out]) write() {
	defer b.writers.Done()
	for {
		b.mu.Lock()
		n := min(len(b.queue), b.max)
		if n == 0 {
			b.running = false
			b.queue = nil
			b.mu.Unlock()
			return
		}
		batch := b.queue[:n:n]
		b.queue = b.queue[n:]
		b.mu.Unlock()

		ins := make([]In, n)
		for i, c := range batch {
			ins[i] = c.in
		}
		outs, err := b.commit(ins)
		for i, c := range batch {
			var r result[Out]
			if err != nil {
				r.err = err
			} else if i < len(outs) {
				r.out = outs[i]
			}
			c.done <- r
		}
	}
}
