// Command bancada runs the Bancada appliance: a multi-tenant SaaS for phone
// and electronics repair shops, in one binary. `bancada serve` starts it;
// `bancada serve --demo` also seeds a demo shop. PocketBase's own commands
// and flags (superuser, migrate, --dir, --http, ...) keep working.
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/plugins/migratecmd"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/config"
	"github.com/bancada/bancada/demo"
	"github.com/bancada/bancada/hooks"
	"github.com/bancada/bancada/inbox"
	"github.com/bancada/bancada/jobs"
	"github.com/bancada/bancada/ops"
	"github.com/bancada/bancada/outbox"
	_ "github.com/bancada/bancada/pb_migrations"
	"github.com/bancada/bancada/sqlitecache"
	"github.com/bancada/bancada/tlsauto"
	"github.com/bancada/bancada/vault"
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

	v, err := openVault(cfg, app.DataDir())
	if err != nil {
		log.Fatal(err)
	}
	migratecmd.MustRegister(app, app.RootCmd, migratecmd.Config{Dir: "pb_migrations"})

	ops.Bind(app, cfg) // version, backup and restore commands; scheduled and pre-upgrade backups

	deps := hooks.Deps{
		Config: cfg, Vault: v,
		Outbox: outbox.New(app, outbox.Options{Logger: app.Logger()}),
		Inbox:  inbox.New(app, inbox.Options{Logger: app.Logger()}),
	}
	runner, err := jobs.New(hooks.Jobs(app, deps), app.Logger(), nil)
	if err != nil {
		log.Fatal(err)
	}
	deps.Jobs = runner
	if err := hooks.Register(app, deps); err != nil {
		log.Fatal(err)
	}
	runWorkers(app, cfg, deps)
	tlsCfg := tlsauto.Config{Domains: tlsauto.SplitDomains(cfg.Domains), Email: cfg.ACMEEmail,
		CA: cfg.ACMECA, CARoot: cfg.ACMECARoot, OnDemand: cfg.TLSOnDemand}
	if err := tlsauto.Bind(app, tlsCfg, hooks.AllowShopDomain(app)); err != nil {
		log.Fatal(err)
	}
	if cfg.PublicURL == "" {
		cfg.PublicURL = tlsCfg.BaseURL() // "" without domains: the --http address below
	}
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		if cfg.PublicURL == "" && se.Server != nil {
			cfg.PublicURL = "http://" + se.Server.Addr
		}
		// E-mail links (password reset, invitations) point at this server.
		se.App.Settings().Meta.AppURL = cfg.PublicURLOr("")
		if cfg.Demo {
			demo.MountFakes(se, cfg, cfg.PublicURL)
			if err := seedDemo(se.App); err != nil {
				return err
			}
		}
		return se.Next()
	})
	if err := app.Start(); err != nil {
		log.Fatal(err)
	}
}

// runWorkers starts the outbox, the webhook processor and the schedules
// when the server starts, and stops them when it stops.
func runWorkers(app *pocketbase.PocketBase, cfg *config.Config, d hooks.Deps) {
	ctx, cancel := context.WithCancel(context.Background())
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		go func() { _ = d.Outbox.Run(ctx) }()
		go func() { _ = d.Inbox.Run(ctx) }()
		if err := d.Jobs.Start(ctx, br.LoadLocation(cfg.Timezone)); err != nil {
			return err
		}
		return se.Next()
	})
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		cancel()
		d.Inbox.Close()
		return e.Next()
	})
}

// openVault uses BANCADA_SECRET_KEY, or a key generated beside the data.
func openVault(cfg *config.Config, dataDir string) (*vault.Vault, error) {
	secret := cfg.SecretKey
	if secret == "" {
		path := filepath.Join(dataDir, ".bancada_secret_key")
		s, created, err := vault.LoadOrCreateKeyFile(path)
		if err != nil {
			return nil, err
		}
		if created {
			log.Printf("BANCADA_SECRET_KEY is not set: generated a key in %s (keep it with your backups, or set the variable)", path)
		}
		secret = s
	}
	return vault.New(secret)
}

// seedDemo seeds the demo shop and prints how to sign in.
func seedDemo(app core.App) error {
	res, err := demo.Seed(app)
	if err != nil {
		return err
	}
	if err := demo.EnsureSuperuser(app); err != nil {
		return err
	}
	if res.Created {
		fmt.Println("Loja de demonstração criada: Assistência Demo")
	}
	fmt.Println("Logins da demonstração (senha " + demo.Password + "):")
	for _, l := range demo.Logins {
		fmt.Printf("  %-28s %s\n", l.Email, l.Role.Label())
	}
	fmt.Printf("  %-28s operador da plataforma (painel em /_/)\n", demo.SuperuserEmail)
	return nil
}
