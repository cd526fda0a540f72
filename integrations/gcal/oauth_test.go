package gcal_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
	"google.golang.org/api/calendar/v3"

	"github.com/bancada/bancada/integrations/gcal"
	"github.com/bancada/bancada/integrations/gcal/gcalfake"
)

func TestConfigDefaults(t *testing.T) {
	t.Parallel()
	assert.False(t, gcal.Config{}.Enabled())
	assert.False(t, gcal.Config{ClientID: "id"}.Enabled())
	assert.True(t, gcal.Config{ClientID: "id", ClientSecret: "s"}.Enabled())

	d := gcal.Config{}.WithDefaults()
	assert.Equal(t, "https://accounts.google.com/o/oauth2/auth", d.AuthURL)
	assert.Equal(t, "https://oauth2.googleapis.com/token", d.TokenURL)
	assert.Equal(t, "https://oauth2.googleapis.com/revoke", d.RevokeURL)
	assert.Equal(t, "https://www.googleapis.com/calendar/v3/", d.APIURL)
	assert.Equal(t, []string{calendar.CalendarEventsScope, calendar.CalendarReadonlyScope}, d.Scopes)
	assert.Equal(t, oauth2.AuthStyleInParams, gcal.Config{}.OAuth2().Endpoint.AuthStyle)

	assert.Equal(t, "http://x/calendar/v3/", gcal.Config{APIURL: "http://x/calendar/v3"}.WithDefaults().APIURL)
	assert.Equal(t, "http://x/calendar/v3/", gcal.Config{APIURL: "http://x/calendar/v3/"}.WithDefaults().APIURL)
}

func TestAuthCodeURL(t *testing.T) {
	t.Parallel()
	cfg := gcal.Config{ClientID: "cid", ClientSecret: "sec", RedirectURL: redirectURL}
	u, err := url.Parse(cfg.AuthCodeURL("st", "verifier-verifier-verifier-verifier-verifier"))
	require.NoError(t, err)
	q := u.Query()
	assert.Equal(t, "accounts.google.com", u.Host)
	for k, want := range map[string]string{
		"client_id":             "cid",
		"redirect_uri":          redirectURL,
		"response_type":         "code",
		"state":                 "st",
		"access_type":           "offline",
		"prompt":                "consent",
		"code_challenge_method": "S256",
		"code_challenge":        oauth2.S256ChallengeFromVerifier("verifier-verifier-verifier-verifier-verifier"),
		"scope":                 calendar.CalendarEventsScope + " " + calendar.CalendarReadonlyScope,
	} {
		assert.Equal(t, want, q.Get(k), k)
	}
}

