package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	_ "modernc.org/sqlite" // reads the restored databases
)

// opsMetricsToken lets the replica runs read /metrics.
const opsMetricsToken = "bench-ops-metrics-token"

// runOps measures what an operator lives with: a backup of the data set
// (time, size), its restore, and the continuous replica: how stale it
// runs under write load and what a kill -9 of the primary loses.
func runOps(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ops", flag.ContinueOnError)
	bin := fs.String("bin", ".bench/bin/bancada", "the appliance binary")
	dir := fs.String("dir", ".bench/data", "data dir of the data set (not served meanwhile)")
	work := fs.String("work", ".bench/ops", "scratch dir (emptied first)")
	rounds := fs.Int("rounds", 3, "replica rounds (write, kill -9, restore)")
	writeFor := fs.Duration("write", 5*time.Second, "writing time of each replica round")
	resultsPath := fs.String("results", ".bench/results.json", "results file to add figures to")
	replicaOnly := fs.Bool("replica-only", false, "only the replica rounds (keep the backup figures of the results file)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	res, err := loadResults(*resultsPath)
	if err != nil {
		return err
	}
	if res.Machine.Date == "" {
		res.Machine = thisMachine(time.Now())
	}
	_ = os.RemoveAll(*work)
	if err := os.MkdirAll(*work, 0o755); err != nil {
		return err
	}
	defer os.RemoveAll(*work)
	if !*replicaOnly {
		if err := backupAndRestore(ctx, res, *bin, *dir, *work); err != nil {
			return err
		}
	}
	if err := replicaRounds(ctx, res, *bin, *work, *rounds, *writeFor); err != nil {
		return err
	}
	return res.save(*resultsPath)
}

// backupAndRestore measures `bancada backup` of the data set in dir and
// `bancada restore` of that backup.
func backupAndRestore(ctx context.Context, res *Results, bin, dir, work string) error {
	var orders int
	if m, err := readMarker(dir); err == nil && m != nil {
		orders = m.Counts["orders"]
	}
	data := groupThousands(fmt.Sprint(orders)) + " orders"
	zipName := "bench_ops.zip"
	start := time.Now()
	if out, err := exec.CommandContext(ctx, bin, "backup", zipName, "--dir", dir).CombinedOutput(); err != nil {
		return fmt.Errorf("ops: backup: %v: %s", err, out)
	}
	backupTook := time.Since(start)
	zipPath := filepath.Join(dir, "backups", zipName)
	defer os.Remove(zipPath)
	st, err := os.Stat(zipPath)
	if err != nil {
		return err
	}
	dbSize := fileSize(filepath.Join(dir, "data.db")) + fileSize(filepath.Join(dir, "data.db-wal"))
	fmt.Fprintf(os.Stderr, "ops: backup %s, %.0f MB (database %.0f MB)\n", backupTook.Round(time.Millisecond), mb(st.Size()), mb(dbSize))
	start = time.Now()
	if out, err := exec.CommandContext(ctx, bin, "restore", zipPath, "--dir", filepath.Join(work, "restored")).CombinedOutput(); err != nil {
		return fmt.Errorf("ops: restore: %v: %s", err, out)
	}
	restoreTook := time.Since(start)
	_ = os.RemoveAll(filepath.Join(work, "restored"))
	fmt.Fprintf(os.Stderr, "ops: restore %s\n", restoreTook.Round(time.Millisecond))
	res.put(Figure{ID: "backup", Area: "operations", Name: "backup (`bancada backup`)",
		Metrics:    []Metric{{Name: "time", Unit: "s", Value: backupTook.Seconds()}, {Name: "size", Unit: "MB", Value: mb(st.Size())}},
		Conditions: fmt.Sprintf("%s, database %.0f MB; VACUUM INTO snapshots + zip (deflate, fastest), server stopped", data, mb(dbSize))})
	res.put(Figure{ID: "restore", Area: "operations", Name: "restore (`bancada restore`)",
		Metrics:    []Metric{{Name: "time", Unit: "s", Value: restoreTook.Seconds()}},
		Conditions: fmt.Sprintf("the backup above into an empty dir, integrity check included (%s)", data)})

	return nil
}

// replicaRounds measures the replica: its staleness under writes and what
// a kill -9 of the primary loses.
func replicaRounds(ctx context.Context, res *Results, bin, work string, rounds int, writeFor time.Duration) error {
	s3 := httptest.NewServer(gofakes3.New(s3mem.New(), gofakes3.WithAutoBucket(true)).Server())
	defer s3.Close()
	var ages []time.Duration
	var lost []float64
	var windows []float64
	acked := 0
	for round := range rounds {
		url := fmt.Sprintf("s3://bench/round%d?endpoint=%s&region=us-east-1", round, s3.URL)
		r, err := replicaRound(ctx, bin, filepath.Join(work, fmt.Sprintf("round%d", round)), url, writeFor)
		if err != nil {
			return err
		}
		ages = append(ages, r.ages...)
		lost = append(lost, float64(r.lost))
		windows = append(windows, ms(r.window))
		acked += r.acked
		fmt.Fprintf(os.Stderr, "ops: replica round %d: %d acknowledged, %d lost, oldest lost %s before the kill\n",
			round+1, r.acked, r.lost, r.window.Round(time.Millisecond))
	}
	sort.Slice(ages, func(i, j int) bool { return ages[i] < ages[j] })
	res.put(Figure{ID: "replica-lag", Area: "operations", Name: "replica staleness under writes",
		Metrics: []Metric{{Name: "p50", Unit: "ms", Value: ms(percentile(ages, 50))}, {Name: "p99", Unit: "ms", Value: ms(percentile(ages, 99))}},
		Conditions: fmt.Sprintf("bancada_replica_sync_age_seconds sampled every 100 ms while 2 clients create customers, %d rounds of %s; sync interval 1 s; S3 fake in the load process",
			rounds, writeFor)})
	maxWindow := 0.0
	for _, w := range windows {
		maxWindow = max(maxWindow, w)
	}
	res.put(Figure{ID: "replica-kill9", Area: "operations", Name: "lost after kill -9 of the primary",
		Metrics:    []Metric{{Name: "rows", Unit: "rows", Value: median(lost), Runs: lost}, {Name: "window", Unit: "ms", Value: maxWindow, Runs: windows}},
		Conditions: fmt.Sprintf("acknowledged customers missing after `restore --from-replica`, of %d acknowledged in %d rounds; window = oldest lost acknowledgement before the kill (0 = nothing lost)", acked, rounds)})
	return nil
}

// roundResult is one replica round.
type roundResult struct {
	ages   []time.Duration
	acked  int
	lost   int
	window time.Duration
}

// replicaRound serves a fresh data dir replicated to url, writes for d
// while sampling the replica's age, kills the process, restores from the
// replica and counts what was acknowledged but is missing.
func replicaRound(ctx context.Context, bin, dir, url string, d time.Duration) (roundResult, error) {
	var rr roundResult
	env := []string{"BANCADA_REPLICA_URL=" + url, "BANCADA_REPLICA_ACCESS_KEY=bench", "BANCADA_REPLICA_SECRET=bench-secret",
		"BANCADA_METRICS_TOKEN=" + opsMetricsToken, "BANCADA_BACKUP_CRON=off", "BANCADA_SECRET_KEY=bench-ops-secret-key-0123456789"}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return rr, err
	}
	addr := l.Addr().String()
	l.Close()
	base := "http://" + addr
	cmd := exec.CommandContext(ctx, bin, "serve", "--dir", filepath.Join(dir, "primary"), "--http", addr)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return rr, err
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		return rr, err
	}
	exited := make(chan struct{})
	go func() {
		_, _ = io.Copy(io.Discard, bufio.NewReader(out))
		_ = cmd.Wait()
		close(exited)
	}()
	defer func() {
		_ = cmd.Process.Kill()
		<-exited
	}()
	client := &http.Client{Timeout: 30 * time.Second}
	if err := waitHealthy(ctx, client, base); err != nil {
		return rr, err
	}
	token, tenant, err := opsSignup(client, base)
	if err != nil {
		return rr, err
	}

	var mu sync.Mutex
	ackedAt := map[string]time.Time{}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				name := fmt.Sprintf("Cliente %d-%06d", w, i)
				body, _ := json.Marshal(map[string]any{"tenant": tenant, "name": name, "phone": fmt.Sprintf("+55119%d%07d", 6+w, i)})
				req, _ := http.NewRequest(http.MethodPost, base+"/api/collections/customers/records", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", token)
				res, err := client.Do(req)
				if err != nil {
					return
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode == http.StatusOK {
					mu.Lock()
					ackedAt[name] = time.Now()
					mu.Unlock()
				}
			}
		}()
	}
	end := time.After(d)
	tick := time.NewTicker(100 * time.Millisecond)
