package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"sort"
	"strings"
	"time"
)

// Metric is one measured quantity of a figure: the median of its runs.
type Metric struct {
	Name  string    `json:"name"`  // "p50", "p99", "rps", "rss", ...
	Unit  string    `json:"unit"`  // "ms", "req/s", "MB", ...
	Value float64   `json:"value"` // median of Runs
	Runs  []float64 `json:"runs,omitempty"`
}

// Figure is one row of the results table.
type Figure struct {
	// ID is stable across runs (docs and comparisons key on it).
	ID string `json:"id"`
	// Area groups rows: rest, writes, realtime, process, webhooks, ...
	Area string `json:"area"`
	// Name is what was measured, in words.
	Name string `json:"name"`
	// Metrics are the values, each the median of repeated runs.
	Metrics []Metric `json:"metrics"`
	// Conditions say how it was measured (concurrency, duration, data).
	Conditions string `json:"conditions"`
	// Target is the goal this row answers, if any.
	Target string `json:"target,omitempty"`
	// Met says whether the target is reached (nil: no target or not judged).
	Met *bool `json:"met,omitempty"`
	// Note explains a pending or failed figure.
	Note string `json:"note,omitempty"`
}

// Metric returns the named metric's value, or false.
func (f Figure) Metric(name string) (float64, bool) {
	for _, m := range f.Metrics {
		if m.Name == name {
			return m.Value, true
		}
	}
	return 0, false
}

// Machine describes where the figures were taken.
type Machine struct {
	Cores     int    `json:"cores"`
	CPU       string `json:"cpu"`
	MemoryGB  int    `json:"memory_gb"`
	GoVersion string `json:"go_version"`
	OS        string `json:"os"`
	Date      string `json:"date"`
	// LoadBefore and LoadAfter are the 1-minute load averages when the
	// load phase started and ended: other work on the machine skews figures.
	LoadBefore float64 `json:"load_before"`
	LoadAfter  float64 `json:"load_after,omitempty"`
}

// Results is the JSON file the commands append to.
type Results struct {
	Machine Machine         `json:"machine"`
	Dataset *DatasetSummary `json:"dataset,omitempty"`
	Figures []Figure        `json:"figures"`
}

// DatasetSummary is what the figures were measured on.
type DatasetSummary struct {
	Params GenParams      `json:"params"`
	Counts map[string]int `json:"counts"`
	Big    string         `json:"big_shop"`
	Small  string         `json:"small_shop"`
}

// thisMachine reads the core count, CPU model and memory of this host.
func thisMachine(now time.Time) Machine {
	m := Machine{
		Cores:     runtime.NumCPU(),
		GoVersion: runtime.Version(),
		OS:        runtime.GOOS + "/" + runtime.GOARCH,
		Date:      now.UTC().Format(time.RFC3339),
		CPU:       "unknown",
	}
	m.LoadBefore = loadAverage()
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		s := bufio.NewScanner(f)
		for s.Scan() {
			if k, v, ok := strings.Cut(s.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
		_ = f.Close()
	}
	if kb, err := readProcKB("/proc/meminfo", "MemTotal"); err == nil {
		m.MemoryGB = int((kb + 512*1024) / (1024 * 1024))
	}
	return m
}

// loadAverage is the 1-minute load average (0 when unknown).
func loadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	var l float64
	_, _ = fmt.Sscan(string(b), &l)
	return l
}

// loadResults reads path, or returns empty results when it does not exist.
func loadResults(path string) (*Results, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &Results{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("results: read %s: %w", path, err)
	}
	var r Results
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("results: parse %s: %w", path, err)
	}
	return &r, nil
}

// put replaces the figure with the same id, or appends it.
func (r *Results) put(f Figure) {
	for i := range r.Figures {
		if r.Figures[i].ID == f.ID {
			r.Figures[i] = f
			return
		}
	}
	r.Figures = append(r.Figures, f)
}

// save writes r to path atomically.
func (r *Results) save(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("results: write: %w", err)
	}
	return os.Rename(tmp, path)
}

// areaOrder is the order areas appear in the table.
var areaOrder = []string{"rest", "writes", "realtime", "process", "webhooks", "bot", "asaas", "billing", "slots"}

