package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
)

// goBench is a figure measured by one of the packages' own `go test
// -bench` benchmarks. The integrations measure themselves in-process, over
// loopback HTTP against the app's real router, with their fake providers
// and a seeded data set of their own (1,000 shops and 100,000 customers for
// WhatsApp, 10,000 shops for the billing monitor); this runs them as a
// separate process from the repository root and keeps the metrics they
// report.
type goBench struct {
	ID, Area, Name string
	// Pkg and Bench select the benchmark: go test ./Pkg -bench ^Bench$;
	// Sub, when set, one of its sub-benchmarks (b.Run name): the row
	// reports that one alone.
	Pkg, Bench, Sub string
	// Benchtime is passed to -benchtime (e.g. "5000x").
	Benchtime string
	// Keep maps the units the benchmark reports to the table's metrics.
	Keep []keptMetric
	// Conditions describe the run; "{unit}" is replaced with the value the
	// benchmark reported in that unit (what it measured, not what it was
	// meant to measure).
	Conditions string
	Target     string
	// Met judges the target from the kept metrics (by Name); nil: no target.
	Met func(v map[string]float64) bool
}

// keptMetric turns one reported unit into a table metric; PerSecond turns
// ns/op into operations per second.
type keptMetric struct {
	From, Name, Unit string
	PerSecond        bool
}

// bench returns the registry entry running g.
func (g goBench) bench() Bench {
	return Bench{Name: g.ID, Area: g.Area, Run: func(ctx context.Context, env *Env) ([]Figure, error) {
		if env.Quick {
			return []Figure{{ID: g.ID, Area: g.Area, Name: g.Name, Target: g.Target,
				Note: "not run in --quick: go test ./" + g.Pkg + " -run '^$' -bench '" + g.pattern() + "' -benchtime " + g.Benchtime}}, nil
		}
		values, err := runGoBench(ctx, env, g.Pkg, g.pattern(), g.Bench, g.Sub, g.Benchtime)
		if err != nil {
			return nil, err
		}
		conditions, err := fillConditions(g.Conditions, values)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", g.ID, err)
		}
		f := Figure{ID: g.ID, Area: g.Area, Name: g.Name, Target: g.Target,
			Conditions: conditions + "; `go test ./" + g.Pkg + " -bench '" + g.pattern() + "' -benchtime " + g.Benchtime + "`"}
		kept := map[string]float64{}
		for _, k := range g.Keep {
			if v, ok := values[k.From]; ok {
				if k.PerSecond && v > 0 {
					v = 1e9 / v
				}
				f.Metrics = append(f.Metrics, Metric{Name: k.Name, Unit: k.Unit, Value: v, Runs: []float64{v}})
				kept[k.Name] = v
			}
		}
		if g.Met != nil && len(kept) > 0 {
			met := g.Met(kept)
			f.Met = &met
		}
		return []Figure{f}, nil
	}}
}

// pattern is the -bench regular expression selecting g (and only it).
func (g goBench) pattern() string {
	p := "^" + g.Bench + "$"
	if g.Sub != "" {
		p += "/^" + regexp.QuoteMeta(g.Sub) + "$"
	}
	return p
}

// runGoBench runs one benchmark once and returns the metrics of bench (or
// of its sub-benchmark sub) by unit.
func runGoBench(ctx context.Context, env *Env, pkg, pattern, bench, sub, benchtime string) (map[string]float64, error) {
	fmt.Fprintf(env.Log, "load: go test ./%s -bench '%s' -benchtime %s\n", pkg, pattern, benchtime)
	cmd := exec.CommandContext(ctx, "go", "test", "./"+pkg, "-run", "^$", "-bench", pattern,
		"-benchtime", benchtime, "-count", "1", "-timeout", "30m")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go test -bench %s: %w\n%s", pattern, err, tail(out.String(), 2000))
	}
	return parseGoBench(out.String(), bench, sub)
}

// procSuffix is the "-N" (GOMAXPROCS) go test appends to a benchmark name.
var procSuffix = regexp.MustCompile(`-\d+$`)

// parseGoBench reads the "BenchmarkX/sub-2  N  123 ns/op  4.5 unit ..."
// line of bench's sub-benchmark sub (sub "": bench itself). Exactly one
// line must match: the metrics of different sub-benchmarks are never
// merged, and a benchmark with sub-benchmarks needs sub.
func parseGoBench(out, bench, sub string) (map[string]float64, error) {
	want := bench
	if sub != "" {
		want += "/" + sub
	}
	var values map[string]float64
	var subs []string
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 4 {
			continue
		}
		name := procSuffix.ReplaceAllString(fields[0], "")
		if rest, ok := strings.CutPrefix(name, bench+"/"); ok && sub == "" {
			subs = append(subs, rest)
		}
		if name != want {
			continue
		}
		if values != nil {
			return nil, fmt.Errorf("%s reported twice in:\n%s", want, tail(out, 2000))
		}
		values = map[string]float64{}
		for i := 2; i+1 < len(fields); i += 2 {
			if v, err := strconv.ParseFloat(fields[i], 64); err == nil {
				values[fields[i+1]] = v
			}
		}
	}
	if len(subs) > 0 {
		return nil, fmt.Errorf("%s has sub-benchmarks (%s): choose one", bench, strings.Join(subs, ", "))
	}
	if len(values) == 0 {
		return nil, fmt.Errorf("no result line for %s in:\n%s", want, tail(out, 2000))
	}
	return values, nil
}

