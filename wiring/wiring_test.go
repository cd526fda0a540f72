package wiring_test

import (
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/deps"
	"github.com/bancada/bancada/hooks/hooktest"
)

func TestMain(m *testing.M) { os.Exit(hooktest.Main(m)) }

// TestDemoSlotsConsultGoogle: in demo mode the fake Google is configured
// before the calendar is bound, so free slots leave out the busy periods
// of a connected shop's Google calendar. (When main pointed the
// configuration at the fakes after binding, the calendar had read it
// already: Google "was not configured" for slots.)
func TestDemoSlotsConsultGoogle(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(nil)
	t.Cleanup(srv.Close)
	env := hooktest.New(t, func(d *deps.Deps) {
		d.Config.Demo = true
		d.Config.PublicURL = srv.URL
	})
	require.Equal(t, srv.URL+"/_fake/google/calendar/v3/", env.Deps.Config.GoogleAPIURL)
	srv.Config.Handler = hooktest.Handler(t, env.App)
	shop := hooktest.SeedShop(t, env.App, "A", false)
	hooktest.Must(t, env.App.Delete(shop.Rec[collections.Appointments])) // the day's slots are all free

	// The owner connects the shop's Google calendar (the fake consents).
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	browser := &http.Client{Jar: jar}
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/api/bancada/google/connect?tenant="+shop.ID(), nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", hooktest.Token(t, shop.Owner))
	res, err := browser.Do(req)
	require.NoError(t, err)
	var consent struct{ URL string }
	require.NoError(t, json.NewDecoder(res.Body).Decode(&consent))
	res.Body.Close()
	require.True(t, strings.HasPrefix(consent.URL, srv.URL+"/_fake/google/"), consent.URL)
	res, err = browser.Get(consent.URL) // consent → callback → /integracoes
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, "/integracoes", res.Request.URL.Path, res.Request.URL.String())
	require.Equal(t, "conectado", res.Request.URL.Query().Get("google"))
	require.NoError(t, env.Deps.Outbox.Drain(t.Context()))

	// Google says 09:00–09:30 (São Paulo) on Thursday is busy.
	env.Wired.Fakes.Google.AddBusy("primary", time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC), time.Date(2026, 11, 26, 12, 30, 0, 0, time.UTC))
	status, body := hooktest.Call(t, srv.URL, http.MethodGet,
		"/api/bancada/slots?tenant="+shop.ID()+"&from=2026-11-26T12:00:00Z&to=2026-11-26T13:00:00Z", shop.Owner, nil)
	require.Equal(t, http.StatusOK, status, string(body))
	require.NotContains(t, string(body), `"label":"qui 26/11 09:00"`, "Google's busy period is left out")
	require.Contains(t, string(body), `"label":"qui 26/11 09:30"`)
}
