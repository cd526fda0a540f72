package hooks_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/search"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
)

// guardWorld is shop A (full staff) probing shop B, both on one plan.
type guardWorld struct {
	app *tests.TestApp
	f   *hooktest.Fixture
}

func newGuardWorld(t *testing.T) *guardWorld {
	t.Helper()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	plan := hooktest.NewRecord(t, app, collections.Plans, map[string]any{"name": "Plano Único", "price_cents": 7990, "active": true})
	for _, s := range []*hooktest.Shop{f.A, f.B} {
		s.Tenant.Set(collections.TenantPlan, plan.Id)
		hooktest.Must(t, app.Save(s.Tenant))
	}
	cust := collections.AsCustomer(f.B.Rec[collections.Customers])
	cust.SetDocument("52998224725", collections.DocumentCPF)
	hooktest.Must(t, app.Save(cust))
	return &guardWorld{app: app, f: f}
}

func (w *guardWorld) run(t *testing.T, scenarios []tests.ApiScenario) {
	t.Helper()
	for _, sc := range scenarios {
		sc.TestAppFactory, sc.DisableTestAppCleanup = hooktest.Factory(w.app), true
		sc.Test(t)
	}
}

func records(col, query string) string { return "/api/collections/" + col + "/records?" + query }

func qp(param, value string) string { return param + "=" + url.QueryEscape(value) }

// refused is the 400 the guard answers: the parameter, the code and the
// path, in PocketBase's error shape.
func refused(param, code, path string) []string {
	return []string{`"status":400`, `"data":{"` + param + `":{"code":"` + code + `"`, `\"` + path + `\"`}
}

