package main

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// percentile returns the p-th percentile (0..100) of sorted durations,
// nearest-rank.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(p/100*float64(len(sorted))+0.5) - 1
	rank = min(max(rank, 0), len(sorted)-1)
	return sorted[rank]
}

// median returns the median of values (the mean of the middle two when even).
func median(values []float64) float64 {
	if len(values) == 0 {
		return 0
	}
	s := slices.Clone(values)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// ms converts a duration to fractional milliseconds.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// runStats summarises one run of a closed-loop load.
type runStats struct {
	P50, P99 time.Duration
	RPS      float64
	N        int
	Errors   int
	// CPUms is the appliance's CPU time per request (user + system, all
	// threads), when its pid is known: what a request costs whatever else
	// the machine runs.
	CPUms float64
	// FirstError is an example error, for the report.
	FirstError string
}

// summarize sorts latencies and computes a run's percentiles and rate.
func summarize(lat []time.Duration, errs int, firstErr string, elapsed time.Duration) runStats {
	slices.Sort(lat)
	st := runStats{N: len(lat), Errors: errs, FirstError: firstErr}
	st.P50 = percentile(lat, 50)
	st.P99 = percentile(lat, 99)
	if elapsed > 0 {
		st.RPS = float64(len(lat)) / elapsed.Seconds()
	}
	return st
}

// latencyMetrics turns repeated runs into the p50/p99/req/s metrics of a
// figure, each the median over runs.
func latencyMetrics(runs []runStats) []Metric {
	var p50, p99, rps []float64
	for _, r := range runs {
		p50 = append(p50, ms(r.P50))
		p99 = append(p99, ms(r.P99))
		rps = append(rps, r.RPS)
	}
	out := []Metric{
		{Name: "p50", Unit: "ms", Value: median(p50), Runs: p50},
		{Name: "p99", Unit: "ms", Value: median(p99), Runs: p99},
		{Name: "rps", Unit: "req/s", Value: median(rps), Runs: rps},
	}
	var cpu []float64
	for _, r := range runs {
		if r.CPUms > 0 {
			cpu = append(cpu, r.CPUms)
		}
	}
	if len(cpu) == len(runs) {
		out = append(out, Metric{Name: "CPU", Unit: "ms/req", Value: median(cpu), Runs: cpu})
	}
	return out
}

// cpuTime is a process's CPU time so far (user + system), from
// /proc/<pid>/stat in clock ticks of 10 ms.
func cpuTime(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// the command may hold spaces: fields start after the last ')'
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, fmt.Errorf("stat of %d: malformed", pid)
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("stat of %d: malformed", pid)
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("stat of %d: malformed", pid)
	}
	const tick = 10 * time.Millisecond // USER_HZ is 100 on Linux
	return time.Duration(utime+stime) * tick, nil
}

// errorNote reports failed requests across runs, or "".
func errorNote(runs []runStats) string {
	total, errs := 0, 0
	first := ""
	for _, r := range runs {
		total += r.N + r.Errors
		errs += r.Errors
		if first == "" {
			first = r.FirstError
		}
	}
	if errs == 0 {
		return ""
	}
	return fmt.Sprintf("%d of %d requests failed (e.g. %s)", errs, total, first)
}

// readProcKB reads a "Key:   123 kB" line from a /proc file.
func readProcKB(path, key string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		k, v, ok := strings.Cut(s.Text(), ":")
		if !ok || k != key {
			continue
		}
		fields := strings.Fields(v)
		if len(fields) == 0 {
			break
		}
		return strconv.ParseInt(fields[0], 10, 64)
	}
	return 0, fmt.Errorf("%s: no %s", path, key)
}

// rssMB is the resident set size of a process in MB (VmRSS).
func rssMB(pid int) (float64, error) {
	kb, err := readProcKB(fmt.Sprintf("/proc/%d/status", pid), "VmRSS")
	if err != nil {
		return 0, fmt.Errorf("rss of %d: %w", pid, err)
	}
	return float64(kb) / 1024, nil
}
