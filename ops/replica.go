package ops

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/bancada/bancada/config"
	"github.com/bancada/bancada/replica"
)

// replicaCloseTimeout bounds the last shipment on shutdown.
const replicaCloseTimeout = 15 * time.Second

// replicaOptions are the replica settings of cfg.
func replicaOptions(cfg *config.Config) replica.Options {
	return replica.Options{URL: cfg.ReplicaURL, AccessKeyID: cfg.ReplicaAccessKey,
		SecretAccessKey: cfg.ReplicaSecret, SyncInterval: cfg.ReplicaSyncInterval}
}

// bindReplica starts the continuous replication of data.db when the
// server starts, if cfg names a replica, and stops it last on shutdown,
// once PocketBase has closed the database (the final changes are shipped
// then).
func bindReplica(app core.App, cfg *config.Config) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		if cfg.ReplicaURL == "" {
			return se.Next()
		}
		client, err := replica.NewClient(replicaOptions(cfg))
		if err != nil {
			return err
		}
		r, err := replica.Start(context.Background(), filepath.Join(se.App.DataDir(), "data.db"), client, cfg.ReplicaSyncInterval)
		if err != nil {
			return err
		}
		se.App.Store().Set(replica.StoreKey, r)
		se.App.OnTerminate().Bind(&hook.Handler[*core.TerminateEvent]{
			Id: "bancadaReplicaClose",
			Func: func(e *core.TerminateEvent) error {
				err := e.Next() // the database closes first
				ctx, cancel := context.WithTimeout(context.Background(), replicaCloseTimeout)
				defer cancel()
				if cerr := r.Close(ctx); cerr != nil {
					fmt.Fprintln(os.Stderr, "replica:", cerr)
				}
				return err
			},
			Priority: -20000, // first in, so its e.Next() runs everything else
		})
		return se.Next()
	})
}

// RestoreFromReplica rebuilds the data dir target (missing or empty, a
// key file allowed) from the replica o names, as the database was at
// `at` (the latest state when zero): data.db only; uploaded files come
// from a backup. It checks the database before moving it into place.
func RestoreFromReplica(ctx context.Context, o replica.Options, target string, at time.Time) (Restored, error) {
	var res Restored
	if err := checkEmpty(target); err != nil {
		return res, err
	}
	client, err := replica.NewClient(o)
	if err != nil {
		return res, err
	}
	parent := filepath.Dir(filepath.Clean(target))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return res, fmt.Errorf("ops: restore: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, ".bancada_restore_*")
	if err != nil {
		return res, fmt.Errorf("ops: restore: %w", err)
	}
	defer os.RemoveAll(tmp)
	if err := replica.Restore(ctx, client, filepath.Join(tmp, "data.db"), at); err != nil {
		return res, err
	}
	if res.Migrations, err = checkDatabase(ctx, filepath.Join(tmp, "data.db")); err != nil {
		return res, err
	}
	res.Files = 1
	return res, moveIntoPlace(tmp, target)
}
