package hooks_test

import (
	"encoding/json"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks"
	"github.com/bancada/bancada/hooks/hooktest"
)

// routeKind is how a Bancada route decides who may call it.
type routeKind int

const (
	// tenantRoute names its shop (?tenant=, header or body): another
	// shop's owner naming shop A gets 403, anonymous 401.
	tenantRoute routeKind = iota
	// recordRoute acts on one record by id: the record's own shop
	// decides, so another shop's owner naming their own shop gets 404 for
	// A's record, exactly as for an id that does not exist.
	recordRoute
	// operatorRoute is for platform operators (superusers) only.
	operatorRoute
	// ownGuard routes have their own credential (a provider's secret, the
	// customer's tracking token, a signed OAuth state) or are public; their
	// isolation tests live beside them (see why).
	ownGuard
)

// routeCase is one Bancada route in the isolation matrix.
type routeCase struct {
	kind routeKind
	// url is the request shop A's staff would send, built from the
	// fixture (A's ids); body is its JSON body.
	url  func(a *routeIDs) string
	body string
	// ok is what A's owner gets (the control: the URL reaches the route
	// and A's owner is not refused; 400 where the empty body is invalid).
	ok int
	// other is what another shop's owner gets on a record route: always
	// 404, the answer to an unknown id (no existence oracle).
	other int
	// why says, for ownGuard routes, what guards them and where that is
	// tested.
	why string
	// ownerOnly tenant routes refuse the shop's other roles (a manager of
	// A gets 403), as the README's route table says.
	ownerOnly bool
}

// routeIDs are the ids of shop A's records the routes act on.
type routeIDs struct {
	tenant, order, device, payment string
	// two staff memberships: one the PATCH control changes, one the
	// DELETE control removes
	patchMember, deleteMember string
	// two pending invitations: one the resend control renews, one the
	// revoke control cancels
	resendInvite, revokeInvite string
	// an outbound webhook endpoint and one of its deliveries
	endpoint, delivery string
	// a customer (LGPD export and erase)
	customer string
	// the shop's open till
	till string
}

