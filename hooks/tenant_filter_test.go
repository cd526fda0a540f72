package hooks_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks"
	"github.com/bancada/bancada/hooks/hooktest"
)

// listResult is what a records list returned.
type listResult struct {
	IDs   []string
	Total int
}

// list calls GET url as caller and returns the ids of the items. ruleOnly
// unbinds the tenant filter first: PocketBase's own behaviour.
func list(t *testing.T, app *tests.TestApp, caller *core.Record, u string, ruleOnly bool) listResult {
	t.Helper()
	var out listResult
	headers := map[string]string{}
	if caller != nil {
		headers = hooktest.Auth(t, caller)
	}
	sc := tests.ApiScenario{
		Name: u, Method: http.MethodGet, URL: u, Headers: headers,
		ExpectedStatus: 200, ExpectedContent: []string{`"items":`},
		TestAppFactory: hooktest.Factory(app), DisableTestAppCleanup: true,
		BeforeTestFunc: func(_ testing.TB, _ *tests.TestApp, e *core.ServeEvent) {
			if ruleOnly {
				e.Router.Unbind(hooks.TenantFilterID)
			}
		},
		AfterTestFunc: func(t testing.TB, _ *tests.TestApp, res *http.Response) {
			var body struct {
				Items []struct {
					ID string `json:"id"`
				} `json:"items"`
				TotalItems int `json:"totalItems"`
			}
			require.NoError(t, json.NewDecoder(res.Body).Decode(&body))
			for _, it := range body.Items {
				out.IDs = append(out.IDs, it.ID)
			}
			out.Total = body.TotalItems
		},
	}
	sc.Test(t)
	return out
}

// seedMore adds orders to shops A and B and a person who works in both.
func seedMore(t *testing.T, app *tests.TestApp, f *hooktest.Fixture) (both, none *core.Record) {
	t.Helper()
	for _, s := range []*hooktest.Shop{f.A, f.A, f.B} {
		c := s.Rec[collections.Customers]
		hooktest.NewOrder(t, app, s.ID(), c.Id, s.Rec[collections.Devices].Id)
	}
	both = hooktest.NewStaff(t, app, f.A.ID(), "ambas", collections.RoleAttendant)
	m, err := collections.NewMembership(app, f.B.ID(), both.Id, collections.RoleTechnician)
	require.NoError(t, err)
	require.NoError(t, app.Save(m))
	c, err := collections.NewUser(app)
	require.NoError(t, err)
	c.SetName("Sem Loja")
	c.SetEmail("semloja@example.com")
	c.SetPassword(hooktest.Password)
	require.NoError(t, app.Save(c))
	return both, c.Record
}

func TestTenantFilterListsExactlyWhatTheRuleAllows(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	both, none := seedMore(t, app, f)
	callers := map[string]*core.Record{
		"A owner": f.A.Owner, "A manager": f.A.Manager, "A technician": f.A.Tech, "A attendant": f.A.Attend,
		"B owner": f.B.Owner, "C owner (deactivated)": f.C.Owner, "in A and B": both, "in no shop": none,
	}
	// without a sort the order is SQLite's choice: compare those as sets
	queries := []struct {
		q      string
		sorted bool
	}{
		{"?perPage=500&sort=-created,id", true},
		{"?perPage=500&skipTotal=1", false},
		{"?perPage=2&page=2&sort=created,id", true},
	}
	for _, col := range collections.TenantOwned {
		for who, caller := range callers {
			for _, q := range queries {
				u := "/api/collections/" + col + "/records" + q.q
				want := list(t, app, caller, u, true)
				got := list(t, app, caller, u, false)
				if !q.sorted {
					slices.Sort(want.IDs)
					slices.Sort(got.IDs)
				}
				assert.Equal(t, want, got, "%s lists %s%s", who, col, q.q)
			}
		}
	}
	// client filters, including one naming another tenant and one ending in a comment
	filters := []string{
		`tenant = "` + f.B.ID() + `"`,
		`tenant = "` + f.A.ID() + `" || tenant = "` + f.B.ID() + `"`,
		`status = "received" // a comment`,
		`customer.name ~ "Cliente"`,
	}
	for _, fl := range filters {
		for _, caller := range []*core.Record{f.A.Attend, both} {
			u := "/api/collections/orders/records?perPage=500&sort=-created,id&filter=" + url.QueryEscape(fl)
			assert.Equal(t, list(t, app, caller, u, true), list(t, app, caller, u, false), fl)
		}
	}
	// the cases are not vacuous: staff see their shop, the two-shop person both
	assert.Len(t, list(t, app, f.A.Attend, "/api/collections/orders/records", false).IDs, 3)
	assert.Len(t, list(t, app, both, "/api/collections/orders/records", false).IDs, 5)
	assert.Empty(t, list(t, app, none, "/api/collections/orders/records", false).IDs)
}

// captured is what the list handler saw.
type captured struct {
	mu          sync.Mutex
	filter      string // the filter the search ran with
	clientQuery string // @request.query.filter as rules see it
}

