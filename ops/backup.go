package ops

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/spf13/cobra"

	"github.com/bancada/bancada/config"
)

// backupTimeLayout stamps backup names (UTC); names keep to PocketBase's
// allowed characters ([a-z0-9_-]) so the dashboard can download them.
const backupTimeLayout = "20060102_150405"

// newBackupCommand is `bancada backup [NAME]`.
func newBackupCommand(app core.App) *cobra.Command {
	return &cobra.Command{
		Use:   "backup [name.zip]",
		Short: "Cria um backup do diretório de dados (pode rodar com o servidor no ar)",
		Long: "Cria um backup (zip) do diretório de dados no armazenamento de backups (<dir>/backups ou o S3 de " +
			"BANCADA_BACKUP_S3_*). Os bancos entram como cópias consistentes, sem parar o servidor. " +
			"A chave de criptografia nunca entra no backup.",
		Args:         cobra.MaximumNArgs(1),
		SilenceUsage: true,
		Run: exitOnError(func(cmd *cobra.Command, args []string) error {
			name := "bancada_backup_" + time.Now().UTC().Format(backupTimeLayout) + ".zip"
			if len(args) == 1 {
				name = args[0]
			}
			start := time.Now()
			size, err := Backup(cmd.Context(), app, name)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Backup %s criado (%d bytes, %s).\n", name, size, time.Since(start).Round(time.Millisecond))
			return nil
		}),
	}
}

// Backup snapshots app's data dir (see Snapshot) into the backups storage
// (local or S3, as configured) under name, and returns its size. Root
// entries named in exclude stay out too.
func Backup(ctx context.Context, app core.App, name string, exclude ...string) (int64, error) {
	if !strings.HasSuffix(name, ".zip") || strings.ContainsAny(name, `/\`) {
		return 0, fmt.Errorf("ops: backup name %q must be a file name ending in .zip", name)
	}
	if ctx == nil {
		ctx = context.Background()
	}
	tmp, err := os.CreateTemp(dataDirTemp(app.DataDir()), "bancada_backup_*.zip")
	if err != nil {
		return 0, fmt.Errorf("ops: backup temp file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := Snapshot(ctx, app.DataDir(), tmp, exclude...); err != nil {
		tmp.Close()
		return 0, err
	}
	info, err := tmp.Stat()
	if err != nil {
		tmp.Close()
		return 0, err
	}
	if err := tmp.Close(); err != nil {
		return 0, err
	}
	fsys, err := app.NewBackupsFilesystem()
	if err != nil {
		return 0, fmt.Errorf("ops: backups storage: %w", err)
	}
	defer fsys.Close()
	fsys.SetContext(ctx)
	file, err := filesystem.NewFileFromPath(tmp.Name())
	if err != nil {
		return 0, err
	}
	file.OriginalName, file.Name = name, name
	if err := fsys.UploadFile(file, name); err != nil {
		return 0, fmt.Errorf("ops: upload backup %s: %w", name, err)
	}
	return info.Size(), nil
}

// bindKeyExclusion keeps the secret key file out of PocketBase's own
// backups (scheduled, dashboard) and in place when one is restored.
func bindKeyExclusion(app core.App) {
	app.OnBackupCreate().BindFunc(func(e *core.BackupEvent) error {
		e.Exclude = append(e.Exclude, KeyFileName)
		return e.Next()
	})
	app.OnBackupRestore().BindFunc(func(e *core.BackupEvent) error {
		e.Exclude = append(e.Exclude, KeyFileName)
		return e.Next()
	})
}

// ApplyBackupSettings puts the scheduled backup settings of cfg into
// PocketBase's settings (the schedule PocketBase runs, how many it keeps,
// where they go), saving only when something changed. The configuration
// wins over edits in the dashboard at every start.
func ApplyBackupSettings(app core.App, cfg *config.Config) error {
	s := app.Settings()
	b := s.Backups
	want := b
	want.Cron = strings.TrimSpace(cfg.BackupCron)
	if strings.EqualFold(want.Cron, "off") {
		want.Cron = ""
	}
	want.CronMaxKeep = max(cfg.BackupKeep, 1)
	want.S3.Enabled = cfg.BackupS3Bucket != ""
	if want.S3.Enabled {
		want.S3.Bucket, want.S3.Region, want.S3.Endpoint = cfg.BackupS3Bucket, cfg.BackupS3Region, cfg.BackupS3Endpoint
		want.S3.AccessKey, want.S3.Secret = cfg.BackupS3AccessKey, cfg.BackupS3Secret
		want.S3.ForcePathStyle = cfg.BackupS3ForcePathStyle
	}
	if want == b {
		return nil
	}
	s.Backups = want
	if err := app.Save(s); err != nil {
		return fmt.Errorf("ops: backup settings: %w", err)
	}
	return nil
}

// localBackupsDir is where a data dir keeps its local backups.
func localBackupsDir(dataDir string) string { return filepath.Join(dataDir, core.LocalBackupsDirName) }