// routeMatrix lists every route Bancada adds under /api/bancada/,
// /api/webhooks/ and /os/, by method and pattern. A route missing here
// fails TestEveryBancadaRouteIsInTheIsolationMatrix: add it.
var routeMatrix = map[string]routeCase{
	"GET /api/bancada/estimate":                       {kind: tenantRoute, url: q("/api/bancada/estimate?device_type=phone"), ok: 400},
	"POST /api/bancada/staff":                         {kind: tenantRoute, url: q("/api/bancada/staff"), body: `{}`, ok: 400},
	"GET /api/bancada/whatsapp":                       {kind: tenantRoute, url: q("/api/bancada/whatsapp"), ok: 200},
	"POST /api/bancada/whatsapp/connect":              {kind: tenantRoute, url: q("/api/bancada/whatsapp/connect"), body: `{}`, ok: 200},
	"POST /api/bancada/whatsapp/disconnect":           {kind: tenantRoute, url: q("/api/bancada/whatsapp/disconnect"), body: `{}`, ok: 200},
	"GET /api/bancada/slots":                          {kind: tenantRoute, url: q("/api/bancada/slots?from=2026-12-01&to=2026-12-02"), ok: 200},
	"GET /api/bancada/google/connect":                 {kind: tenantRoute, url: q("/api/bancada/google/connect"), ok: 200, ownerOnly: true},
	"GET /api/bancada/google/calendars":               {kind: tenantRoute, url: q("/api/bancada/google/calendars"), ok: 409, ownerOnly: true},
	"POST /api/bancada/google/calendar":               {kind: tenantRoute, url: q("/api/bancada/google/calendar"), body: `{}`, ok: 409, ownerOnly: true},
	"POST /api/bancada/google/disconnect":             {kind: tenantRoute, url: q("/api/bancada/google/disconnect"), body: `{}`, ok: 200, ownerOnly: true},
	"GET /api/bancada/asaas":                          {kind: tenantRoute, url: q("/api/bancada/asaas"), ok: 200},
	"POST /api/bancada/asaas/connect":                 {kind: tenantRoute, url: q("/api/bancada/asaas/connect"), body: `{}`, ok: 400, ownerOnly: true},
	"POST /api/bancada/asaas/disconnect":              {kind: tenantRoute, url: q("/api/bancada/asaas/disconnect"), body: `{}`, ok: 200, ownerOnly: true},
	"POST /api/bancada/subscription/plan":             {kind: tenantRoute, url: q("/api/bancada/subscription/plan"), body: `{}`, ok: 400, ownerOnly: true},
	"POST /api/bancada/subscription/cancel":           {kind: tenantRoute, url: q("/api/bancada/subscription/cancel"), body: `{}`, ok: 400, ownerOnly: true},
	"GET /api/bancada/devices/{id}/passcode":          {kind: recordRoute, url: func(a *routeIDs) string { return "/api/bancada/devices/" + a.device + "/passcode" }, ok: 200, other: 404},
	"PATCH /api/bancada/staff/{id}":                   {kind: recordRoute, url: func(a *routeIDs) string { return "/api/bancada/staff/" + a.patchMember }, body: `{"role":"manager"}`, ok: 200, other: 404},
	"DELETE /api/bancada/staff/{id}":                  {kind: recordRoute, url: func(a *routeIDs) string { return "/api/bancada/staff/" + a.deleteMember }, ok: 204, other: 404},
	"POST /api/bancada/staff/{id}/password-reset":     {kind: recordRoute, url: func(a *routeIDs) string { return "/api/bancada/staff/" + a.patchMember + "/password-reset" }, body: `{}`, ok: 200, other: 404},
	"POST /api/bancada/staff/invitations/{id}/resend": {kind: recordRoute, url: func(a *routeIDs) string { return "/api/bancada/staff/invitations/" + a.resendInvite + "/resend" }, body: `{}`, ok: 200, other: 404},
	"POST /api/bancada/staff/invitations/{id}/revoke": {kind: recordRoute, url: func(a *routeIDs) string { return "/api/bancada/staff/invitations/" + a.revokeInvite + "/revoke" }, body: `{}`, ok: 200, other: 404},
	"POST /api/bancada/orders/{id}/receipt":           {kind: recordRoute, url: orderRoute("receipt"), body: `{}`, ok: 400, other: 404},
	"POST /api/bancada/orders/{id}/tracking/revoke":   {kind: recordRoute, url: orderRoute("tracking/revoke"), body: `{}`, ok: 200, other: 404},
	"POST /api/bancada/orders/{id}/tracking/rotate":   {kind: recordRoute, url: orderRoute("tracking/rotate"), body: `{}`, ok: 200, other: 404},
	"POST /api/bancada/orders/{id}/charges":           {kind: recordRoute, url: orderRoute("charges"), body: `{"billingType":"PIX","amount":100}`, ok: 400, other: 404},
	"POST /api/bancada/payments/{id}/cancel":          {kind: recordRoute, url: func(a *routeIDs) string { return "/api/bancada/payments/" + a.payment + "/cancel" }, body: `{}`, ok: 400, other: 404},
	"GET /api/bancada/ops/outbox":                     {kind: operatorRoute, url: fixed("/api/bancada/ops/outbox")},
	"POST /api/bancada/ops/outbox/{id}/retry":         {kind: operatorRoute, url: fixed("/api/bancada/ops/outbox/x/retry")},
	"POST /api/bancada/ops/webhooks/{id}/reprocess":   {kind: operatorRoute, url: fixed("/api/bancada/ops/webhooks/x/reprocess")},
	"POST /api/bancada/ops/billing/run":               {kind: operatorRoute, url: fixed("/api/bancada/ops/billing/run")},
	"POST /api/bancada/ops/billing/webhook":           {kind: operatorRoute, url: fixed("/api/bancada/ops/billing/webhook")},
	"POST /api/bancada/ops/jobs/{name}/run":           {kind: operatorRoute, url: fixed("/api/bancada/ops/jobs/cleanup/run")},
	"POST /api/bancada/signup":                        {kind: ownGuard, why: "anyone may open a new shop; rate-limited (signup_test.go)"},
	"GET /api/bancada/info":                           {kind: ownGuard, why: "public: the installation's name and public URL, no shop data (info route)"},
	"GET /api/bancada/invitations/{token}":            {kind: ownGuard, why: "the invitation link's unguessable, single-use token; another shop's owner cannot accept it (invitations_test.go)"},
	"POST /api/bancada/invitations/{token}/accept":    {kind: ownGuard, why: "the invitation link's token plus the invited e-mail's account (invitations_test.go)"},
	"POST /api/bancada/invitations/{token}/decline":   {kind: ownGuard, why: "the invitation link's token; closes only that invitation (invitations_test.go)"},
	"GET /os/{token}":                                 {kind: ownGuard, why: "the customer's unguessable tracking token (hooks/tracking)"},
	"POST /os/{token}/approve":                        {kind: ownGuard, why: "the customer's tracking token, only while quoted (hooks/tracking)"},
	"POST /os/{token}/decline":                        {kind: ownGuard, why: "the customer's tracking token, only while quoted (hooks/tracking)"},
	"POST /os/{token}/promocoes":                      {kind: ownGuard, why: "the customer's tracking token and a form signed for that order (hooks/tracking)"},
	"GET /api/bancada/google/callback":                {kind: ownGuard, why: "signed, expiring state binding the tenant and the user (hooks/googlesync)"},
	"POST /api/webhooks/evolution":                    {kind: ownGuard, why: "per-instance secret header; a webhook for A never touches B (hooks/whatsapp)"},
	"POST /api/webhooks/google":                       {kind: ownGuard, why: "channel id and token per shop (hooks/googlesync)"},
	"POST /api/webhooks/asaas":                        {kind: ownGuard, why: "the platform's asaas-access-token (hooks/subscriptions)"},
	"POST /api/webhooks/asaas/{tenant}":               {kind: ownGuard, why: "the shop's own asaas-access-token; another shop's token is refused (hooks/charges)"},

	// Reports (hooks/reports): owners and managers.
	"GET /api/bancada/reports/{report}": {kind: tenantRoute, url: q("/api/bancada/reports/revenue"), ok: 200},

	// CSV export and import (hooks/dataimport): owners only.
	"GET /api/bancada/export/{collection}":          {kind: tenantRoute, url: q("/api/bancada/export/customers"), ok: 200, ownerOnly: true},
	"POST /api/bancada/import/{collection}/preview": {kind: tenantRoute, url: q("/api/bancada/import/customers/preview"), body: `{}`, ok: 400, ownerOnly: true},
	"POST /api/bancada/import/{collection}":         {kind: tenantRoute, url: q("/api/bancada/import/customers"), body: `{}`, ok: 400, ownerOnly: true},

	// Till, refunds, receipts (hooks/cash) and counter sales, receiving (hooks/stock).
	"POST /api/bancada/cash/open":             {kind: tenantRoute, url: q("/api/bancada/cash/open"), body: `{}`, ok: 400},
	"GET /api/bancada/cash/current":           {kind: tenantRoute, url: q("/api/bancada/cash/current"), ok: 200},
	"GET /api/bancada/cash/{id}":              {kind: recordRoute, url: tillRoute(""), ok: 200, other: 404},
	"POST /api/bancada/cash/{id}/moves":       {kind: recordRoute, url: tillRoute("/moves"), body: `{}`, ok: 400, other: 404},
	"POST /api/bancada/cash/{id}/close":       {kind: recordRoute, url: tillRoute("/close"), body: `{}`, ok: 400, other: 404},
	"POST /api/bancada/payments/{id}/refund":  {kind: recordRoute, url: func(a *routeIDs) string { return "/api/bancada/payments/" + a.payment + "/refund" }, body: `{}`, ok: 400, other: 404},
	"POST /api/bancada/payments/{id}/receipt": {kind: recordRoute, url: func(a *routeIDs) string { return "/api/bancada/payments/" + a.payment + "/receipt" }, body: `{}`, ok: 200, other: 404},
	"POST /api/bancada/sales":                 {kind: tenantRoute, url: q("/api/bancada/sales"), body: `{}`, ok: 400},
	"POST /api/bancada/stock/receive":         {kind: tenantRoute, url: q("/api/bancada/stock/receive"), body: `{}`, ok: 400},

	// Outbound webhooks (hooks/webhooksout): owners only.
	"POST /api/bancada/webhooks":                        {kind: tenantRoute, url: q("/api/bancada/webhooks"), body: `{}`, ok: 400, ownerOnly: true},
	"POST /api/bancada/webhooks/{id}/rotate":            {kind: recordRoute, url: func(a *routeIDs) string { return "/api/bancada/webhooks/" + a.endpoint + "/rotate" }, body: `{}`, ok: 200, other: 404},
	"POST /api/bancada/webhooks/{id}/test":              {kind: recordRoute, url: func(a *routeIDs) string { return "/api/bancada/webhooks/" + a.endpoint + "/test" }, body: `{}`, ok: 200, other: 404},
	"POST /api/bancada/webhooks/deliveries/{id}/resend": {kind: recordRoute, url: func(a *routeIDs) string { return "/api/bancada/webhooks/deliveries/" + a.delivery + "/resend" }, body: `{}`, ok: 200, other: 404},

	// Warranty returns (hooks/warranty): A's order is not delivered, so the control is a 400.
	"POST /api/bancada/orders/{id}/warranty": {kind: recordRoute, url: orderRoute("warranty"), body: `{"problem":"Voltou"}`, ok: 400, other: 404},
	// LGPD requests (hooks/privacy): owners only (other roles: privacy tests).
	"GET /api/bancada/customers/{id}/export": {kind: recordRoute, url: func(a *routeIDs) string { return "/api/bancada/customers/" + a.customer + "/export" }, ok: 200, other: 404},
	"POST /api/bancada/customers/{id}/erase": {kind: recordRoute, url: func(a *routeIDs) string { return "/api/bancada/customers/" + a.customer + "/erase" }, body: `{}`, ok: 400, other: 404},
	// Assistant preview (hooks/whatsapp): owners and managers; writes nothing.
	"POST /api/bancada/assistant/preview": {kind: tenantRoute, url: q("/api/bancada/assistant/preview"), body: `{"text":"oi"}`, ok: 200},
}

