package ops_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// replicaSyncInterval is the replica's shipping interval in the crash
// test (the default).
const replicaSyncInterval = time.Second

// TestReplicaCrashLosesOnlyTheLastInterval runs the built binary with
// the replica on an S3 fake, writes customers through the API, kills it
// with SIGKILL under that load, rebuilds a new data dir with `bancada
// restore --from-replica`, and compares what was acknowledged with what
// came back: nothing acknowledged more than the shipping interval (plus
// one upload) before the kill is lost. It logs the measured window.
func TestReplicaCrashLosesOnlyTheLastInterval(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the appliance")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	bin := builtBancada(t, ctx)
	url := fakeS3(t)
	env := []string{"BANCADA_REPLICA_URL=" + url, "BANCADA_REPLICA_ACCESS_KEY=test", "BANCADA_REPLICA_SECRET=test-secret",
		"BANCADA_REPLICA_SYNC_INTERVAL=" + replicaSyncInterval.String()}
	dir := filepath.Join(t.TempDir(), "pb_data")
	srv := serveWith(t, ctx, bin, dir, env...)
	token, tenant := signupShop(t, &srv.server, 1)
	client := &http.Client{Timeout: 30 * time.Second}

	customers := newTally()
	stop := make(chan struct{})
	writers := load(2, stop, func(w, i int) (string, outcome) {
		name := fmt.Sprintf("Cliente %d-%05d", w, i)
		body, _ := json.Marshal(map[string]any{"tenant": tenant, "name": name, "phone": fmt.Sprintf("+55119%d%07d", 6+w, i)})
		o := post(client, srv.url+"/api/collections/customers/records", token, nil, body)
		customers.note(name, o)
		return name, o
	})
	// Write for a few shipping intervals, then kill.
	deadline := time.NewTimer(5 * replicaSyncInterval)
	select {
	case <-deadline.C:
	case <-ctx.Done():
		t.Fatal("timed out")
	}
	require.NoError(t, srv.cmd.Process.Kill())
	killed := time.Now()
	<-srv.done
	close(stop)
	writers.Wait()

	restored := filepath.Join(t.TempDir(), "restored")
	start := time.Now()
	out := run(t, ctx, bin, append([]string{"restore", "--from-replica", "--dir", restored}, replicaFlags(env)...)...)
	restoreTook := time.Since(start)
	assert.Contains(t, out, "Banco restaurado da réplica")

	db := openRO(t, filepath.Join(restored, "data.db"))
	back := map[string]bool{}
	rows, err := db.QueryContext(ctx, "SELECT name FROM customers")
	require.NoError(t, err)
	for rows.Next() {
		var n string
		require.NoError(t, rows.Scan(&n))
		back[n] = true
	}
	require.NoError(t, rows.Close())

	customers.mu.Lock()
	defer customers.mu.Unlock()
	var lostAges []time.Duration
	for name, at := range customers.acked {
		if !back[name] {
			lostAges = append(lostAges, killed.Sub(at))
		}
	}
	sort.Slice(lostAges, func(i, j int) bool { return lostAges[i] > lostAges[j] })
	var last time.Time
	for _, at := range customers.acked {
		if at.After(last) {
			last = at
		}
	}
	assert.Less(t, killed.Sub(last), 3*time.Second, "writes were still flowing when the primary was killed (none stalled beside the replica)")
	window := time.Duration(0)
	if len(lostAges) > 0 {
		window = lostAges[0]
	}
	t.Logf("replica crash: %d customers acknowledged, %d restored, %d lost; oldest lost acknowledged %s before the kill (sync interval %s); restore took %s",
		len(customers.acked), len(customers.acked)-len(lostAges), len(lostAges), window.Round(time.Millisecond), replicaSyncInterval, restoreTook.Round(time.Millisecond))
	require.NotEmpty(t, customers.acked)
	assert.Greater(t, len(customers.acked)-len(lostAges), 0, "the replica holds the writes")
	assert.LessOrEqual(t, window, 2*replicaSyncInterval+time.Second,
		"nothing acknowledged more than the interval (plus one upload) before the kill is lost")
}

// replicaFlags turns the replica's environment into restore flags (the
// flags and the environment are the same settings).
func replicaFlags(env []string) []string {
	var flags []string
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		flag := strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(k, "BANCADA_"), "_", "-"))
		flags = append(flags, "--"+flag+"="+v)
	}
	return flags
}
