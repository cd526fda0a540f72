package demo_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/config"
	"github.com/bancada/bancada/demo"
	"github.com/bancada/bancada/hooks/hooktest"
)

func TestDemoFakesAnswerOnTheAppsOwnServer(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	fakes, cfg := demo.NewFakes(config.Config{}, "http://127.0.0.1:8090/")
	for _, sc := range []tests.ApiScenario{
		{Name: "evolution", Method: http.MethodGet, URL: "/_fake/evolution/instance/fetchInstances",
			Headers: map[string]string{"apikey": demo.EvolutionKey}, ExpectedStatus: 200, ExpectedContent: []string{"[]"}},
		{Name: "evolution refuses another key", Method: http.MethodGet, URL: "/_fake/evolution/instance/fetchInstances",
			Headers: map[string]string{"apikey": "x"}, ExpectedStatus: 401, ExpectedContent: []string{"Unauthorized"}},
		{Name: "asaas, as the demo shop", Method: http.MethodGet, URL: "/_fake/asaas/v3/customers?limit=1",
			Headers: map[string]string{"access_token": demo.AsaasShopKey, "User-Agent": "t"}, ExpectedStatus: 200,
			ExpectedContent: []string{`"object":"list"`}},
		{Name: "google's calendar API wants a token", Method: http.MethodGet, URL: "/_fake/google/calendar/v3/users/me/calendarList",
			ExpectedStatus: 401, ExpectedContent: []string{`"error"`}},
	} {
		sc.TestAppFactory = func(testing.TB) *tests.TestApp { return app }
		sc.DisableTestAppCleanup = true
		sc.BeforeTestFunc = func(t testing.TB, _ *tests.TestApp, se *core.ServeEvent) { fakes.Mount(se) }
		sc.Test(t)
	}
	require.Equal(t, "http://127.0.0.1:8090/_fake/evolution", cfg.EvolutionURL)
	require.Equal(t, "http://127.0.0.1:8090/_fake/asaas/v3", cfg.AsaasURL)
	require.Equal(t, "http://127.0.0.1:8090/_fake/google/calendar/v3/", cfg.GoogleAPIURL)
	require.True(t, cfg.EvolutionEnabled() && cfg.AsaasPlatformEnabled() && cfg.GoogleEnabled())
}

// After a restart the in-process fake Evolution is empty: a shop that was
// connected shows as disconnected instead of pretending to be connected
// (the wiring calls ForgetLostSessions when the demo starts), and the
// fake's control page answers under its prefix.
func TestDemoRestartForgetsWhatsAppSessionsTheFakeLost(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	set := func(s *hooktest.Shop, st collections.IntegrationStatus) {
		tn := collections.AsTenant(s.Tenant)
		tn.SetWhatsAppStatus(st)
		require.NoError(t, app.Save(tn))
	}
	set(f.A, collections.IntegrationConnected)
	set(f.B, collections.IntegrationWaitingQR)
	status := func(s *hooktest.Shop) collections.IntegrationStatus {
		r, err := app.FindRecordById(collections.Tenants, s.ID())
		require.NoError(t, err)
		return collections.AsTenant(r).WhatsAppStatus()
	}
	fakes, _ := demo.NewFakes(config.Config{}, "http://127.0.0.1:8090")
	sc := tests.ApiScenario{
		Name: "the control page's scan form posts under the prefix", Method: http.MethodPost,
		URL:     "/_fake/evolution/_fake/scan",
		Body:    strings.NewReader("instance=desconhecida&phone=5511912345678"),
		Headers: map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
		// the fake answers (it knows no such instance), not the app's 404
		ExpectedStatus: 400, ExpectedContent: []string{"desconhecida"},
		TestAppFactory: func(testing.TB) *tests.TestApp { return app }, DisableTestAppCleanup: true,
		BeforeTestFunc: func(t testing.TB, _ *tests.TestApp, se *core.ServeEvent) { fakes.Mount(se) },
	}
	sc.Test(t)
	require.NoError(t, fakes.ForgetLostSessions(app))
	require.Equal(t, collections.IntegrationDisconnected, status(f.A))
	require.Equal(t, collections.IntegrationDisconnected, status(f.B))
}

func TestBannerShowsTheStaffApp(t *testing.T) {
	t.Parallel()
	got := demo.Banner("http://localhost:8090/", true)
	require.Contains(t, got, "Loja de demonstração criada: Assistência Demo\n")
	require.Contains(t, got, "Aplicativo da loja (balcão, quadro, OS): http://localhost:8090/\n")
	require.Contains(t, got, "http://localhost:8090/_fake/evolution/_fake/\n")
	require.Contains(t, got, "dono@demo.bancada.app")
	require.Contains(t, got, "operador da plataforma (painel em http://localhost:8090/_/)")
	require.NotContains(t, demo.Banner("http://localhost:8090", false), "criada")
}

// TestTheDemoWebhookTokenIsRandom: the platform's Asaas webhook token of a
// demo is drawn at start, not a constant anyone can read in the source.
func TestTheDemoWebhookTokenIsRandom(t *testing.T) {
	t.Parallel()
	tokens := map[string]bool{}
	for range 2 {
		_, cfg := demo.NewFakes(config.Config{}, "http://127.0.0.1:8090")
		require.Len(t, cfg.AsaasWebhookToken, 48)
		require.NotEqual(t, "demo-asaas-webhook-token-0123456789", cfg.AsaasWebhookToken)
		tokens[cfg.AsaasWebhookToken] = true
	}
	require.Len(t, tokens, 2, "a new token each start")
	_, cfg := demo.NewFakes(config.Config{AsaasWebhookToken: "dado-pelo-operador"}, "http://127.0.0.1:8090")
	require.Equal(t, "dado-pelo-operador", cfg.AsaasWebhookToken, "a configured token is kept")
}

func TestTheDemoRunsOnLoopbackOnlyUnlessPublic(t *testing.T) {
	t.Parallel()
	for _, addr := range []string{"127.0.0.1:8090", "[::1]:8090", "localhost:8090", "127.0.0.2:80"} {
		require.NoError(t, demo.CheckAddress(addr, false), addr)
	}
	for _, addr := range []string{"0.0.0.0:8090", ":8090", "[::]:8090", "192.168.0.10:8090", ":443", ""} {
		err := demo.CheckAddress(addr, false)
		require.ErrorContains(t, err, "is reachable from other machines", addr)
		require.ErrorContains(t, err, "--demo-public", addr)
		require.NoError(t, demo.CheckAddress(addr, true), addr)
	}
}
