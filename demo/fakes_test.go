package demo_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/router"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/config"
	"github.com/bancada/bancada/demo"
	"github.com/bancada/bancada/hooks/hooktest"
)

func TestDemoFakesAnswerOnTheAppsOwnServer(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	var cfg *config.Config
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
		sc.BeforeTestFunc = func(t testing.TB, _ *tests.TestApp, se *core.ServeEvent) {
			cfg = &config.Config{}
			demo.MountFakes(se, cfg, "http://127.0.0.1:8090")
		}
		sc.Test(t)
	}
	require.Equal(t, "http://127.0.0.1:8090/_fake/evolution", cfg.EvolutionURL)
	require.Equal(t, "http://127.0.0.1:8090/_fake/asaas/v3", cfg.AsaasURL)
	require.Equal(t, "http://127.0.0.1:8090/_fake/google/calendar/v3/", cfg.GoogleAPIURL)
	require.True(t, cfg.EvolutionEnabled() && cfg.AsaasPlatformEnabled() && cfg.GoogleEnabled())
}

// TestTheDemoWebhookTokenIsRandom: the platform's Asaas webhook token of a
// demo is drawn at start, not a constant anyone can read in the source.
func TestTheDemoWebhookTokenIsRandom(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	tokens := map[string]bool{}
	for range 2 {
		cfg := &config.Config{}
		demo.MountFakes(&core.ServeEvent{App: app, Router: newRouter(t, app)}, cfg, "http://127.0.0.1:8090")
		require.Len(t, cfg.AsaasWebhookToken, 48)
		require.NotEqual(t, "demo-asaas-webhook-token-0123456789", cfg.AsaasWebhookToken)
		tokens[cfg.AsaasWebhookToken] = true
	}
	require.Len(t, tokens, 2, "a new token each start")
	cfg := &config.Config{AsaasWebhookToken: "dado-pelo-operador"}
	demo.MountFakes(&core.ServeEvent{App: app, Router: newRouter(t, app)}, cfg, "http://127.0.0.1:8090")
	require.Equal(t, "dado-pelo-operador", cfg.AsaasWebhookToken, "a configured token is kept")
}

func newRouter(t *testing.T, app core.App) *router.Router[*core.RequestEvent] {
	t.Helper()
	r, err := apis.NewRouter(app)
	require.NoError(t, err)
	return r
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