// TestOAuthFlowEndToEnd: consent redirect → code exchange with PKCE →
// refresh persisted by the wrapper → revoke → refresh fails with
// invalid_grant, seen through the Calendar client too.
func TestOAuthFlowEndToEnd(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, cfg := startFake(t, gcalfake.Options{})

	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	state := gcal.SignState(stateSecret, gcal.StateClaims{TenantID: "tenant-1", UserID: "user-1", ExpiresAt: now.Add(10 * time.Minute)})
	q := authorize(t, cfg.AuthCodeURL(state, gcal.StateVerifier(stateSecret, state)))
	require.Empty(t, q.Get("error"))

	// Callback: the state comes back unchanged and names who connected.
	claims, err := gcal.VerifyState(stateSecret, q.Get("state"), now.Add(time.Minute))
	require.NoError(t, err)
	assert.Equal(t, "tenant-1", claims.TenantID)
	assert.Equal(t, "user-1", claims.UserID)

	// A wrong verifier is refused; the right one gets a refresh token.
	_, err = cfg.Exchange(ctx, q.Get("code"), gcal.StateVerifier([]byte("other secret"), state))
	require.Error(t, err)
	assert.True(t, gcal.IsGrantRevoked(err), "PKCE failure is invalid_grant: %v", err)
	tok, err := cfg.Exchange(ctx, q.Get("code"), gcal.StateVerifier(stateSecret, q.Get("state")))
	require.NoError(t, err)
	require.NotEmpty(t, tok.AccessToken)
	require.NotEmpty(t, tok.RefreshToken)
	// The code is single use.
	_, err = cfg.Exchange(ctx, q.Get("code"), gcal.StateVerifier(stateSecret, q.Get("state")))
	require.Error(t, err)

	// Stored token expired: the first call refreshes and persists it.
	stored := *tok
	stored.Expiry = time.Now().Add(-time.Minute)
	var mu sync.Mutex
	var saved []*oauth2.Token
	save := func(t *oauth2.Token) error {
		mu.Lock()
		defer mu.Unlock()
		saved = append(saved, t)
		return nil
	}
	before := srv.TokenRequests()
	cal, err := gcal.NewCalendar(ctx, cfg, cfg.TokenSource(ctx, &stored, save))
	require.NoError(t, err)
	cals, err := cal.ListCalendars(ctx)
	require.NoError(t, err)
	require.Len(t, cals, 1)
	assert.Equal(t, before+1, srv.TokenRequests(), "one refresh")
	require.Len(t, saved, 1)
	assert.NotEqual(t, tok.AccessToken, saved[0].AccessToken)
	assert.Equal(t, tok.RefreshToken, saved[0].RefreshToken, "refresh token kept although Google omits it")
	assert.True(t, saved[0].Expiry.After(time.Now()))

	// Valid token: no refresh, nothing saved again.
	_, err = cal.ListCalendars(ctx)
	require.NoError(t, err)
	assert.Equal(t, before+1, srv.TokenRequests())
	assert.Len(t, saved, 1)

	// The shop disconnects: revoke, then a refresh is invalid_grant.
	require.NoError(t, cfg.Revoke(ctx, saved[0].RefreshToken))
	require.NoError(t, cfg.Revoke(ctx, saved[0].RefreshToken), "revoking twice is fine")
	_, err = cfg.TokenSource(ctx, &stored, save).Token()
	require.Error(t, err)
	assert.True(t, gcal.IsGrantRevoked(err))
	assert.True(t, gcal.IsAuth(err))
	assert.False(t, gcal.IsRetryable(err))

	// Through the Calendar client the old access token is now 401 …
	_, err = cal.ListCalendars(ctx)
	require.Error(t, err)
	assert.True(t, gcal.IsAuth(err))
	assert.False(t, gcal.IsGrantRevoked(err))
	// … and a client that must refresh sees invalid_grant inside *url.Error.
	cal2, err := gcal.NewCalendar(ctx, cfg, cfg.TokenSource(ctx, &stored, save))
	require.NoError(t, err)
	_, err = cal2.ListCalendars(ctx)
	require.Error(t, err)
	assert.True(t, gcal.IsGrantRevoked(err), "%v", err)
	assert.True(t, gcal.IsAuth(err))
	assert.False(t, gcal.IsRetryable(err))
}

func TestAuthorizeDenied(t *testing.T) {
	t.Parallel()
	srv, cfg := startFake(t, gcalfake.Options{})
	srv.DenyNext()
	q := authorize(t, cfg.AuthCodeURL("st", oauth2.GenerateVerifier()))
	assert.Equal(t, "access_denied", q.Get("error"))
	assert.Equal(t, "st", q.Get("state"))
	assert.Empty(t, q.Get("code"))
	// Only the next one.
	q = authorize(t, cfg.AuthCodeURL("st", oauth2.GenerateVerifier()))
	assert.NotEmpty(t, q.Get("code"))
}

func TestExpiredAccessTokenIsAuthError(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clk := newClock(time.Now())
	srv, cfg := startFake(t, gcalfake.Options{Clock: clk.Now, AccessTokenTTL: time.Hour})
	tok := connect(t, cfg)
	cal, err := gcal.NewCalendar(ctx, cfg, cfg.TokenSource(ctx, tok, nil))
	require.NoError(t, err)
	_, err = cal.ListCalendars(ctx)
	require.NoError(t, err)

	clk.Add(time.Hour) // Google's clock says expired, ours does not yet
	_, err = cal.ListCalendars(ctx)
	require.Error(t, err)
	assert.True(t, gcal.IsAuth(err))
	assert.Equal(t, "authError", gcal.Reason(err))

	srv.ExpireAccessTokens()
	_, err = cal.ListCalendars(ctx)
	assert.True(t, gcal.IsAuth(err))
}

func TestRevokeErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, cfg := startFake(t, gcalfake.Options{})
	assert.NoError(t, cfg.Revoke(ctx, "never-issued"), "invalid_token counts as revoked")
	assert.Error(t, cfg.Revoke(ctx, ""))

	down := gcal.Config{RevokeURL: "http://127.0.0.1:1/revoke"}
	err := down.Revoke(ctx, "x")
	require.Error(t, err)
	assert.True(t, gcal.IsRetryable(err))

	broken := httpStatusServer(t, http.StatusServiceUnavailable)
	err = gcal.Config{RevokeURL: broken}.Revoke(ctx, "x")
	require.Error(t, err)
	assert.True(t, gcal.IsRetryable(err))
	assert.True(t, strings.HasPrefix(err.Error(), "gcal: revoke:"))
}