// The staff app's own filters, sorts and expands (ui/src) pass the guard:
// they are the allow-list's test.
func TestStaffAppQueriesPassTheGuard(t *testing.T) {
	t.Parallel()
	w := newGuardWorld(t)
	a := w.f.A
	tid, cust, ord := a.ID(), a.Rec[collections.Customers].Id, a.Rec[collections.Orders].Id
	scoped := func(extra string) string {
		base := `tenant = "` + tid + `"`
		if extra == "" {
			return base
		}
		return base + " && (" + extra + ")"
	}
	const orderExpand = "customer,device,technician"
	queries := []struct{ col, query string }{
		{"subscriptions", qp("filter", scoped(""))},
		{"plans", qp("sort", "price_cents")},
		{"parts", qp("filter", scoped(`name ~ "tela" || sku ~ "tela" || compatible_models ~ "tela"`)) + "&" + qp("sort", "name")},
		{"parts", qp("filter", scoped(`(name ~ "tela" || sku ~ "tela" || compatible_models ~ "tela") && quantity <= minimum`)) + "&" + qp("sort", "name")},
		{"parts", qp("filter", scoped(`id = "abc" || id = "def"`)) + "&fields=id,quantity,minimum"},
		{"order_events", qp("filter", scoped(`order = "`+ord+`"`)) + "&" + qp("sort", "created")},
		{"payments", qp("filter", scoped(`order = "`+ord+`"`)) + "&" + qp("sort", "created")},
		{"conversations", qp("filter", scoped(`customer = "`+cust+`"`)) + "&" + qp("sort", "-last_message_at")},
		{"messages", qp("filter", scoped(`conversation = "x"`)) + "&" + qp("sort", "-created")},
		{"memberships", qp("filter", `user = "`+a.Owner.Id+`"`) + "&expand=tenant&" + qp("sort", "created")},
		{"memberships", qp("filter", scoped("")) + "&expand=user&" + qp("sort", "created")},
		{"customers", qp("filter", scoped(`phone ~ "1199" || document ~ "1199"`)) + "&" + qp("sort", "name")},
		{"customers", qp("filter", scoped(`name ~ "Cli" || email ~ "Cli" || document ~ "Cli"`)) + "&" + qp("sort", "-created")},
		{"customers", qp("filter", scoped(`phone = "5511999999999"`))},
		{"devices", qp("filter", scoped(`customer = "`+cust+`"`))},
		{"orders", qp("filter", scoped(`status != "delivered" && status != "cancelled"`)) + "&" + qp("sort", "created") + "&expand=" + orderExpand},
		{"orders", qp("filter", scoped(`(number = 12 || customer.phone ~ "12") && status = "received" && created >= "2026-01-01 03:00:00.000Z" && created <= "2026-12-01 02:59:00.000Z" && technician = "`+a.Tech.Id+`"`)) + "&" + qp("sort", "-created")},
		{"orders", qp("filter", scoped(`(customer.name ~ "Cli" || device.model ~ "Cli" || device.brand ~ "Cli" || device.imei ~ "Cli" || problem ~ "Cli")`)) + "&expand=" + orderExpand},
		{"orders", qp("filter", scoped(`customer = "`+cust+`"`)) + "&expand=device"},
		{"price_rules", qp("filter", scoped("")) + "&" + qp("sort", "device_type,brand,service,model_contains")},
		// the inbox: every conversation, the hand-off queue, who has orders, a customer's payments
		{"conversations", qp("filter", scoped("")) + "&" + qp("sort", "-last_message_at") + "&expand=customer,assigned_to"},
		{"conversations", qp("filter", scoped(`mode = "human" || mode = "queued"`)) + "&" + qp("sort", "-handoff_at") + "&expand=customer,assigned_to"},
		{"orders", qp("filter", scoped(`customer = "`+cust+`" || customer = "x"`)) + "&fields=id,customer"},
		{"payments", qp("filter", scoped(`customer = "`+cust+`"`)) + "&" + qp("sort", "-created")},
		// warranty returns of an order; the audit screen (owners)
		{"orders", qp("filter", scoped(`warranty_of = "`+ord+`"`)) + "&" + qp("sort", "-created") + "&fields=id,number,status,created,problem"},
		{"audit_log", qp("filter", scoped(`actor = "`+a.Tech.Id+`" && action = "order.status" && collection = "orders" && record = "`+ord+`" && created >= "2026-01-01 03:00:00.000Z" && created < "2026-12-01 03:00:00.000Z"`)) + "&" + qp("sort", "-created")},
		// cash, finance, sales and stock screens
		{"cash_sessions", qp("filter", scoped(`status = "closed"`)) + "&" + qp("sort", "-opened_at")},
		{"payments", qp("filter", scoped(`(status = "paid" || status = "refunded") && paid_at >= "2026-12-01 03:00:00.000Z" && paid_at < "2026-12-08 03:00:00.000Z" && method = "cash" && created_by = "`+a.Attend.Id+`"`)) + "&" + qp("sort", "-paid_at") + "&expand=order,customer,sale"},
		{"orders", qp("filter", scoped(`(status = "approved" || status = "waiting_parts" || status = "repairing" || status = "ready" || status = "delivered") && ((final_total > 0 && final_total > paid) || (final_total = 0 && quote_total > paid))`)) + "&" + qp("sort", "created") + "&expand=customer&fields=id,number,status,final_total,quote_total,paid,created,expand.customer.name"},
		{"payments", qp("filter", scoped(`provider = "asaas" && (status = "pending" || status = "overdue")`)) + "&" + qp("sort", "due_date") + "&expand=order,customer"},
		{"refunds", qp("filter", scoped("")) + "&" + qp("sort", "-refunded_at") + "&expand=payment,order,sale"},
		{"sales", qp("filter", scoped("")) + "&" + qp("sort", "-created")},
		{"payments", qp("filter", scoped(`sale = "x"`)) + "&" + qp("sort", "created")},
		{"parts", qp("filter", scoped(`(name ~ "capa" || sku ~ "capa")`)) + "&" + qp("sort", "name")},
		{"stock_movements", qp("filter", scoped(`part = "x" && kind = "sale"`)) + "&" + qp("sort", "-created") + "&expand=part"},
	}
	var scenarios []tests.ApiScenario
	for _, caller := range []*core.Record{a.Owner, a.Attend} {
		for _, qq := range queries {
			scenarios = append(scenarios, tests.ApiScenario{
				Name: qq.col + "?" + qq.query, Method: http.MethodGet, URL: records(qq.col, qq.query+"&skipTotal=1"),
				Headers: hooktest.Auth(t, caller), ExpectedStatus: 200, ExpectedContent: []string{`"items":`},
			})
		}
	}
	scenarios = append(scenarios,
		tests.ApiScenario{Name: "blank filter", Method: http.MethodGet, URL: records("orders", "filter=%20"),
			Headers: hooktest.Auth(t, a.Attend), ExpectedStatus: 200, ExpectedContent: []string{ord}},
		tests.ApiScenario{Name: "order page", Method: http.MethodGet, URL: "/api/collections/orders/records/" + ord + "?expand=" + orderExpand,
			Headers: hooktest.Auth(t, a.Attend), ExpectedStatus: 200, ExpectedContent: []string{`"expand":`, cust}},
		tests.ApiScenario{Name: "order update answers expanded", Method: http.MethodPatch, URL: "/api/collections/orders/records/" + ord + "?expand=" + orderExpand,
			Headers: hooktest.Auth(t, a.Attend), Body: hooktest.JSON(t, map[string]any{"diagnosis": "Conector"}), ExpectedStatus: 200, ExpectedContent: []string{`"expand":`, cust}},
		tests.ApiScenario{Name: "the staff app's pages are not API routes", Method: http.MethodGet, URL: "/ordens?sort=a&sort=b&expand=x",
			ExpectedStatus: 200, ExpectedContent: []string{"<html"}},
		tests.ApiScenario{Name: "sign-in", Method: http.MethodPost, URL: "/api/collections/users/auth-with-password",
			Body: hooktest.JSON(t, map[string]any{"identity": a.Owner.Email(), "password": hooktest.Password}), ExpectedStatus: 200, ExpectedContent: []string{`"token":`}},
	)
	w.run(t, scenarios)
}

