package main

import "context"

// Bench is one named benchmark function: it drives the running appliance
// and returns figures (rows of the results table).
type Bench struct {
	// Name selects it on the command line (load --only name,name).
	Name string
	// Area groups its rows in the table.
	Area string
	// Run measures. Nil while the benchmark is not written yet.
	Run func(ctx context.Context, env *Env) ([]Figure, error)
	// Pending says, while Run is nil, what will be measured and its target;
	// the table shows it as a row "not measured yet".
	Pending string
	// Target is the goal shown on a pending row.
	Target string
}

// registry lists every benchmark, in the order load runs them. Each area
// lives in its own file (rest.go, writes.go, realtime.go, process.go, ...);
// to add one, write `func benchX(ctx context.Context, env *Env) ([]Figure,
// error)` in a new file and put it here (replacing its pending row).
// Helpers: env.closedLoop (concurrency × duration, median of env.Runs),
// env.get / env.post / env.patch (JSON over the API with a staff token),
// env.Logins (staff, shops, sample ids), env.rss (the server's memory).
func registry() []Bench {
	return append([]Bench{
		// process: idle memory first, before anything has been requested
		{Name: "idle-rss", Area: "process", Run: benchIdleRSS},

		// rest.go
		{Name: "rest-list", Area: "rest", Run: benchRESTList},
		{Name: "rest-filtered", Area: "rest", Run: benchRESTFiltered},
		{Name: "rest-view", Area: "rest", Run: benchRESTView},

		// writes.go
		{Name: "writes", Area: "writes", Run: benchWrites},

		// realtime.go
		{Name: "realtime", Area: "realtime", Run: benchRealtime},

		// process.go: peak memory seen while the benchmarks above ran
		{Name: "load-rss", Area: "process", Run: benchLoadRSS},
	}, integrationBenches()...) // the integrations' own benchmarks (gobench.go)
}

// pendingFigure is the row of a benchmark not written yet.
func pendingFigure(b Bench) Figure {
	return Figure{ID: b.Name, Area: b.Area, Name: b.Name, Target: b.Target, Note: "not measured yet: " + b.Pending}
}
