package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Env is what every benchmark function gets: the appliance under test and
// how hard and how long to drive it.
type Env struct {
	// URL is the appliance's base URL (http://127.0.0.1:PORT).
	URL string
	// PID is the appliance's process id (for /proc/<pid>/status).
	PID int
	// Logins are the staff and sample records of the data set.
	Logins *Logins
	// Runs is how many times each figure is measured (the median is kept).
	Runs int
	// Duration and Warmup are one run's measuring time and the time before it.
	Duration, Warmup time.Duration
	// Quick marks a smoke run: tiny data, short runs.
	Quick bool
	// RealtimeClients are the client counts of the realtime benchmark.
	RealtimeClients []int
	// Log receives progress lines.
	Log io.Writer

	client *http.Client
	rss    *rssSampler
}

func runLoad(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	env := &Env{Log: os.Stderr}
	fs.StringVar(&env.URL, "url", "http://127.0.0.1:8097", "the running appliance")
	fs.IntVar(&env.PID, "pid", 0, "the appliance's process id (memory figures)")
	loginsPath := fs.String("logins", ".bench/data/"+loginsFile, "logins file written by gen")
	dataDir := fs.String("data", "", "data dir (its marker describes the data set in the results)")
	resultsPath := fs.String("results", ".bench/results.json", "results file to add figures to")
	fs.IntVar(&env.Runs, "runs", 3, "runs per figure (the median is reported)")
	fs.DurationVar(&env.Duration, "duration", 2*time.Second, "measuring time of one run")
	fs.DurationVar(&env.Warmup, "warmup", 500*time.Millisecond, "warm-up before each run")
	fs.BoolVar(&env.Quick, "quick", false, "smoke run: short runs, few realtime clients")
	clients := fs.String("realtime-clients", "1000,10000", "realtime client counts, comma-separated")
	only := fs.String("only", "", "run only these benchmarks (comma-separated names)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	for _, s := range strings.Split(*clients, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && n > 0 {
			env.RealtimeClients = append(env.RealtimeClients, n)
		}
	}
	l, err := readLogins(*loginsPath)
	if err != nil {
		return err
	}
	env.Logins = l
	env.client = newClient()
	if env.PID > 0 {
		env.rss = newRSSSampler(env.PID)
		defer env.rss.stop()
	}

	if err := os.MkdirAll(filepath.Dir(*resultsPath), 0o755); err != nil {
		return err
	}
	res, err := loadResults(*resultsPath)
	if err != nil {
		return err
	}
	res.Machine = thisMachine(time.Now())
	if *dataDir != "" {
		if m, err := readMarker(*dataDir); err == nil && m != nil {
			res.Dataset = m.summary()
		}
	}
	var want []string
	if *only != "" {
		want = strings.Split(*only, ",")
	}
	for _, b := range registry() {
		if want != nil && !slices.Contains(want, b.Name) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if b.Run == nil {
			res.put(pendingFigure(b))
			continue
		}
		fmt.Fprintf(env.Log, "load: %s\n", b.Name)
		figs, err := b.Run(ctx, env)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			res.put(Figure{ID: b.Name, Area: b.Area, Name: b.Name, Note: "failed: " + err.Error()})
			fmt.Fprintf(env.Log, "load: %s failed: %v\n", b.Name, err)
		}
		for _, f := range figs {
			res.put(f)
		}
		if err := res.save(*resultsPath); err != nil {
			return err
		}
	}
	res.Machine.LoadAfter = loadAverage()
	return res.save(*resultsPath)
}

// newClient is an HTTP client for many concurrent keep-alive requests to
// one host.
func newClient() *http.Client {
	tr := &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        2048,
		MaxIdleConnsPerHost: 2048,
		MaxConnsPerHost:     0,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	return &http.Client{Transport: tr, Timeout: 60 * time.Second}
}

// statusError is a response with an unexpected status.
type statusError struct {
	status int
	body   string
}

func (e *statusError) Error() string {
	return fmt.Sprintf("HTTP %d: %s", e.status, strings.TrimSpace(e.body))
}

