// Package token makes the unguessable random strings Bancada hands out:
// the links customers and staff receive (order tracking, invitations) and
// the credentials machines exchange (webhook secrets, provider tokens,
// channel ids). Every one comes from crypto/rand.
package token

import (
	"crypto/rand"
	"encoding/hex"

	"github.com/pocketbase/pocketbase/tools/security"
)

// LinkLength is the length of a link token: 43 characters of a 62-letter
// alphabet carry about 256 random bits.
const LinkLength = 43

// linkAlphabet is letters and digits only, so a link survives any chat
// app's link detection (no trailing '-' or '_' cut off, nothing escaped).
const linkAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// Link returns a fresh token for a link a person opens: an order's
// tracking page, an invitation to join a shop.
func Link() string { return security.RandomStringWithAlphabet(LinkLength, linkAlphabet) }

// Hex returns n random bytes, hex-encoded (2n characters): credentials and
// ids exchanged with machines.
func Hex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (it crashes the program instead)
	return hex.EncodeToString(b)
}
