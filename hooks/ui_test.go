package hooks_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"github.com/bancada/bancada/hooks/hooktest"
)

func TestTheStaffAppIsServedAtTheRoot(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	for _, sc := range []tests.ApiScenario{
		{Name: "index", Method: http.MethodGet, URL: "/", ExpectedStatus: 200, ExpectedContent: []string{"<!doctype html", "Bancada"}},
		{Name: "an app route falls back to index.html", Method: http.MethodGet, URL: "/os-board/123", ExpectedStatus: 200,
			ExpectedContent: []string{"<!doctype html"}},
		{Name: "the API keeps its routes", Method: http.MethodGet, URL: "/api/health", ExpectedStatus: 200,
			ExpectedContent: []string{`"code":200`}},
	} {
		sc.TestAppFactory, sc.DisableTestAppCleanup = hooktest.Factory(app), true
		sc.Test(t)
	}
}
