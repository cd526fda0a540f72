package hooks_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks"
	"github.com/bancada/bancada/hooks/hooktest"
)

// TestReadGateCoversRecordListsAndViewsOnly checks, on PocketBase's real
// routes, which requests wait their turn at the read gate: record lists and
// views do; writes, realtime, files and Bancada's routes do not.
func TestReadGateCoversRecordListsAndViewsOnly(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	order := f.A.Rec[collections.Orders]
	owner := hooktest.Auth(t, f.A.Owner)
	for _, tc := range []struct {
		method, url, body string
		status            int
		gated             bool
	}{
		{http.MethodGet, "/api/collections/orders/records?filter=tenant='" + f.A.ID() + "'", "", 200, true},
		{http.MethodGet, "/api/collections/orders/records/" + order.Id, "", 200, true},
		{http.MethodGet, "/api/collections/customers/records", "", 200, true},
		{http.MethodPatch, "/api/collections/orders/records/" + order.Id, `{"notes":"x"}`, 200, false},
		{http.MethodPost, "/api/collections/customers/records", `{}`, 400, false},
		{http.MethodGet, "/api/collections/orders", "", 403, false},
		{http.MethodGet, "/api/health", "", 200, false},
		{http.MethodGet, "/api/bancada/info", "", 200, false},
	} {
		var pattern string
		sc := tests.ApiScenario{
			Name: tc.method + " " + tc.url, Method: tc.method, URL: tc.url, Headers: owner,
			Body:           strings.NewReader(tc.body),
			ExpectedStatus: tc.status, ExpectedContent: []string{"{"},
			TestAppFactory: hooktest.Factory(app), DisableTestAppCleanup: true,
			BeforeTestFunc: func(_ testing.TB, _ *tests.TestApp, e *core.ServeEvent) {
				e.Router.Bind(&hook.Handler[*core.RequestEvent]{
					Func: func(re *core.RequestEvent) error {
						pattern = re.Request.Pattern
						return re.Next()
					},
				})
			},
		}
		sc.Test(t)
		require.NotEmpty(t, pattern, sc.Name)
		require.Equal(t, tc.gated, hooks.GatedRead(pattern), "%s (route %s)", sc.Name, pattern)
	}
}

// TestReadGateFollowsTheSetting: --read-concurrency off removes the gate.
func TestReadGateFollowsTheSetting(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		setting int
		bound   bool
	}{{0, true}, {3, true}, {-1, false}} {
		env := hooktest.New(t, func(d *hooks.Deps) { d.Config.ReadConcurrency = tc.setting })
		bound := false
		sc := tests.ApiScenario{
			Name: "health", Method: http.MethodGet, URL: "/api/health",
			ExpectedStatus: 200, ExpectedContent: []string{"healthy"},
			TestAppFactory: hooktest.Factory(env.App), DisableTestAppCleanup: true,
			BeforeTestFunc: func(_ testing.TB, _ *tests.TestApp, e *core.ServeEvent) {
				for _, h := range e.Router.Middlewares {
					bound = bound || h.Id == hooks.ReadGateID
				}
			},
		}
		sc.Test(t)
		require.Equal(t, tc.bound, bound, "setting %d", tc.setting)
	}
}
