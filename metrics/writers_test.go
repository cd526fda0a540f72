package metrics_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/hooks"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/replica"
)

// TestWriterWaitAndReplicaAge: a write queued behind a transaction is
// counted as a writer wait, with its time; with a replica running, its
// age since the last sync is exported.
func TestWriterWaitAndReplicaAge(t *testing.T) {
	env := hooktest.New(t, func(d *hooks.Deps) { d.Config.MetricsToken = scrapeToken })
	app := env.App
	pool := app.NonconcurrentDB().(*dbx.DB).DB()
	before := pool.Stats().WaitCount

	holding, release, txDone := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		txDone <- app.RunInTransaction(func(core.App) error {
			close(holding)
			<-release
			return nil
		})
	}()
	<-holding
	queued := make(chan error, 1)
	go func() {
		_, err := app.NonconcurrentDB().NewQuery("CREATE TABLE t_queued (x INTEGER)").Execute()
		queued <- err
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for pool.Stats().WaitCount == before && ctx.Err() == nil {
		runtime.Gosched() // until the write has queued for the connection
	}
	close(release)
	require.NoError(t, <-txDone)
	require.NoError(t, <-queued)

	client, err := replica.NewClient(replica.Options{URL: "file://" + filepath.Join(t.TempDir(), "replica")})
	require.NoError(t, err)
	r, err := replica.Start(context.Background(), filepath.Join(app.DataDir(), "data.db"), client, 100*time.Millisecond)
	require.NoError(t, err)
	t.Cleanup(func() { _ = r.Close(context.Background()) })
	require.NoError(t, r.Sync(context.Background()))
	app.Store().Set(replica.StoreKey, r)

	srv := hooktest.Serve(t, app)
	st, body := scrape(t, srv.URL, "Bearer "+scrapeToken)
	require.Equal(t, http.StatusOK, st)
	assert.Contains(t, body, fmt.Sprintf(`bancada_sqlite_writer_waits_total{db="data"} %d`, before+1))
	assert.Regexp(t, regexp.MustCompile(`bancada_sqlite_writer_wait_seconds_total\{db="data"\} [0-9.e-]+`), body)
	assert.NotContains(t, body, `bancada_sqlite_writer_wait_seconds_total{db="data"} 0`+"\n", "the queued write's wait is counted")
	assert.Contains(t, body, `bancada_sqlite_writer_waits_total{db="auxiliary"}`)
	assert.Regexp(t, regexp.MustCompile(`\nbancada_replica_sync_age_seconds [0-9.e-]+\n`), body)

	// The dashboard's replica and writer panels query these.
	dash, err := os.ReadFile(filepath.Join("..", "docs", "grafana-dashboard.json"))
	require.NoError(t, err)
	for _, name := range []string{"bancada_replica_sync_age_seconds", "bancada_sqlite_writer_wait_seconds_total", "bancada_sqlite_writer_waits_total"} {
		assert.Contains(t, string(dash), name)
		assert.Contains(t, body, "# TYPE "+name+" ")
	}
}
