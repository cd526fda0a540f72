package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/pprof"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"golang.org/x/crypto/bcrypt"

	"github.com/bancada/bancada/collections"
	_ "github.com/bancada/bancada/pb_migrations" // the appliance's schema
)

// genVersion changes whenever the generator writes different rows, so an
// old data set is rebuilt instead of reused.
const genVersion = 1

// benchPassword is every generated login's password (as in the demo).
const benchPassword = "bancada123"

// File names inside the data dir.
const (
	markerFile     = "bench_dataset.json"
	generatingFile = "bench_generating"
	loginsFile     = "bench_logins.json"
)

// GenParams are a data set's parameters; equal parameters mean the same
// rows (the marker file stores them to decide on reuse).
type GenParams struct {
	Shops     int    `json:"shops"`
	Customers int    `json:"customers"`
	Devices   int    `json:"devices"`
	Orders    int    `json:"orders"`
	Messages  int    `json:"messages"`
	Seed      uint64 `json:"seed"`
	Until     string `json:"until"`
	Version   int    `json:"version"`
}

// marker is the file that says a data dir holds a complete data set.
type marker struct {
	Params   GenParams      `json:"params"`
	Counts   map[string]int `json:"counts"`
	Big      string         `json:"big"`
	Small    string         `json:"small"`
	Chain    string         `json:"chain,omitempty"`
	Outsider string         `json:"outsider"`
	Seconds  float64        `json:"seconds"`
}

// summary is the marker as the results file shows it.
func (m *marker) summary() *DatasetSummary {
	return &DatasetSummary{Params: m.Params, Counts: m.Counts, Big: m.Big, Small: m.Small}
}

func runGen(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	p := GenParams{Version: genVersion}
	dir := fs.String("dir", ".bench/data", "data dir to fill (created if missing)")
	fs.IntVar(&p.Shops, "shops", 1000, "shops (tenants)")
	fs.IntVar(&p.Customers, "customers", 100_000, "customers")
	fs.IntVar(&p.Devices, "devices", 150_000, "devices")
	fs.IntVar(&p.Orders, "orders", 1_000_000, "service orders (each with its status history)")
	fs.IntVar(&p.Messages, "messages", 200_000, "WhatsApp messages (in conversations)")
	fs.Uint64Var(&p.Seed, "seed", 1, "random seed")
	fs.StringVar(&p.Until, "until", "2026-11-01", "the day the generated history ends (UTC)")
	logins := fs.String("logins", "", "logins file to write (default <dir>/"+loginsFile+")")
	force := fs.Bool("force", false, "wipe the data dir even if it does not look like a bench data set")
	quiet := fs.Bool("quiet", false, "no progress output")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the generation to this file")
	tune := genTuning{}
	fs.IntVar(&tune.CommitRows, "commit-rows", 20_000, "rows per transaction while loading")
	fs.IntVar(&tune.CacheMB, "cache-mb", 512, "SQLite page cache (MB) while loading")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if p.Shops < 1 || p.Orders < p.Shops || p.Customers < p.Shops {
		return errors.New("gen: need at least one shop, and one order and one customer per shop")
	}
	if *logins == "" {
		*logins = filepath.Join(*dir, loginsFile)
	}
	out := io.Writer(os.Stderr)
	if *quiet {
		out = io.Discard
	}
	_, err := generate(ctx, *dir, p, *logins, *force, tune, out)
	return err
}

// generate builds the data set in dir (or reuses it when its marker has
// the same parameters) and writes the logins file. It returns the marker.
func generate(ctx context.Context, dir string, p GenParams, loginsPath string, force bool, tune genTuning, out io.Writer) (*marker, error) {
	until, err := time.Parse("2006-01-02", p.Until)
	if err != nil {
		return nil, fmt.Errorf("gen: --until: %w", err)
	}
	m, err := readMarker(dir)
	if err != nil {
		return nil, err
	}
	reuse := m != nil && m.Params == p && !exists(filepath.Join(dir, generatingFile))
	if !reuse {
		if err := prepareDir(dir, force); err != nil {
			return nil, err
		}
	}

	app, err := openApp(dir)
	if err != nil {
		return nil, err
	}
	defer app.ResetBootstrapState()

	if reuse {
		fmt.Fprintf(out, "gen: reusing the data set in %s (%s)\n", dir, (&DatasetSummary{Counts: m.Counts}).describe())
		// Earlier runs' request logs are not part of the data set, and
		// PocketBase touches them all at start-up: idle memory would grow
		// run after run.
		if err := clearLogs(app); err != nil {
			return nil, err
		}
	} else {
		if err := os.WriteFile(filepath.Join(dir, generatingFile), nil, 0o644); err != nil {
			return nil, fmt.Errorf("gen: %w", err)
		}
		start := time.Now()
		g, err := newGenerator(app, p, until, tune, out)
		if err != nil {
			return nil, err
		}
		m, err = g.run(ctx)
		if err != nil {
			return nil, err
		}
		m.Seconds = time.Since(start).Seconds()
		if err := writeJSON(filepath.Join(dir, markerFile), m); err != nil {
			return nil, err
		}
		if err := os.Remove(filepath.Join(dir, generatingFile)); err != nil {
			return nil, fmt.Errorf("gen: %w", err)
		}
		fmt.Fprintf(out, "gen: built %s in %.0f s\n", (&DatasetSummary{Counts: m.Counts}).describe(), m.Seconds)
	}

	l, err := buildLogins(app, m)
	if err != nil {
		return nil, err
	}
	if err := writeJSON(loginsPath, l); err != nil {
		return nil, err
	}
	return m, nil
}