func TestTenantFilterNarrowsTheQueryToTheCallersTenants(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	both, none := seedMore(t, app, f)
	c := &captured{}
	app.OnRecordsListRequest(collections.Orders).BindFunc(func(e *core.RecordsListRequestEvent) error {
		info, err := e.RequestInfo()
		require.NoError(t, err)
		c.mu.Lock()
		c.filter = e.Request.URL.Query().Get("filter")
		c.clientQuery = info.Query["filter"]
		c.mu.Unlock()
		return e.Next()
	})
	cases := []struct {
		name   string
		caller *core.Record
		client string
		want   string
	}{
		{"one shop", f.A.Attend, "", `(tenant = "` + f.A.ID() + `")`},
		{"two shops", both, "", `(tenant = "` + minID(f.A.ID(), f.B.ID()) + `" || tenant = "` + maxID(f.A.ID(), f.B.ID()) + `")`},
		{"no shop", none, "", `(tenant = "")`},
		{"with a client filter", f.A.Attend, `status = "received"`, `(tenant = "` + f.A.ID() + `") && (status = "received"` + "\n)"},
	}
	for _, tc := range cases {
		u := "/api/collections/orders/records"
		if tc.client != "" {
			u += "?filter=" + url.QueryEscape(tc.client)
		}
		list(t, app, tc.caller, u, false)
		c.mu.Lock()
		assert.Equal(t, tc.want, c.filter, tc.name)
		assert.Equal(t, tc.client, c.clientQuery, "%s: rules and the throttle see the client's filter", tc.name)
		c.mu.Unlock()
	}
}

func TestTenantFilterGivesSQLiteAnIndexRangeScan(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	plan := func(ruleOnly bool) string {
		var mu sync.Mutex
		var sqls []string
		db, ok := app.ConcurrentDB().(*dbx.DB)
		require.True(t, ok)
		db.QueryLogFunc = func(_ context.Context, _ time.Duration, q string, _ *sql.Rows, _ error) {
			mu.Lock()
			sqls = append(sqls, q)
			mu.Unlock()
		}
		defer func() { db.QueryLogFunc = nil }()
		list(t, app, f.A.Attend, "/api/collections/orders/records?sort=-created&perPage=20&skipTotal=1", ruleOnly)
		mu.Lock()
		defer mu.Unlock()
		for _, s := range sqls {
			if strings.Contains(s, "FROM `orders`") && strings.Contains(s, "LIMIT 20") {
				var rows []struct {
					Detail string `db:"detail"`
				}
				require.NoError(t, app.DB().NewQuery("EXPLAIN QUERY PLAN "+s).All(&rows))
				var out []string
				for _, r := range rows {
					out = append(out, r.Detail)
				}
				return strings.Join(out, "\n")
			}
		}
		t.Fatalf("no orders list query in %q", sqls)
		return ""
	}
	t.Logf("rule only:\n%s", plan(true))
	p := plan(false)
	t.Logf("with the tenant filter:\n%s", p)
	assert.Contains(t, p, "SEARCH orders USING INDEX idx_orders_tenant")
	assert.NotContains(t, p, "SCAN orders")
}

func TestTenantFilterLeavesOtherRequestsAlone(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	var filters []string
	var mu sync.Mutex
	app.OnRecordsListRequest().BindFunc(func(e *core.RecordsListRequestEvent) error {
		mu.Lock()
		filters = append(filters, e.Request.URL.Query().Get("filter"))
		mu.Unlock()
		return e.Next()
	})
	su, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, "test@example.com")
	if err != nil {
		col, cerr := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
		require.NoError(t, cerr)
		su = core.NewRecord(col)
		su.SetEmail("root@example.com")
		su.SetPassword(hooktest.Password)
		require.NoError(t, app.Save(su))
	}
	// not tenant-owned collections, a superuser, a guest
	list(t, app, f.A.Attend, "/api/collections/tenants/records", false)
	list(t, app, f.A.Attend, "/api/collections/memberships/records", false)
	list(t, app, f.A.Attend, "/api/collections/users/records", false)
	list(t, app, su, "/api/collections/orders/records", false)
	list(t, app, nil, "/api/collections/orders/records", false)
	mu.Lock()
	assert.Equal(t, []string{"", "", "", "", ""}, filters)
	mu.Unlock()

	// a rule that admits records without the membership is not narrowed:
	// here anyone on staff also sees every shop's received orders
	col, err := app.FindCollectionByNameOrId(collections.Orders)
	require.NoError(t, err)
	wider := "(" + *col.ListRule + `) || (@request.auth.id != "" && status = "received")`
	col.ListRule = &wider
	require.NoError(t, app.Save(col))
	u := "/api/collections/orders/records?perPage=500&sort=created,id"
	got := list(t, app, f.A.Attend, u, false)
	assert.Contains(t, got.IDs, f.B.Rec[collections.Orders].Id)
	assert.Equal(t, list(t, app, f.A.Attend, u, true), got)
}

func minID(a, b string) string { return slices.Min([]string{a, b}) }
func maxID(a, b string) string { return slices.Max([]string{a, b}) }