// The repros of the review and every kind of path the allow-list refuses:
// 400 naming the parameter and the path, for any role.
func TestQueryGuardRefusesPathsOutOfTheShop(t *testing.T) {
	t.Parallel()
	w := newGuardWorld(t)
	a := w.f.A
	ord := a.Rec[collections.Orders].Id
	cases := []struct {
		name, col, query string
		want             []string
	}{
		{"CPF prefix through the plan", "tenants", qp("filter", `plan.tenants_via_plan.customers_via_tenant.document !~ "529%"`),
			refused("filter", collections.CodeSharedCollection, "plan.tenants_via_plan.customers_via_tenant.document")},
		{"tracking token through a back-relation", "tenants", qp("filter", `orders_via_tenant.tracking_token >= "M"`),
			refused("filter", collections.CodeBackRelation, "orders_via_tenant.tracking_token")},
		{"tracking token of one's own orders", "orders", qp("filter", `tracking_token >= "M"`),
			refused("filter", collections.CodeCredential, "tracking_token")},
		{"sorting by the tracking token", "orders", qp("sort", "-tracking_token"),
			refused("sort", collections.CodeCredential, "tracking_token")},
		{"sorting through a back-relation", "tenants", qp("sort", "customers_via_tenant.document"),
			refused("sort", collections.CodeBackRelation, "customers_via_tenant.document")},
		{"invoice link", "payments", qp("filter", `invoice_url ~ "asaas"`),
			refused("filter", collections.CodeCredential, "invoice_url")},
		{"through a teammate's other shops", "orders", qp("filter", `technician.memberships_via_user.tenant.customers_via_tenant.document != "1"`),
			refused("filter", collections.CodeSharedCollection, "technician.memberships_via_user.tenant.customers_via_tenant.document")},
		{"users to their shops", "users", qp("filter", `memberships_via_user.tenant.customers_via_tenant.document != "1"`),
			refused("filter", collections.CodeBackRelation, "memberships_via_user.tenant.customers_via_tenant.document")},
		{"memberships to the shop's siblings", "memberships", qp("filter", `tenant.customers_via_tenant.document != "1"`),
			refused("filter", collections.CodeBackRelation, "tenant.customers_via_tenant.document")},
		{"shop to its plan", "customers", qp("filter", `tenant.plan.name = "Plano Único"`),
			refused("filter", collections.CodeSharedCollection, "tenant.plan.name")},
		{"on the right of an operator", "customers", qp("filter", `name != tenant.customers_via_tenant.name`),
			refused("filter", collections.CodeBackRelation, "tenant.customers_via_tenant.name")},
		{"inside a function", "orders", qp("filter", `strftime("%Y", tenant.orders_via_tenant.created) = "2026"`),
			refused("filter", collections.CodeBackRelation, "tenant.orders_via_tenant.created")},
		{"@collection join", "customers", qp("filter", `@collection.customers.document ~ "529"`),
			refused("filter", collections.CodeSpecial, "@collection.customers.document")},
		{"@request.auth join", "customers", qp("filter", `@request.auth.memberships_via_user.tenant.name != ""`),
			refused("filter", collections.CodeSpecial, "@request.auth.memberships_via_user.tenant.name")},
		{"hidden field", "devices", qp("filter", `passcode_enc != ""`),
			refused("filter", collections.CodeHidden, "passcode_enc")},
		{"unknown modifier", "customers", qp("filter", `name:upper = "X"`),
			refused("filter", collections.CodeModifier, "name:upper")},
		{"expand of a back-relation", "tenants", "expand=customers_via_tenant",
			refused("expand", collections.CodeBackRelation, "customers_via_tenant")},
		{"expand through the shop", "orders", "expand=" + url.QueryEscape("customer, tenant.memberships_via_tenant.user"),
			refused("expand", collections.CodeBackRelation, "tenant.memberships_via_tenant.user")},
		{"repeated filter", "customers", qp("filter", `name = "x"`) + "&" + qp("filter", `tenant.customers_via_tenant.document != "1"`),
			[]string{`"data":{"filter":{"code":"repeated_param"`}},
		{"repeated sort", "customers", "sort=name&sort=-name", []string{`"data":{"sort":{"code":"repeated_param"`}},
		{"repeated expand", "orders", "expand=customer&expand=device", []string{`"data":{"expand":{"code":"repeated_param"`}},
		// The tenant filter wraps the client's filter in parentheses: a
		// filter that parses only once wrapped must never get there.
		{"a filter that parses only once wrapped", "customers", qp("filter", `name = "x") || (tenant.customers_via_tenant.document != "1"`),
			[]string{`"data":{"filter":{"code":"filter_invalid"`}},
	}
	var scenarios []tests.ApiScenario
	for _, caller := range []*core.Record{a.Owner, a.Manager, a.Tech, a.Attend} {
		for _, c := range cases {
			scenarios = append(scenarios, tests.ApiScenario{
				Name: c.name, Method: http.MethodGet, URL: records(c.col, c.query), Headers: hooktest.Auth(t, caller),
				ExpectedStatus: 400, ExpectedContent: c.want,
			})
		}
	}
	scenarios = append(scenarios,
		tests.ApiScenario{Name: "view with a back-relation expand", Method: http.MethodGet, URL: "/api/collections/orders/records/" + ord + "?expand=tenant.customers_via_tenant",
			Headers: hooktest.Auth(t, a.Attend), ExpectedStatus: 400, ExpectedContent: refused("expand", collections.CodeBackRelation, "tenant.customers_via_tenant")},
		tests.ApiScenario{Name: "update answering a back-relation expand", Method: http.MethodPatch, URL: "/api/collections/orders/records/" + ord + "?expand=customer.orders_via_customer",
			Headers: hooktest.Auth(t, a.Attend), Body: hooktest.JSON(t, map[string]any{"diagnosis": "x"}), ExpectedStatus: 400,
			ExpectedContent: refused("expand", collections.CodeBackRelation, "customer.orders_via_customer")},
		tests.ApiScenario{Name: "sign-in expanding the person's shops", Method: http.MethodPost, URL: "/api/collections/users/auth-with-password?expand=memberships_via_user",
			Body: hooktest.JSON(t, map[string]any{"identity": a.Owner.Email(), "password": hooktest.Password}), ExpectedStatus: 400,
			ExpectedContent: refused("expand", collections.CodeBackRelation, "memberships_via_user")},
		tests.ApiScenario{Name: "signup expanding the new shop's plan", Method: http.MethodPost, URL: "/api/bancada/signup?expand=plan.tenants_via_plan",
			Body: hooktest.JSON(t, map[string]any{}), ExpectedStatus: 400,
			ExpectedContent: []string{`"data":{"expand":{"code":"expand_not_collection"`}},
		tests.ApiScenario{Name: "anonymous probing through the public plans", Method: http.MethodGet,
			URL: records("plans", qp("filter", `tenants_via_plan.customers_via_tenant.document != "1"`)), ExpectedStatus: 400,
			ExpectedContent: refused("filter", collections.CodeBackRelation, "tenants_via_plan.customers_via_tenant.document")},
	)
	w.run(t, scenarios)
}

