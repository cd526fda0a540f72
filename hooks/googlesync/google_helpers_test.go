package googlesync_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/appointments"
	"github.com/bancada/bancada/hooks/deps"
	"github.com/bancada/bancada/hooks/googlesync"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/integrations/gcal/gcalfake"
	"github.com/bancada/bancada/internal/testclock"
)

// clock is the shared settable test clock.
type clock = testclock.Clock

// gEnv is an app wired to a fake Google, served over real HTTP.
type gEnv struct {
	*hooktest.Env
	Fake  *gcalfake.Server
	Clock *clock
	Srv   *httptest.Server
	F     *hooktest.Fixture
	// Browser is the owner's browser: keeps cookies, reports redirects.
	Browser *http.Client
	// Appts and Sync are the services the wiring built.
	Appts *appointments.Service
	Sync  *googlesync.Service
}

// newGoogleEnv starts a fake Google and an app configured for it, served
// by a loopback server (HTTPS when tls, so push channels are opened and
// the fake can deliver to the webhook).
func newGoogleEnv(t *testing.T, tls bool) *gEnv {
	t.Helper()
	return newGoogleEnvAt(t, tls, hooktest.Now)
}

// newGoogleEnvAt is newGoogleEnv with the shared clock starting at now.
func newGoogleEnvAt(t *testing.T, tls bool, now time.Time) *gEnv {
	t.Helper()
	c := testclock.New(now)
	g := &gEnv{Clock: c}
	// The fake Google runs on the test clock too: token and push-channel
	// expiries must be judged by one clock on both sides.
	opts := gcalfake.Options{Clock: c.Now}
	if tls {
		g.Srv = httptest.NewUnstartedServer(nil)
		g.Srv.StartTLS()
		opts.PushClient = g.Srv.Client()
	} else {
		g.Srv = httptest.NewServer(nil)
	}
	t.Cleanup(g.Srv.Close)
	g.Fake = gcalfake.New(opts)
	g.Fake.Start()
	t.Cleanup(g.Fake.Close)
	g.Env = hooktest.New(t, func(d *deps.Deps) {
		d.Now = c.Now
		d.Config.PublicURL = g.Srv.URL
		d.Config.GoogleClientID = g.Fake.ClientID()
		d.Config.GoogleClientSecret = g.Fake.ClientSecret()
		d.Config.GoogleAuthURL = g.Fake.AuthURL()
		d.Config.GoogleTokenURL = g.Fake.TokenURL()
		d.Config.GoogleAPIURL = g.Fake.APIURL()
	})
	g.Appts, g.Sync = g.Wired.Services.Appointments, g.Wired.Services.GoogleSync
	g.Srv.Config.Handler = hooktest.Handler(t, g.App)
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	g.Browser = noRedirects(g.Srv.Client())
	g.Browser.Jar = jar
	g.F = lightSeed(t, g.App)
	g.F.A.Owner = hooktest.NewStaff(t, g.App, g.F.A.ID(), "donoA", collections.RoleOwner)
	g.F.A.Manager = hooktest.NewStaff(t, g.App, g.F.A.ID(), "gerenteA", collections.RoleManager)
	g.F.B.Owner = hooktest.NewStaff(t, g.App, g.F.B.ID(), "donoB", collections.RoleOwner)
	return g
}

// noRedirects is a client that reports redirects instead of following them.
func noRedirects(base *http.Client) *http.Client {
	c := *base
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

// get does a GET as user (nil: anonymous) and returns the response.
func (g *gEnv) get(t testing.TB, user *core.Record, path string) *http.Response {
	t.Helper()
	return g.do(t, user, http.MethodGet, path, nil)
}

func (g *gEnv) do(t testing.TB, user *core.Record, method, path string, body any) *http.Response {
	t.Helper()
	var rd *strings.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(t, err)
		rd = strings.NewReader(string(b))
	} else {
		rd = strings.NewReader("")
	}
	req, err := http.NewRequest(method, g.Srv.URL+path, rd)
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	if user != nil {
		req.Header.Set("Authorization", hooktest.Token(t, user))
	}
	res, err := g.Browser.Do(req)
	require.NoError(t, err)
	t.Cleanup(func() { res.Body.Close() })
	return res
}

// decode reads a JSON answer.
func decode(t testing.TB, res *http.Response, v any) {
	t.Helper()
	require.NoError(t, json.NewDecoder(res.Body).Decode(v))
}

// consent asks the app for the consent URL as owner and plays the consent
// screen at the fake; it returns the callback URL Google redirects to.
func (g *gEnv) consent(t testing.TB, owner *core.Record) *url.URL {
	t.Helper()
	res := g.get(t, owner, "/api/bancada/google/connect")
	require.Equal(t, http.StatusOK, res.StatusCode)
	var body struct{ URL string }
	decode(t, res, &body)
	require.True(t, strings.HasPrefix(body.URL, g.Fake.AuthURL()), body.URL)
	back, err := noRedirects(http.DefaultClient).Get(body.URL)
	require.NoError(t, err)
	back.Body.Close()
	require.Equal(t, http.StatusFound, back.StatusCode)
	loc, err := url.Parse(back.Header.Get("Location"))
	require.NoError(t, err)
	require.Equal(t, g.Srv.URL+"/api/bancada/google/callback", loc.Scheme+"://"+loc.Host+loc.Path)
	return loc
}

// callback follows Google's redirect into the app.
func (g *gEnv) callback(t testing.TB, loc *url.URL) *http.Response {
	t.Helper()
	return g.get(t, nil, loc.Path+"?"+loc.RawQuery)
}

// connect runs the whole OAuth flow for shop s and the first sync.
func (g *gEnv) connect(t testing.TB, s *hooktest.Shop) {
	t.Helper()
	res := g.callback(t, g.consent(t, s.Owner))
	require.Equal(t, http.StatusFound, res.StatusCode)
	require.Equal(t, "/integracoes?google=conectado", res.Header.Get("Location"))
	g.drain(t)
}

// drain runs the outbox and the inbox until nothing is due.
func (g *gEnv) drain(t testing.TB) {
	t.Helper()
	ctx := context.Background()
	for range 3 {
		require.NoError(t, g.Deps.Outbox.Drain(ctx))
		require.NoError(t, g.Deps.Inbox.Drain(ctx))
	}
}

// tenant reloads a shop's tenant.
func (g *gEnv) tenant(t testing.TB, s *hooktest.Shop) *collections.Tenant {
	t.Helper()
	r, err := g.App.FindRecordById(collections.Tenants, s.ID())
	require.NoError(t, err)
	return collections.AsTenant(r)
}

// outboxRows returns the outbox rows of kind.
func (g *gEnv) outboxRows(t testing.TB, kind string) []*core.Record {
	t.Helper()
	rows, err := g.App.FindAllRecords(collections.Outbox, hooktest.Eq(collections.OutboxKind, kind))
	require.NoError(t, err)
	return rows
}