// rtClient is a realtime client connected through the app's connect hooks
// (as PocketBase's SSE endpoint does), with its auth and one subscription.
func rtClient(t *testing.T, app *tests.TestApp, auth *core.Record, topic string) subscriptions.Client {
	t.Helper()
	ev := new(core.RealtimeConnectRequestEvent)
	ev.RequestEvent = &core.RequestEvent{App: app}
	ev.Client = subscriptions.NewDefaultClient()
	var c subscriptions.Client
	require.NoError(t, app.OnRealtimeConnectRequest().Trigger(ev, func(e *core.RealtimeConnectRequestEvent) error {
		c = e.Client
		app.SubscriptionsBroker().Register(c)
		return nil
	}))
	t.Cleanup(func() { app.SubscriptionsBroker().Unregister(c.Id()) })
	if auth != nil {
		c.Set(apis.RealtimeClientAuthKey, auth)
	}
	c.Subscribe(topic)
	return c
}

// receive waits for one message on c.
func receive(t *testing.T, c subscriptions.Client) subscriptions.Message {
	t.Helper()
	select {
	case m := <-c.Channel():
		return m
	case <-time.After(5 * time.Second):
		t.Error("no realtime message")
	}
	return subscriptions.Message{Data: []byte("{}")}
}

func TestRealtimeRunsTheRuleOnlyForStaffOfTheRecordsTenant(t *testing.T) {
	t.Parallel()
	for _, scoped := range []bool{true, false} {
		name := "scoped"
		if !scoped {
			name = "PocketBase alone"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			app := hooktest.NewApp(t)
			f := hooktest.Seed(t, app)
			both, none := seedMore(t, app, f)
			_, err := apis.NewRouter(app) // binds PocketBase's realtime broadcaster
			require.NoError(t, err)
			if !scoped {
				app.OnRealtimeConnectRequest().Unbind(hooks.TenantFilterID)
				app.OnModelAfterCreateSuccess().Unbind(hooks.TenantFilterID)
				app.OnModelAfterUpdateSuccess().Unbind(hooks.TenantFilterID)
				app.OnModelDelete().Unbind(hooks.TenantFilterID)
			}
			su, err := app.FindFirstRecordByFilter(core.CollectionNameSuperusers, "id != ''")
			if err != nil {
				col, cerr := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
				require.NoError(t, cerr)
				su = core.NewRecord(col)
				su.SetEmail("root@example.com")
				su.SetPassword(hooktest.Password)
				require.NoError(t, app.Save(su))
			}
			// who may see shop A's orders, and who may not
			members := []subscriptions.Client{
				rtClient(t, app, f.A.Attend, "orders/*"), rtClient(t, app, f.A.Tech, "orders/*"),
				rtClient(t, app, both, "orders/*"), rtClient(t, app, su, "orders/*"),
			}
			var others []subscriptions.Client
			for i := 0; i < 5; i++ {
				others = append(others, rtClient(t, app, f.B.Owner, "orders/*"))
			}
			others = append(others, rtClient(t, app, none, "orders/*"), rtClient(t, app, nil, "orders/*"),
				rtClient(t, app, f.C.Owner, "orders/*"))

			var mu sync.Mutex
			checks := 0
			db, ok := app.ConcurrentDB().(*dbx.DB)
			require.True(t, ok)
			db.QueryLogFunc = func(_ context.Context, _ time.Duration, q string, _ *sql.Rows, _ error) {
				if strings.Contains(q, "(1) FROM `orders`") { // a rule check
					mu.Lock()
					checks++
					mu.Unlock()
				}
			}
			defer func() { db.QueryLogFunc = nil }()

			s := f.A
			// in a transaction, as the API saves it (see the report: a bare
			// app.Save of a new order broadcasts with a finished transaction)
			var o *core.Record
			require.NoError(t, app.RunInTransaction(func(tx core.App) error {
				o = hooktest.NewOrder(t, tx, s.ID(), s.Rec[collections.Customers].Id, s.Rec[collections.Devices].Id)
				return nil
			}))
			o.Set(collections.OrderNotes, "atualizado")
			require.NoError(t, app.Save(o))
			require.NoError(t, app.Delete(o))
			// messages go out concurrently: compare the set of actions
			for i, c := range members {
				var actions []string
				for range 3 {
					m := receive(t, c)
					assert.Equal(t, "orders/*", m.Name)
					var ev struct {
						Action string `json:"action"`
						Record struct {
							ID string `json:"id"`
						} `json:"record"`
					}
					require.NoError(t, json.Unmarshal(m.Data, &ev))
					assert.Equal(t, o.Id, ev.Record.ID)
					actions = append(actions, ev.Action)
				}
				slices.Sort(actions)
				assert.Equal(t, []string{"create", "delete", "update"}, actions, "member %d", i)

			}
			for _, c := range others {
				select {
				case m := <-c.Channel():
					t.Errorf("an outsider got %s", m.Data)
				default:
				}
			}
			mu.Lock()
			defer mu.Unlock()
			if scoped {
				// three staff clients × three changes; the superuser needs no query
				assert.Equal(t, 9, checks)
			} else {
				// every client but the superuser, on every change
				assert.Equal(t, 3*(len(members)-1+len(others)), checks)
			}
		})
	}
}
