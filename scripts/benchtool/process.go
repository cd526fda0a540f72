package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// rssSampler polls a process's resident memory and keeps the peak.
type rssSampler struct {
	pid  int
	mu   sync.Mutex
	peak float64
	done chan struct{}
	once sync.Once
}

func newRSSSampler(pid int) *rssSampler {
	s := &rssSampler{pid: pid, done: make(chan struct{})}
	go func() {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-s.done:
				return
			case <-t.C:
				if mb, err := rssMB(pid); err == nil {
					s.mu.Lock()
					s.peak = max(s.peak, mb)
					s.mu.Unlock()
				}
			}
		}
	}()
	return s
}

// peakMB is the highest RSS seen so far.
func (s *rssSampler) peakMB() float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peak
}

func (s *rssSampler) stop() { s.once.Do(func() { close(s.done) }) }

// benchIdleRSS reads the appliance's memory before any load: the median of
// a few reads over a second.
func benchIdleRSS(ctx context.Context, env *Env) ([]Figure, error) {
	if env.PID == 0 {
		return nil, errors.New("no --pid: cannot read the appliance's memory")
	}
	var reads []float64
	n := 5
	if env.Quick {
		n = 1
	}
	for i := 0; i < n; i++ {
		mb, err := rssMB(env.PID)
		if err != nil {
			return nil, err
		}
		reads = append(reads, mb)
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	v := median(reads)
	met := v <= 80
	return []Figure{{
		ID: "rss-idle", Area: "process", Name: "RSS idle",
		Metrics:    []Metric{{Name: "value", Unit: "MB", Value: v, Runs: reads}},
		Conditions: "VmRSS after start-up and /api/health, before any other request",
		Target:     "≤ 80 MB", Met: &met,
	}}, nil
}

// benchLoadRSS reports the peak memory seen while the benchmarks ran.
func benchLoadRSS(_ context.Context, env *Env) ([]Figure, error) {
	if env.rss == nil {
		return nil, errors.New("no --pid: cannot read the appliance's memory")
	}
	return []Figure{{
		ID: "rss-load", Area: "process", Name: "RSS under load (peak)",
		Metrics:    []Metric{{Name: "value", Unit: "MB", Value: env.rss.peakMB()}},
		Conditions: "highest VmRSS sampled every 100 ms during the REST, write and realtime runs",
	}}, nil
}

// runStartup measures how long the appliance takes from exec to answering
// /api/health on a data dir, and the binary's size.
func runStartup(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("startup", flag.ContinueOnError)
	bin := fs.String("bin", ".bench/bin/bancada", "the appliance binary")
	dir := fs.String("dir", ".bench/data", "data dir")
	addr := fs.String("http", "127.0.0.1:8098", "address to serve on while measuring")
	runs := fs.Int("runs", 3, "starts to measure (the median is reported)")
	resultsPath := fs.String("results", ".bench/results.json", "results file to add figures to")
	if err := fs.Parse(args); err != nil {
		return err
	}
	st, err := os.Stat(*bin)
	if err != nil {
		return fmt.Errorf("startup: %w", err)
	}
	res, err := loadResults(*resultsPath)
	if err != nil {
		return err
	}
	res.Machine = thisMachine(time.Now())
	var orders int
	if m, err := readMarker(*dir); err == nil && m != nil {
		orders = m.Counts["orders"]
	}
	var times []float64
	for i := 0; i < *runs; i++ {
		d, err := startOnce(ctx, *bin, *dir, *addr)
		if err != nil {
			return err
		}
		times = append(times, ms(d))
		fmt.Fprintf(os.Stderr, "startup: %.0f ms\n", ms(d))
	}
	v := median(times)
	met := v <= 2000
	res.put(Figure{
		ID: "startup", Area: "process", Name: "start-up to serving",
		Metrics:    []Metric{{Name: "value", Unit: "ms", Value: v, Runs: times}},
		Conditions: fmt.Sprintf("exec of `bancada serve` until /api/health answers 200, %s orders on disk, OS file cache warm", groupThousands(fmt.Sprint(orders))),
		Target:     "≤ 2,000 ms", Met: &met,
	})
	res.put(Figure{
		ID: "binary-size", Area: "process", Name: "binary size",
		Metrics:    []Metric{{Name: "value", Unit: "MB", Value: float64(st.Size()) / (1 << 20)}},
		Conditions: "go build, default flags (with the embedded staff app)",
	})
	return res.save(*resultsPath)
}

// startOnce starts the appliance, waits for /api/health and stops it.
func startOnce(ctx context.Context, bin, dir, addr string) (time.Duration, error) {
	cmd := exec.Command(bin, "serve", "--dir", dir, "--http", addr)
	cmd.Env = append(os.Environ(), "BANCADA_WHATSAPP_MIN_INTERVAL=0")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	client := &http.Client{Timeout: time.Second}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, fmt.Errorf("startup: %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}()
	deadline := start.Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case err := <-exited:
			exited <- err
			return 0, fmt.Errorf("startup: the appliance exited: %v", err)
		default:
		}
		res, err := client.Get("http://" + addr + "/api/health")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return time.Since(start), nil
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	return 0, errors.New("startup: no answer from /api/health within 2 minutes")
}

// runWait polls /api/health until it answers 200 or the timeout passes.
func runWait(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("wait", flag.ContinueOnError)
	base := fs.String("url", "http://127.0.0.1:8097", "the appliance")
	timeout := fs.Duration("timeout", 2*time.Minute, "give up after")
	if err := fs.Parse(args); err != nil {
		return err
	}
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(*timeout)
	for time.Now().Before(deadline) {
		if err := ctx.Err(); err != nil {
			return err
		}
		if res, err := client.Get(*base + "/api/health"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("wait: %s/api/health did not answer within %s", *base, *timeout)
}
