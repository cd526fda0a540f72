package hooks_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"github.com/bancada/bancada/hooks/hooktest"
)

// A list page holds at most 200 records for staff (a page of 1,000
// maximal orders would be a 76 MB answer); the answer says so in perPage,
// which clients page by. Superusers keep PocketBase's own limit.
func TestListPagesAreCappedAt200(t *testing.T) {
	t.Parallel()
	w := newGuardWorld(t)
	tenant := "tenant%3D%22" + w.f.A.ID() + "%22"
	su := newSuperuser(t, w.app)
	w.run(t, []tests.ApiScenario{
		{Name: "staff ask for 1000", Method: http.MethodGet, URL: records("orders", "perPage=1000&skipTotal=1&filter="+tenant),
			Headers: hooktest.Auth(t, w.f.A.Owner), ExpectedStatus: 200, ExpectedContent: []string{`"perPage":200`}},
		{Name: "staff ask for 150", Method: http.MethodGet, URL: records("customers", "perPage=150&skipTotal=1&filter="+tenant),
			Headers: hooktest.Auth(t, w.f.A.Attend), ExpectedStatus: 200, ExpectedContent: []string{`"perPage":150`}},
		{Name: "anonymous ask for 1000", Method: http.MethodGet, URL: records("plans", "perPage=1000&skipTotal=1"),
			ExpectedStatus: 200, ExpectedContent: []string{`"perPage":200`}},
		{Name: "a superuser keeps PocketBase's limit", Method: http.MethodGet, URL: records("orders", "perPage=1000&skipTotal=1"),
			Headers: hooktest.Auth(t, su), ExpectedStatus: 200, ExpectedContent: []string{`"perPage":1000`}},
	})
}
