package ops_test

import (
	"archive/zip"
	"context"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/config"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/ops"
	"github.com/bancada/bancada/tlsauto"
)

func TestMain(m *testing.M) {
	code := hooktest.Main(m)
	removeBuilt()
	os.Exit(code)
}

// zipNames lists the entries of the zip at path.
func zipNames(t *testing.T, path string) []string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	require.NoError(t, err)
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	sort.Strings(names)
	return names
}

func TestBackupSnapshotsWithoutTheKeyAndRestores(t *testing.T) {
	app := hooktest.NewApp(t)
	fx := hooktest.Seed(t, app)
	dir := app.DataDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, ops.KeyFileName), []byte("the-key"), 0o600))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "storage", "x"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "storage", "x", "photo.jpg"), []byte("jpeg bytes"), 0o600))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, tlsauto.StorageDirName, "certificates"), 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(dir, tlsauto.StorageDirName, "certificates", "site.key"), []byte("tls key"), 0o600))

	size, err := ops.Backup(context.Background(), app, "b1.zip")
	require.NoError(t, err)
	zipPath := filepath.Join(dir, core.LocalBackupsDirName, "b1.zip")
	info, err := os.Stat(zipPath)
	require.NoError(t, err)
	assert.Equal(t, info.Size(), size)
	names := zipNames(t, zipPath)
	assert.Contains(t, names, "data.db")
	assert.Contains(t, names, "auxiliary.db")
	assert.Contains(t, names, "storage/x/photo.jpg")
	for _, n := range names {
		assert.NotEqual(t, ops.KeyFileName, n, "the key never goes into a backup")
		assert.NotContains(t, []string{"data.db-wal", "data.db-shm", "auxiliary.db-wal"}, n, "databases go in as snapshots")
		assert.NotContains(t, n, core.LocalBackupsDirName+"/", "no backup inside a backup")
		assert.NotContains(t, n, tlsauto.StorageDirName, "no TLS private keys")
	}

	target := filepath.Join(t.TempDir(), "restored")
	res, err := ops.Restore(context.Background(), zipPath, target)
	require.NoError(t, err)
	assert.Equal(t, len(names), res.Files)
	photo, err := os.ReadFile(filepath.Join(target, "storage", "x", "photo.jpg"))
	require.NoError(t, err)
	assert.Equal(t, "jpeg bytes", string(photo))
	restored, err := hooktest.OpenApp(target)
	require.NoError(t, err)
	defer restored.Cleanup()
	order, err := restored.FindRecordById(collections.Orders, fx.A.Rec[collections.Orders].Id)
	require.NoError(t, err)
	assert.Equal(t, fx.A.ID(), order.GetString(collections.FieldTenant))
	_, err = os.Stat(filepath.Join(target, ops.KeyFileName))
	assert.ErrorIs(t, err, os.ErrNotExist)

	// a dir with data is never overwritten
	_, err = ops.Restore(context.Background(), zipPath, dir)
	assert.ErrorIs(t, err, ops.ErrNotEmpty)
	// a dir holding only the key file takes the backup and keeps the key
	keyed := filepath.Join(t.TempDir(), "keyed")
	require.NoError(t, os.MkdirAll(keyed, 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(keyed, ops.KeyFileName), []byte("kept"), 0o600))
	_, err = ops.Restore(context.Background(), zipPath, keyed)
	require.NoError(t, err)
	key, err := os.ReadFile(filepath.Join(keyed, ops.KeyFileName))
	require.NoError(t, err)
	assert.Equal(t, "kept", string(key))
}

func TestRestoreRefusesABackupWithoutADatabase(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	zipPath := filepath.Join(tmp, "bad.zip")
	f, err := os.Create(zipPath)
	require.NoError(t, err)
	zw := zip.NewWriter(f)
	w, err := zw.Create("storage/a.txt")
	require.NoError(t, err)
	_, _ = w.Write([]byte("a"))
	require.NoError(t, zw.Close())
	require.NoError(t, f.Close())

	target := filepath.Join(tmp, "target")
	_, err = ops.Restore(context.Background(), zipPath, target)
	require.ErrorContains(t, err, "no data.db")
	_, err = os.Stat(target)
	assert.ErrorIs(t, err, os.ErrNotExist, "a bad backup leaves nothing behind")
	left, err := os.ReadDir(tmp)
	require.NoError(t, err)
	assert.Len(t, left, 1, "only the zip: the temp dir is gone")
}

