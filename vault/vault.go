// Package vault encrypts Bancada's secrets at rest: shops' Asaas keys,
// Evolution instance tokens, Google OAuth tokens and device passcodes. It
// uses AES-256-GCM with a key from the environment (BANCADA_SECRET_KEY) and
// binds every ciphertext to a context string (for example the tenant and the
// kind of secret), so a ciphertext copied into another tenant's row does
// not decrypt.
package vault

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// prefix marks the ciphertext format, so it can evolve.
const prefix = "v1:"

// ErrDecrypt is returned when a ciphertext is malformed, was made with
// another key, or belongs to another context.
var ErrDecrypt = errors.New("vault: cannot decrypt (wrong key or context)")

// Vault seals and opens secrets with one key.
type Vault struct {
	aead cipher.AEAD
	key  [32]byte
}

// New derives a 256-bit key from secret (SHA-256 of it, so any length of
// random text works) and returns a Vault. Secrets shorter than 16 bytes are
// refused.
func New(secret string) (*Vault, error) {
	if len(secret) < 16 {
		return nil, errors.New("vault: the secret key must have at least 16 characters")
	}
	key := sha256.Sum256([]byte(secret))
	block, err := aes.NewCipher(key[:])
	if err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	return &Vault{aead: aead, key: key}, nil
}

// DeriveKey returns a 256-bit key for one purpose (HMAC-SHA-256 of purpose
// under the vault's key): signing keys and the like that must survive
// restarts without being stored, and that differ per purpose.
func (v *Vault) DeriveKey(purpose string) []byte {
	m := hmac.New(sha256.New, v.key[:])
	m.Write([]byte(purpose))
	return m.Sum(nil)
}

// Seal encrypts plaintext bound to context and returns printable text.
func (v *Vault) Seal(context, plaintext string) (string, error) {
	nonce := make([]byte, v.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("vault: nonce: %w", err)
	}
	ct := v.aead.Seal(nonce, nonce, []byte(plaintext), []byte(context))
	return prefix + base64.RawStdEncoding.EncodeToString(ct), nil
}

// Open decrypts a value made by Seal with the same context.
func (v *Vault) Open(context, sealed string) (string, error) {
	raw, ok := strings.CutPrefix(sealed, prefix)
	if !ok {
		return "", ErrDecrypt
	}
	ct, err := base64.RawStdEncoding.DecodeString(raw)
	if err != nil || len(ct) < v.aead.NonceSize() {
		return "", ErrDecrypt
	}
	nonce, body := ct[:v.aead.NonceSize()], ct[v.aead.NonceSize():]
	pt, err := v.aead.Open(nil, nonce, body, []byte(context))
	if err != nil {
		return "", ErrDecrypt
	}
	return string(pt), nil
}

// IsSealed reports whether s looks like a value made by Seal.
func IsSealed(s string) bool { return strings.HasPrefix(s, prefix) }
