package demo_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

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
