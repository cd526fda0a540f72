// Package jobs runs Bancada's background schedules with gocron: the
// billing monitor, calendar sync, reminders, the WhatsApp watchdog and
// housekeeping. Each job runs one at a time (singleton), in the platform's
// time zone, and can also be run on demand by operators.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/go-co-op/gocron/v2"
)

// Job is one schedule.
type Job struct {
	// Name identifies the job (operators run it by name).
	Name string
	// Every runs the job at a fixed interval; Cron (5 fields, in the
	// scheduler's zone) at given times. Set one.
	Every time.Duration
	Cron  string
	// Run does the work; now is the scheduler's clock.
	Run func(ctx context.Context, now time.Time) error
}

// Runner owns the schedules.
type Runner struct {
	jobs   map[string]Job
	logger *slog.Logger
	now    func() time.Time
	mu     sync.Mutex
	sched  gocron.Scheduler
	// observe, when set, hears of every run (metrics).
	observe func(name string, took time.Duration, err error)
}

// New returns a Runner of jobs; Start schedules them.
func New(jobs []Job, logger *slog.Logger, now func() time.Time) (*Runner, error) {
	if logger == nil {
		logger = slog.Default()
	}
	if now == nil {
		now = time.Now
	}
	r := &Runner{jobs: map[string]Job{}, logger: logger, now: now}
	for _, j := range jobs {
		if j.Name == "" || j.Run == nil || (j.Every <= 0) == (j.Cron == "") {
			return nil, fmt.Errorf("jobs: %q needs a name, a function and exactly one of Every or Cron", j.Name)
		}
		if _, dup := r.jobs[j.Name]; dup {
			return nil, fmt.Errorf("jobs: duplicate job %q", j.Name)
		}
		r.jobs[j.Name] = j
	}
	return r, nil
}

// Names lists the jobs.
func (r *Runner) Names() []string {
	out := make([]string, 0, len(r.jobs))
	for n := range r.jobs {
		out = append(out, n)
	}
	return out
}

// Observe makes the runner report every run, scheduled or on demand: the
// job's name, how long it took and its error. Call it before Start.
func (r *Runner) Observe(f func(name string, took time.Duration, err error)) { r.observe = f }

// ErrUnknown is returned by RunNow for a name no job has.
var ErrUnknown = errors.New("jobs: unknown job")

// RunNow runs one job immediately, in the caller's goroutine.
func (r *Runner) RunNow(ctx context.Context, name string) error {
	j, ok := r.jobs[name]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknown, name)
	}
	return r.run(ctx, j)
}

func (r *Runner) run(ctx context.Context, j Job) error {
	start := time.Now()
	err := j.Run(ctx, r.now().UTC())
	if r.observe != nil {
		r.observe(j.Name, time.Since(start), err)
	}
	if err != nil {
		r.logger.Error("job failed", "job", j.Name, "error", err, "took", time.Since(start))
	} else {
		r.logger.Debug("job done", "job", j.Name, "took", time.Since(start))
	}
	return err
}

// Start schedules every job in loc until ctx is done or Stop is called.
// Jobs receive ctx: cancelling it asks running jobs to finish early.
func (r *Runner) Start(ctx context.Context, loc *time.Location) error {
	s, err := gocron.NewScheduler(gocron.WithLocation(loc))
	if err != nil {
		return fmt.Errorf("jobs: scheduler: %w", err)
	}
	for _, j := range r.jobs {
		j := j
		def := gocron.DurationJob(j.Every)
		if j.Cron != "" {
			def = gocron.CronJob(j.Cron, false)
		}
		_, err := s.NewJob(def, gocron.NewTask(func() { _ = r.run(ctx, j) }),
			gocron.WithName(j.Name), gocron.WithSingletonMode(gocron.LimitModeReschedule))
		if err != nil {
			return fmt.Errorf("jobs: %s: %w", j.Name, err)
		}
	}
	r.mu.Lock()
	r.sched = s
	r.mu.Unlock()
	s.Start()
	go func() {
		<-ctx.Done()
		r.Stop()
	}()
	return nil
}

// Stop unschedules every job and waits for the running ones to return
// (gocron's stop timeout bounds the wait). Calling it again, or before
// Start, does nothing.
func (r *Runner) Stop() {
	r.mu.Lock()
	s := r.sched
	r.sched = nil
	r.mu.Unlock()
	if s != nil {
		if err := s.Shutdown(); err != nil {
			r.logger.Warn("jobs: stop", "error", err)
		}
	}
}
