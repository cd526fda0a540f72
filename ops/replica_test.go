package ops_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/ops"
	"github.com/bancada/bancada/replica"
)

// fakeS3 serves an in-memory S3 for the test and returns the replica
// URL of a bucket path in it.
func fakeS3(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(gofakes3.New(s3mem.New(), gofakes3.WithAutoBucket(true)).Server())
	t.Cleanup(srv.Close)
	return "s3://bancada/replica?endpoint=" + srv.URL + "&region=us-east-1"
}

// replicaOptions are the options of a replica in the fake S3 at url.
func replicaOptions(url string) replica.Options {
	return replica.Options{URL: url, AccessKeyID: "test", SecretAccessKey: "test-secret", SyncInterval: 100 * time.Millisecond}
}

// startReplica replicates app's data.db to the fake S3 at url.
func startReplica(t *testing.T, app core.App, url string) *replica.Replicator {
	t.Helper()
	client, err := replica.NewClient(replicaOptions(url))
	require.NoError(t, err)
	r, err := replica.Start(context.Background(), filepath.Join(app.DataDir(), "data.db"), client, 100*time.Millisecond)
	require.NoError(t, err)
	t.Cleanup(func() { _ = r.Close(context.Background()) })
	return r
}

// countRows counts the rows of table in the database at path.
func countRows(t *testing.T, path, table string) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	require.NoError(t, err)
	defer db.Close()
	var n int
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM "+table).Scan(&n))
	return n
}

// insertRows writes n rows into t_load through the app's writer.
func insertRows(t *testing.T, app core.App, from, n int) {
	t.Helper()
	for i := from; i < from+n; i++ {
		_, err := app.NonconcurrentDB().NewQuery(fmt.Sprintf("INSERT INTO t_load (v) VALUES ('row %d')", i)).Execute()
		require.NoError(t, err)
	}
}

func TestReplicaStreamsWritesAndRestoresAPointInTime(t *testing.T) {
	app := hooktest.Bare(t)
	url := fakeS3(t)
	_, err := app.NonconcurrentDB().NewQuery("CREATE TABLE t_load (id INTEGER PRIMARY KEY, v TEXT)").Execute()
	require.NoError(t, err)
	r := startReplica(t, app, url)
	ctx := context.Background()

	insertRows(t, app, 0, 20)
	require.NoError(t, r.Sync(ctx))
	require.False(t, r.LastSync().IsZero(), "the replica says when it last caught up")
	between := time.Now().UTC().Truncate(time.Millisecond)
	insertRows(t, app, 20, 15)
	require.NoError(t, r.Sync(ctx))

	latest := filepath.Join(t.TempDir(), "latest")
	res, err := ops.RestoreFromReplica(ctx, replicaOptions(url), latest, time.Time{})
	require.NoError(t, err)
	assert.Positive(t, res.Migrations, "a checked PocketBase database")
	assert.Equal(t, 35, countRows(t, filepath.Join(latest, "data.db"), "t_load"))

	earlier := filepath.Join(t.TempDir(), "earlier")
	_, err = ops.RestoreFromReplica(ctx, replicaOptions(url), earlier, between)
	require.NoError(t, err)
	assert.Equal(t, 20, countRows(t, filepath.Join(earlier, "data.db"), "t_load"), "the state at the time asked")

	_, err = ops.RestoreFromReplica(ctx, replicaOptions(url), latest, time.Time{})
	require.ErrorIs(t, err, ops.ErrNotEmpty, "never over a data dir in use")
}

// TestReplicaAWSCABundle: the AWS SDK refuses Litestream's HTTP client
// whenever AWS_CA_BUNDLE is set. A bundle the system already trusts
// (here: the system's own, as many machines set it) is dropped and the
// replica works; a private CA is refused with what to do.
func TestReplicaAWSCABundle(t *testing.T) {
	pool := "/etc/ssl/certs/ca-certificates.crt"
	if _, err := os.Stat(pool); err != nil {
		t.Skip("no system bundle at " + pool)
	}
	t.Setenv("AWS_CA_BUNDLE", pool)
	url := fakeS3(t)
	_, err := replica.NewClient(replicaOptions(url))
	require.NoError(t, err)
	assert.Empty(t, os.Getenv("AWS_CA_BUNDLE"), "dropped: it adds nothing the system does not trust")

	private := filepath.Join(t.TempDir(), "private-ca.pem")
	require.NoError(t, os.WriteFile(private, []byte(privateCA), 0o600))
	o := replicaOptions(url)
	o.Getenv = func(k string) string {
		if k == "AWS_CA_BUNDLE" {
			return private
		}
		return ""
	}
	_, err = replica.NewClient(o)
	require.ErrorIs(t, err, replica.ErrCABundle)
	require.ErrorContains(t, err, "Bancada Test CA")

	_, err = replica.NewClient(replica.Options{URL: "ftp://host/x"})
	require.ErrorContains(t, err, "not supported")
}

