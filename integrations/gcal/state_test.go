package gcal_test

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/integrations/gcal"
)

func TestStateRoundTrip(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	claims := gcal.StateClaims{TenantID: "abc123def456ghi", UserID: "usr987", ExpiresAt: now.Add(10 * time.Minute)}
	state := gcal.SignState(stateSecret, claims)

	got, err := gcal.VerifyState(stateSecret, state, now)
	require.NoError(t, err)
	assert.Equal(t, claims.TenantID, got.TenantID)
	assert.Equal(t, claims.UserID, got.UserID)
	assert.True(t, claims.ExpiresAt.Equal(got.ExpiresAt))
	assert.NotEmpty(t, got.Nonce, "SignState adds a nonce")
	assert.NotEqual(t, state, gcal.SignState(stateSecret, claims), "two states for the same user differ")
	assert.Less(t, len(state), 200, "compact")
	for _, r := range state {
		assert.True(t, strings.ContainsRune("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.", r), "URL-safe: %q", r)
	}
	// A given nonce is kept, making the state deterministic.
	claims.Nonce = "fixed"
	assert.Equal(t, gcal.SignState(stateSecret, claims), gcal.SignState(stateSecret, claims))
}

func TestStateExpiry(t *testing.T) {
	t.Parallel()
	exp := time.Date(2026, 3, 2, 12, 10, 0, 0, time.UTC)
	state := gcal.SignState(stateSecret, gcal.StateClaims{TenantID: "t", UserID: "u", ExpiresAt: exp})
	tests := []struct {
		name string
		now  time.Time
		want error
	}{
		{"well before", exp.Add(-10 * time.Minute), nil},
		{"last second", exp.Add(-time.Second), nil},
		{"at expiry", exp, gcal.ErrStateExpired},
		{"after", exp.Add(time.Hour), gcal.ErrStateExpired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			claims, err := gcal.VerifyState(stateSecret, state, tt.now)
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.want)
			assert.Equal(t, "t", claims.TenantID, "an expired state still says whose it was")
		})
	}
	zero := gcal.SignState(stateSecret, gcal.StateClaims{TenantID: "t"})
	_, err := gcal.VerifyState(stateSecret, zero, time.Now())
	assert.ErrorIs(t, err, gcal.ErrStateExpired, "no expiry means expired")
}

func TestStateTamperedEveryByte(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	state := gcal.SignState(stateSecret, gcal.StateClaims{TenantID: "t1", UserID: "u1", ExpiresAt: now.Add(time.Hour)})
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."
	for i := range len(state) {
		for _, repl := range []byte{alphabet[(strings.IndexByte(alphabet, state[i])+1)%len(alphabet)], 'A', '.'} {
			if repl == state[i] {
				continue
			}
			mutated := state[:i] + string(repl) + state[i+1:]
			_, err := gcal.VerifyState(stateSecret, mutated, now)
			require.ErrorIs(t, err, gcal.ErrStateTampered, "byte %d → %q", i, repl)
		}
	}
}

func TestStateTamperedTable(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	// A fixed nonce makes the state, and so every mutation below, the same
	// on every run (a random one left "base64 std instead" a no-op when
	// the state happened to have no '_' or '-': one run in five).
	state := gcal.SignState(stateSecret, gcal.StateClaims{TenantID: "t1", UserID: "u1", ExpiresAt: now.Add(time.Hour), Nonce: "n0nce-4-t4mper"})
	require.True(t, strings.ContainsAny(state, "_-"), "the state has URL-only base64 characters: %s", state)
	other := gcal.SignState(stateSecret, gcal.StateClaims{TenantID: "t2", UserID: "u2", ExpiresAt: now.Add(time.Hour)})
	payload, sig, _ := strings.Cut(state, ".")
	otherPayload, _, _ := strings.Cut(other, ".")
	forged := base64.RawURLEncoding.EncodeToString([]byte(`{"t":"t2","u":"u1","n":"x","e":9999999999}`))

	tests := map[string]string{
		"empty":                   "",
		"no signature":            payload,
		"empty signature":         payload + ".",
		"empty payload":           "." + sig,
		"truncated signature":     state[:len(state)-1],
		"extra char":              state + "A",
		"extra segment":           state + ".x",
		"other tenant's payload":  otherPayload + "." + sig,
		"forged payload":          forged + "." + sig,
		"signed with other key":   gcal.SignState([]byte("another secret"), gcal.StateClaims{TenantID: "t1", UserID: "u1", ExpiresAt: now.Add(time.Hour)}),
		"whitespace":              " " + state,
		"base64 std instead":      strings.NewReplacer("_", "/", "-", "+").Replace(state),
		"signature of other":      payload + "." + strings.SplitN(other, ".", 2)[1],
		"payload and sig swapped": sig + "." + payload,
	}
	for name, st := range tests {
		require.NotEqual(t, state, st, "%s changes the state", name)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := gcal.VerifyState(stateSecret, st, now)
			require.ErrorIs(t, err, gcal.ErrStateTampered)
		})
	}
	// The right secret still accepts the original.
	_, err := gcal.VerifyState(stateSecret, state, now)
	require.NoError(t, err)
	_, err = gcal.VerifyState([]byte("another secret"), state, now)
	require.ErrorIs(t, err, gcal.ErrStateTampered)
}

func TestStateVerifier(t *testing.T) {
	t.Parallel()
	a := gcal.SignState(stateSecret, gcal.StateClaims{TenantID: "t", ExpiresAt: time.Now().Add(time.Minute)})
	b := gcal.SignState(stateSecret, gcal.StateClaims{TenantID: "t", ExpiresAt: time.Now().Add(time.Minute)})
	va := gcal.StateVerifier(stateSecret, a)
	assert.Equal(t, va, gcal.StateVerifier(stateSecret, a), "deterministic")
	assert.NotEqual(t, va, gcal.StateVerifier(stateSecret, b), "unique per state")
	assert.NotEqual(t, va, gcal.StateVerifier([]byte("other"), a), "bound to the secret")
	assert.Len(t, va, 43, "RFC 7636 allows 43-128")
	for _, r := range va {
		assert.True(t, strings.ContainsRune("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~", r))
	}
	assert.NotContains(t, a, va, "the verifier never travels in the state")
	_, sig, _ := strings.Cut(a, ".")
	assert.NotEqual(t, sig, va, "verifier key differs from the signing key")
}