// Superusers are not guarded: they read everything anyway.
func TestSuperusersFilterFreely(t *testing.T) {
	t.Parallel()
	w := newGuardWorld(t)
	su := newSuperuser(t, w.app)
	w.run(t, []tests.ApiScenario{
		{Name: "superuser through the plan", Method: http.MethodGet,
			URL:     records("tenants", qp("filter", `plan.tenants_via_plan.customers_via_tenant.document ?~ "529%"`)),
			Headers: hooktest.Auth(t, su), ExpectedStatus: 200, ExpectedContent: []string{w.f.A.ID(), w.f.B.ID()}},
		{Name: "superuser by tracking token", Method: http.MethodGet,
			URL:     records("orders", qp("filter", `tracking_token = "`+collections.AsOrder(w.f.B.Rec[collections.Orders]).TrackingToken()+`"`)),
			Headers: hooktest.Auth(t, su), ExpectedStatus: 200, ExpectedContent: []string{w.f.B.Rec[collections.Orders].Id, `"totalItems":1`}},
	})
}

// The review's two repros, end to end: without the guard PocketBase
// answers differently depending on shop B's data; with it, the answers are
// the same refusal.
func TestReviewReprosLeakOnlyWithoutTheGuard(t *testing.T) {
	t.Parallel()
	w := newGuardWorld(t)
	attend := probeCaller{name: "A attendant", user: w.f.A.Attend, auth: hooktest.Token(t, w.f.A.Attend)}
	guarded := hooktest.Handler(t, w.app)
	open := handlerWithout(t, w.app, "bancadaQueryGuard")
	token := collections.AsOrder(w.f.B.Rec[collections.Orders]).TrackingToken()
	require.NotEmpty(t, token)
	pairs := []struct {
		name, col, hit, miss string
	}{
		{"CPF prefix", "tenants", `plan.tenants_via_plan.customers_via_tenant.document !~ "529%"`, `plan.tenants_via_plan.customers_via_tenant.document !~ "111%"`},
		// one step of a binary search: no token of A is > B's token minus its last character…
		{"tracking token", "tenants", `plan.tenants_via_plan.orders_via_tenant.tracking_token != "` + token + `"`, `plan.tenants_via_plan.orders_via_tenant.tracking_token != "` + token + `x"`},
	}
	for _, p := range pairs {
		hit := get(t, open, attend, listURL(p.col, "filter", p.hit))
		miss := get(t, open, attend, listURL(p.col, "filter", p.miss))
		assert.Equal(t, 200, hit.Status, p.name)
		assert.NotEqual(t, hit.IDs, miss.IDs, "%s leaks through PocketBase alone", p.name)

		hit = get(t, guarded, attend, listURL(p.col, "filter", p.hit))
		miss = get(t, guarded, attend, listURL(p.col, "filter", p.miss))
		assert.Equal(t, answer{Status: 400}, hit, p.name)
		assert.Equal(t, hit, miss, p.name)
	}
}