// TestBackupsAndNightlyJobDoNotStallWritersUnderReplication: with the
// replica holding its read transaction, PocketBase's backup (scheduled,
// dashboard) and its nightly job used to run a TRUNCATE checkpoint that
// waits for every reader while holding the write lock: writers stalled
// for the whole busy timeout (10 s) and could fail with SQLITE_BUSY.
// Replaced, a writer going on meanwhile never waits long and never fails.
func TestBackupsAndNightlyJobDoNotStallWritersUnderReplication(t *testing.T) {
	app := hooktest.Bare(t)
	ops.BindCheckpointsForTest(app)
	_, err := app.NonconcurrentDB().NewQuery("CREATE TABLE t_load (id INTEGER PRIMARY KEY, v TEXT)").Execute()
	require.NoError(t, err)
	r := startReplica(t, app, fakeS3(t))
	insertRows(t, app, 0, 50)
	require.NoError(t, r.Sync(context.Background()))

	var (
		mu       sync.Mutex
		slowest  time.Duration
		failures []error
		writes   int
	)
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			start := time.Now()
			_, err := app.NonconcurrentDB().NewQuery(fmt.Sprintf("INSERT INTO t_load (v) VALUES ('busy %d')", i)).Execute()
			took := time.Since(start)
			mu.Lock()
			writes++
			slowest = max(slowest, took)
			if err != nil {
				failures = append(failures, err)
			}
			mu.Unlock()
		}
	}()

	start := time.Now()
	require.NoError(t, app.CreateBackup(context.Background(), "under_replication.zip"))
	backupTook := time.Since(start)
	var job func()
	for _, j := range app.Cron().Jobs() {
		if j.Id() == ops.OptimizeJobID {
			job = j.Run
		}
	}
	require.NotNil(t, job, "the nightly job is registered")
	start = time.Now()
	job()
	jobTook := time.Since(start)
	close(stop)
	<-done

	mu.Lock()
	defer mu.Unlock()
	t.Logf("backup %s, nightly job %s, %d writes meanwhile, slowest %s", backupTook, jobTook, writes, slowest)
	assert.Empty(t, failures, "no write failed")
	assert.Less(t, slowest, 3*time.Second, "no writer waited for a checkpoint")
	assert.Less(t, jobTook, 3*time.Second, "the nightly job does not wait for the replica's reader")
	assert.Less(t, backupTook, 5*time.Second)
	zip := filepath.Join(app.DataDir(), core.LocalBackupsDirName, "under_replication.zip")
	names := zipNames(t, zip)
	assert.Contains(t, names, "data.db")
	for _, n := range names {
		assert.NotContains(t, n, "litestream", "the replica's state stays out of backups")
	}
	_, err = os.Stat(filepath.Join(app.DataDir(), replica.MetaDir("data.db")))
	require.NoError(t, err, "the replica keeps its state beside the database")
}

// privateCA is a self-signed CA no system trusts.
const privateCA = `-----BEGIN CERTIFICATE-----
MIIBizCCATGgAwIBAgIUUS8cSwkuwFpP4EIQXBZpE/G0ryAwCgYIKoZIzj0EAwIw
GjEYMBYGA1UEAwwPQmFuY2FkYSBUZXN0IENBMCAXDTI2MTIwNzIzMzg1NFoYDzIx
MjYxMTEzMjMzODU0WjAaMRgwFgYDVQQDDA9CYW5jYWRhIFRlc3QgQ0EwWTATBgcq
hkjOPQIBBggqhkjOPQMBBwNCAARkRqeX1rFdPSM6mGl8V6bS2glR3uQKbtm9qz91
IHTlmXadrk8kPtgzoaUxTqohQqY9uoy0dzUamap++P8gfjlGo1MwUTAdBgNVHQ4E
FgQUgyje+gac4m8OsMJ20QALN/oHRO4wHwYDVR0jBBgwFoAUgyje+gac4m8OsMJ2
0QALN/oHRO4wDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiALZ6ql
uqGKS38eXmhFJR19Kir6iqr6NYsTuWWVIvOEDwIhAOWHweXbMnrFgR4TLuqP1ZND
jwUerj173WiYkxDXxrUc
-----END CERTIFICATE-----
`
