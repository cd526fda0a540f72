package hooks_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
)

// Attempts to write into another tenant, move a record between tenants,
// point a relation at another tenant's record, or grant oneself a role.
// Each must fail and leave the database as it was.
func TestCrossTenantWritesAreRefused(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	a, b := f.A, f.B
	otherCustomerA := hooktest.NewCustomer(t, app, a.ID(), "Outro Cliente A")
	otherDeviceA := hooktest.NewDevice(t, app, a.ID(), otherCustomerA.Id)
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
		{"create a customer in another tenant", a.Owner, http.MethodPost, "/api/collections/customers/records",
			map[string]any{"tenant": b.ID(), "name": "Intruso", "phone": hooktest.UniquePhone()}, 400, count(collections.Customers)},
		{"move a customer to another tenant", a.Owner, http.MethodPatch, "/api/collections/customers/records/" + a.Rec[collections.Customers].Id,
			map[string]any{"tenant": b.ID()}, 404, unchanged(collections.Customers, a.Rec[collections.Customers].Id, "tenant")},
		{"move an order to another tenant", a.Manager, http.MethodPatch, "/api/collections/orders/records/" + a.Rec[collections.Orders].Id,
			map[string]any{"tenant": b.ID()}, 404, unchanged(collections.Orders, a.Rec[collections.Orders].Id, "tenant")},
		{"device of A pointing at B's customer", a.Attend, http.MethodPost, "/api/collections/devices/records",
			map[string]any{"tenant": a.ID(), "customer": b.Rec[collections.Customers].Id, "type": "phone"}, 400, count(collections.Devices)},
		{"re-point A's device at B's customer", a.Owner, http.MethodPatch, "/api/collections/devices/records/" + a.Rec[collections.Devices].Id,
			map[string]any{"customer": b.Rec[collections.Customers].Id}, 404, unchanged(collections.Devices, a.Rec[collections.Devices].Id, "customer")},
		{"order of A with B's device", a.Owner, http.MethodPost, "/api/collections/orders/records",
			map[string]any{"tenant": a.ID(), "customer": a.Rec[collections.Customers].Id, "device": b.Rec[collections.Devices].Id, "problem": "x"}, 400, count(collections.Orders)},
		{"order of A with B's customer and device", a.Owner, http.MethodPost, "/api/collections/orders/records",
			map[string]any{"tenant": a.ID(), "customer": b.Rec[collections.Customers].Id, "device": b.Rec[collections.Devices].Id, "problem": "x"}, 400, count(collections.Orders)},
		{"order with another customer's device", a.Owner, http.MethodPost, "/api/collections/orders/records",
			map[string]any{"tenant": a.ID(), "customer": a.Rec[collections.Customers].Id, "device": otherDeviceA.Id, "problem": "x"}, 400, count(collections.Orders)},
		{"order assigned to B's staff", a.Owner, http.MethodPost, "/api/collections/orders/records",
			map[string]any{"tenant": a.ID(), "customer": a.Rec[collections.Customers].Id, "device": a.Rec[collections.Devices].Id, "problem": "x", "technician": b.Owner.Id}, 400, count(collections.Orders)},
		{"re-assign A's order to B's staff", a.Owner, http.MethodPatch, "/api/collections/orders/records/" + a.Rec[collections.Orders].Id,
			map[string]any{"technician": b.Owner.Id}, 404, unchanged(collections.Orders, a.Rec[collections.Orders].Id, "technician")},
		{"re-point A's order at B's customer", a.Owner, http.MethodPatch, "/api/collections/orders/records/" + a.Rec[collections.Orders].Id,
			map[string]any{"customer": b.Rec[collections.Customers].Id}, 404, unchanged(collections.Orders, a.Rec[collections.Orders].Id, "customer")},
		{"appointment of A for B's customer", a.Attend, http.MethodPost, "/api/collections/appointments/records",
			hooktest.AppointmentBody(a.ID(), b.Rec[collections.Customers].Id), 400, count(collections.Appointments)},
		{"payment of A for B's order", a.Owner, http.MethodPost, "/api/collections/payments/records",
			hooktest.PaymentBody(a.ID(), b.Rec[collections.Orders].Id, ""), 400, count(collections.Payments)},
		{"payment pretending to come from Asaas", a.Owner, http.MethodPost, "/api/collections/payments/records",
			map[string]any{"tenant": a.ID(), "method": "pix", "provider": "asaas", "provider_id": "pay_x", "status": "paid", "amount": 100}, 400, count(collections.Payments)},
		{"message into B's conversation", a.Owner, http.MethodPost, "/api/collections/messages/records",
			map[string]any{"tenant": a.ID(), "conversation": b.Rec[collections.Conversations].Id, "direction": "out", "author": "staff", "staff": a.Owner.Id, "text": "oi", "status": "queued"}, 400, count(collections.Messages)},
		{"message signed as someone else", a.Attend, http.MethodPost, "/api/collections/messages/records",
			map[string]any{"tenant": a.ID(), "conversation": a.Rec[collections.Conversations].Id, "direction": "out", "author": "staff", "staff": a.Owner.Id, "text": "oi", "status": "queued"}, 400, count(collections.Messages)},
		{"grant oneself a membership in A", b.Owner, http.MethodPost, "/api/collections/memberships/records",
			map[string]any{"tenant": a.ID(), "user": b.Owner.Id, "role": "owner"}, 403, count(collections.Memberships)},
		{"owner adds a membership through the API", a.Owner, http.MethodPost, "/api/collections/memberships/records",
			map[string]any{"tenant": a.ID(), "user": b.Owner.Id, "role": "attendant"}, 403, count(collections.Memberships)},
		{"technician promotes themself", a.Tech, http.MethodPatch, "/api/collections/memberships/records/" + hooktest.MembershipID(t, app, a.ID(), a.Tech.Id),
			map[string]any{"role": "owner"}, 403, unchanged(collections.Memberships, hooktest.MembershipID(t, app, a.ID(), a.Tech.Id), "role")},
		{"public sign-up on users", nil, http.MethodPost, "/api/collections/users/records",
			map[string]any{"email": "novo@example.com", "password": "12345678", "passwordConfirm": "12345678"}, 403, count(collections.Users)},
		{"manager edits shop settings", a.Manager, http.MethodPatch, "/api/collections/tenants/records/" + a.ID(),
			map[string]any{"name": "Tomada"}, 404, unchanged(collections.Tenants, a.ID(), "name")},
		{"owner reactivates their own shop", f.C.Owner, http.MethodPatch, "/api/collections/tenants/records/" + f.C.ID(),
			map[string]any{"active": true}, 404, unchanged(collections.Tenants, f.C.ID(), "active")},
		{"owner changes their plan without paying", a.Owner, http.MethodPatch, "/api/collections/tenants/records/" + a.ID(),
			map[string]any{"plan": plans[0].Id}, 404, unchanged(collections.Tenants, a.ID(), "plan")},
		{"owner edits another shop", a.Owner, http.MethodPatch, "/api/collections/tenants/records/" + b.ID(),
			map[string]any{"name": "Tomada"}, 404, unchanged(collections.Tenants, b.ID(), "name")},
		{"owner reads the outbox", a.Owner, http.MethodGet, "/api/collections/outbox/records", nil, 403, nil},
		{"owner reads webhook events", a.Owner, http.MethodGet, "/api/collections/webhook_events/records", nil, 403, nil},
		{"owner reads secrets", a.Owner, http.MethodGet, "/api/collections/secrets/records", nil, 403, nil},
		{"owner reads counters", a.Owner, http.MethodGet, "/api/collections/sequences/records", nil, 403, nil},
	}
	for _, tc := range cases {
		sc := tests.ApiScenario{
			Name: tc.name, Method: tc.method, URL: tc.url, ExpectedStatus: tc.status,
			ExpectedContent: []string{`"status":`}, Headers: map[string]string{},
			TestAppFactory: hooktest.Factory(app), DisableTestAppCleanup: true,
		}
		if tc.caller != nil {
			sc.Headers["Authorization"] = hooktest.Token(t, tc.caller)
		}
		if tc.body != nil {
			sc.Body = hooktest.JSON(t, tc.body)
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
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	scenarios := []tests.ApiScenario{
		{Name: "technician lists tenants", Method: http.MethodGet, URL: "/api/collections/tenants/records",
			Headers: map[string]string{"Authorization": hooktest.Token(t, f.A.Tech)}, ExpectedStatus: 200,
			ExpectedContent: []string{`"id":"` + f.A.ID() + `"`, `"totalItems":1`}, NotExpectedContent: []string{f.B.ID()}},
		{Name: "owner of a deactivated shop still sees it and why", Method: http.MethodGet, URL: "/api/collections/tenants/records/" + f.C.ID(),
			Headers: map[string]string{"Authorization": hooktest.Token(t, f.C.Owner)}, ExpectedStatus: 200,
			ExpectedContent: []string{`"active":false`, `Assinatura vencida`}},
		{Name: "owner lists teammates only", Method: http.MethodGet, URL: "/api/collections/users/records",
			Headers: map[string]string{"Authorization": hooktest.Token(t, f.A.Owner)}, ExpectedStatus: 200,
			ExpectedContent: []string{f.A.Manager.Id, f.A.Tech.Id}, NotExpectedContent: []string{f.B.Owner.Id}},
		{Name: "owner cannot view another shop's staff", Method: http.MethodGet, URL: "/api/collections/users/records/" + f.B.Owner.Id,
			Headers: map[string]string{"Authorization": hooktest.Token(t, f.A.Owner)}, ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "a filter naming another tenant finds nothing", Method: http.MethodGet,
			URL:     "/api/collections/customers/records?filter=" + urlQuery(`tenant="`+f.B.ID()+`"`),
			Headers: map[string]string{"Authorization": hooktest.Token(t, f.A.Owner)}, ExpectedStatus: 200,
			ExpectedContent: []string{`"totalItems":0`}},
		{Name: "expanding a relation does not leak", Method: http.MethodGet,
			URL:     "/api/collections/orders/records/" + f.A.Rec[collections.Orders].Id + "?expand=customer,device,tenant",
			Headers: map[string]string{"Authorization": hooktest.Token(t, f.A.Tech)}, ExpectedStatus: 200,
			ExpectedContent: []string{`"expand":`, f.A.Rec[collections.Customers].Id}, NotExpectedContent: []string{f.B.ID()}},
	}
	for _, sc := range scenarios {
		sc.TestAppFactory, sc.DisableTestAppCleanup = hooktest.Factory(app), true
		sc.Test(t)
	}
}

// A route acting on one record takes the tenant from the record: naming
// one's own shop in ?tenant= or the header must not reach another shop's
// record.
func TestRecordRoutesIgnoreTheTenantTheCallerNames(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	dev := collections.AsDevice(f.A.Rec[collections.Devices])
	dev.SetPasscode(collections.PasscodePIN, "9999")
	require.NoError(t, app.Save(dev))
	managerA := hooktest.MembershipID(t, app, f.A.ID(), f.A.Manager.Id)
	for _, sc := range []tests.ApiScenario{
		{Name: "B's owner reads A's passcode naming B", Method: http.MethodGet,
			URL:     "/api/bancada/devices/" + dev.Id + "/passcode?tenant=" + f.B.ID(),
			Headers: hooktest.Auth(t, f.B.Owner), ExpectedStatus: 404, ExpectedContent: []string{`Aparelho não encontrado.`},
			NotExpectedContent: []string{"9999"}},
		{Name: "B's owner reads A's passcode with the header", Method: http.MethodGet,
			URL:            "/api/bancada/devices/" + dev.Id + "/passcode",
			Headers:        map[string]string{"Authorization": hooktest.Token(t, f.B.Owner), "X-Bancada-Tenant": f.B.ID()},
			ExpectedStatus: 404, ExpectedContent: []string{`Aparelho não encontrado.`}, NotExpectedContent: []string{"9999"}},
		{Name: "B's owner demotes A's manager naming B", Method: http.MethodPatch,
			URL:     "/api/bancada/staff/" + managerA + "?tenant=" + f.B.ID(),
			Headers: hooktest.Auth(t, f.B.Owner), Body: hooktest.JSON(t, map[string]any{"role": "attendant"}),
			ExpectedStatus: 404, ExpectedContent: []string{`Pessoa não encontrada nesta loja.`}},
		{Name: "B's owner removes A's manager naming B", Method: http.MethodDelete,
			URL:     "/api/bancada/staff/" + managerA + "?tenant=" + f.B.ID(),
			Headers: hooktest.Auth(t, f.B.Owner), ExpectedStatus: 404, ExpectedContent: []string{`Pessoa não encontrada nesta loja.`}},
	} {
		sc.TestAppFactory, sc.DisableTestAppCleanup = hooktest.Factory(app), true
		sc.Test(t)
	}
	m, err := app.FindRecordById(collections.Memberships, managerA)
	require.NoError(t, err)
	require.Equal(t, "manager", m.GetString(collections.MembershipRole))
}
