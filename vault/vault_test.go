package vault_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/vault"
)

func TestSealOpen(t *testing.T) {
	t.Parallel()
	v, err := vault.New("a-long-enough-secret-key")
	require.NoError(t, err)
	other, err := vault.New("another-long-enough-secret")
	require.NoError(t, err)

	sealed, err := v.Seal("tenant:A:asaas", "$aact_hmlg_123")
	require.NoError(t, err)
	require.True(t, vault.IsSealed(sealed))
	require.NotContains(t, sealed, "aact")

	again, err := v.Seal("tenant:A:asaas", "$aact_hmlg_123")
	require.NoError(t, err)
	require.NotEqual(t, sealed, again, "a fresh nonce every time")

	tests := []struct {
		name    string
		v       *vault.Vault
		context string
		value   string
		want    string
		wantErr bool
	}{
		{"same key and context", v, "tenant:A:asaas", sealed, "$aact_hmlg_123", false},
		{"another tenant's context", v, "tenant:B:asaas", sealed, "", true},
		{"another key", other, "tenant:A:asaas", sealed, "", true},
		{"plaintext", v, "tenant:A:asaas", "$aact_hmlg_123", "", true},
		{"truncated", v, "tenant:A:asaas", sealed[:10], "", true},
		{"tampered", v, "tenant:A:asaas", sealed[:len(sealed)-2] + flip(sealed[len(sealed)-2:]), "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.v.Open(tc.context, tc.value)
			if tc.wantErr {
				require.ErrorIs(t, err, vault.ErrDecrypt)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}

func TestNewRefusesShortSecrets(t *testing.T) {
	t.Parallel()
	_, err := vault.New("short")
	require.Error(t, err)
}

func flip(s string) string {
	if strings.HasPrefix(s, "A") {
		return "B" + s[1:]
	}
	return "A" + s[1:]
}

func TestAGeneratedKeyIsWrittenOnlyOnPersistAndKeptAfter(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path, legacy := filepath.Join(dir, "conf", "pb_data.secret_key"), filepath.Join(dir, "pb_data", ".bancada_secret_key")
	k, err := vault.PrepareKeyFile(path, legacy)
	require.NoError(t, err)
	require.Len(t, k.Secret, 64)
	require.NoFileExists(t, path, "nothing is written before Persist (serve --help)")
	msg, err := k.Persist()
	require.NoError(t, err)
	require.Equal(t, "generated the secret key in "+path+": back it up apart from the data (see README), or set BANCADA_SECRET_KEY", msg)
	info, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())

	again, err := vault.PrepareKeyFile(path, legacy)
	require.NoError(t, err)
	require.Equal(t, k.Secret, again.Secret, "the same key on every start")
	msg, err = again.Persist()
	require.NoError(t, err)
	require.Empty(t, msg)
}

func TestAKeyInTheDataDirIsMovedOut(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path, legacy := filepath.Join(dir, "pb_data.secret_key"), filepath.Join(dir, "pb_data", ".bancada_secret_key")
	require.NoError(t, os.MkdirAll(filepath.Dir(legacy), 0o700))
	const old = "0123456789abcdef0123456789abcdef"
	require.NoError(t, os.WriteFile(legacy, []byte(old+"\n"), 0o600))
	k, err := vault.PrepareKeyFile(path, legacy)
	require.NoError(t, err)
	require.Equal(t, old, k.Secret, "the data's own key, not a new one")
	msg, err := k.Persist()
	require.NoError(t, err)
	require.Equal(t, "moved the generated secret key out of the data directory, from "+legacy+" to "+path+
		": backups of the data no longer carry it; back it up apart from the data (see README)", msg)
	require.NoFileExists(t, legacy)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, old+"\n", string(b))

	// Two different keys: refuse to guess.
	require.NoError(t, os.WriteFile(legacy, []byte("fedcba9876543210fedcba9876543210"), 0o600))
	_, err = vault.PrepareKeyFile(path, legacy)
	require.ErrorContains(t, err, "two different generated keys")
	// The same key in both places: the copy in the data dir goes.
	require.NoError(t, os.WriteFile(legacy, []byte(old), 0o600))
	k, err = vault.PrepareKeyFile(path, legacy)
	require.NoError(t, err)
	_, err = k.Persist()
	require.NoError(t, err)
	require.NoFileExists(t, legacy)
}

func TestAKeyThatCannotMoveStaysAndAKeyThatCannotBeWrittenStopsTheStart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	blocked := filepath.Join(dir, "not-a-dir")
	require.NoError(t, os.WriteFile(blocked, nil, 0o600)) // a file where the key's directory should be
	legacy := filepath.Join(dir, "pb_data", ".bancada_secret_key")
	require.NoError(t, os.MkdirAll(filepath.Dir(legacy), 0o700))
	const old = "0123456789abcdef0123456789abcdef"
	require.NoError(t, os.WriteFile(legacy, []byte(old), 0o600))

	k, err := vault.PrepareKeyFile(filepath.Join(blocked, "secret_key"), legacy)
	require.NoError(t, err)
	msg, err := k.Persist()
	require.NoError(t, err, "an upgrade is not stopped")
	require.Contains(t, msg, "could not move the generated secret key out of the data directory")
	require.Contains(t, msg, "set BANCADA_SECRET_KEY_FILE")
	require.FileExists(t, legacy)
	require.Equal(t, old, k.Secret)

	k, err = vault.PrepareKeyFile(filepath.Join(blocked, "secret_key"), filepath.Join(dir, "empty", ".bancada_secret_key"))
	require.NoError(t, err)
	_, err = k.Persist()
	require.ErrorContains(t, err, "set BANCADA_SECRET_KEY_FILE to a writable place")
}

func TestDeriveKeyDiffersPerPurposeAndKey(t *testing.T) {
	t.Parallel()
	a, err := vault.New("0123456789abcdef0123456789abcdef")
	require.NoError(t, err)
	b, err := vault.New("fedcba9876543210fedcba9876543210")
	require.NoError(t, err)
	require.Len(t, a.DeriveKey("x"), 32)
	require.Equal(t, a.DeriveKey("x"), a.DeriveKey("x"))
	require.NotEqual(t, a.DeriveKey("x"), a.DeriveKey("y"))
	require.NotEqual(t, a.DeriveKey("x"), b.DeriveKey("x"))
}
