package googlesync_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/appointments"
	"github.com/bancada/bancada/hooks/googlesync"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/hooks/messaging"
	"github.com/bancada/bancada/hooks/secrets"
	"github.com/bancada/bancada/integrations/gcal"
)

func TestGoogleRoutesSayWhenUnconfigured(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	off := []string{`BANCADA_GOOGLE_CLIENT_ID`, `não está configurada`}
	for _, sc := range []tests.ApiScenario{
		{Name: "connect", Method: http.MethodGet, URL: "/api/bancada/google/connect", Headers: hooktest.Auth(t, f.A.Owner)},
		{Name: "callback", Method: http.MethodGet, URL: "/api/bancada/google/callback?code=x&state=y"},
		{Name: "calendars", Method: http.MethodGet, URL: "/api/bancada/google/calendars", Headers: hooktest.Auth(t, f.A.Owner)},
		{Name: "pick", Method: http.MethodPost, URL: "/api/bancada/google/calendar", Headers: hooktest.Auth(t, f.A.Owner),
			Body: hooktest.JSON(t, map[string]string{"calendar": "x"})},
		{Name: "disconnect", Method: http.MethodPost, URL: "/api/bancada/google/disconnect", Headers: hooktest.Auth(t, f.A.Owner)},
	} {
		sc.ExpectedStatus, sc.ExpectedContent = http.StatusServiceUnavailable, off
		sc.TestAppFactory, sc.DisableTestAppCleanup = hooktest.Factory(app), true
		sc.Test(t)
	}
	// Appointments work without Google.
	require.NoError(t, hooktest.New(t).Wired.Services.GoogleSync.SyncAll(context.Background(), app))
}