// do sends one request with the token and reads the whole answer; into,
// when not nil, receives the body. Anything but 2xx is an error.
func (env *Env) do(ctx context.Context, method, path, token string, body []byte, into *[]byte) error {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, env.URL+path, rd)
	if err != nil {
		return err
	}
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := env.client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode/100 != 2 {
		b, _ := io.ReadAll(io.LimitReader(res.Body, 300))
		return &statusError{status: res.StatusCode, body: string(b)}
	}
	if into != nil {
		b, err := io.ReadAll(res.Body)
		*into = b
		return err
	}
	_, err = io.Copy(io.Discard, res.Body)
	return err
}

// get is a GET that discards the body.
func (env *Env) get(ctx context.Context, path, token string) error {
	return env.do(ctx, http.MethodGet, path, token, nil, nil)
}

// reqFunc performs one request of a closed-loop run; worker and seq let it
// vary what it asks for.
type reqFunc func(ctx context.Context, worker, seq int) error

// run is one closed-loop run: concurrency workers each send a request as
// soon as their previous one answered, for warmup then duration. Only
// requests started inside the measuring window count.
func (env *Env) run(ctx context.Context, concurrency int, do reqFunc) runStats {
	start := time.Now()
	from := start.Add(env.Warmup)
	until := from.Add(env.Duration)
	var mu sync.Mutex
	var all []time.Duration
	errs, done := 0, 0
	firstErr := ""
	var cpu0 time.Duration
	if env.PID > 0 {
		cpu0, _ = cpuTime(env.PID)
	}
	var wg sync.WaitGroup
	for w := 0; w < concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat := make([]time.Duration, 0, 4096)
			myErrs, myDone := 0, 0
			myFirst := ""
			for seq := 0; ctx.Err() == nil; seq++ {
				t0 := time.Now()
				if !t0.Before(until) {
					break
				}
				err := do(ctx, w, seq)
				d := time.Since(t0)
				myDone++
				if t0.Before(from) {
					continue
				}
				if err != nil {
					myErrs++
					if myFirst == "" {
						myFirst = err.Error()
					}
					continue
				}
				lat = append(lat, d)
			}
			mu.Lock()
			all = append(all, lat...)
			errs += myErrs
			done += myDone
			if firstErr == "" {
				firstErr = myFirst
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	st := summarize(all, errs, firstErr, env.Duration)
	if env.PID > 0 && done > 0 {
		if cpu1, err := cpuTime(env.PID); err == nil && cpu1 > cpu0 {
			st.CPUms = ms(cpu1-cpu0) / float64(done)
		}
	}
	return st
}

// closedLoop measures a request env.Runs times and returns the runs.
func (env *Env) closedLoop(ctx context.Context, concurrency int, do reqFunc) ([]runStats, error) {
	var runs []runStats
	for i := 0; i < env.Runs; i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		runs = append(runs, env.run(ctx, concurrency, do))
	}
	return runs, nil
}

// latencyFigure builds a figure from closed-loop runs, judging it against
// p99 and rate targets when given (0 = none).
func latencyFigure(id, area, name, conditions string, runs []runStats, maxP99ms, minRPS float64) Figure {
	f := Figure{ID: id, Area: area, Name: name, Conditions: conditions, Metrics: latencyMetrics(runs), Note: errorNote(runs)}
	var targets []string
	met := true
	if maxP99ms > 0 {
		targets = append(targets, fmt.Sprintf("p99 ≤ %s ms", formatTarget(maxP99ms)))
		p99, _ := f.Metric("p99")
		met = met && p99 <= maxP99ms
	}
	if minRPS > 0 {
		targets = append(targets, fmt.Sprintf("≥ %s req/s", formatTarget(minRPS)))
		rps, _ := f.Metric("rps")
		met = met && rps >= minRPS
	}
	if len(targets) > 0 {
		f.Target = strings.Join(targets, ", ")
		if f.Note != "" {
			met = false
		}
		f.Met = &met
	}
	return f
}

// errNoLogin is returned when the data set lacks someone a benchmark needs.
var errNoLogin = errors.New("the logins file has no such shop or staff; regenerate the data set")
