// Package ops is what an operator runs Bancada with, besides serving:
// the version (`bancada version`, `--version`), backups (`bancada backup`,
// scheduled backups on by default, optionally to S3), `bancada restore`
// into a fresh data dir, and the automatic backup `serve` takes before it
// migrates a data dir an older version left.
//
// Backups never carry the secret key (BANCADA_SECRET_KEY or the key file):
// keep it apart from them.
package ops

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"os"
	"time"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/spf13/cobra"

	"github.com/bancada/bancada/buildinfo"
	"github.com/bancada/bancada/config"
)

// noBootstrap are the commands that must not open (or create) the data
// dir: restore writes into a dir that must stay empty until it is done.
var noBootstrap = map[string]bool{"restore": true, "version": true}

// bootstrapPriority runs the ops bootstrap hook before any other, so a
// command that skips the bootstrap skips every other hook too.
const bootstrapPriority = -10000

// Bind adds the operator commands to app and the hooks behind them: the
// version, backup and restore commands, the secret key kept out of every
// backup, the pre-upgrade backup, and the scheduled backup settings of
// cfg applied when the server starts.
func Bind(app *pocketbase.PocketBase, cfg *config.Config) {
	info := buildinfo.Get()
	app.RootCmd.Version = info.Short()
	app.RootCmd.SetVersionTemplate(info.String())
	app.RootCmd.AddCommand(newVersionCommand(info), newBackupCommand(app), newRestoreCommand(app, cfg))
	bindKeyExclusion(app)
	bindCheckpoints(app)
	bindReplica(app, cfg)

	app.OnBootstrap().Bind(&hook.Handler[*core.BootstrapEvent]{Id: "bancadaOps", Priority: bootstrapPriority, Func: func(e *core.BootstrapEvent) error {
		name := commandName(app)
		if noBootstrap[name] {
			// Leave the data dir alone: the command runs without an app.
			// PocketBase warns about the skipped bootstrap on the default
			// logger; this short-lived process wants errors only.
			slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})))
			return nil
		}
		if name == "serve" || name == "migrate" {
			backup, err := PreUpgradeBackup(context.Background(), app.DataDir(), info.Version, time.Now())
			if err != nil {
				return fmt.Errorf("the pre-upgrade backup failed, nothing was migrated: %w", err)
			}
			if backup != "" {
				log.Printf("upgrading the data dir from %s to %s: backup %s taken first (see docs/self-hosting.md to roll back)",
					LastVersion(app.DataDir()), info.Version, backup)
			}
		}
		return e.Next()
	}})
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		if err := ApplyBackupSettings(se.App, cfg); err != nil {
			return err
		}
		if err := RecordVersion(se.App.DataDir(), info.Version); err != nil {
			return err
		}
		return se.Next()
	})
}

// commandName is the name of the subcommand the command line runs (""
// for the root command or an unknown one).
func commandName(app *pocketbase.PocketBase) string {
	cmd, _, err := app.RootCmd.Find(os.Args[1:])
	if err != nil || cmd == app.RootCmd {
		return ""
	}
	for cmd.Parent() != nil && cmd.Parent() != app.RootCmd {
		cmd = cmd.Parent()
	}
	return cmd.Name()
}

// newVersionCommand is `bancada version`.
func newVersionCommand(info buildinfo.Info) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Mostra a versão do Bancada (versão, commit, data, alterações locais)",
		Args:  cobra.NoArgs,
		Run: func(cmd *cobra.Command, _ []string) {
			fmt.Fprint(cmd.OutOrStdout(), info.String())
		},
	}
}

// exitOnError runs f and exits with status 1 when it fails: PocketBase
// ignores the errors of commands (the exit status would be 0), and
// scripts that back up or restore must see failures.
func exitOnError(f func(*cobra.Command, []string) error) func(*cobra.Command, []string) {
	return func(cmd *cobra.Command, args []string) {
		if err := f(cmd, args); err != nil {
			fmt.Fprintln(cmd.ErrOrStderr(), "Erro:", err)
			os.Exit(1)
		}
	}
}
