package gcal_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/bancada/bancada/integrations/gcal"
	"github.com/bancada/bancada/integrations/gcal/gcalfake"
	"github.com/bancada/bancada/internal/testclock"
)

const redirectURL = "https://bancada.example/oauth/google/callback"

var stateSecret = []byte("0123456789abcdef0123456789abcdef")

// clock is the shared settable test clock.
type clock = testclock.Clock

func newClock(t time.Time) *clock { return testclock.New(t) }

// startFake serves a fake Google and returns a Config pointing at it.
func startFake(t *testing.T, opts gcalfake.Options) (*gcalfake.Server, gcal.Config) {
	t.Helper()
	if opts.RedirectURIs == nil {
		opts.RedirectURIs = []string{redirectURL}
	}
	srv := gcalfake.New(opts)
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, gcal.Config{
		ClientID:     srv.ClientID(),
		ClientSecret: srv.ClientSecret(),
		RedirectURL:  redirectURL,
		AuthURL:      srv.AuthURL(),
		TokenURL:     srv.TokenURL(),
		RevokeURL:    srv.RevokeURL(),
		APIURL:       srv.APIURL(),
	}
}

// authorize opens the consent URL like a browser that stops at the redirect
// and returns the callback's query.
func authorize(t *testing.T, consentURL string) url.Values {
	t.Helper()
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := hc.Get(consentURL)
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, http.StatusFound, res.StatusCode)
	loc, err := url.Parse(res.Header.Get("Location"))
	require.NoError(t, err)
	require.Equal(t, redirectURL, loc.Scheme+"://"+loc.Host+loc.Path)
	return loc.Query()
}

// connect runs the whole consent flow and returns the stored token.
func connect(t *testing.T, cfg gcal.Config) *oauth2.Token {
	t.Helper()
	state := gcal.SignState(stateSecret, gcal.StateClaims{TenantID: "t1", UserID: "u1", ExpiresAt: time.Now().Add(10 * time.Minute)})
	verifier := gcal.StateVerifier(stateSecret, state)
	q := authorize(t, cfg.AuthCodeURL(state, verifier))
	require.Equal(t, state, q.Get("state"))
	tok, err := cfg.Exchange(context.Background(), q.Get("code"), gcal.StateVerifier(stateSecret, q.Get("state")))
	require.NoError(t, err)
	return tok
}

// newConnectedCalendar returns a fake, its Config and a Calendar client
// authenticated through the real OAuth flow.
func newConnectedCalendar(t *testing.T, opts gcalfake.Options, copts ...gcal.CalendarOption) (*gcalfake.Server, *gcal.Calendar) {
	t.Helper()
	srv, cfg := startFake(t, opts)
	tok := connect(t, cfg)
	ts := cfg.TokenSource(context.Background(), tok, func(*oauth2.Token) error { return nil })
	cal, err := gcal.NewCalendar(context.Background(), cfg, ts, copts...)
	require.NoError(t, err)
	return srv, cal
}

// httpStatusServer answers every request with status and returns its URL.
func httpStatusServer(t *testing.T, status int) string {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(status)
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}
