package vault

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

// KeyCheckFile is the file, inside the data directory, that proves which
// key the data was sealed with: a constant sealed with that key. It holds
// no secret and travels with the backups.
const KeyCheckFile = ".bancada_key_check"

// ErrWrongKey means the key cannot open what the data directory was sealed
// with: a restored backup started with a new key, or the wrong one.
var ErrWrongKey = errors.New("vault: the secret key is not the one this data was sealed with")

const (
	keyCheckContext = "bancada/vault/key-check"
	keyCheckValue   = "bancada"
)

// CheckKey verifies that v opens the key check at path, writing one when
// there is none yet (a new data directory, or one from a release before
// the check). It returns ErrWrongKey when v is not the data's key, so a
// server never starts sealing new secrets with a key that cannot open the
// old ones.
func CheckKey(v *Vault, path string) error {
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		sealed, err := v.Seal(keyCheckContext, keyCheckValue)
		if err != nil {
			return fmt.Errorf("vault: key check: %w", err)
		}
		if err := os.WriteFile(path, []byte(sealed+"\n"), 0o600); err != nil {
			return fmt.Errorf("vault: write key check: %w", err)
		}
		return nil
	case err != nil:
		return fmt.Errorf("vault: read key check: %w", err)
	}
	got, err := v.Open(keyCheckContext, strings.TrimSpace(string(b)))
	if err != nil || got != keyCheckValue {
		return ErrWrongKey
	}
	return nil
}
