package vault_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/vault"
)

func TestCheckKeyRefusesAnotherKey(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), vault.KeyCheckFile)
	right, err := vault.New("the-right-key-0123456789")
	require.NoError(t, err)
	wrong, err := vault.New("a-brand-new-key-0123456789")
	require.NoError(t, err)

	require.NoError(t, vault.CheckKey(right, path), "the first start writes the check")
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NotContains(t, string(b), "the-right-key", "the check holds no key")
	require.NoError(t, vault.CheckKey(right, path), "the same key passes")
	require.ErrorIs(t, vault.CheckKey(wrong, path), vault.ErrWrongKey)

	require.NoError(t, os.WriteFile(path, []byte("garbage\n"), 0o600))
	require.ErrorIs(t, vault.CheckKey(right, path), vault.ErrWrongKey)
}