func areaRank(a string) int {
	for i, x := range areaOrder {
		if x == a {
			return i
		}
	}
	return len(areaOrder)
}

// sortedFigures orders figures by area, keeping insertion order inside one.
func (r *Results) sortedFigures() []Figure {
	out := append([]Figure(nil), r.Figures...)
	sort.SliceStable(out, func(i, j int) bool { return areaRank(out[i].Area) < areaRank(out[j].Area) })
	return out
}

// formatValue renders a figure's metrics on one line: "p50 1.2 ms · p99 4.0 ms · 2,310 req/s".
func formatValue(f Figure) string {
	if len(f.Metrics) == 0 {
		if f.Note != "" {
			return "—"
		}
		return ""
	}
	parts := make([]string, 0, len(f.Metrics))
	for _, m := range f.Metrics {
		v := formatNumber(m.Value)
		switch m.Name {
		case "rps", "value":
			parts = append(parts, v+" "+m.Unit)
		default:
			parts = append(parts, m.Name+" "+v+" "+m.Unit)
		}
	}
	return strings.Join(parts, " · ")
}

// formatTarget prints a target's number: whole numbers without decimals.
func formatTarget(v float64) string {
	if v == float64(int64(v)) {
		return groupThousands(fmt.Sprint(int64(v)))
	}
	return formatNumber(v)
}

// formatNumber prints with thousands separators and sensible precision.
func formatNumber(v float64) string {
	switch {
	case v == 0:
		return "0"
	case v >= 100:
		return groupThousands(fmt.Sprintf("%.0f", v))
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	case v >= 1:
		return fmt.Sprintf("%.2f", v)
	default:
		return fmt.Sprintf("%.3f", v)
	}
}

func groupThousands(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// targetCell renders the target column: "≤ 20 ms ✓", "≥ 2,000 req/s ✗".
func targetCell(f Figure) string {
	if f.Target == "" {
		return ""
	}
	switch {
	case f.Met == nil:
		return f.Target
	case *f.Met:
		return f.Target + " ✓"
	default:
		return f.Target + " ✗"
	}
}

// writeTable prints the machine header and the one table as text.
func writeTable(w io.Writer, r *Results) {
	m := r.Machine
	fmt.Fprintf(w, "Bancada benchmark — %s — %d cores, %s, %d GB RAM, %s, %s — load average %.1f before, %.1f after\n",
		m.Date, m.Cores, m.CPU, m.MemoryGB, m.GoVersion, m.OS, m.LoadBefore, m.LoadAfter)
	if d := r.Dataset; d != nil {
		fmt.Fprintf(w, "data set: %s (seed %d)\n", d.describe(), d.Params.Seed)
	}
	rows := [][]string{{"figure", "value", "target", "conditions"}}
	for _, f := range r.sortedFigures() {
		cond := f.Conditions
		if f.Note != "" {
			cond = strings.TrimSpace(cond + " — " + f.Note)
		}
		rows = append(rows, []string{f.Name, formatValue(f), targetCell(f), cond})
	}
	widths := make([]int, 3)
	for _, row := range rows {
		for i := 0; i < 3; i++ {
			widths[i] = max(widths[i], len([]rune(row[i])))
		}
	}
	for i, row := range rows {
		for c := 0; c < 3; c++ {
			fmt.Fprintf(w, "%s%s  ", row[c], strings.Repeat(" ", widths[c]-len([]rune(row[c]))))
		}
		fmt.Fprintln(w, row[3])
		if i == 0 {
			fmt.Fprintln(w, strings.Repeat("-", widths[0]+widths[1]+widths[2]+6+len("conditions")))
		}
	}
}

// describe is the data set in a few words.
func (d *DatasetSummary) describe() string {
	keys := []string{"tenants", "users", "customers", "devices", "orders", "order_events", "conversations", "messages", "parts", "price_rules"}
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		if n, ok := d.Counts[k]; ok {
			parts = append(parts, groupThousands(fmt.Sprint(n))+" "+k)
		}
	}
	return strings.Join(parts, ", ")
}