// placeholder is a "{unit}" in a benchmark's conditions.
var placeholder = regexp.MustCompile(`\{([^{}]+)\}`)

// fillConditions replaces every "{unit}" of conditions with the value
// reported in that unit, as a whole number with thousands separators.
func fillConditions(conditions string, values map[string]float64) (string, error) {
	var missing []string
	filled := placeholder.ReplaceAllStringFunc(conditions, func(m string) string {
		unit := m[1 : len(m)-1]
		v, ok := values[unit]
		if !ok {
			missing = append(missing, unit)
			return m
		}
		return thousands(int64(math.Round(v)))
	})
	if len(missing) > 0 {
		return "", fmt.Errorf("the benchmark reported no %s", strings.Join(missing, ", "))
	}
	return filled, nil
}

// thousands formats n with commas between thousands (1,551).
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}

// integrationBenches are the benchmarks the WhatsApp, assistant, payments
// and appointments packages bring.
func integrationBenches() []Bench {
	atMost := func(name string, limit float64) func(map[string]float64) bool {
		return func(v map[string]float64) bool { x, ok := v[name]; return ok && x <= limit }
	}
	return []Bench{
		goBench{ID: "webhook-intake", Area: "webhooks", Name: "WhatsApp webhooks stored durably and acknowledged",
			Pkg: "hooks/whatsapp", Bench: "BenchmarkWebhookIntake", Benchtime: "5000x",
			Keep: []keptMetric{{From: "webhooks/s", Name: "rps", Unit: "webhooks/s"}, {From: "ack-p50-ms", Name: "p50", Unit: "ms"}, {From: "ack-p99-ms", Name: "p99", Unit: "ms"},
				{From: "cpu-ms/webhook", Name: "CPU", Unit: "ms/webhook"}},
			Conditions: "messages.upsert over loopback HTTP from 32 senders, 1,000 shops, per-instance secret checked, stored in webhook_events before the 200",
			Target:     "≥ 5,000/s, p99 ≤ 50 ms",
			Met: func(v map[string]float64) bool {
				return v["rps"] >= 5000 && v["p99"] <= 50
			}}.bench(),
		goBench{ID: "bot-reply", Area: "bot", Name: "webhook → assistant's reply queued",
			Pkg: "hooks/whatsapp", Bench: "BenchmarkInboundThroughBot", Benchtime: "2000x",
			Keep: []keptMetric{{From: "msgs/s", Name: "rps", Unit: "msgs/s"}, {From: "queued-p50-ms", Name: "p50", Unit: "ms"}, {From: "queued-p99-ms", Name: "p99", Unit: "ms"},
				{From: "cpu-ms/msg", Name: "CPU", Unit: "ms/msg"}},
			Conditions: "whole path (webhook, inbox, customer, conversation, assistant, reply in the outbox), 16 customers writing at once, 1,000 shops, 100,000 customers",
			Target:     "p99 ≤ 100 ms (at 500 messages/s)", Met: atMost("p99", 100)}.bench(),
		goBench{ID: "webhook-to-whatsapp", Area: "bot", Name: "webhook → reply at the fake Evolution",
			Pkg: "hooks/whatsapp", Bench: "BenchmarkWebhookToReply", Benchtime: "1000x",
			Keep:       []keptMetric{{From: "msgs/s", Name: "rps", Unit: "msgs/s"}, {From: "reply-p50-ms", Name: "p50", Unit: "ms"}, {From: "reply-p99-ms", Name: "p99", Unit: "ms"}},
			Conditions: "inbox and outbox workers running as in production (no pacing), 8 customers writing at once"}.bench(),
		goBench{ID: "asaas-events", Area: "asaas", Name: "Asaas payment webhooks processed",
			Pkg: "hooks/charges", Bench: "BenchmarkWebhookProcessed", Benchtime: "2000x",
			Keep:       []keptMetric{{From: "processed/s", Name: "rps", Unit: "events/s"}, {From: "accepted/s", Name: "accepted", Unit: "events/s"}, {From: "cpu-µs/event", Name: "CPU", Unit: "µs/event"}},
			Conditions: "each event marks a charge paid: payment, order balance, WhatsApp thanks, audit line"}.bench(),
		goBench{ID: "billing-monitor", Area: "billing", Name: "billing monitor over 10,000 shops",
			Pkg: "hooks/subscriptions", Bench: "BenchmarkMonitor10k", Benchtime: "1x",
			Keep:       []keptMetric{{From: "s/first-run", Name: "first run", Unit: "s"}, {From: "s/next-run", Name: "next day", Unit: "s"}, {From: "asaas-pages", Name: "Asaas pages", Unit: "pages"}},
			Conditions: "every subscription reconciled against the fake Asaas, paged"}.bench(),
		goBench{ID: "free-slots", Area: "slots", Name: "free slots for a month, 50 appointments a day",
			Pkg: "hooks/appointments", Bench: "BenchmarkFreeSlotsMonth", Sub: "db", Benchtime: "200x",
			Keep:       []keptMetric{{From: "p50-µs", Name: "p50", Unit: "µs"}, {From: "p99-µs", Name: "p99", Unit: "µs"}, {From: "cpu-µs/op", Name: "CPU", Unit: "µs/computation"}},
			Conditions: "FreeSlots on the database: 30 days, 3 benches, 30-min slots, 10-min buffer, {bookings} appointments, {slots} free slots"}.bench(),
	}
}
