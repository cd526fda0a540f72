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
		{Name: "the public URL for links customers open", Method: http.MethodGet, URL: "/api/bancada/info", ExpectedStatus: 200,
			ExpectedContent: []string{`"public_url":"https://bancada.test"`}},
		{Name: "an unknown API path is a JSON 404, not the app", Method: http.MethodGet, URL: "/api/bancada/nada", ExpectedStatus: 404,
			ExpectedContent: []string{`"status":404`}, NotExpectedContent: []string{"<!doctype"}},
	} {
		sc.TestAppFactory, sc.DisableTestAppCleanup = hooktest.Factory(app), true
		sc.Test(t)
	}
}
