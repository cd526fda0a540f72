package hooks

import (
	"path/filepath"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/config"
)

// bindBackupExclusions keeps the generated secret key out of PocketBase's
// backups (and untouched by a restore) should it sit in the data
// directory: the old place, or a BANCADA_SECRET_KEY_FILE pointed there. A
// backup holds the ciphertexts; it must never hold the key that opens
// them. The README says how to back up the key on its own.
func bindBackupExclusions(app core.App, d Deps) {
	names := func(app core.App) []string {
		out := []string{config.LegacySecretKeyFile}
		dataDir, err := filepath.Abs(app.DataDir())
		if err != nil {
			return out
		}
		key, err := filepath.Abs(d.Config.SecretKeyPath(app.DataDir()))
		if err == nil && filepath.Dir(key) == dataDir {
			out = append(out, filepath.Base(key))
		}
		return out
	}
	app.OnBackupCreate().BindFunc(func(e *core.BackupEvent) error {
		e.Exclude = append(e.Exclude, names(e.App)...)
		return e.Next()
	})
	app.OnBackupRestore().BindFunc(func(e *core.BackupEvent) error {
		e.Exclude = append(e.Exclude, names(e.App)...)
		return e.Next()
	})
}