// clearLogs empties PocketBase's request log (auxiliary.db) and reclaims
// its space.
func clearLogs(app core.App) error {
	for _, q := range []string{"DELETE FROM {{" + core.LogsTableName + "}}", "VACUUM"} {
		if _, err := app.AuxNonconcurrentDB().NewQuery(q).Execute(); err != nil {
			return fmt.Errorf("gen: clear request logs: %w", err)
		}
	}
	return nil
}

// openApp opens the data dir through PocketBase and applies the
// appliance's migrations, exactly as `bancada serve` would.
func openApp(dir string) (*core.BaseApp, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir})
	if err := app.Bootstrap(); err != nil {
		return nil, fmt.Errorf("gen: bootstrap %s: %w", dir, err)
	}
	if err := app.RunAllMigrations(); err != nil {
		_ = app.ResetBootstrapState()
		return nil, fmt.Errorf("gen: migrations: %w", err)
	}
	return app, nil
}

func readMarker(dir string) (*marker, error) {
	b, err := os.ReadFile(filepath.Join(dir, markerFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	var m marker
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("gen: marker: %w", err)
	}
	return &m, nil
}

// prepareDir empties dir for a new data set. It only wipes what looks like
// a bench data set (a marker, an interrupted generation, or nothing at
// all) unless forced: a real pb_data must never be lost to a typo.
func prepareDir(dir string, force bool) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	if len(entries) == 0 {
		return nil
	}
	ours := exists(filepath.Join(dir, markerFile)) || exists(filepath.Join(dir, generatingFile))
	if !ours && !force {
		return fmt.Errorf("gen: %s is not empty and holds no bench data set; pass --force to wipe it", dir)
	}
	for _, e := range entries {
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return fmt.Errorf("gen: wipe: %w", err)
		}
	}
	return nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// countRows counts the rows of the generated collections.
func countRows(app core.App) (map[string]int, error) {
	counts := map[string]int{}
	for _, t := range []string{
		collections.Tenants, collections.Sequences, collections.Users, collections.Memberships, collections.Subscriptions,
		collections.Customers, collections.Devices, collections.Orders, collections.OrderEvents,
		collections.Conversations, collections.Messages, collections.Parts, collections.PriceRules,
	} {
		var n int
		if err := app.DB().NewQuery("SELECT COUNT(*) FROM {{" + t + "}}").Row(&n); err != nil {
			return nil, fmt.Errorf("gen: count %s: %w", t, err)
		}
		counts[t] = n
	}
	return counts, nil
}

// hashPassword hashes the shared password once, with PocketBase's default
// cost: every generated user gets this hash (bcrypt is the slow part).
func hashPassword() (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(benchPassword), bcrypt.DefaultCost)
	if err != nil {
		return "", fmt.Errorf("gen: hash: %w", err)
	}
	return string(h), nil
}

// planIDs returns the appliance's plans, cheapest first, with their prices.
func planIDs(app core.App) ([]string, map[string]int64, error) {
	var rows []struct {
		ID    string `db:"id"`
		Price int64  `db:"price_cents"`
	}
	if err := app.DB().NewQuery("SELECT [[id]], [[price_cents]] FROM {{plans}} ORDER BY [[price_cents]]").All(&rows); err != nil {
		return nil, nil, fmt.Errorf("gen: plans: %w", err)
	}
	ids := make([]string, len(rows))
	prices := map[string]int64{}
	for i, r := range rows {
		ids[i] = r.ID
		prices[r.ID] = r.Price
	}
	return ids, prices, nil
}
