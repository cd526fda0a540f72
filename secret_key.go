package main

import (
	"errors"
	"fmt"
	"log"
	"os"
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
		v, err := vault.New(cfg.SecretKey)
		if err != nil {
			return nil, err
		}
		bindKeyCheck(app, v)
		return v, nil
	}
	legacy := filepath.Join(app.DataDir(), config.LegacySecretKeyFile)
	k, err := vault.PrepareKeyFile(cfg.SecretKeyPath(app.DataDir()), legacy)
	if err != nil {
		return nil, err
	}
	v, err := vault.New(k.Secret)
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
	bindKeyCheck(app, v)
	return v, nil
}

// bindKeyCheck refuses to bootstrap a data directory whose secrets were
// sealed with another key (typically a backup restored on a machine that
// generated a fresh key): starting would seal new secrets with a key that
// cannot open the old ones, and nothing else would say so.
func bindKeyCheck(app core.App, v *vault.Vault) {
	app.OnBootstrap().BindFunc(func(e *core.BootstrapEvent) error {
		if err := os.MkdirAll(e.App.DataDir(), 0o700); err != nil {
			return err
		}
		if err := vault.CheckKey(v, filepath.Join(e.App.DataDir(), vault.KeyCheckFile)); err != nil {
			if errors.Is(err, vault.ErrWrongKey) {
				return fmt.Errorf("%w: start with the key this data was sealed with (BANCADA_SECRET_KEY, or the key file of the original server in --secret-key-file)", err)
			}
			return err
		}
		return e.Next()
	})
}
