package ops

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// OptimizeJobID is PocketBase's nightly database job, replaced by
// optimizeDatabases.
const OptimizeJobID = "__pbDBOptimize__"

// snapshotBackupHookID is the handler that takes PocketBase's backups.
const snapshotBackupHookID = "bancadaSnapshotBackup"

// bindCheckpoints makes PocketBase's backups and nightly job live with
// long readers (the replica holds a read transaction open for good; a
// report or a backup snapshot holds one for a while):
//
//   - PocketBase's CreateBackup (scheduled backups, the dashboard) takes
//     the write lock, runs a TRUNCATE checkpoint, which waits for every
//     reader, then zips the files: writers stall for the busy timeout
//     and the copy of data.db may race the replica's own checkpoints.
//     Its body is replaced by Backup: VACUUM INTO snapshots under a read
//     transaction, nobody waits.
//   - The nightly job's TRUNCATE checkpoint stalls writers the same way;
//     it becomes a PASSIVE one, which never waits (see optimizeDatabases).
func bindCheckpoints(app core.App) {
	app.OnBackupCreate().Bind(&hook.Handler[*core.BackupEvent]{
		Id: snapshotBackupHookID,
		// Last: every other handler has added its exclusions by then.
		Priority: 1 << 20,
		Func: func(e *core.BackupEvent) error {
			if e.Name == "" {
				e.Name = "pb_backup_" + time.Now().UTC().Format("20060102150405") + ".zip"
			}
			_, err := Backup(e.Context, e.App, e.Name, e.Exclude...)
			return err // PocketBase's own body (the TRUNCATE and the zip of the live files) never runs
		},
	})
	app.Cron().Add(OptimizeJobID, "0 0 * * *", func() { optimizeDatabases(app) })
}

// optimizeDatabases is the nightly database job: a PASSIVE checkpoint of
// both databases (it copies what no reader still needs and never waits,
// so no writer stalls) and PRAGMA optimize.
func optimizeDatabases(app core.App) {
	for _, db := range []struct {
		name string
		run  func(string) error
	}{
		{"main", func(q string) error { _, err := app.NonconcurrentDB().NewQuery(q).Execute(); return err }},
		{"auxiliary", func(q string) error { _, err := app.AuxNonconcurrentDB().NewQuery(q).Execute(); return err }},
	} {
		if err := db.run("PRAGMA wal_checkpoint(PASSIVE)"); err != nil {
			app.Logger().Warn("nightly WAL checkpoint", slog.String("db", db.name), slog.String("error", err.Error()))
		}
	}
	if _, err := app.NonconcurrentDB().NewQuery("PRAGMA optimize").Execute(); err != nil {
		app.Logger().Warn("nightly PRAGMA optimize", slog.String("error", fmt.Sprint(err)))
	}
}
