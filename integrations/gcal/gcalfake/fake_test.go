package gcalfake_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/bancada/bancada/integrations/gcal/gcalfake"
)

const redirect = "https://app.example/cb"

func start(t *testing.T, opts gcalfake.Options) *gcalfake.Server {
	t.Helper()
	srv := gcalfake.New(opts)
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

func authParams(srv *gcalfake.Server, verifier string) url.Values {
	return url.Values{
		"client_id":             {srv.ClientID()},
		"redirect_uri":          {redirect},
		"response_type":         {"code"},
		"scope":                 {"https://www.googleapis.com/auth/calendar.events"},
		"access_type":           {"offline"},
		"prompt":                {"consent"},
		"state":                 {"st"},
		"code_challenge_method": {"S256"},
		"code_challenge":        {oauth2.S256ChallengeFromVerifier(verifier)},
	}
}

func noRedirect() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func TestAuthEndpointValidation(t *testing.T) {
	t.Parallel()
	srv := start(t, gcalfake.Options{RedirectURIs: []string{redirect}})
	verifier := oauth2.GenerateVerifier()
	tests := []struct {
		name      string
		mutate    func(url.Values)
		status    int
		wantError string // error= on the redirect
	}{
		{"ok", func(url.Values) {}, http.StatusFound, ""},
		{"unknown client", func(v url.Values) { v.Set("client_id", "x") }, http.StatusUnauthorized, ""},
		{"unregistered redirect", func(v url.Values) { v.Set("redirect_uri", "https://evil.example/cb") }, http.StatusBadRequest, ""},
		{"no redirect", func(v url.Values) { v.Del("redirect_uri") }, http.StatusBadRequest, ""},
		{"token response type", func(v url.Values) { v.Set("response_type", "token") }, http.StatusFound, "unsupported_response_type"},
		{"no scope", func(v url.Values) { v.Del("scope") }, http.StatusFound, "invalid_request"},
		{"online access", func(v url.Values) { v.Set("access_type", "online") }, http.StatusFound, "invalid_request"},
		{"no prompt", func(v url.Values) { v.Del("prompt") }, http.StatusFound, "invalid_request"},
		{"plain PKCE", func(v url.Values) { v.Set("code_challenge_method", "plain") }, http.StatusFound, "invalid_request"},
		{"no PKCE", func(v url.Values) { v.Del("code_challenge"); v.Del("code_challenge_method") }, http.StatusFound, "invalid_request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := authParams(srv, verifier)
			tt.mutate(v)
			res, err := noRedirect().Get(srv.AuthURL() + "?" + v.Encode())
			require.NoError(t, err)
			res.Body.Close()
			require.Equal(t, tt.status, res.StatusCode)
			if tt.status != http.StatusFound {
				return
			}
			loc, err := url.Parse(res.Header.Get("Location"))
			require.NoError(t, err)
			assert.Equal(t, "st", loc.Query().Get("state"))
			assert.Equal(t, tt.wantError, loc.Query().Get("error"))
			if tt.wantError == "" {
				assert.NotEmpty(t, loc.Query().Get("code"))
			}
		})
	}
}

func postForm(t *testing.T, u string, form url.Values) (int, map[string]any) {
	t.Helper()
	res, err := http.PostForm(u, form)
	require.NoError(t, err)
	defer res.Body.Close()
	var body map[string]any
	require.NoError(t, json.NewDecoder(res.Body).Decode(&body))
	return res.StatusCode, body
}

