// Package wiring builds Bancada on a PocketBase app, in one place: it
// resolves the configuration completely, creates the collaborators (the
// outbox, the inbox, the jobs runner, the demo's fake providers; main
// opens the vault, which every command needs), binds every hook and
// route, and, when the server starts, brings the schema up to date, seeds
// the demo and starts the workers last; when the server stops it stops
// and drains them first, before the database closes. main and the tests
// (hooks/hooktest) both call New, so the tests run what production runs.
package wiring

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/config"
	"github.com/bancada/bancada/demo"
	"github.com/bancada/bancada/hooks"
	"github.com/bancada/bancada/hooks/deps"
	"github.com/bancada/bancada/inbox"
	"github.com/bancada/bancada/jobs"
	"github.com/bancada/bancada/outbox"
	"github.com/bancada/bancada/shutdown"
	"github.com/bancada/bancada/tlsauto"
	"github.com/bancada/bancada/vault"
)

// Options are what a caller sets besides the configuration. main sets
// Listen; the tests set the rest.
type Options struct {
	// Listen is where `serve` listens: the public URL's last fallback, and
	// what the demo checks is loopback.
	Listen Listen
	// Vault encrypts secrets at rest (main opens it from the secret key).
	Vault *vault.Vault
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// Logger is the workers' logger (nil: the app's).
	Logger *slog.Logger
	// Configure adjusts the dependencies before the configuration is
	// resolved and anything is bound: fakes of the providers, another
	// clock, settings. Tests use it.
	Configure []func(*deps.Deps)
	// Manual leaves out what only a real start does: the schema update,
	// the demo seed and the workers. Tests set it: they drain the outbox
	// and the inbox themselves and run jobs through the operators' route.
	Manual bool
}

// App is Bancada wired onto a PocketBase app.
type App struct {
	// Deps are what the hooks were bound with; Deps.Config is the
	// resolved configuration.
	Deps deps.Deps
	// Services are the domain packages' services, built once.
	Services hooks.Services
	// Fakes are the demo's fake providers (nil outside demo mode).
	Fakes *demo.Fakes

	app     core.App
	workers workers
	gate    *shutdown.Gate
}

// New wires Bancada onto app with the settings cfg (filled from the
// command line): the configuration is resolved first, then every hook,
// route and worker is bound. Nothing changes the configuration afterwards:
// each part holds its own copy.
func New(app core.App, cfg config.Config, opts Options) (*App, error) {
	logger := opts.Logger
	if logger == nil {
		logger = app.Logger()
	}
	d := deps.Deps{Config: cfg, Now: opts.Now, Vault: opts.Vault}
	for _, c := range opts.Configure {
		c(&d)
	}
	if d.Vault == nil {
		return nil, errors.New("wiring: a vault is required")
	}
	if d.Config.Demo {
		// The demo's fakes and logins are open to whoever reaches it.
		if err := demo.CheckAddress(opts.Listen.Addr(), d.Config.DemoPublic); err != nil {
			return nil, err
		}
	}
	a := &App{app: app, gate: shutdown.Register(app, cfg.ShutdownTimeout)}
	tlsCfg := tlsConfig(d.Config)
	d.Config, a.Fakes = resolve(d.Config, tlsCfg, opts.Listen)
	if d.Outbox == nil {
		d.Outbox = outbox.New(app, outbox.Options{Now: d.Now, Logger: logger})
	}
	if d.Inbox == nil {
		d.Inbox = inbox.New(app, inbox.Options{Now: d.Now, Logger: logger})
	}
	dm := buildServices(app, d)
	if d.Jobs == nil {
		runner, err := jobs.New(hooks.Jobs(app, d, dm), logger, d.Now)
		if err != nil {
			return nil, fmt.Errorf("wiring: jobs: %w", err)
		}
		d.Jobs = runner
	}
	a.Deps = d
	a.Services = dm
	if !opts.Manual {
		a.bindStart() // first, so the schema is up to date before any other start step
	}
	if err := hooks.Register(app, d, dm); err != nil {
		return nil, err
	}
	if a.Fakes != nil {
		app.OnServe().BindFunc(func(se *core.ServeEvent) error {
			a.Fakes.Mount(se)
			return se.Next()
		})
	}
	if err := tlsauto.Bind(app, tlsCfg, hooks.AllowShopDomain(app)); err != nil {
		return nil, fmt.Errorf("wiring: tls: %w", err)
	}
	return a, nil
}

// Config is the resolved configuration.
func (a *App) Config() config.Config { return a.Deps.Config }

// tlsConfig is the automatic HTTPS of cfg (package tlsauto).
func tlsConfig(cfg config.Config) tlsauto.Config {
	return tlsauto.Config{Domains: tlsauto.SplitDomains(cfg.Domains), Email: cfg.ACMEEmail,
		CA: cfg.ACMECA, CARoot: cfg.ACMECARoot, OnDemand: cfg.TLSOnDemand}
}