// q is a tenant route's URL naming shop A.
func q(path string) func(*routeIDs) string {
	return func(a *routeIDs) string {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		return path + sep + "tenant=" + a.tenant
	}
}

func orderRoute(action string) func(*routeIDs) string {
	return func(a *routeIDs) string { return "/api/bancada/orders/" + a.order + "/" + action }
}

func tillRoute(action string) func(*routeIDs) string {
	return func(a *routeIDs) string { return "/api/bancada/cash/" + a.till + action }
}

func fixed(path string) func(*routeIDs) string { return func(*routeIDs) string { return path } }

// bancadaRoutes lists "METHOD pattern" of every route registered under
// Bancada's prefixes, walking PocketBase's router tree (it has no public
// listing; the fields read are its route and group definitions).
func bancadaRoutes(t *testing.T, app core.App) []string {
	t.Helper()
	r, err := apis.NewRouter(app)
	require.NoError(t, err)
	se := &core.ServeEvent{App: app, Router: r}
	require.NoError(t, app.OnServe().Trigger(se, func(*core.ServeEvent) error { return nil }))
	var all []string
	var walk func(v reflect.Value, prefix string)
	walk = func(v reflect.Value, prefix string) {
		for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
			v = v.Elem()
		}
		if m := v.FieldByName("Method"); m.IsValid() {
			all = append(all, m.String()+" "+prefix+v.FieldByName("Path").String())
			return
		}
		children := v.FieldByName("children")
		require.True(t, children.IsValid(), "PocketBase's router changed shape: update bancadaRoutes")
		for i := range children.Len() {
			walk(children.Index(i), prefix+v.FieldByName("Prefix").String())
		}
	}
	walk(reflect.ValueOf(r.RouterGroup), "")
	var ours []string
	for _, route := range all {
		path := route[strings.Index(route, " ")+1:]
		if strings.HasPrefix(path, "/api/bancada/") || strings.HasPrefix(path, "/api/webhooks/") || strings.HasPrefix(path, "/os/") {
			ours = append(ours, route)
		}
	}
	slices.Sort(ours)
	return ours
}