func TestTokenEndpoint(t *testing.T) {
	t.Parallel()
	srv := start(t, gcalfake.Options{})
	verifier := oauth2.GenerateVerifier()
	res, err := noRedirect().Get(srv.AuthURL() + "?" + authParams(srv, verifier).Encode())
	require.NoError(t, err)
	res.Body.Close()
	loc, _ := url.Parse(res.Header.Get("Location"))
	code := loc.Query().Get("code")

	base := url.Values{"client_id": {srv.ClientID()}, "client_secret": {srv.ClientSecret()}}
	with := func(kv ...string) url.Values {
		v := url.Values{}
		for k, vals := range base {
			v[k] = vals
		}
		for i := 0; i < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	status, body := postForm(t, srv.TokenURL(), with("client_secret", "wrong", "grant_type", "authorization_code", "code", code))
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Equal(t, "invalid_client", body["error"])
	status, body = postForm(t, srv.TokenURL(), with("grant_type", "authorization_code", "code", code, "redirect_uri", redirect))
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "invalid_grant", body["error"], "missing verifier")
	status, body = postForm(t, srv.TokenURL(), with("grant_type", "password"))
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "unsupported_grant_type", body["error"])

	status, body = postForm(t, srv.TokenURL(), with("grant_type", "authorization_code", "code", code, "redirect_uri", redirect, "code_verifier", verifier))
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "Bearer", body["token_type"])
	assert.EqualValues(t, 3600, body["expires_in"])
	refresh, _ := body["refresh_token"].(string)
	require.NotEmpty(t, refresh)

	status, body = postForm(t, srv.TokenURL(), with("grant_type", "refresh_token", "refresh_token", refresh))
	require.Equal(t, http.StatusOK, status)
	assert.NotEmpty(t, body["access_token"])
	assert.NotContains(t, body, "refresh_token", "Google does not rotate it")

	assert.True(t, srv.Revoke(refresh))
	status, body = postForm(t, srv.TokenURL(), with("grant_type", "refresh_token", "refresh_token", refresh))
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "invalid_grant", body["error"])
	assert.Equal(t, 6, srv.TokenRequests())

	status, body = postForm(t, srv.RevokeURL(), url.Values{"token": {refresh}})
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "invalid_token", body["error"])
}

func TestCodeExpires(t *testing.T) {
	t.Parallel()
	var now atomic.Pointer[time.Time]
	t0 := time.Now()
	now.Store(&t0)
	srv := start(t, gcalfake.Options{Clock: func() time.Time { return *now.Load() }})
	verifier := oauth2.GenerateVerifier()
	res, err := noRedirect().Get(srv.AuthURL() + "?" + authParams(srv, verifier).Encode())
	require.NoError(t, err)
	res.Body.Close()
	loc, _ := url.Parse(res.Header.Get("Location"))
	later := t0.Add(11 * time.Minute)
	now.Store(&later)
	status, body := postForm(t, srv.TokenURL(), url.Values{
		"client_id": {srv.ClientID()}, "client_secret": {srv.ClientSecret()}, "grant_type": {"authorization_code"},
		"code": {loc.Query().Get("code")}, "redirect_uri": {redirect}, "code_verifier": {verifier},
	})
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "invalid_grant", body["error"])
}

func TestAPIErrorBodies(t *testing.T) {
	t.Parallel()
	srv := start(t, gcalfake.Options{})
	res, err := http.Get(srv.APIURL() + "users/me/calendarList")
	require.NoError(t, err)
	defer res.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, res.StatusCode)
	assert.Contains(t, res.Header.Get("WWW-Authenticate"), "Bearer")
	var body struct {
		Error struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
			Errors  []struct {
				Domain, Reason, Message string
			} `json:"errors"`
		} `json:"error"`
	}
	require.NoError(t, json.NewDecoder(res.Body).Decode(&body))
	assert.Equal(t, 401, body.Error.Code)
	assert.NotEmpty(t, body.Error.Message)
	require.Len(t, body.Error.Errors, 1)
	assert.Equal(t, "global", body.Error.Errors[0].Domain)
	assert.Equal(t, "authError", body.Error.Errors[0].Reason)

	srv.FailNext(1, 403, "userRateLimitExceeded")
	res2, err := http.Get(srv.APIURL() + "users/me/calendarList")
	require.NoError(t, err)
	raw, _ := io.ReadAll(res2.Body)
	res2.Body.Close()
	assert.Equal(t, 403, res2.StatusCode)
	assert.Contains(t, string(raw), `"domain":"usageLimits"`)
	assert.Contains(t, string(raw), `"reason":"userRateLimitExceeded"`)
}

// apiClient returns an http.Client with a valid access token for srv.
func apiClient(t *testing.T, srv *gcalfake.Server) *http.Client {
	t.Helper()
	verifier := oauth2.GenerateVerifier()
	cfg := &oauth2.Config{
		ClientID: srv.ClientID(), ClientSecret: srv.ClientSecret(), RedirectURL: redirect,
		Endpoint: oauth2.Endpoint{AuthURL: srv.AuthURL(), TokenURL: srv.TokenURL(), AuthStyle: oauth2.AuthStyleInParams},
		Scopes:   []string{"https://www.googleapis.com/auth/calendar.events"},
	}
	res, err := noRedirect().Get(cfg.AuthCodeURL("st", oauth2.AccessTypeOffline, oauth2.ApprovalForce, oauth2.S256ChallengeOption(verifier)))
	require.NoError(t, err)
	res.Body.Close()
	loc, _ := url.Parse(res.Header.Get("Location"))
	tok, err := cfg.Exchange(t.Context(), loc.Query().Get("code"), oauth2.VerifierOption(verifier))
	require.NoError(t, err)
	return cfg.Client(t.Context(), tok)
}