// TestGoogleOAuthFlow: consent with a signed, expiring state; tampering
// and expiry rejected; tokens stored encrypted; refreshed tokens
// persisted; a revoked grant marks the shop "reconnect" and alerts it,
// while appointments keep working.
func TestGoogleOAuthFlow(t *testing.T) {
	t.Parallel()
	g := newGoogleEnv(t, false)
	a, b := g.F.A, g.F.B

	// Only the owner of the shop starts the connection.
	res := g.get(t, a.Manager, "/api/bancada/google/connect")
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	res = g.get(t, b.Owner, "/api/bancada/google/connect?tenant="+a.ID())
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	// A browser navigation is redirected to Google.
	req, _ := http.NewRequest(http.MethodGet, g.Srv.URL+"/api/bancada/google/connect", nil)
	req.Header.Set("Authorization", hooktest.Token(t, a.Owner))
	req.Header.Set("Accept", "text/html,application/xhtml+xml")
	nav, err := g.Browser.Do(req)
	require.NoError(t, err)
	nav.Body.Close()
	assert.Equal(t, http.StatusFound, nav.StatusCode)
	assert.True(t, strings.HasPrefix(nav.Header.Get("Location"), g.Fake.AuthURL()))

	// A tampered state is refused and stores nothing.
	loc := g.consent(t, a.Owner)
	q := loc.Query()
	for _, bad := range []string{
		strings.Replace(q.Get("state"), q.Get("state")[:4], "AAAA", 1), // payload changed
		q.Get("state") + "x", // signature changed
		"", "garbage",
	} {
		forged := *loc
		qq := forged.Query()
		qq.Set("state", bad)
		forged.RawQuery = qq.Encode()
		res := g.callback(t, &forged)
		assert.Equal(t, http.StatusBadRequest, res.StatusCode, bad)
	}
	// A state for shop A cannot be replayed as B: the claims are signed.
	assert.Equal(t, collections.IntegrationOff, g.tenant(t, a).GoogleStatus())

	// The consent link finished in another browser (sent to someone else)
	// is refused: the state is bound to the browser that started it.
	other, err := http.NewRequest(http.MethodGet, g.Srv.URL+loc.Path+"?"+loc.RawQuery, nil)
	require.NoError(t, err)
	res, err = noRedirects(g.Srv.Client()).Do(other)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
	assert.Equal(t, collections.IntegrationOff, g.tenant(t, a).GoogleStatus())

	// Expired: the owner took more than 10 minutes.
	g.Clock.Add(11 * time.Minute)
	res = g.callback(t, loc)
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
	var e struct{ Message string }
	decode(t, res, &e)
	assert.Contains(t, e.Message, "expirou")
	assert.Equal(t, collections.IntegrationOff, g.tenant(t, a).GoogleStatus())

	// The user clicks "Cancel" on Google's screen.
	g.Fake.DenyNext()
	res = g.callback(t, g.consent(t, a.Owner))
	assert.Equal(t, "/integracoes?google=negado", res.Header.Get("Location"))
	// The user unticks a permission: the grant is refused and revoked.
	g.Fake.GrantNext("https://www.googleapis.com/auth/calendar.events")
	res = g.callback(t, g.consent(t, a.Owner))
	assert.Equal(t, "/integracoes?google=permissoes", res.Header.Get("Location"))
	assert.Equal(t, collections.IntegrationOff, g.tenant(t, a).GoogleStatus())

	// The real thing.
	g.connect(t, a)
	tn := g.tenant(t, a)
	assert.Equal(t, collections.IntegrationConnected, tn.GoogleStatus())
	assert.Equal(t, "primary", tn.GoogleCalendar())
	assert.Equal(t, collections.IntegrationOff, g.tenant(t, b).GoogleStatus(), "B untouched")
	secret, err := g.App.FindFirstRecordByFilter(collections.Secrets, "tenant = {:t} && kind = {:k}",
		map[string]any{"t": a.ID(), "k": collections.SecretGoogleToken})
	require.NoError(t, err)
	sealed := secret.GetString(collections.SecretValue)
	assert.True(t, strings.HasPrefix(sealed, "v1:"), "encrypted at rest")
	assert.NotContains(t, sealed, "ya29.")
	plain, err := g.Deps.Vault.Open(secrets.Context(a.ID(), collections.SecretGoogleToken), sealed)
	require.NoError(t, err)
	var tok oauth2.Token
	require.NoError(t, json.Unmarshal([]byte(plain), &tok))
	assert.NotEmpty(t, tok.RefreshToken)
	_, err = g.App.FindFirstRecordByFilter(collections.Secrets, "tenant = {:t} && kind = {:k}",
		map[string]any{"t": a.ID(), "k": collections.SecretGoogleSyncToken})
	require.NoError(t, err, "the first full sync stored a sync token")

	// The owner lists and picks calendars; managers may not (owners only,
	// like every Google route).
	g.Fake.AddCalendar("oficina@group.calendar.google.com", "Oficina", "America/Sao_Paulo", "writer")
	g.Fake.AddCalendar("feriados@group.v.calendar.google.com", "Feriados", "America/Sao_Paulo", "reader")
	res = g.get(t, a.Manager, "/api/bancada/google/calendars")
	require.Equal(t, http.StatusForbidden, res.StatusCode, "a manager")
	res.Body.Close()
	res = g.get(t, a.Owner, "/api/bancada/google/calendars")
	require.Equal(t, http.StatusOK, res.StatusCode)
	var cals struct {
		Calendars []struct {
			ID                          string
			Primary, Writable, Selected bool
		}
	}
	decode(t, res, &cals)
	require.Len(t, cals.Calendars, 3)
	assert.True(t, cals.Calendars[0].Primary && cals.Calendars[0].Selected && cals.Calendars[0].Writable)
	res = g.get(t, b.Owner, "/api/bancada/google/calendars")
	assert.Equal(t, http.StatusConflict, res.StatusCode, "B is not connected")
	res = g.get(t, b.Owner, "/api/bancada/google/calendars?tenant="+a.ID())
	assert.Equal(t, http.StatusForbidden, res.StatusCode, "B never sees A's calendars")
	res = g.do(t, b.Owner, http.MethodPost, "/api/bancada/google/calendar?tenant="+a.ID(), map[string]string{"calendar": "oficina@group.calendar.google.com"})
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	res = g.do(t, a.Owner, http.MethodPost, "/api/bancada/google/calendar", map[string]string{"calendar": "feriados@group.v.calendar.google.com"})
	assert.Equal(t, http.StatusBadRequest, res.StatusCode, "read-only")
	res = g.do(t, a.Owner, http.MethodPost, "/api/bancada/google/calendar", map[string]string{"calendar": "nope"})
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
	res = g.do(t, a.Manager, http.MethodPost, "/api/bancada/google/calendar", map[string]string{"calendar": "oficina@group.calendar.google.com"})
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	res = g.do(t, a.Owner, http.MethodPost, "/api/bancada/google/calendar", map[string]string{"calendar": "oficina@group.calendar.google.com"})
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "oficina@group.calendar.google.com", g.tenant(t, a).GoogleCalendar())

	// Access tokens die: the next call refreshes and the new token is stored.
	book := func(day, hour int) *collections.Appointment {
		ap, err := g.Appts.Book(g.App, appointments.BookRequest{Tenant: a.ID(), Customer: a.Rec[collections.Customers].Id,
			Kind: collections.KindDropOff, Start: at(day, hour, 0), Source: collections.SourceStaff, Now: g.Clock.Now()})
		require.NoError(t, err)
		return ap
	}
	before := g.Fake.TokenRequests()
	g.Fake.ExpireAccessTokens()
	ap := book(27, 10)
	g.drain(t)
	g.Clock.Add(time.Hour) // past the retry's backoff
	g.drain(t)
	assert.Greater(t, g.Fake.TokenRequests(), before, "refreshed")
	assert.NotEmpty(t, reload(t, g.App, ap.Id).GoogleEventID(), "delivered after the refresh")
	plain2, err := g.Deps.Vault.Open(secrets.Context(a.ID(), collections.SecretGoogleToken), mustSecret(t, g, a.ID(), collections.SecretGoogleToken))
	require.NoError(t, err)
	var tok2 oauth2.Token
	require.NoError(t, json.Unmarshal([]byte(plain2), &tok2))
	assert.NotEqual(t, tok.AccessToken, tok2.AccessToken, "refreshed token persisted")
	assert.Equal(t, tok.RefreshToken, tok2.RefreshToken)

	// The owner revokes access in Google: the shop is marked, alerted once,
	// and appointments keep working.
	g.Fake.RevokeAll()
	ap2 := book(27, 11)
	for range 3 {
		g.drain(t)
		g.Clock.Add(time.Hour)
	}
	assert.Equal(t, collections.IntegrationReconnect, g.tenant(t, a).GoogleStatus())
	alerts := 0
	for _, r := range g.outboxRows(t, messaging.KindSend) {
		if strings.Contains(r.GetString(collections.OutboxPayload), "Google Agenda") {
			alerts++
			assert.Equal(t, messaging.PlatformLane, r.GetString(collections.OutboxLane))
		}
	}
	assert.Equal(t, 1, alerts)
	assert.Empty(t, reload(t, g.App, ap2.Id).GoogleEventID())
	n := len(g.outboxRows(t, googlesync.KindUpsert))
	book(27, 12)
	assert.Len(t, g.outboxRows(t, googlesync.KindUpsert), n, "nothing queued for a shop that must reconnect")
	slots, err := g.Appts.FreeSlots(g.App, a.ID(), g.Clock.Now(), at(27, 0, 0), at(28, 0, 0), collections.KindDropOff, 0)
	require.NoError(t, err)
	assert.NotEmpty(t, slots)

	// Reconnecting pushes the upcoming appointments again.
	g.connect(t, a)
	assert.Equal(t, collections.IntegrationConnected, g.tenant(t, a).GoogleStatus())
	assert.NotEmpty(t, reload(t, g.App, ap2.Id).GoogleEventID())
	assert.Len(t, liveEvents(g, "oficina@group.calendar.google.com"), 4, "the seeded one and the three booked")
	assert.Empty(t, liveEvents(g, g.Fake.PrimaryCalendarID()), "the events left the calendar the owner stopped using")

	// Disconnecting forgets the grant and revokes it at Google.
	res = g.do(t, a.Owner, http.MethodPost, "/api/bancada/google/disconnect", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, collections.IntegrationDisconnected, g.tenant(t, a).GoogleStatus())
	g.drain(t)
	revoke := g.outboxRows(t, googlesync.KindRevoke)
	require.Len(t, revoke, 1)
	assert.Equal(t, collections.OutboxSent, revoke[0].GetString(collections.OutboxStatus))
	assert.NotContains(t, revoke[0].GetString(collections.OutboxPayload), "1//fake-", "the grant travels sealed")
	n, _ = countSecrets(t, g, a.ID())
	assert.Zero(t, n)
}

func mustSecret(t testing.TB, g *gEnv, tenantID, kind string) string {
	t.Helper()
	r, err := g.App.FindFirstRecordByFilter(collections.Secrets, "tenant = {:t} && kind = {:k}", map[string]any{"t": tenantID, "k": kind})
	require.NoError(t, err)
	return r.GetString(collections.SecretValue)
}

func countSecrets(t testing.TB, g *gEnv, tenantID string) (int, error) {
	t.Helper()
	rows, err := g.App.FindAllRecords(collections.Secrets, hooktest.Eq(collections.SecretTenant, tenantID))
	return len(rows), err
}

// liveEvents are the calendar's events that are not cancelled.
func liveEvents(g *gEnv, calendarID string) map[string]string {
	out := map[string]string{}
	for _, e := range g.Fake.Events(calendarID) {
		if e.Status != gcal.StatusCancelled {
			out[e.Id] = e.Start.DateTime
		}
	}
	return out
}
