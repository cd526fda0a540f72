package hooks_test

import (
	"archive/zip"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/hooks"
	"github.com/bancada/bancada/hooks/hooktest"
)

// TestBackupsNeverCarryTheSecretKey puts a generated key in the data
// directory (where older releases kept it) and one at a configured
// BANCADA_SECRET_KEY_FILE inside it, takes a PocketBase backup and
// expects neither in the archive, while the database is there.
func TestBackupsNeverCarryTheSecretKey(t *testing.T) {
	t.Parallel()
	app := hooktest.Bare(t)
	dataDir := app.DataDir()
	hooktest.Wire(t, app, func(d *hooks.Deps) { d.Config.SecretKeyFile = filepath.Join(dataDir, "minha.chave") })
	for _, name := range []string{".bancada_secret_key", "minha.chave"} {
		require.NoError(t, os.WriteFile(filepath.Join(dataDir, name), []byte("0123456789abcdef0123456789abcdef"), 0o600))
	}

	require.NoError(t, app.CreateBackup(context.Background(), "teste.zip"))
	zr, err := zip.OpenReader(filepath.Join(dataDir, "backups", "teste.zip"))
	require.NoError(t, err)
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	require.True(t, slices.Contains(names, "data.db"), "the backup holds the data: %v", names)
	require.False(t, slices.Contains(names, ".bancada_secret_key"), "the backup holds no key: %v", names)
	require.False(t, slices.Contains(names, "minha.chave"), "nor the configured key file: %v", names)
}
