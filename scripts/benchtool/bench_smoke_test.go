package main

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMain lets the test binary stand in for the benchtool binary when the
// smoke test runs scripts/bench (BENCHTOOL_AS_MAIN=1), so the test builds
// only the appliance.
func TestMain(m *testing.M) {
	if os.Getenv("BENCHTOOL_AS_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestBenchQuick runs `scripts/bench --quick` end to end: a real appliance
// process on loopback, the generator, every benchmark and the report, on a
// three-shop data set. It asserts figures exist and nothing failed, never
// how fast they are.
func TestBenchQuick(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the appliance")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash not found")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	self, err := os.Executable()
	require.NoError(t, err)
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	bin := filepath.Join(dir, "bancada")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
	build.Dir = root
	out, err := build.CombinedOutput()
	require.NoError(t, err, "build the appliance: %s", out)

	port := freePort(t)
	cmd := exec.CommandContext(ctx, bash, filepath.Join(root, "scripts", "bench"),
		"--quick", "--dir", filepath.Join(dir, "bench"), "--port", strconv.Itoa(port), "--duration", "100ms")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "BANCADA_BIN="+bin, "BENCHTOOL="+self, "BENCHTOOL_AS_MAIN=1")
	out, err = cmd.CombinedOutput()
	require.NoError(t, err, "scripts/bench --quick:\n%s", out)

	res, err := loadResults(filepath.Join(dir, "bench", "quick-results.json"))
	require.NoError(t, err)
	byID := map[string]Figure{}
	for _, f := range res.Figures {
		byID[f.ID] = f
		assert.NotContains(t, f.Note, "failed", f.ID)
	}
	for _, id := range []string{
		"list-big-filter-c10", "list-big-rule-c10", "list-small-rule-c50", "list-big-status-c10", "list-small-search-c10",
		"view-big-expand-c10", "create-orders-c10", "realtime-delivery-20", "realtime-memory-20",
		"rss-idle", "rss-load", "startup", "binary-size", "backup", "restore", "replica-lag", "replica-kill9",
	} {
		f, ok := byID[id]
		if assert.True(t, ok, "figure %s is missing", id) {
			assert.NotEmpty(t, f.Metrics, id)
		}
	}
	if f, ok := byID["list-big-rule-c10"]; ok {
		rps, _ := f.Metric("rps")
		assert.Positive(t, rps)
	}
	if f, ok := byID["backup"]; ok {
		size, _ := f.Metric("size")
		assert.Positive(t, size, "the backup has a size")
	}
	assert.Empty(t, byID["realtime-delivery-20"].Note, "every subscriber got every update")
	assert.Contains(t, byID, "webhook-intake", "rows not yet measured are listed")
	assert.Contains(t, string(out), "orders list, biggest shop, rule only, c=10", "the table is printed")

	// The busy shop ran on the binary with the fake Evolution.
	busy, err := loadResults(filepath.Join(dir, "bench", "busy-results.json"))
	require.NoError(t, err)
	busyByID := map[string]Figure{}
	for _, f := range busy.Figures {
		busyByID[f.ID] = f
	}
	for _, id := range []string{"busy-shop-paced", "busy-shop-unpaced", "busy-shop-backlog", "busy-shop-crash",
		"busy-shop-sustainable", "busy-shop-overload", "busy-many-shops"} {
		if f, ok := busyByID[id]; assert.True(t, ok, "figure %s is missing", id) {
			assert.NotEmpty(t, f.Metrics, id)
		}
	}
	over := busyByID["busy-shop-overload"]
	overAcked, _ := over.Metric("acked")
	once, _ := over.Metric("answered once")
	assert.Positive(t, overAcked)
	assert.Equal(t, overAcked, once, "every acknowledged message of the overload got exactly one reply")
	crash := busyByID["busy-shop-crash"]
	acked, _ := crash.Metric("acked")
	assert.Positive(t, acked)
	for _, m := range []string{"missing", "doubled"} {
		v, ok := crash.Metric(m)
		assert.True(t, ok, m)
		assert.Zero(t, v, "no acknowledged message is %s after kill -9", m)
	}
}

// freePort returns a free port whose next two ports are free too:
// scripts/bench serves on port, measures start-up on port+1 and runs the
// busy shop on port+2 (other test packages bind random ports at the same
// time).
func freePort(t *testing.T) int {
	t.Helper()
	for range 50 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		port := l.Addr().(*net.TCPAddr).Port
		next, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port+1))
		l.Close()
		if err != nil {
			continue
		}
		third, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port+2))
		next.Close()
		if err == nil {
			third.Close()
			return port
		}
	}
	t.Fatal("no two consecutive free ports")
	return 0
}
