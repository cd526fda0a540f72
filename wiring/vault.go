package wiring

import (
	"log"
	"path/filepath"

	"github.com/bancada/bancada/config"
	"github.com/bancada/bancada/vault"
)

// openVault uses BANCADA_SECRET_KEY, or a key generated beside the data.
func openVault(cfg config.Config, dataDir string) (*vault.Vault, error) {
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