func TestRealtimeSubscriptionOptionsAreGuarded(t *testing.T) {
	t.Parallel()
	w := newGuardWorld(t)
	su := newSuperuser(t, w.app)
	pw := &probeWorld{app: w.app, f: w.f, guarded: hooktest.Handler(t, w.app)}
	attend := newRealtimeProber(t, pw, probeCaller{auth: hooktest.Token(t, w.f.A.Attend)})
	super := newRealtimeProber(t, pw, probeCaller{auth: hooktest.Token(t, su)})
	a := w.f.A.ID()
	ord := w.f.A.Rec[collections.Orders].Id
	leak := map[string]string{"filter": `tenant.plan.tenants_via_plan.customers_via_tenant.document !~ "529%"`}
	cases := []struct {
		name  string
		p     *realtimeProber
		topic string
		query map[string]string
		want  int
	}{
		{"the board's subscription", attend, "orders/*", map[string]string{"filter": `tenant = "` + a + `"`, "expand": "customer,device,technician", "fields": "id,status"}, 204},
		{"the order page's subscription", attend, "orders/" + ord, map[string]string{"expand": "customer,device,technician"}, 204},
		{"the hand-off alert's subscription", attend, "conversations/*", map[string]string{"filter": `tenant = "` + a + `"`, "expand": "customer,assigned_to"}, 204},
		{"the inbox's messages", attend, "messages/*", map[string]string{"filter": `tenant = "` + a + `"`}, 204},
		{"the timeline's subscription", attend, "order_events/*", map[string]string{"filter": `tenant = "` + a + `" && order = "` + ord + `"`}, 204},
		{"no options", attend, "tenants/" + a, nil, 204},
		{"CPF prefix through the plan", attend, "orders/*", leak, 400},
		{"by collection id", attend, mustCollectionID(t, w.app, collections.Orders) + "/*", leak, 400},
		{"deprecated topic form", attend, "orders", leak, 400},
		{"sort by tracking token", attend, "orders/*", map[string]string{"sort": "tracking_token"}, 400},
		{"expand of a back-relation", attend, "orders/" + ord, map[string]string{"expand": "tenant.customers_via_tenant"}, 400},
		{"filter on a topic that is no collection", attend, "nada/*", map[string]string{"filter": `id != ""`}, 400},
		{"superuser", super, "orders/*", leak, 204},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, c.p.subscribe(t, c.topic, c.query), c.name)
	}
	// PocketBase reads the first options parameter of a topic: refuse two.
	twice := "orders/*?options=" + url.QueryEscape(`{"query":{"filter":"id != ''"}}`) + "&options=" + url.QueryEscape(`{"query":`+mustJSON(t, leak)+`}`)
	assert.Equal(t, 400, attend.subscribeRaw(t, twice), "repeated options")
}

