package ops

import (
	"archive/zip"
	"compress/flate"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	_ "modernc.org/sqlite" // the "sqlite" database/sql driver

	"github.com/bancada/bancada/replica"
	"github.com/bancada/bancada/tlsauto"
)

// KeyFileName is the generated secret key kept beside the data when
// BANCADA_SECRET_KEY is not set. Backups never carry it: a stolen backup
// must not decrypt itself.
const KeyFileName = ".bancada_secret_key"

// VersionFileName records which version of Bancada last served a data
// dir (read when upgrading).
const VersionFileName = ".bancada_version"

// databases are the SQLite files of a data dir, snapshotted with VACUUM
// INTO rather than copied.
var databases = []string{"data.db", "auxiliary.db"}

// excluded are the data dir's root entries a backup leaves out:
// PocketBase's own list, the secret key, and the TLS certificates and
// their private keys (reissued on demand).
var excluded = []string{core.LocalBackupsDirName, core.LocalTempDirName, core.LocalNotifyDirName,
	core.LocalAutocertCacheDirName, "lost+found", KeyFileName, tlsauto.StorageDirName}

// skipped reports whether the root-relative path name stays out of a
// backup: an excluded entry (the fixed list or extra), a database file
// (or its WAL companions) that goes in as a snapshot instead, or the
// replica's state kept beside a database.
func skipped(name string, extra []string) bool {
	root, _, _ := strings.Cut(filepath.ToSlash(name), "/")
	for _, x := range append(excluded, extra...) {
		if root == x {
			return true
		}
	}
	for _, db := range databases {
		if root == db || strings.HasPrefix(root, db+"-") || root == replica.MetaDir(db) {
			return true
		}
	}
	return false
}

// Snapshot writes a backup of the data dir dataDir to w, as a zip that
// PocketBase's restore (dashboard, API) and `bancada restore` read. The
// databases go in as consistent snapshots (VACUUM INTO), so it is safe
// while a server runs on the same dir and keeps writing: nobody waits.
// Files are copied as they are; root entries named in exclude stay out
// too.
func Snapshot(ctx context.Context, dataDir string, w io.Writer, exclude ...string) error {
	tmp, err := os.MkdirTemp(dataDirTemp(dataDir), "bancada_snapshot_")
	if err != nil {
		return fmt.Errorf("ops: snapshot temp dir: %w", err)
	}
	defer os.RemoveAll(tmp)
	var snaps []string
	for _, db := range databases {
		src := filepath.Join(dataDir, db)
		if _, err := os.Stat(src); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err := vacuumInto(ctx, src, filepath.Join(tmp, db)); err != nil {
			return err
		}
		snaps = append(snaps, db)
	}
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	for _, db := range snaps {
		if err := addFile(zw, filepath.Join(tmp, db), db); err != nil {
			return err
		}
	}
	err = filepath.WalkDir(dataDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dataDir, path)
		if err != nil || rel == "." {
			return err
		}
		if skipped(rel, exclude) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return addFile(zw, path, filepath.ToSlash(rel))
	})
	if err != nil {
		return fmt.Errorf("ops: snapshot files: %w", err)
	}
	return zw.Close()
}

// dataDirTemp is PocketBase's temp dir inside the data dir (same device,
// cleaned on every start).
func dataDirTemp(dataDir string) string {
	dir := filepath.Join(dataDir, core.LocalTempDirName)
	_ = os.MkdirAll(dir, 0o700)
	return dir
}

// vacuumInto writes a consistent copy of the database src to dest.
func vacuumInto(ctx context.Context, src, dest string) error {
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(src)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return fmt.Errorf("ops: open %s: %w", src, err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", dest); err != nil {
		return fmt.Errorf("ops: snapshot %s: %w", filepath.Base(src), err)
	}
	return nil
}

// addFile copies the file at path into zw as name.
func addFile(zw *zip.Writer, path, name string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	h, err := zip.FileInfoHeader(info)
	if err != nil {
		return err
	}
	h.Name, h.Method = name, zip.Deflate
	fw, err := zw.CreateHeader(h)
	if err != nil {
		return err
	}
	_, err = io.Copy(fw, f)
	return err
}