// TestEveryBancadaRouteIsInTheIsolationMatrix keeps the matrix complete: a
// route added without a row here fails, and so does a row for a route
// that is gone.
func TestEveryBancadaRouteIsInTheIsolationMatrix(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	routes := bancadaRoutes(t, app)
	require.Greater(t, len(routes), 30, "the router walk found Bancada's routes")
	for _, r := range routes {
		_, ok := routeMatrix[r]
		require.True(t, ok, "route %s is not in routeMatrix (hooks/routes_isolation_test.go): add it with its kind", r)
	}
	for r := range routeMatrix {
		require.Contains(t, routes, r, "routeMatrix lists %s, which is not registered", r)
	}
}

// TestBancadaRoutesKeepShopsApart calls every tenant and record route of
// shop A as the owner of shop B (naming shop A, and naming B for A's
// records), anonymously, and every operator route as A's owner. As a
// control, A's owner is not refused by A's own tenant and record routes,
// so a wrong URL cannot make a case pass.
func TestBancadaRoutesKeepShopsApart(t *testing.T) {
	t.Parallel()
	// Google configured (its endpoints unreachable: no case calls out), so
	// its routes check the caller instead of answering "not configured".
	app := hooktest.NewApp(t, func(d *hooks.Deps) {
		d.Config.GoogleClientID, d.Config.GoogleClientSecret = "client", "secret"
		d.Config.GoogleAuthURL = "http://127.0.0.1:1/auth"
		d.Config.GoogleTokenURL = "http://127.0.0.1:1/token"
		d.Config.GoogleAPIURL = "http://127.0.0.1:1/api/"
	})
	f := hooktest.Seed(t, app)
	member := func(name string) string {
		u := hooktest.NewStaff(t, app, f.A.ID(), name, collections.RoleAttendant)
		m, err := app.FindFirstRecordByFilter(collections.Memberships, "user = {:u}", dbx.Params{"u": u.Id})
		require.NoError(t, err)
		return m.Id
	}
	a := &routeIDs{tenant: f.A.ID(), order: f.A.Rec[collections.Orders].Id, device: f.A.Rec[collections.Devices].Id,
		payment: f.A.Rec[collections.Payments].Id, patchMember: member("mudaA"), deleteMember: member("saiA"),
		resendInvite: f.A.Rec[collections.Invitations].Id,
		revokeInvite: hooktest.NewInvitation(t, app, f.A.ID(), "revogar@example.com", collections.RoleTechnician, f.A.Owner.Id,
			"tokenDoConviteARevogar0123456789", hooktest.Now.Add(collections.InvitationTTL)).Id,
		endpoint: f.A.Rec[collections.WebhookEndpoints].Id, delivery: f.A.Rec[collections.WebhookDeliveries].Id,
		customer: f.A.Rec[collections.Customers].Id, till: f.A.Rec[collections.CashSessions].Id}
	ownerA, ownerB := hooktest.Token(t, f.A.Owner), hooktest.Token(t, f.B.Owner)
	managerA := hooktest.Token(t, f.A.Manager)

	call := func(name, route string, rc routeCase, url, token string, want int) {
		t.Helper()
		sc := tests.ApiScenario{
			Name: route + " as " + name, Method: route[:strings.Index(route, " ")], URL: url,
			Body:           strings.NewReader(rc.body),
			Headers:        map[string]string{"Authorization": token, "Content-Type": "application/json"},
			ExpectedStatus: want, ExpectedContent: []string{""}, // any body: the status is the point
			TestAppFactory: hooktest.Factory(app), DisableTestAppCleanup: true,
		}
		sc.Test(t)
	}
	for _, route := range slices.Sorted(maps.Keys(routeMatrix)) {
		rc := routeMatrix[route]
		switch rc.kind {
		case tenantRoute:
			call("B's owner naming A", route, rc, rc.url(a), ownerB, http.StatusForbidden)
			call("anonymous", route, rc, rc.url(a), "", http.StatusUnauthorized)
			call("A's owner (control)", route, rc, rc.url(a), ownerA, rc.ok)
			if rc.ownerOnly {
				call("A's manager", route, rc, rc.url(a), managerA, http.StatusForbidden)
			}
		case recordRoute:
			u := rc.url(a)
			call("B's owner on A's record", route, rc, u, ownerB, rc.other)
			call("B's owner naming B for A's record", route, rc, u+"?tenant="+f.B.ID(), ownerB, rc.other)
			call("anonymous", route, rc, u, "", http.StatusUnauthorized)
			call("A's owner (control)", route, rc, u, ownerA, rc.ok)
		case operatorRoute:
			call("A's owner", route, rc, rc.url(a), ownerA, http.StatusForbidden)
			call("anonymous", route, rc, rc.url(a), "", http.StatusUnauthorized)
		case ownGuard:
			require.NotEmpty(t, rc.why, route)
		}
	}
}

