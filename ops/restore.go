package ops

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/archive"
	"github.com/spf13/cobra"

	"github.com/bancada/bancada/config"
)

// newRestoreCommand is `bancada restore FILE` and `bancada restore
// --from-replica [--timestamp T]`.
func newRestoreCommand(app core.App, cfg *config.Config) *cobra.Command {
	var fromReplica bool
	var timestamp string
	cmd := &cobra.Command{
		Use:   "restore FILE.zip | --from-replica [--timestamp T]",
		Short: "Restaura um backup num diretório de dados novo (com o servidor parado)",
		Long: "Restaura um backup (zip de `bancada backup`, dos backups automáticos ou do painel) no diretório " +
			"de --dir, que deve estar vazio ou não existir: mova o atual para o lado antes. Confere a integridade " +
			"do banco antes de colocar no lugar. Os segredos só abrem com a mesma BANCADA_SECRET_KEY (ou o mesmo " +
			"arquivo de chave) do servidor de origem.",
		Args: func(cmd *cobra.Command, args []string) error {
			if fromReplica {
				return cobra.NoArgs(cmd, args)
			}
			return cobra.ExactArgs(1)(cmd, args)
		},
		SilenceUsage: true,
		Run: exitOnError(func(cmd *cobra.Command, args []string) error {
			if fromReplica {
				return restoreFromReplica(cmd, app.DataDir(), cfg, timestamp)
			}
			res, err := Restore(cmd.Context(), args[0], app.DataDir())
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Backup restaurado em %s: %d arquivos, banco íntegro, %d migrações aplicadas.\n",
				app.DataDir(), res.Files, res.Migrations)
			fmt.Fprintln(cmd.OutOrStdout(), "Inicie o servidor com a mesma BANCADA_SECRET_KEY (ou o mesmo arquivo de chave) do servidor de origem.")
			return nil
		}),
	}
	cmd.Flags().BoolVar(&fromReplica, "from-replica", false,
		"reconstrói o banco a partir da réplica contínua de BANCADA_REPLICA_URL (só o banco: os arquivos enviados vêm de um backup)")
	cmd.Flags().StringVar(&timestamp, "timestamp", "",
		"com --from-replica: o momento a restaurar (RFC 3339, ex. 2026-12-07T14:30:00Z); vazio = o estado mais recente")
	return cmd
}

// restoreFromReplica runs `bancada restore --from-replica`.
func restoreFromReplica(cmd *cobra.Command, dataDir string, cfg *config.Config, timestamp string) error {
	if cfg.ReplicaURL == "" {
		return errors.New("defina BANCADA_REPLICA_URL (ou --replica-url) para restaurar da réplica")
	}
	var at time.Time
	if timestamp != "" {
		t, err := time.Parse(time.RFC3339, timestamp)
		if err != nil {
			return fmt.Errorf("--timestamp %q: use RFC 3339, ex. 2026-12-07T14:30:00Z", timestamp)
		}
		at = t
	}
	start := time.Now()
	res, err := RestoreFromReplica(cmd.Context(), replicaOptions(cfg), dataDir, at)
	if err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "Banco restaurado da réplica em %s (%s): íntegro, %d migrações aplicadas.\n",
		dataDir, time.Since(start).Round(time.Millisecond), res.Migrations)
	fmt.Fprintln(cmd.OutOrStdout(), "A réplica só tem o banco: traga os arquivos enviados (storage/) de um backup. "+
		"Inicie o servidor com a mesma BANCADA_SECRET_KEY (ou o mesmo arquivo de chave) do servidor de origem.")
	return nil
}

// Restored describes a restored data dir.
type Restored struct {
	// Files is how many files the backup held.
	Files int
	// Migrations is how many migrations the restored database had applied.
	Migrations int
}

// ErrNotEmpty is returned by Restore when the target holds data.
var ErrNotEmpty = errors.New("ops: the target data dir is not empty; move it aside first")

// Restore unpacks the backup zipPath into the data dir target, which must
// not exist or be empty (a secret key file alone is allowed and kept). It
// unpacks into a sibling temp dir, checks the database (integrity, the
// migrations table), and only then moves it into place, so a bad backup
// leaves nothing behind. The server must not be running on target.
func Restore(ctx context.Context, zipPath, target string) (Restored, error) {
	var res Restored
	if err := checkEmpty(target); err != nil {
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
	if err := archive.Extract(zipPath, tmp); err != nil {
		return res, fmt.Errorf("ops: restore: unpack %s: %w", zipPath, err)
	}
	if res.Migrations, err = checkDatabase(ctx, filepath.Join(tmp, "data.db")); err != nil {
		return res, err
	}
	_ = filepath.WalkDir(tmp, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			res.Files++
		}
		return nil
	})
	return res, moveIntoPlace(tmp, target)
}

// moveIntoPlace makes the restored dir tmp the data dir target, keeping
// a key file already in target (a backup never has one).
func moveIntoPlace(tmp, target string) error {
	if _, err := os.Stat(filepath.Join(target, KeyFileName)); err == nil {
		if err := os.Rename(filepath.Join(target, KeyFileName), filepath.Join(tmp, KeyFileName)); err != nil {
			return fmt.Errorf("ops: restore: keep the key file: %w", err)
		}
	}
	if err := os.Remove(target); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("ops: restore: %w", err)
	}
	if err := os.Rename(tmp, target); err != nil {
		return fmt.Errorf("ops: restore: move into place: %w", err)
	}
	return nil
}

// checkEmpty accepts a missing dir, or one holding at most the key file.
func checkEmpty(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("ops: restore: %w", err)
	}
	for _, e := range entries {
		if e.Name() != KeyFileName {
			return fmt.Errorf("%w (%s holds %s)", ErrNotEmpty, dir, e.Name())
		}
	}
	return nil
}

// checkDatabase opens the restored database read-only, runs SQLite's
// integrity check and counts the applied migrations.
func checkDatabase(ctx context.Context, path string) (int, error) {
	if _, err := os.Stat(path); err != nil {
		return 0, fmt.Errorf("ops: restore: the backup has no data.db: %w", err)
	}
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?mode=ro")
	if err != nil {
		return 0, fmt.Errorf("ops: restore: open data.db: %w", err)
	}
	defer db.Close()
	var ok string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&ok); err != nil {
		return 0, fmt.Errorf("ops: restore: integrity check: %w", err)
	}
	if ok != "ok" {
		return 0, fmt.Errorf("ops: restore: data.db is damaged: %s", ok)
	}
	var n int
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+core.DefaultMigrationsTable).Scan(&n); err != nil {
		return 0, fmt.Errorf("ops: restore: data.db is not a Bancada database: %w", err)
	}
	return n, nil
}
