package gcal

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Errors returned by VerifyState.
var (
	// ErrStateTampered means the state is malformed or its signature does not
	// match (modified, forged, or signed with another secret).
	ErrStateTampered = errors.New("gcal: oauth state tampered")
	// ErrStateExpired means the state is authentic but past its ExpiresAt.
	ErrStateExpired = errors.New("gcal: oauth state expired")
)

// StateClaims is what the OAuth state parameter carries through Google's
// consent screen back to the callback: who started the connection.
//
// The PKCE verifier is deliberately NOT a claim: the state travels in clear
// (URLs, browser history, Google's logs) next to the authorization code, and a
// verifier carried there would be handed to whoever sees the code. Instead
// StateVerifier derives it from an HMAC of the whole signed state, whose
// random Nonce makes it unique per attempt; it never leaves the server and
// needs no server-side storage.
type StateClaims struct {
	TenantID  string
	UserID    string
	Nonce     string // random; SignState fills it when empty
	ExpiresAt time.Time
}

type stateWire struct {
	T string `json:"t"`
	U string `json:"u"`
	N string `json:"n"`
	E int64  `json:"e"`
}

// SignState encodes claims compactly as base64url(JSON) + "." +
// base64url(HMAC-SHA256) under a key derived from secret. An empty Nonce is
// replaced with 16 random bytes, so two states for the same user differ.
func SignState(secret []byte, claims StateClaims) string {
	if claims.Nonce == "" {
		n := make([]byte, 16)
		_, _ = rand.Read(n) // crypto/rand.Read never fails (it panics instead)
		claims.Nonce = base64.RawURLEncoding.EncodeToString(n)
	}
	raw, _ := json.Marshal(stateWire{T: claims.TenantID, U: claims.UserID, N: claims.Nonce, E: claims.ExpiresAt.Unix()})
	payload := base64.RawURLEncoding.EncodeToString(raw)
	return payload + "." + stateSignature(secret, payload)
}

// VerifyState checks the signature in constant time, then the expiry against
// now (a state is expired from its ExpiresAt second on), and returns the
// claims. Errors are ErrStateTampered or ErrStateExpired.
func VerifyState(secret []byte, state string, now time.Time) (StateClaims, error) {
	payload, sig, ok := strings.Cut(state, ".")
	if !ok || payload == "" || sig == "" {
		return StateClaims{}, ErrStateTampered
	}
	// Compare the canonical encodings: decoding first would accept the
	// non-canonical spellings base64 allows in the last character.
	if !hmac.Equal([]byte(sig), []byte(stateSignature(secret, payload))) {
		return StateClaims{}, ErrStateTampered
	}
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return StateClaims{}, fmt.Errorf("%w: %v", ErrStateTampered, err)
	}
	var w stateWire
	if err := json.Unmarshal(raw, &w); err != nil {
		return StateClaims{}, fmt.Errorf("%w: %v", ErrStateTampered, err)
	}
	claims := StateClaims{TenantID: w.T, UserID: w.U, Nonce: w.N, ExpiresAt: time.Unix(w.E, 0).UTC()}
	if !now.Before(claims.ExpiresAt) {
		return claims, ErrStateExpired
	}
	return claims, nil
}

// StateVerifier returns the PKCE code verifier bound to a signed state:
// base64url(HMAC-SHA256(k, state)), 43 characters from the RFC 7636 alphabet,
// where k is derived from secret separately from the signing key. Call it
// with the same state when building the consent URL and on the callback.
func StateVerifier(secret []byte, state string) string {
	return base64.RawURLEncoding.EncodeToString(mac(deriveKey(secret, "bancada/gcal/pkce-verifier"), state))
}

func stateSignature(secret []byte, payload string) string {
	return base64.RawURLEncoding.EncodeToString(mac(deriveKey(secret, "bancada/gcal/state-signature"), payload))
}

func deriveKey(secret []byte, label string) []byte {
	return mac(secret, label)
}

func mac(key []byte, msg string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(msg))
	return h.Sum(nil)
}
