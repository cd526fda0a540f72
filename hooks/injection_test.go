package hooks_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
)

// Attempts to write into another tenant, move a record between tenants,
// point a relation at another tenant's record, or grant oneself a role.
// Each must fail and leave the database as it was.
func TestCrossTenantWritesAreRefused(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	f := seedFixture(t, app)
	a, b := f.A, f.B
	otherCustomerA := newCustomer(t, app, a.id(), "Outro Cliente A")
	otherDeviceA := newDevice(t, app, a.id(), otherCustomerA.Id)
	plans, err := app.FindAllRecords(collections.Plans)
	require.NoError(t, err)

	type check func(t testing.TB, app *tests.TestApp)
	unchanged := func(collection, id, field string) check {
		var before any
		r, err := app.FindRecordById(collection, id)
		require.NoError(t, err)
		before = r.Get(field)
		return func(t testing.TB, app *tests.TestApp) {
			r, err := app.FindRecordById(collection, id)
			require.NoError(t, err)
			require.Equal(t, before, r.Get(field), "%s.%s changed", collection, field)
		}
	}
	count := func(collection string) check {
		n, err := app.CountRecords(collection)
		require.NoError(t, err)
		return func(t testing.TB, app *tests.TestApp) {
			m, err := app.CountRecords(collection)
			require.NoError(t, err)
			require.Equal(t, n, m, "%s: records were created", collection)
		}
	}

	cases := []struct {
		name   string
		caller *core.Record
		method string
		url    string
		body   map[string]any
		status int
		check  check
	}{
		{"create a customer in another tenant", a.owner, http.MethodPost, "/api/collections/customers/records",
			map[string]any{"tenant": b.id(), "name": "Intruso", "phone": uniquePhone()}, 400, count(collections.Customers)},
		{"move a customer to another tenant", a.owner, http.MethodPatch, "/api/collections/customers/records/" + a.rec[collections.Customers].Id,
			map[string]any{"tenant": b.id()}, 404, unchanged(collections.Customers, a.rec[collections.Customers].Id, "tenant")},
		{"move an order to another tenant", a.manager, http.MethodPatch, "/api/collections/orders/records/" + a.rec[collections.Orders].Id,
			map[string]any{"tenant": b.id()}, 404, unchanged(collections.Orders, a.rec[collections.Orders].Id, "tenant")},
		{"device of A pointing at B's customer", a.attend, http.MethodPost, "/api/collections/devices/records",
			map[string]any{"tenant": a.id(), "customer": b.rec[collections.Customers].Id, "type": "phone"}, 400, count(collections.Devices)},
		{"re-point A's device at B's customer", a.owner, http.MethodPatch, "/api/collections/devices/records/" + a.rec[collections.Devices].Id,
			map[string]any{"customer": b.rec[collections.Customers].Id}, 404, unchanged(collections.Devices, a.rec[collections.Devices].Id, "customer")},
		{"order of A with B's device", a.owner, http.MethodPost, "/api/collections/orders/records",
			map[string]any{"tenant": a.id(), "customer": a.rec[collections.Customers].Id, "device": b.rec[collections.Devices].Id, "problem": "x"}, 400, count(collections.Orders)},
		{"order of A with B's customer and device", a.owner, http.MethodPost, "/api/collections/orders/records",
			map[string]any{"tenant": a.id(), "customer": b.rec[collections.Customers].Id, "device": b.rec[collections.Devices].Id, "problem": "x"}, 400, count(collections.Orders)},
		{"order with another customer's device", a.owner, http.MethodPost, "/api/collections/orders/records",
			map[string]any{"tenant": a.id(), "customer": a.rec[collections.Customers].Id, "device": otherDeviceA.Id, "problem": "x"}, 400, count(collections.Orders)},
		{"order assigned to B's staff", a.owner, http.MethodPost, "/api/collections/orders/records",
			map[string]any{"tenant": a.id(), "customer": a.rec[collections.Customers].Id, "device": a.rec[collections.Devices].Id, "problem": "x", "technician": b.owner.Id}, 400, count(collections.Orders)},
		{"re-assign A's order to B's staff", a.owner, http.MethodPatch, "/api/collections/orders/records/" + a.rec[collections.Orders].Id,
			map[string]any{"technician": b.owner.Id}, 404, unchanged(collections.Orders, a.rec[collections.Orders].Id, "technician")},
		{"re-point A's order at B's customer", a.owner, http.MethodPatch, "/api/collections/orders/records/" + a.rec[collections.Orders].Id,
			map[string]any{"customer": b.rec[collections.Customers].Id}, 404, unchanged(collections.Orders, a.rec[collections.Orders].Id, "customer")},
		{"appointment of A for B's customer", a.attend, http.MethodPost, "/api/collections/appointments/records",
			appointmentBody(a.id(), b.rec[collections.Customers].Id), 400, count(collections.Appointments)},
		{"payment of A for B's order", a.owner, http.MethodPost, "/api/collections/payments/records",
			paymentBody(a.id(), b.rec[collections.Orders].Id, ""), 400, count(collections.Payments)},
		{"payment pretending to come from Asaas", a.owner, http.MethodPost, "/api/collections/payments/records",
			map[string]any{"tenant": a.id(), "method": "pix", "provider": "asaas", "provider_id": "pay_x", "status": "paid", "amount": 100}, 400, count(collections.Payments)},
		{"message into B's conversation", a.owner, http.MethodPost, "/api/collections/messages/records",
			map[string]any{"tenant": a.id(), "conversation": b.rec[collections.Conversations].Id, "direction": "out", "author": "staff", "staff": a.owner.Id, "text": "oi", "status": "queued"}, 400, count(collections.Messages)},
		{"message signed as someone else", a.attend, http.MethodPost, "/api/collections/messages/records",
			map[string]any{"tenant": a.id(), "conversation": a.rec[collections.Conversations].Id, "direction": "out", "author": "staff", "staff": a.owner.Id, "text": "oi", "status": "queued"}, 400, count(collections.Messages)},
		{"grant oneself a membership in A", b.owner, http.MethodPost, "/api/collections/memberships/records",
			map[string]any{"tenant": a.id(), "user": b.owner.Id, "role": "owner"}, 403, count(collections.Memberships)},
		{"owner adds a membership through the API", a.owner, http.MethodPost, "/api/collections/memberships/records",
			map[string]any{"tenant": a.id(), "user": b.owner.Id, "role": "attendant"}, 403, count(collections.Memberships)},
		{"technician promotes themself", a.tech, http.MethodPatch, "/api/collections/memberships/records/" + membershipID(t, app, a.id(), a.tech.Id),
			map[string]any{"role": "owner"}, 403, unchanged(collections.Memberships, membershipID(t, app, a.id(), a.tech.Id), "role")},
		{"public sign-up on users", nil, http.MethodPost, "/api/collections/users/records",
			map[string]any{"email": "novo@example.com", "password": "12345678", "passwordConfirm": "12345678"}, 403, count(collections.Users)},
		{"manager edits shop settings", a.manager, http.MethodPatch, "/api/collections/tenants/records/" + a.id(),
			map[string]any{"name": "Tomada"}, 404, unchanged(collections.Tenants, a.id(), "name")},
		{"owner reactivates their own shop", f.C.owner, http.MethodPatch, "/api/collections/tenants/records/" + f.C.id(),
			map[string]any{"active": true}, 404, unchanged(collections.Tenants, f.C.id(), "active")},
		{"owner changes their plan without paying", a.owner, http.MethodPatch, "/api/collections/tenants/records/" + a.id(),
			map[string]any{"plan": plans[0].Id}, 404, unchanged(collections.Tenants, a.id(), "plan")},
		{"owner edits another shop", a.owner, http.MethodPatch, "/api/collections/tenants/records/" + b.id(),
			map[string]any{"name": "Tomada"}, 404, unchanged(collections.Tenants, b.id(), "name")},
		{"owner reads the outbox", a.owner, http.MethodGet, "/api/collections/outbox/records", nil, 403, nil},
		{"owner reads webhook events", a.owner, http.MethodGet, "/api/collections/webhook_events/records", nil, 403, nil},
		{"owner reads secrets", a.owner, http.MethodGet, "/api/collections/secrets/records", nil, 403, nil},
		{"owner reads counters", a.owner, http.MethodGet, "/api/collections/sequences/records", nil, 403, nil},
	}
	for _, tc := range cases {
		sc := tests.ApiScenario{
			Name: tc.name, Method: tc.method, URL: tc.url, ExpectedStatus: tc.status,
			ExpectedContent: []string{`"status":`}, Headers: map[string]string{},
			TestAppFactory: factory(app), DisableTestAppCleanup: true,
		}
		if tc.caller != nil {
			sc.Headers["Authorization"] = token(t, tc.caller)
		}
		if tc.body != nil {
			sc.Body = jsonBody(t, tc.body)
		}
		if tc.check != nil {
			chk := tc.check
			sc.AfterTestFunc = func(t testing.TB, app *tests.TestApp, _ *http.Response) { chk(t, app) }
		}
		sc.Test(t)
	}
}

