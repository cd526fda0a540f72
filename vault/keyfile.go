package vault

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// KeyFile is a generated secret key kept in a file of its own, outside the
// data directory, so that backups of the data (which hold the
// ciphertexts) never carry the key that opens them. It is prepared without
// touching the disk (PrepareKeyFile) and written only when the server
// really starts (Persist): `bancada serve --help` creates nothing.
type KeyFile struct {
	// Path is where the key lives.
	Path string
	// Legacy is the old location inside the data directory, moved to Path
	// by Persist.
	Legacy string
	// Secret is the key.
	Secret string

	write, removeLegacy bool
}

// PrepareKeyFile returns the key at path; else the key at legacy (the old
// place inside the data directory), to be moved to path by Persist; else
// a new random key, to be written to path by Persist. Two different keys
// at path and legacy are an error: the operator must say which one the
// data was encrypted with.
func PrepareKeyFile(path, legacy string) (*KeyFile, error) {
	k := &KeyFile{Path: path, Legacy: legacy}
	cur, err := readKey(path)
	if err != nil {
		return nil, err
	}
	old := ""
	if legacy != "" {
		if old, err = readKey(legacy); err != nil {
			return nil, err
		}
	}
	switch {
	case cur != "" && old != "" && cur != old:
		return nil, fmt.Errorf("vault: two different generated keys, %s and %s: keep the one your data was encrypted with and remove the other", path, legacy)
	case cur != "":
		k.Secret, k.removeLegacy = cur, old != ""
	case old != "":
		k.Secret, k.write, k.removeLegacy = old, true, true
	default:
		raw := make([]byte, 32)
		if _, err := rand.Read(raw); err != nil {
			return nil, fmt.Errorf("vault: generate key: %w", err)
		}
		k.Secret, k.write = hex.EncodeToString(raw), true
	}
	return k, nil
}

// Persist writes a new key to Path (mode 0600, never over an existing
// file) or moves the legacy key there, and returns what it did for the
// log ("" when nothing was needed).
func (k *KeyFile) Persist() (string, error) {
	if !k.write && !k.removeLegacy {
		return "", nil
	}
	if k.write {
		if err := writeNewKey(k.Path, k.Secret); err != nil {
			if !k.removeLegacy {
				return "", fmt.Errorf("%w (set BANCADA_SECRET_KEY_FILE to a writable place outside the data directory)", err)
			}
			// Moving an existing key must not stop an upgrade: keep it
			// where it is (backups exclude it) and say what to do.
			k.write, k.removeLegacy, k.Path = false, false, k.Legacy
			return "could not move the generated secret key out of the data directory (" + err.Error() +
				"): it stays in " + k.Legacy + ", excluded from backups; set BANCADA_SECRET_KEY_FILE to a writable place outside the data directory", nil
		}
		k.write = false
	}
	if !k.removeLegacy {
		return "generated the secret key in " + k.Path + ": back it up apart from the data (see README), or set BANCADA_SECRET_KEY", nil
	}
	if err := os.Remove(k.Legacy); err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("vault: remove the old key file: %w", err)
	}
	k.removeLegacy = false
	return "moved the generated secret key out of the data directory, from " + k.Legacy + " to " + k.Path +
		": backups of the data no longer carry it; back it up apart from the data (see README)", nil
}

// writeNewKey writes secret to a new file at path (mode 0600, never over
// an existing file), creating its directory.
func writeNewKey(path, secret string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("vault: key dir: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("vault: write key file: %w", err)
	}
	_, err = io.WriteString(f, secret+"\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("vault: write key file: %w", err)
	}
	return nil
}

// readKey returns the key stored at path, "" when there is no file.
func readKey(path string) (string, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("vault: read key file: %w", err)
	}
	s := strings.TrimSpace(string(b))
	if len(s) < 16 {
		return "", fmt.Errorf("vault: key file %s is too short", path)
	}
	return s, nil
}
