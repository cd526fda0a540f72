// Package replica streams the main database's WAL to S3-compatible
// storage while the server runs (Litestream, embedded as a library) and
// rebuilds a database from that replica, at its latest state or at a
// point in time.
//
// Only data.db is replicated: uploaded files (pb_data/storage) and the
// logs (auxiliary.db) are not; scheduled backups carry those.
//
// Litestream keeps its state in .data.db-litestream beside the database
// and holds a read transaction open on it. PocketBase's own WAL
// checkpoints that wait for readers (TRUNCATE) would stall every writer
// behind it; package ops replaces them (see ops.Bind).
package replica

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/benbjohnson/litestream"
	"github.com/benbjohnson/litestream/file"
	"github.com/benbjohnson/litestream/s3"
)

// StoreKey is where the running Replicator is kept in the app's store
// (read by the metrics).
const StoreKey = "bancada.replica"

// DefaultSyncInterval is how often the WAL is shipped: what a crash of
// the machine may lose at most, plus the upload time.
const DefaultSyncInterval = time.Second

// MetaDir is the directory Litestream keeps beside the database file
// name (".data.db-litestream"); backups leave it out.
func MetaDir(dbFile string) string { return "." + dbFile + litestream.MetaDirSuffix }

// ErrCABundle is returned when AWS_CA_BUNDLE names certificates the
// system does not trust already: the S3 client Litestream builds fails
// on any AWS_CA_BUNDLE (its HTTP transport is its own), so the CA must
// come from the system's trust store instead.
var ErrCABundle = errors.New("replica: AWS_CA_BUNDLE adds certificates the system does not trust, and the replica's " +
	"S3 client cannot load it: add the CA to the system's trust store (update-ca-certificates) or to SSL_CERT_FILE/SSL_CERT_DIR, and unset AWS_CA_BUNDLE")

// Options say where the replica is.
type Options struct {
	// URL is s3://bucket/path[?endpoint=https://host&region=r&forcePathStyle=true]
	// or file:///abs/dir.
	URL string
	// AccessKeyID and SecretAccessKey are the S3 keys; empty ones fall
	// back to AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
	AccessKeyID, SecretAccessKey string
	// SyncInterval is how often the WAL is shipped (0: DefaultSyncInterval).
	SyncInterval time.Duration
	// Getenv reads the environment (nil: os.Getenv).
	Getenv func(string) string
}

// NewClient builds the replica client that o describes.
func NewClient(o Options) (litestream.ReplicaClient, error) {
	getenv := o.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	u, err := url.Parse(o.URL)
	if err != nil || u.Scheme == "" {
		return nil, fmt.Errorf("replica: BANCADA_REPLICA_URL %q is not a URL (s3://bucket/path?endpoint=...)", redact(o.URL))
	}
	switch u.Scheme {
	case "s3":
		if err := dropCABundle(getenv("AWS_CA_BUNDLE")); err != nil {
			return nil, err
		}
		if u.Host == "" {
			return nil, fmt.Errorf("replica: BANCADA_REPLICA_URL %q names no bucket", redact(o.URL))
		}
	case "file":
	default:
		return nil, fmt.Errorf("replica: BANCADA_REPLICA_URL: scheme %q is not supported (s3 or file)", u.Scheme)
	}
	c, err := litestream.NewReplicaClientFromURL(o.URL)
	if err != nil {
		return nil, fmt.Errorf("replica: %w", err)
	}
	if sc, ok := c.(*s3.ReplicaClient); ok {
		if o.AccessKeyID != "" {
			sc.AccessKeyID = o.AccessKeyID
		}
		if o.SecretAccessKey != "" {
			sc.SecretAccessKey = o.SecretAccessKey
		}
	}
	return c, nil
}

// redact drops a password a URL might carry, for error messages.
func redact(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Redacted()
	}
	return raw
}

// Replicator ships one database's WAL to its replica.
type Replicator struct {
	db    *litestream.DB
	store *litestream.Store
}

// logger is Litestream's: warnings and errors only, on stderr.
func logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})).
		With("component", "replica")
}

// Start replicates the SQLite database at dbPath to client until Close.
// The database must exist (the server has opened it).
func Start(ctx context.Context, dbPath string, client litestream.ReplicaClient, syncInterval time.Duration) (*Replicator, error) {
	if syncInterval <= 0 {
		syncInterval = DefaultSyncInterval
	}
	db := litestream.NewDB(dbPath)
	db.MonitorInterval = syncInterval
	r := litestream.NewReplicaWithClient(db, client)
	r.SyncInterval = syncInterval
	db.Replica = r
	if fc, ok := client.(*file.ReplicaClient); ok {
		fc.Replica = r
	}
	levels := litestream.CompactionLevels{{Level: 0}, {Level: 1, Interval: 30 * time.Second}, {Level: 2, Interval: 5 * time.Minute}}
	store := litestream.NewStore([]*litestream.DB{db}, levels)
	store.Logger = logger()
	db.SetLogger(store.Logger.With("db", filepath.Base(dbPath)))
	if err := store.Open(ctx); err != nil {
		return nil, fmt.Errorf("replica: start: %w", err)
	}
	return &Replicator{db: db, store: store}, nil
}

// Sync ships everything committed so far and waits until it is stored.
func (r *Replicator) Sync(ctx context.Context) error {
	if err := r.db.SyncAndWait(ctx); err != nil {
		return fmt.Errorf("replica: sync: %w", err)
	}
	return nil
}

// LastSync is when the replica last caught up with the database (zero
// before the first sync).
func (r *Replicator) LastSync() time.Time { return r.db.LastSuccessfulSyncAt() }

// Close ships what is left and stops. Call it once the app's own
// connections are closed (or at exit).
func (r *Replicator) Close(ctx context.Context) error {
	if err := r.store.Close(ctx); err != nil {
		return fmt.Errorf("replica: close: %w", err)
	}
	return nil
}

// Restore writes the database held by client, as it was at `at` (the
// latest state when zero), to output, which must not exist.
func Restore(ctx context.Context, client litestream.ReplicaClient, output string, at time.Time) error {
	if _, err := os.Stat(output); err == nil {
		return fmt.Errorf("replica: restore: %s exists", output)
	}
	r := litestream.NewReplicaWithClient(nil, client)
	opt := litestream.NewRestoreOptions()
	opt.OutputPath = output
	opt.Timestamp = at
	opt.IntegrityCheck = litestream.IntegrityCheckFull
	if err := r.Restore(ctx, opt); err != nil {
		if errors.Is(err, litestream.ErrTxNotAvailable) || errors.Is(err, litestream.ErrNoSnapshots) {
			return fmt.Errorf("replica: nothing to restore at %s: %w", describe(at), err)
		}
		return fmt.Errorf("replica: restore: %w", err)
	}
	return nil
}

// describe names a restore point.
func describe(at time.Time) string {
	if at.IsZero() {
		return "the latest state"
	}
	return at.UTC().Format(time.RFC3339)
}
