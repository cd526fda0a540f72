// Command bancada runs the Bancada appliance: a multi-tenant SaaS for phone
// and electronics repair shops, in one binary. `bancada serve` starts it;
// `bancada serve --demo` also seeds a demo shop. PocketBase's own commands
// and flags (superuser, migrate, --dir, --http, ...) keep working.
package main

import (
	"log"
	"os"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/plugins/migratecmd"

	"github.com/bancada/bancada/config"
	"github.com/bancada/bancada/ops"
	_ "github.com/bancada/bancada/pb_migrations"
	"github.com/bancada/bancada/sqlitecache"
	"github.com/bancada/bancada/wiring"
)

func main() {
	// Reuse prepared statements and keep idle connections (sqlitecache).
	app := pocketbase.NewWithConfig(pocketbase.Config{DefaultDataDir: "./pb_data",
		DataMaxIdleConns: sqlitecache.IdleConns, DBConnect: sqlitecache.Connect})
	app.RootCmd.Use = "bancada"
	app.RootCmd.Short = "Bancada: o sistema da assistência técnica, num só binário"

	flags := app.RootCmd.PersistentFlags()
	cfg, err := config.Bind(flags, os.Getenv)
	if err != nil {
		log.Fatal(err)
	}
	flags.ParseErrorsAllowlist.UnknownFlags = true
	_ = flags.Parse(os.Args[1:]) // eager, like PocketBase's own flags; Execute parses again

	// The secret key is every command's (migrate moves an old key file too).
	v, err := openVault(app, cfg)
	if err != nil {
		log.Fatal(err)
	}
	migratecmd.MustRegister(app, app.RootCmd, migratecmd.Config{Dir: "pb_migrations"})
	ops.Bind(app, cfg) // version, backup and restore commands; scheduled and pre-upgrade backups
	// Everything else is wired in one place when `serve` runs (package wiring).
	serve := wiring.OnServeCommand(app, cfg, v)
	if err := app.Start(); err != nil {
		log.Fatal(err)
	}
	if serve.Refused() != nil {
		os.Exit(1) // PocketBase prints the error but would exit 0
	}
}