func TestPocketBaseBackupsLeaveTheKeyOut(t *testing.T) {
	app := hooktest.NewApp(t)
	ops.BindKeyExclusionForTest(app)
	require.NoError(t, os.WriteFile(filepath.Join(app.DataDir(), ops.KeyFileName), []byte("the-key"), 0o600))
	require.NoError(t, app.CreateBackup(context.Background(), "pb.zip"))
	names := zipNames(t, filepath.Join(app.DataDir(), core.LocalBackupsDirName, "pb.zip"))
	assert.Contains(t, names, "data.db")
	assert.NotContains(t, names, ops.KeyFileName)
}

func TestPreUpgradeBackup(t *testing.T) {
	app := hooktest.NewApp(t)
	fx := hooktest.Seed(t, app)
	dir := app.DataDir()
	now := time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)
	ctx := context.Background()

	// up to date: nothing to do
	pending, err := ops.PendingMigrations(ctx, dir)
	require.NoError(t, err)
	assert.Empty(t, pending)
	name, err := ops.PreUpgradeBackup(ctx, dir, "v2.0.0", now)
	require.NoError(t, err)
	assert.Empty(t, name)

	// an older data dir: the newest Bancada migration is not applied yet
	items := core.AppMigrations.Items()
	newest := items[len(items)-1].File
	_, err = app.DB().NewQuery("DELETE FROM _migrations WHERE file = {:f}").Bind(map[string]any{"f": newest}).Execute()
	require.NoError(t, err)
	require.NoError(t, ops.RecordVersion(dir, "v1.0.0"))
	pending, err = ops.PendingMigrations(ctx, dir)
	require.NoError(t, err)
	assert.Equal(t, []string{newest}, pending)

	name, err = ops.PreUpgradeBackup(ctx, dir, "v2.0.0", now)
	require.NoError(t, err)
	assert.Equal(t, "pre-upgrade-v1_0_0-v2_0_0-20261124_170000.zip", name)
	target := filepath.Join(t.TempDir(), "rollback")
	_, err = ops.Restore(ctx, filepath.Join(dir, core.LocalBackupsDirName, name), target)
	require.NoError(t, err)
	assert.Equal(t, "v1.0.0", ops.LastVersion(target), "the backup is the data as the old version left it")
	pending, err = ops.PendingMigrations(ctx, target)
	require.NoError(t, err)
	assert.Equal(t, []string{newest}, pending)
	restored, err := hooktest.OpenApp(target)
	require.NoError(t, err)
	defer restored.Cleanup()
	_, err = restored.FindRecordById(collections.Orders, fx.B.Rec[collections.Orders].Id)
	require.NoError(t, err)

	// a new data dir is not an old one, nor one only PocketBase's own
	// commands touched (no Bancada migration applied)
	for _, m := range items {
		_, err = app.DB().NewQuery("DELETE FROM _migrations WHERE file = {:f}").Bind(map[string]any{"f": m.File}).Execute()
		require.NoError(t, err)
	}
	pending, err = ops.PendingMigrations(ctx, dir)
	require.NoError(t, err)
	assert.Empty(t, pending)
	pending, err = ops.PendingMigrations(ctx, t.TempDir())
	require.NoError(t, err)
	assert.Empty(t, pending)
	assert.Equal(t, "unknown", ops.LastVersion(t.TempDir()))
}

func TestApplyBackupSettings(t *testing.T) {
	app := hooktest.NewApp(t)
	cfg := &config.Config{BackupCron: config.DefaultBackupCron, BackupKeep: 7}
	require.NoError(t, ops.ApplyBackupSettings(app, cfg))
	b := app.Settings().Backups
	assert.Equal(t, "0 6 * * *", b.Cron)
	assert.Equal(t, 7, b.CronMaxKeep)
	assert.False(t, b.S3.Enabled)

	cfg = &config.Config{BackupCron: "30 2 * * *", BackupKeep: 3, BackupS3Bucket: "bancada-backups",
		BackupS3Region: "sa-east-1", BackupS3Endpoint: "https://s3.example.com", BackupS3AccessKey: "AK",
		BackupS3Secret: "SK", BackupS3ForcePathStyle: true}
	require.NoError(t, ops.ApplyBackupSettings(app, cfg))
	require.NoError(t, app.ReloadSettings())
	b = app.Settings().Backups
	assert.Equal(t, "30 2 * * *", b.Cron)
	assert.Equal(t, 3, b.CronMaxKeep)
	assert.Equal(t, core.S3Config{Enabled: true, Bucket: "bancada-backups", Region: "sa-east-1",
		Endpoint: "https://s3.example.com", AccessKey: "AK", Secret: "SK", ForcePathStyle: true}, b.S3)

	require.NoError(t, ops.ApplyBackupSettings(app, &config.Config{BackupCron: "off", BackupKeep: 7}))
	assert.Empty(t, app.Settings().Backups.Cron, "off turns scheduled backups off")
	assert.False(t, app.Settings().Backups.S3.Enabled)
}