func mustCollectionID(t *testing.T, app core.App, name string) string {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(name)
	require.NoError(t, err)
	return c.Id
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func TestBatchRequestsAreGuarded(t *testing.T) {
	t.Parallel()
	w := newGuardWorld(t)
	w.app.Settings().Batch.Enabled = true
	w.app.Settings().Batch.MaxRequests = 10
	cust := w.f.A.Rec[collections.Customers].Id
	batch := func(expand string) *strings.Reader {
		return hooktest.JSON(t, map[string]any{"requests": []map[string]any{{
			"method": http.MethodPatch, "url": "/api/collections/customers/records/" + cust + "?expand=" + url.QueryEscape(expand),
			"body": map[string]any{"notes": "lote"},
		}}})
	}
	w.run(t, []tests.ApiScenario{
		{Name: "batch expanding the shop", Method: http.MethodPost, URL: "/api/batch", Headers: hooktest.Auth(t, w.f.A.Owner),
			Body: batch("tenant"), ExpectedStatus: 200, ExpectedContent: []string{`"status":200`, `"expand":`}},
		{Name: "batch expanding a back-relation", Method: http.MethodPost, URL: "/api/batch", Headers: hooktest.Auth(t, w.f.A.Owner),
			Body: batch("tenant.customers_via_tenant"), ExpectedStatus: 400,
			ExpectedContent: refused("expand", collections.CodeBackRelation, "tenant.customers_via_tenant")},
	})
}

// The allow-list, path by path, on the live schema.
func TestReachAllowList(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	col := func(name string) *core.Collection {
		c, err := app.FindCollectionByNameOrId(name)
		require.NoError(t, err)
		return c
	}
	filters := []struct {
		col, path, code string // code "" = allowed
	}{
		{"orders", "problem", ""},
		{"orders", "customer.name", ""},
		{"orders", "customer.name:lower", ""},
		{"orders", "device.customer.phone", ""},
		{"orders", "tenant.name", ""},
		{"orders", "tenant.plan", ""},
		{"orders", "technician", ""},
		{"orders", "technician.id", ""},
		{"orders", "quote_lines.0.part", ""},
		{"orders", "quote_lines:length", ""},
		{"tenants", "settings.hours.mon", ""},
		{"payments", "order.customer.document", ""},
		{"messages", "conversation.customer.name", ""},
		{"memberships", "tenant.name", ""},
		{"users", "name", ""},
		{"plans", "price_cents", ""},
		{"orders", "null", ""},
		{"orders", "TRUE", ""},
		{"orders", "@now", ""},
		{"orders", "@random", ""},
		{"orders", "@request.auth.id", ""},
		{"orders", "@request.context", ""},
		{"orders", "@request.query.q", ""},
		{"orders", "@request.headers.x_token:lower", ""},
		{"orders", "tracking_token", collections.CodeCredential},
		{"orders", "tracking_token:lower", collections.CodeCredential},
		{"payments", "order.tracking_token", collections.CodeCredential},
		{"subscriptions", "payment_link", collections.CodeCredential},
		{"orders", "technician.name", collections.CodeSharedCollection},
		{"orders", "tenant.plan.name", collections.CodeSharedCollection},
		{"subscriptions", "plan.name", collections.CodeSharedCollection},
		{"memberships", "user.name", collections.CodeSharedCollection},
		{"tenants", "plan.tenants_via_plan.name", collections.CodeSharedCollection},
		{"tenants", "customers_via_tenant.document", collections.CodeBackRelation},
		{"customers", "orders_via_customer.problem", collections.CodeBackRelation},
		{"devices", "passcode_enc", collections.CodeHidden},
		{"users", "password", collections.CodeHidden},
		{"users", "tokenKey", collections.CodeHidden},
		{"orders", "nope", collections.CodeUnknown},
		{"orders", "problem.x", collections.CodeUnknown},
		{"orders", "customer:each.name", collections.CodeUnknown},
		{"orders", "problem:isset", collections.CodeModifier},
		{"orders", "problem:lower:each", collections.CodeModifier},
		{"orders", "@collection.orders.problem", collections.CodeSpecial},
		{"orders", "@request.body.customer.name", collections.CodeSpecial},
		{"orders", "@request.auth.name", collections.CodeSpecial},
		{"orders", "@request.auth.memberships_via_user.tenant", collections.CodeSpecial},
		{"orders", "@unknown", collections.CodeSpecial},
	}
	for _, f := range filters {
		err := collections.CheckFilterPath(app, col(f.col), f.path)
		if f.code == "" {
			assert.NoError(t, err, "%s: %s", f.col, f.path)
			continue
		}
		var pe *collections.PathError
		if assert.True(t, errors.As(err, &pe), "%s: %s refused", f.col, f.path) {
			assert.Equal(t, f.code, pe.Code, "%s: %s", f.col, f.path)
			assert.Contains(t, pe.Message, `"`+f.path+`"`, "the message names the path")
		}
	}
	expands := []struct {
		col, path, code string
	}{
		{"orders", "customer", ""},
		{"orders", "technician", ""},
		{"orders", "tenant.plan", ""},
		{"memberships", "user", ""},
		{"devices", "customer.tenant", ""},
		{"tenants", "customers_via_tenant", collections.CodeBackRelation},
		{"customers", "orders(customer)", collections.CodeBackRelation},
		{"orders", "problem", collections.CodeUnknown},
		{"orders", "nope", collections.CodeUnknown},
	}
	for _, e := range expands {
		err := collections.CheckExpandPath(app, col(e.col), e.path)
		if e.code == "" {
			assert.NoError(t, err, "%s: %s", e.col, e.path)
			continue
		}
		var pe *collections.PathError
		if assert.True(t, errors.As(err, &pe), "%s: %s refused", e.col, e.path) {
			assert.Equal(t, e.code, pe.Code, "%s: %s", e.col, e.path)
		}
	}
}

// Confined is derived from the rules: exactly the tenant-owned
// collections and the tenants themselves. A new collection whose rule does
// not confine it to the caller's shops is not a hop target; one that does
// must join TenantOwned (and the isolation matrix).
func TestConfinedCollectionsAreTheTenantOwnedOnes(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	cols, err := app.FindAllCollections()
	require.NoError(t, err)
	var got []string
	for _, c := range cols {
		if collections.Confined(c) {
			got = append(got, c.Name)
		}
	}
	want := append(slices.Clone(collections.TenantOwned), collections.Tenants)
	slices.Sort(got)
	slices.Sort(want)
	assert.Equal(t, want, got)
	for _, name := range []string{collections.Users, collections.Memberships, collections.Plans} {
		assert.NotContains(t, got, name, "shared collections are never hop targets")
	}
	for col, fields := range collections.Credentials {
		c, err := app.FindCollectionByNameOrId(col)
		require.NoError(t, err)
		for _, f := range fields {
			assert.NotNil(t, c.Fields.GetByName(f), "credential %s.%s exists", col, f)
		}
	}
}

// newSuperuser creates a platform operator.
func newSuperuser(t *testing.T, app core.App) *core.Record {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	require.NoError(t, err)
	su := core.NewRecord(c)
	su.SetEmail("operador@example.com")
	su.SetPassword(hooktest.Password)
	require.NoError(t, app.Save(su))
	return su
}

// The allow-list admits single relation hops into confined collections
// because PocketBase applies the target's List rule to such a join: even a
// relation forced to point into another shop (the tenancy hooks refuse
// it; here raw SQL does it) tells nothing about that shop's record.
func TestSingleHopIntoAnotherShopLeaksNothing(t *testing.T) {
	t.Parallel()
	w := newGuardWorld(t)
	orderB := w.f.B.Rec[collections.Orders].Id
	_, err := w.app.DB().NewQuery("UPDATE orders SET customer = {:c} WHERE id = {:o}").
		Bind(map[string]any{"c": w.f.A.Rec[collections.Customers].Id, "o": orderB}).Execute()
	require.NoError(t, err)
	owner := probeCaller{auth: hooktest.Token(t, w.f.B.Owner)}
	h := hooktest.Handler(t, w.app)
	for _, op := range []string{"=", "!=", "~", "!~", ">="} {
		hit := get(t, h, owner, listURL("orders", "filter", `customer.name `+op+` "Cliente A"`))
		miss := get(t, h, owner, listURL("orders", "filter", `customer.name `+op+` "Ninguém"`))
		assert.Equal(t, 200, hit.Status, op)
		assert.Equal(t, miss, hit, "customer.name %s", op)
		assert.NotContains(t, hit.IDs, orderB, "customer.name %s", op)
	}
}

// collections.Macros copies PocketBase's identifier macros: each must
// still be one (a PocketBase upgrade that drops one fails here).
func TestMacrosAreStillPocketBaseMacros(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	orders, err := app.FindCollectionByNameOrId(collections.Orders)
	require.NoError(t, err)
	resolver := core.NewRecordFieldResolver(app, orders, &core.RequestInfo{}, false)
	for _, m := range collections.Macros {
		_, err := search.FilterData(m + ` != ""`).BuildExpr(resolver)
		assert.NoError(t, err, m)
	}
	_, err = search.FilterData(`@notamacro != ""`).BuildExpr(resolver)
	assert.Error(t, err, "the check is not vacuous")
}
