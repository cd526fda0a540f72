package hooks_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/hooktest"
)

// The audit screen (/auditoria) reads audit_log through the REST API:
// only the shop's owners read it, only their shop's lines, with the
// screen's filters (person, action, record, period); filters that would
// reach into people (users) or other shops are refused by the query guard.
func TestAuditScreenReadsOnlyTheOwnersShop(t *testing.T) {
	t.Parallel()
	w := newGuardWorld(t)
	app, a, b := w.app, w.f.A, w.f.B
	order := a.Rec[collections.Orders].Id
	line := func(tenant string, who audit.Actor, action, col, rec string) string {
		t.Helper()
		hooktest.Must(t, audit.Write(app, audit.Entry{Tenant: tenant, Actor: who, Action: action, Collection: col, Record: rec,
			Changes: map[string]any{"status": []any{"received", "diagnosing"}}}))
		r, err := app.FindFirstRecordByFilter(collections.AuditLog, "action = {:a} && record = {:r}", map[string]any{"a": action, "r": rec})
		hooktest.Must(t, err)
		return r.Id
	}
	tech := audit.Actor{UserID: a.Tech.Id, Label: "Técnico A"}
	mine := line(a.ID(), tech, collections.ActionStatus, collections.Orders, order)
	line(a.ID(), audit.Actor{UserID: a.Attend.Id, Label: "Atendente A"}, collections.ActionCreate, collections.Customers, a.Rec[collections.Customers].Id)
	theirs := line(b.ID(), audit.Actor{UserID: b.Owner.Id, Label: "Dono B"}, collections.ActionStatus, collections.Orders, b.Rec[collections.Orders].Id)

	// The screen's query: every filter at once, newest first, one page.
	screen := `tenant = "` + a.ID() + `" && (actor = "` + a.Tech.Id + `" && action = "order.status" && collection = "orders" && record = "` + order +
		`" && created >= "2000-01-01 03:00:00.000Z" && created < "2100-01-01 03:00:00.000Z")`
	list := func(filter string) string {
		return records(collections.AuditLog, qp("filter", filter)+"&"+qp("sort", "-created")+"&page=1&perPage=51&skipTotal=1")
	}
	scenarios := []tests.ApiScenario{
		{Name: "owner: the screen's filters find the line", Method: http.MethodGet, URL: list(screen),
			Headers: hooktest.Auth(t, a.Owner), ExpectedStatus: 200,
			ExpectedContent:    []string{`"id":"` + mine + `"`, `"actor_label":"Técnico A"`},
			NotExpectedContent: []string{`"action":"record.create"`, theirs}},
		{Name: "owner: no filter lists only the own shop", Method: http.MethodGet, URL: records(collections.AuditLog, "perPage=200"),
			Headers: hooktest.Auth(t, a.Owner), ExpectedStatus: 200,
			ExpectedContent: []string{mine, `"action":"record.create"`}, NotExpectedContent: []string{theirs, `"Dono B"`}},
		{Name: "owner naming another shop sees nothing", Method: http.MethodGet, URL: list(`tenant = "` + b.ID() + `"`),
			Headers: hooktest.Auth(t, a.Owner), ExpectedStatus: 200, ExpectedContent: []string{`"items":[]`}},
		{Name: "owner opening another shop's line", Method: http.MethodGet, URL: "/api/collections/audit_log/records/" + theirs,
			Headers: hooktest.Auth(t, a.Owner), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "attendant lists nothing", Method: http.MethodGet, URL: list(`tenant = "` + a.ID() + `"`),
			Headers: hooktest.Auth(t, a.Attend), ExpectedStatus: 200, ExpectedContent: []string{`"items":[]`}},
		{Name: "attendant opens nothing", Method: http.MethodGet, URL: "/api/collections/audit_log/records/" + mine,
			Headers: hooktest.Auth(t, a.Attend), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "manager lists nothing", Method: http.MethodGet, URL: list(`tenant = "` + a.ID() + `"`),
			Headers: hooktest.Auth(t, a.Manager), ExpectedStatus: 200, ExpectedContent: []string{`"items":[]`}},
		{Name: "anonymous lists nothing", Method: http.MethodGet, URL: list(`tenant = "` + a.ID() + `"`),
			ExpectedStatus: 200, ExpectedContent: []string{`"items":[]`}},
		// Side channels: people's fields and other shops stay out of reach.
		{Name: "filter by a person's e-mail", Method: http.MethodGet, URL: list(`actor.email ~ "dono"`),
			Headers: hooktest.Auth(t, a.Owner), ExpectedStatus: 400, ExpectedContent: refused("filter", "path_shared_collection", "actor.email")},
		{Name: "sort by a person's name", Method: http.MethodGet, URL: records(collections.AuditLog, qp("sort", "actor.name")),
			Headers: hooktest.Auth(t, a.Owner), ExpectedStatus: 400, ExpectedContent: refused("sort", "path_shared_collection", "actor.name")},
		{Name: "through the shop to other shops", Method: http.MethodGet, URL: list(`tenant.memberships_via_tenant.user ?= "` + b.Owner.Id + `"`),
			Headers: hooktest.Auth(t, a.Owner), ExpectedStatus: 400, ExpectedContent: refused("filter", "path_back_relation", "tenant.memberships_via_tenant.user")},
	}
	w.run(t, scenarios)
}
