package vault_test

import (
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

func TestLoadOrCreateKeyFile(t *testing.T) {
	t.Parallel()
	path := t.TempDir() + "/sub/.key"
	first, created, err := vault.LoadOrCreateKeyFile(path)
	require.NoError(t, err)
	require.True(t, created)
	require.Len(t, first, 64)
	again, created, err := vault.LoadOrCreateKeyFile(path)
	require.NoError(t, err)
	require.False(t, created)
	require.Equal(t, first, again, "the same key on every start")
}