func TestListParameterRules(t *testing.T) {
	t.Parallel()
	srv := start(t, gcalfake.Options{})
	hc := apiClient(t, srv)
	get := func(query string) (int, map[string]any) {
		res, err := hc.Get(srv.APIURL() + "calendars/primary/events?" + query)
		require.NoError(t, err)
		defer res.Body.Close()
		var body map[string]any
		require.NoError(t, json.NewDecoder(res.Body).Decode(&body))
		return res.StatusCode, body
	}
	status, body := get("maxResults=10")
	require.Equal(t, 200, status)
	token, _ := body["nextSyncToken"].(string)
	require.NotEmpty(t, token)

	for _, p := range []string{"timeMin=2026-01-01T00:00:00Z", "timeMax=2026-01-01T00:00:00Z", "orderBy=startTime", "q=x", "updatedMin=2026-01-01T00:00:00Z", "showDeleted=false"} {
		status, _ := get("syncToken=" + url.QueryEscape(token) + "&" + p)
		assert.Equal(t, http.StatusBadRequest, status, p)
	}
	status, _ = get("syncToken=garbage")
	assert.Equal(t, http.StatusBadRequest, status)
	status, _ = get("pageToken=nope")
	assert.Equal(t, http.StatusBadRequest, status)
	status, body = get("orderBy=startTime")
	assert.Equal(t, 200, status)
	assert.NotContains(t, body, "nextSyncToken", "Google gives no sync token with orderBy")

	srv.InvalidateSyncTokens()
	status, body = get("syncToken=" + url.QueryEscape(token))
	assert.Equal(t, http.StatusGone, status)
	assert.Contains(t, toJSON(body), `"reason":"fullSyncRequired"`)
}

func TestInsertRejectsBadIDs(t *testing.T) {
	t.Parallel()
	srv := start(t, gcalfake.Options{})
	hc := apiClient(t, srv)
	post := func(body string) int {
		res, err := hc.Post(srv.APIURL()+"calendars/primary/events", "application/json", strings.NewReader(body))
		require.NoError(t, err)
		res.Body.Close()
		return res.StatusCode
	}
	times := `"start":{"dateTime":"2026-05-10T14:00:00-03:00"},"end":{"dateTime":"2026-05-10T15:00:00-03:00"}`
	assert.Equal(t, 400, post(`{"id":"UPPER","`+times[1:]+`}`))
	assert.Equal(t, 400, post(`{"id":"abc",`+times+`}`))
	assert.Equal(t, 200, post(`{"id":"abcde",`+times+`}`))
	assert.Equal(t, 409, post(`{"id":"abcde",`+times+`}`))
	assert.Equal(t, 200, post(`{`+times+`}`), "Google picks an id")
	assert.Equal(t, 400, post(`{"start":{"dateTime":"2026-05-10T14:00:00"},"end":{"dateTime":"2026-05-10T15:00:00"}}`), "no offset, no zone")
	assert.Equal(t, 200, post(`{"start":{"dateTime":"2026-05-10T14:00:00","timeZone":"America/Sao_Paulo"},"end":{"dateTime":"2026-05-10T15:00:00","timeZone":"America/Sao_Paulo"}}`))
	assert.Equal(t, 400, post(`{"start":{"date":"2026-05-10"},"end":{"dateTime":"2026-05-10T15:00:00Z"}}`))
	assert.Len(t, srv.Events("primary"), 3)
}

func TestHandlerMounts(t *testing.T) {
	t.Parallel()
	srv := gcalfake.New(gcalfake.Options{})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	res, err := http.Get(ts.URL + "/calendar/v3/users/me/calendarList")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, res.StatusCode)
	assert.Empty(t, srv.URL(), "not started")
}

func toJSON(v any) string {
	raw, _ := json.Marshal(v)
	return string(raw)
}