// TestRecordRoutesAnswerAnotherShopsIDAsUnknown calls every record route
// as shop B's owner with shop A's existing ids and with ids that exist
// nowhere: both answer 404 with the same message, so B cannot learn which
// ids exist in other shops.
func TestRecordRoutesAnswerAnotherShopsIDAsUnknown(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	srv := hooktest.Serve(t, app)
	memberOfA := hooktest.MembershipID(t, app, f.A.ID(), f.A.Attend.Id)
	a := &routeIDs{tenant: f.A.ID(), order: f.A.Rec[collections.Orders].Id, device: f.A.Rec[collections.Devices].Id,
		payment: f.A.Rec[collections.Payments].Id, patchMember: memberOfA, deleteMember: memberOfA,
		resendInvite: f.A.Rec[collections.Invitations].Id, revokeInvite: f.A.Rec[collections.Invitations].Id,
		endpoint: f.A.Rec[collections.WebhookEndpoints].Id, delivery: f.A.Rec[collections.WebhookDeliveries].Id,
		customer: f.A.Rec[collections.Customers].Id, till: f.A.Rec[collections.CashSessions].Id}
	const nowhere = "zzzzzzzzzzzzzzz"
	unknown := &routeIDs{tenant: f.A.ID(), order: nowhere, device: nowhere, payment: nowhere, patchMember: nowhere, deleteMember: nowhere,
		resendInvite: nowhere, revokeInvite: nowhere, endpoint: nowhere, delivery: nowhere, customer: nowhere, till: nowhere}
	type answer struct {
		Status  int
		Message string `json:"message"`
	}
	call := func(route, url, body string) answer {
		t.Helper()
		var b any
		if body != "" {
			b = json.RawMessage(body)
		}
		status, raw := hooktest.Call(t, srv.URL, route[:strings.Index(route, " ")], url, f.B.Owner, b)
		var ans answer
		require.NoError(t, json.Unmarshal(raw, &ans), "%s: %s", route, raw)
		ans.Status = status
		return ans
	}
	n := 0
	for _, route := range slices.Sorted(maps.Keys(routeMatrix)) {
		rc := routeMatrix[route]
		if rc.kind != recordRoute {
			continue
		}
		n++
		other, none := call(route, rc.url(a), rc.body), call(route, rc.url(unknown), rc.body)
		require.Equal(t, http.StatusNotFound, other.Status, "%s on A's record: %+v", route, other)
		require.Equal(t, http.StatusNotFound, none.Status, "%s on an unknown id: %+v", route, none)
		require.Equal(t, none, other, route)
	}
	require.Equal(t, 22, n, "record routes checked")
}