func TestExchangeRequiresEveryScope(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, cfg := startFake(t, gcalfake.Options{})
	srv.GrantNext(calendar.CalendarReadonlyScope) // the owner unticked "events"
	verifier := oauth2.GenerateVerifier()
	q := authorize(t, cfg.AuthCodeURL("st", verifier))
	tok, err := cfg.Exchange(ctx, q.Get("code"), verifier)
	require.ErrorIs(t, err, gcal.ErrMissingScopes)
	assert.Contains(t, err.Error(), calendar.CalendarEventsScope)
	require.NotNil(t, tok, "returned so it can be revoked")
	require.NoError(t, cfg.Revoke(ctx, tok.RefreshToken))

	assert.Equal(t, []string{calendar.CalendarEventsScope}, cfg.MissingScopes(tok))
	assert.Empty(t, cfg.MissingScopes(&oauth2.Token{}), "no scope in the answer: nothing to check")
}

func TestExchangeWithoutRefreshToken(t *testing.T) {
	t.Parallel()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"access_token":"a","token_type":"Bearer","expires_in":3599}`))
	}))
	t.Cleanup(ts.Close)
	cfg := gcal.Config{ClientID: "c", ClientSecret: "s", TokenURL: ts.URL}
	_, err := cfg.Exchange(context.Background(), "code", oauth2.GenerateVerifier())
	require.ErrorIs(t, err, gcal.ErrNoRefreshToken)
}

func TestRevokedInGoogle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, cfg := startFake(t, gcalfake.Options{})
	a, b := connect(t, cfg), connect(t, cfg)
	assert.True(t, srv.Revoke(a.RefreshToken))
	for _, tt := range []struct {
		tok     *oauth2.Token
		revoked bool
	}{{a, true}, {b, false}} {
		stale := *tt.tok
		stale.Expiry = time.Now().Add(-time.Second)
		_, err := cfg.TokenSource(ctx, &stale, nil).Token()
		assert.Equal(t, tt.revoked, gcal.IsGrantRevoked(err), "%v", err)
	}
	srv.RevokeAll()
	stale := *b
	stale.Expiry = time.Now().Add(-time.Second)
	_, err := cfg.TokenSource(ctx, &stale, nil).Token()
	assert.True(t, gcal.IsGrantRevoked(err))
}

// TestTokenExpiryFollowsTheConfiguredClock: with Config.Clock set, token
// expiries are stamped and judged by that clock, not the process's real
// one, so a server on an injected clock (tests, the demo) refreshes when
// the provider, on the same clock, says the token expired. Both a clock
// years ahead of the real one and one years behind are tried: with the real
// clock deciding, the first gets 401s, the second never refreshes.
func TestTokenExpiryFollowsTheConfiguredClock(t *testing.T) {
	t.Parallel()
	for _, base := range []time.Time{
		time.Date(2046, 11, 27, 17, 0, 0, 0, time.UTC),
		time.Date(2019, 6, 4, 17, 0, 0, 0, time.UTC),
	} {
		t.Run(base.Format("2006"), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			clk := newClock(base)
			srv, cfg := startFake(t, gcalfake.Options{Clock: clk.Now, AccessTokenTTL: time.Hour})
			cfg.Clock = clk.Now
			tok := connect(t, cfg)
			assert.Equal(t, base.Add(time.Hour), tok.Expiry.UTC(), "expiry counted on the configured clock")

			var saved []*oauth2.Token
			cal, err := gcal.NewCalendar(ctx, cfg, cfg.TokenSource(ctx, tok, func(t *oauth2.Token) error {
				saved = append(saved, t)
				return nil
			}))
			require.NoError(t, err)
			before := srv.TokenRequests()
			_, err = cal.ListCalendars(ctx)
			require.NoError(t, err)
			assert.Equal(t, before, srv.TokenRequests(), "a fresh token is used as is")

			clk.Add(2 * time.Hour)
			_, err = cal.ListCalendars(ctx)
			require.NoError(t, err, "expired by the shared clock: refreshed, not a 401")
			assert.Equal(t, before+1, srv.TokenRequests())
			require.Len(t, saved, 1)
			assert.Equal(t, base.Add(3*time.Hour), saved[0].Expiry.UTC())
			assert.Equal(t, tok.RefreshToken, saved[0].RefreshToken)
		})
	}
}
