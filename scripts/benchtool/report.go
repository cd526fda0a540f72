package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
)

// Markers around the generated part of docs/benchmarks.md; everything
// outside them is written by hand and kept.
const (
	docsBegin = "<!-- bench:begin (written by scripts/bench --write-docs; edit outside these markers) -->"
	docsEnd   = "<!-- bench:end -->"
)

func runReport(args []string) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	resultsPath := fs.String("results", ".bench/results.json", "results file")
	docs := fs.String("write-docs", "", "also write the table into this Markdown file (between the bench markers)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	res, err := loadResults(*resultsPath)
	if err != nil {
		return err
	}
	if len(res.Figures) == 0 {
		return fmt.Errorf("report: %s has no figures", *resultsPath)
	}
	writeTable(os.Stdout, res)
	if *docs != "" {
		if err := writeDocs(*docs, res); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "report: wrote %s\n", *docs)
	}
	return nil
}

// markdownTable renders the results as the docs show them.
func markdownTable(r *Results) string {
	var b strings.Builder
	m := r.Machine
	fmt.Fprintf(&b, "Measured %s on %d cores (%s), %d GB RAM, %s, %s; 1-minute load average %.1f when the load phase started, %.1f when it ended.\n",
		m.Date, m.Cores, m.CPU, m.MemoryGB, m.GoVersion, m.OS, m.LoadBefore, m.LoadAfter)
	if d := r.Dataset; d != nil {
		fmt.Fprintf(&b, "Data set: %s (seed %d, history until %s).\n", d.describe(), d.Params.Seed, d.Params.Until)
	}
	b.WriteString("\n| figure | value | target | conditions |\n|---|---|---|---|\n")
	esc := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	for _, f := range r.sortedFigures() {
		cond := f.Conditions
		if f.Note != "" {
			cond = strings.TrimSpace(cond + " — **" + f.Note + "**")
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", esc(f.Name), esc(formatValue(f)), esc(targetCell(f)), esc(cond))
	}
	return b.String()
}

// writeDocs replaces the generated section of path (creating the file, or
// appending the section, when missing).
func writeDocs(path string, r *Results) error {
	section := docsBegin + "\n" + markdownTable(r) + docsEnd + "\n"
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("report: %w", err)
	}
	s := string(old)
	i, j := strings.Index(s, docsBegin), strings.Index(s, docsEnd)
	switch {
	case i >= 0 && j > i:
		s = s[:i] + section + strings.TrimPrefix(s[j+len(docsEnd):], "\n")
	case s == "":
		s = "# Benchmarks\n\n" + section
	default:
		s = strings.TrimRight(s, "\n") + "\n\n" + section
	}
	return os.WriteFile(path, []byte(s), 0o644)
}
