package main

import (
	"log"
	"path/filepath"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/config"
	"github.com/bancada/bancada/vault"
)

// openVault uses BANCADA_SECRET_KEY or else the generated key in its own
// file outside the data directory (config.SecretKeyPath), moving a key
// older releases generated inside the data directory out of it. The file
// is written when the app bootstraps, so `bancada serve --help` (which
// does not bootstrap) creates nothing.
func openVault(app core.App, cfg *config.Config) (*vault.Vault, error) {
	if cfg.SecretKey != "" {
		return vault.New(cfg.SecretKey)
	}
	legacy := filepath.Join(app.DataDir(), config.LegacySecretKeyFile)
	k, err := vault.PrepareKeyFile(cfg.SecretKeyPath(app.DataDir()), legacy)
	if err != nil {
		return nil, err
	}
	app.OnBootstrap().BindFunc(func(e *core.BootstrapEvent) error {
		msg, err := k.Persist()
		if err != nil {
			return err
		}
		if msg != "" {
			log.Printf("BANCADA_SECRET_KEY is not set: %s", msg)
		}
		return e.Next()
	})
	return vault.New(k.Secret)
}
