// Package gcal connects a shop (tenant) to its Google Calendar.
//
// It covers the per-tenant OAuth 2.0 authorization code flow with offline
// access and PKCE (Config, SignState/VerifyState, PersistingTokenSource,
// Revoke) and a small typed Calendar client built on
// google.golang.org/api/calendar/v3: idempotent inserts with deterministic
// event ids, patch/delete, incremental sync with syncToken (and the 410
// full-resync fallback), free/busy queries and push notification channels.
//
// The package speaks Google's language only: it knows nothing about
// tenants' records or storage. Callers persist tokens, sync tokens and
// channel ids themselves. The sibling package gcalfake serves the same wire
// contract for tests and demo mode.
package gcal
