package ops

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/buildinfo"
)

// PendingMigrations lists the migrations (PocketBase's and Bancada's)
// that the data dir dataDir has not applied yet. A dir without a
// database, or whose database has none of Bancada's migrations, has
// none: it is new, not old.
func PendingMigrations(ctx context.Context, dataDir string) ([]string, error) {
	path := filepath.Join(dataDir, "data.db")
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, fmt.Errorf("ops: open %s: %w", path, err)
	}
	defer db.Close()
	var n int
	err = db.QueryRowContext(ctx, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
		core.DefaultMigrationsTable).Scan(&n)
	if err != nil {
		return nil, fmt.Errorf("ops: read %s: %w", path, err)
	}
	if n == 0 {
		return nil, nil
	}
	rows, err := db.QueryContext(ctx, "SELECT file FROM "+core.DefaultMigrationsTable)
	if err != nil {
		return nil, fmt.Errorf("ops: read applied migrations: %w", err)
	}
	defer rows.Close()
	applied := map[string]bool{}
	for rows.Next() {
		var f string
		if err := rows.Scan(&f); err != nil {
			return nil, err
		}
		applied[f] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var pending []string
	appApplied := false
	for i, list := range []core.MigrationsList{core.SystemMigrations, core.AppMigrations} {
		for _, m := range list.Items() {
			if !applied[m.File] {
				pending = append(pending, m.File)
			} else if i == 1 {
				appApplied = true
			}
		}
	}
	if !appApplied {
		return nil, nil // never served by Bancada (e.g. only `superuser upsert` ran): nothing to keep
	}
	return pending, nil
}

// PreUpgradeName is the name of the backup taken before version to
// migrates a data dir last served by from, at now:
// pre-upgrade-<from>-<to>-<UTC time>.zip.
func PreUpgradeName(from, to string, now time.Time) string {
	return "pre-upgrade-" + buildinfo.Slug(from) + "-" + buildinfo.Slug(to) + "-" + now.UTC().Format(backupTimeLayout) + ".zip"
}

// PreUpgradeBackup backs dataDir up into its local backups dir before
// the running version migrates it, when it has migrations to apply. It
// runs before PocketBase opens the database, so the backup is the data
// exactly as the previous version left it. It returns the backup's name
// ("" when none was needed).
func PreUpgradeBackup(ctx context.Context, dataDir, version string, now time.Time) (string, error) {
	pending, err := PendingMigrations(ctx, dataDir)
	if err != nil || len(pending) == 0 {
		return "", err
	}
	name := PreUpgradeName(LastVersion(dataDir), version, now)
	dir := localBackupsDir(dataDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("ops: backups dir: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".pre-upgrade-*.zip")
	if err != nil {
		return "", fmt.Errorf("ops: pre-upgrade backup: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := Snapshot(ctx, dataDir, tmp); err != nil {
		tmp.Close()
		return "", fmt.Errorf("ops: pre-upgrade backup: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, name)); err != nil {
		return "", fmt.Errorf("ops: pre-upgrade backup: %w", err)
	}
	return name, nil
}

// LastVersion is the version of Bancada that last served dataDir
// ("unknown" before versions were recorded).
func LastVersion(dataDir string) string {
	raw, err := os.ReadFile(filepath.Join(dataDir, VersionFileName))
	if v := strings.TrimSpace(string(raw)); err == nil && v != "" {
		return v
	}
	return "unknown"
}

// RecordVersion notes that version serves dataDir now.
func RecordVersion(dataDir, version string) error {
	if err := os.WriteFile(filepath.Join(dataDir, VersionFileName), []byte(version+"\n"), 0o600); err != nil {
		return fmt.Errorf("ops: record version: %w", err)
	}
	return nil
}