func TestStaffSeeOnlyTheirShopsAndTeammates(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	f := seedFixture(t, app)
	scenarios := []tests.ApiScenario{
		{Name: "technician lists tenants", Method: http.MethodGet, URL: "/api/collections/tenants/records",
			Headers: map[string]string{"Authorization": token(t, f.A.tech)}, ExpectedStatus: 200,
			ExpectedContent: []string{`"id":"` + f.A.id() + `"`, `"totalItems":1`}, NotExpectedContent: []string{f.B.id()}},
		{Name: "owner of a deactivated shop still sees it and why", Method: http.MethodGet, URL: "/api/collections/tenants/records/" + f.C.id(),
			Headers: map[string]string{"Authorization": token(t, f.C.owner)}, ExpectedStatus: 200,
			ExpectedContent: []string{`"active":false`, `Assinatura vencida`}},
		{Name: "owner lists teammates only", Method: http.MethodGet, URL: "/api/collections/users/records",
			Headers: map[string]string{"Authorization": token(t, f.A.owner)}, ExpectedStatus: 200,
			ExpectedContent: []string{f.A.manager.Id, f.A.tech.Id}, NotExpectedContent: []string{f.B.owner.Id}},
		{Name: "owner cannot view another shop's staff", Method: http.MethodGet, URL: "/api/collections/users/records/" + f.B.owner.Id,
			Headers: map[string]string{"Authorization": token(t, f.A.owner)}, ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "a filter naming another tenant finds nothing", Method: http.MethodGet,
			URL:     "/api/collections/customers/records?filter=" + urlQuery(`tenant="`+f.B.id()+`"`),
			Headers: map[string]string{"Authorization": token(t, f.A.owner)}, ExpectedStatus: 200,
			ExpectedContent: []string{`"totalItems":0`}},
		{Name: "expanding a relation does not leak", Method: http.MethodGet,
			URL:     "/api/collections/orders/records/" + f.A.rec[collections.Orders].Id + "?expand=customer,device,tenant",
			Headers: map[string]string{"Authorization": token(t, f.A.tech)}, ExpectedStatus: 200,
			ExpectedContent: []string{`"expand":`, f.A.rec[collections.Customers].Id}, NotExpectedContent: []string{f.B.id()}},
	}
	for _, sc := range scenarios {
		sc.TestAppFactory, sc.DisableTestAppCleanup = factory(app), true
		sc.Test(t)
	}
}

func membershipID(t testing.TB, app core.App, tenantID, userID string) string {
	t.Helper()
	r, err := app.FindFirstRecordByFilter(collections.Memberships, "tenant = {:t} && user = {:u}", map[string]any{"t": tenantID, "u": userID})
	require.NoError(t, err)
	return r.Id
}