sampling:
	for {
		select {
		case <-end:
			break sampling
		case <-ctx.Done():
			return rr, ctx.Err()
		case <-tick.C:
			if age, ok := replicaAge(client, base); ok {
				rr.ages = append(rr.ages, age)
			}
		}
	}
	tick.Stop()
	if err := cmd.Process.Kill(); err != nil {
		return rr, err
	}
	killed := time.Now()
	<-exited
	close(stop)
	wg.Wait()

	restored := filepath.Join(dir, "restored")
	restore := exec.CommandContext(ctx, bin, "restore", "--from-replica", "--dir", restored)
	restore.Env = append(os.Environ(), env...)
	if out, err := restore.CombinedOutput(); err != nil {
		return rr, fmt.Errorf("ops: restore --from-replica: %v: %s", err, out)
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(restored, "data.db")+"?mode=ro")
	if err != nil {
		return rr, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "SELECT name FROM customers")
	if err != nil {
		return rr, err
	}
	back := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return rr, err
		}
		back[n] = true
	}
	rows.Close()
	rr.acked = len(ackedAt)
	for name, at := range ackedAt {
		if !back[name] {
			rr.lost++
			rr.window = max(rr.window, killed.Sub(at))
		}
	}
	return rr, nil
}

// waitHealthy waits until base answers /api/health.
func waitHealthy(ctx context.Context, client *http.Client, base string) error {
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if res, err := client.Get(base + "/api/health"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	return errors.New("ops: the appliance did not start")
}

// opsSignup creates a shop and returns its owner's token and tenant id.
func opsSignup(client *http.Client, base string) (string, string, error) {
	body, _ := json.Marshal(map[string]any{
		"shop": map[string]any{"name": "Loja Réplica", "cnpj": "11.222.333/0001-81", "email": "replica@example.com",
			"phone": "(11) 98888-7777", "address": "Rua A, 10"},
		"owner": map[string]any{"name": "Dona Maria", "email": "dona@example.com", "password": "senha-forte-1"},
	})
	res, err := client.Post(base+"/api/bancada/signup", "application/json", bytes.NewReader(body))
	if err != nil {
		return "", "", err
	}
	defer res.Body.Close()
	var out struct {
		Token  string `json:"token"`
		Tenant struct {
			ID string `json:"id"`
		} `json:"tenant"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || out.Token == "" {
		return "", "", fmt.Errorf("ops: signup: status %d: %v", res.StatusCode, err)
	}
	return out.Token, out.Tenant.ID, nil
}

// replicaAge reads bancada_replica_sync_age_seconds from /metrics.
func replicaAge(client *http.Client, base string) (time.Duration, bool) {
	req, _ := http.NewRequest(http.MethodGet, base+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+opsMetricsToken)
	res, err := client.Do(req)
	if err != nil {
		return 0, false
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "bancada_replica_sync_age_seconds "); ok {
			f, err := strconv.ParseFloat(v, 64)
			return time.Duration(f * float64(time.Second)), err == nil
		}
	}
	return 0, false
}

// fileSize is the size of path (0 when missing).
func fileSize(path string) int64 {
	if st, err := os.Stat(path); err == nil {
		return st.Size()
	}
	return 0
}

// mb is n bytes in MiB.
func mb(n int64) float64 { return float64(n) / (1 << 20) }
