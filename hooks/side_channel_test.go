package hooks_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

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

// The generated side-channel test. It walks the live schema, not the
// guard's allow-list: from every collection a client may list, every path
// of relation hops (forward, back-relations x_via_y, multiple relations,
// through plans, users, memberships and tenants) up to probeDepth hops.
// For each path that reaches another shop's record (checked in Go, without
// rules), shop B's staff of every role and an anonymous visitor send the
// pair of filters "value one of those records holds" / "value nobody
// holds", and sort by the path while those records hold the lowest and
// then the highest value: the answers (status and item ids, in order) must
// not differ. Expanding the path must never answer another shop's record,
// and the filters as realtime subscription options are refused. A new collection or relation is walked the day it exists.

// probeDepth is the number of relation hops walked from each collection.
const probeDepth = 4

// Values of the created field of every record outside shop B while the
// probes run (filter pair, then sort pair).
const (
	foreignValue = "2001-02-03 04:05:06.789Z"
	absentValue  = "2002-03-04 05:06:07.890Z"
	sortLow      = "2000-01-01 00:00:00.000Z"
	sortHigh     = "2099-12-31 23:59:59.999Z"
)

// probeWorld is the fixture of the probes: shops A and B on one plan, B
// with every role, and a person who works in both (so the paths through
// users and memberships lead somewhere real).
type probeWorld struct {
	app     *tests.TestApp
	f       *hooktest.Fixture
	bridge  *core.Record
	callers []probeCaller
	// guarded is the app's router; open is the same without the guard.
	guarded, open http.Handler
}

type probeCaller struct {
	name string
	user *core.Record // nil: anonymous
	auth string
}

func newProbeWorld(t *testing.T) *probeWorld {
	t.Helper()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	w := &probeWorld{app: app, f: f}

	plan := hooktest.NewRecord(t, app, collections.Plans, map[string]any{"name": "Plano Único", "price_cents": 7990, "active": true})
	for _, s := range []*hooktest.Shop{f.A, f.B} {
		s.Tenant.Set(collections.TenantPlan, plan.Id)
		hooktest.Must(t, app.Save(s.Tenant))
		sub := s.Rec[collections.Subscriptions]
		sub.Set(collections.SubscriptionPlan, plan.Id)
		hooktest.Must(t, app.Save(sub))
	}
	f.B.Manager = hooktest.NewStaff(t, app, f.B.ID(), "gerenteB", collections.RoleManager)
	f.B.Tech = hooktest.NewStaff(t, app, f.B.ID(), "tecnicoB", collections.RoleTechnician)
	f.B.Attend = hooktest.NewStaff(t, app, f.B.ID(), "atendenteB", collections.RoleAttendant)

	// The bridge works in B and in A, and A's records point at them.
	w.bridge = hooktest.NewStaff(t, app, f.B.ID(), "ponte", collections.RoleTechnician)
	m, err := collections.NewMembership(app, f.A.ID(), w.bridge.Id, collections.RoleManager)
	require.NoError(t, err)
	require.NoError(t, app.Save(m))
	set := func(r *core.Record, field string, v any) {
		r.Set(field, v)
		hooktest.Must(t, app.Save(r))
	}
	set(f.A.Rec[collections.Orders], collections.OrderTechnician, w.bridge.Id)
	set(f.B.Rec[collections.Orders], collections.OrderTechnician, w.bridge.Id)
	set(f.A.Rec[collections.Payments], collections.PaymentCreatedBy, w.bridge.Id)
	set(f.A.Rec[collections.Conversations], collections.ConversationAssignedTo, w.bridge.Id)
	set(f.A.Rec[collections.AuditLog], collections.AuditActor, w.bridge.Id)

	for _, r := range []collections.Role{collections.RoleOwner, collections.RoleManager, collections.RoleTechnician, collections.RoleAttendant} {
		u := f.B.User(r)
		w.callers = append(w.callers, probeCaller{name: "B " + string(r), user: u, auth: hooktest.Token(t, u)})
	}
	w.callers = append(w.callers, probeCaller{name: "anônimo"})
	w.guarded = hooktest.Handler(t, app)
	w.open = handlerWithout(t, app, hooks.QueryGuardID)
	return w
}

// handlerWithout is hooktest.Handler with the router middlewares ids
// unbound: PocketBase's behaviour without them.
func handlerWithout(t *testing.T, app core.App, ids ...string) http.Handler {
	t.Helper()
	r, err := apis.NewRouter(app)
	require.NoError(t, err)
	var mux http.Handler
	err = app.OnServe().Trigger(&core.ServeEvent{App: app, Router: r}, func(e *core.ServeEvent) error {
		for _, id := range ids {
			e.Router.Unbind(id)
		}
		m, err := e.Router.BuildMux()
		mux = m
		return err
	})
	require.NoError(t, err)
	return mux
}

// probeSeq numbers the probes' client addresses.
var probeSeq atomic.Int64

// probeAddr is a client address of its own for every probe: PocketBase
// slows down an address that gets many empty filtered lists (a sleep of up
// to half a second), which would only make the test slow.
func probeAddr() string {
	n := probeSeq.Add(1)
	return fmt.Sprintf("10.%d.%d.%d:4000", n>>16&255, n>>8&255, n&255)
}

// answer is what a list request returned: its status and item ids in order.
type answer struct {
	Status int
	IDs    []string
}

// getRaw sends GET path as caller through h and returns the response.
func getRaw(h http.Handler, c probeCaller, path string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.RemoteAddr = probeAddr()
	if c.auth != "" {
		req.Header.Set("Authorization", c.auth)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// get sends GET path as caller through h.
func get(t *testing.T, h http.Handler, c probeCaller, path string) answer {
	t.Helper()
	rec := getRaw(h, c, path)
	a := answer{Status: rec.Code}
	if rec.Code == http.StatusOK {
		var body struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Errorf("%s: %v", path, err)
		}
		for _, it := range body.Items {
			a.IDs = append(a.IDs, it.ID)
		}
	}
	return a
}

func listURL(col, param, value string) string {
	return "/api/collections/" + col + "/records?perPage=500&skipTotal=1&" + param + "=" + url.QueryEscape(value)
}

// probePath is a path of relation hops from a collection a client may list.
type probePath struct {
	base  *core.Collection
	hops  []string
	end   *core.Collection
	kinds []string // "forward", "multiple", "back" per hop
}

func (p probePath) String() string { return p.base.Name + ":" + strings.Join(p.hops, ".") }

// walkSchema lists every path of 1..depth hops from every collection with a
// List rule, following forward relations (single and multiple) and
// back-relations into every collection; it does not continue through a
// collection without a List rule (PocketBase refuses joins into them).
func walkSchema(t *testing.T, app core.App, depth int) []probePath {
	t.Helper()
	cols, err := app.FindAllCollections()
	require.NoError(t, err)
	type hop struct {
		name, kind string
		to         *core.Collection
	}
	byID := map[string]*core.Collection{}
	for _, c := range cols {
		byID[c.Id] = c
	}
	hopsOf := func(c *core.Collection) []hop {
		var out []hop
		for _, f := range c.Fields {
			if r, ok := f.(*core.RelationField); ok && byID[r.CollectionId] != nil {
				kind := "forward"
				if r.IsMultiple() {
					kind = "multiple"
				}
				out = append(out, hop{r.Name, kind, byID[r.CollectionId]})
			}
		}
		for _, y := range cols {
			for _, f := range y.Fields {
				if r, ok := f.(*core.RelationField); ok && r.CollectionId == c.Id {
					out = append(out, hop{y.Name + "_via_" + r.Name, "back", y})
				}
			}
		}
		return out
	}
	var paths []probePath
	var walk func(p probePath)
	walk = func(p probePath) {
		if len(p.hops) == depth {
			return
		}
		for _, h := range hopsOf(p.end) {
			next := probePath{base: p.base, hops: append(slices.Clone(p.hops), h.name), end: h.to, kinds: append(slices.Clone(p.kinds), h.kind)}
			paths = append(paths, next)
			if h.to.ListRule != nil {
				walk(next)
			}
		}
	}
	for _, c := range cols {
		if c.ListRule == nil || c.IsView() || c.System {
			continue
		}
		walk(probePath{base: c, end: c})
	}
	return paths
}

// foreignRows calls fn with every table and the condition selecting its
// records outside shop B: rows of another tenant, other tenants, and
// people who do not work in B.
func (w *probeWorld) foreignRows(t *testing.T, fn func(table, where string)) {
	t.Helper()
	cols, err := w.app.FindAllCollections()
	require.NoError(t, err)
	for _, c := range cols {
		if c.IsView() || c.Fields.GetByName(collections.FieldCreated) == nil {
			continue
		}
		switch {
		case c.Name == collections.Tenants:
			fn(c.Name, "id != {:b}")
		case c.Name == collections.Users:
			fn(c.Name, "id NOT IN (SELECT user FROM memberships WHERE tenant = {:b})")
		case c.Fields.GetByName(collections.FieldTenant) != nil:
			fn(c.Name, "tenant != {:b}")
		}
		// plans and PocketBase's own collections hold no shop's data
	}
}

// setForeign sets the created field of every record outside shop B.
func (w *probeWorld) setForeign(t *testing.T, value string) {
	t.Helper()
	w.foreignRows(t, func(table, where string) {
		_, err := w.app.DB().NewQuery("UPDATE " + table + " SET created = {:v} WHERE " + where).
			Bind(dbx.Params{"v": value, "b": w.f.B.ID()}).Execute()
		require.NoError(t, err, table)
	})
}

// foreignIDs lists the ids of every record outside shop B.
func (w *probeWorld) foreignIDs(t *testing.T) []string {
	t.Helper()
	var all []string
	w.foreignRows(t, func(table, where string) {
		var ids []string
		err := w.app.DB().NewQuery("SELECT id FROM " + table + " WHERE " + where).
			Bind(dbx.Params{"b": w.f.B.ID()}).Column(&ids)
		require.NoError(t, err, table)
		all = append(all, ids...)
	})
	return all
}

// reaches reports whether p leads, from a record B's owner can list, to a
// record outside shop B (holding foreignValue): checked in Go, no rules.
func (w *probeWorld) reaches(t *testing.T, p probePath, visible map[string][]string) bool {
	t.Helper()
	ids := visible[p.base.Name]
	if len(ids) == 0 || p.end.Fields.GetByName(collections.FieldCreated) == nil {
		return false
	}
	conds := make([]string, len(ids))
	params := dbx.Params{"v": foreignValue}
	for i, id := range ids {
		conds[i] = fmt.Sprintf("id = {:id%d}", i)
		params[fmt.Sprintf("id%d", i)] = id
	}
	filter := "(" + strings.Join(conds, " || ") + ") && " + strings.Join(p.hops, ".") + ".created ?= {:v}"
	recs, err := w.app.FindRecordsByFilter(p.base, filter, "", 1, 0, params)
	require.NoError(t, err, p.String())
	return len(recs) > 0
}

// parallel runs fn(i) for i in [0, n) on every core.
func parallel(n int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				fn(i)
			}
		}()
	}
	wg.Wait()
}

func TestNoFilterOrSortSideChannelBetweenShops(t *testing.T) {
	t.Parallel()
	w := newProbeWorld(t)
	owner := w.callers[0]

	paths := walkSchema(t, w.app, probeDepth)
	kinds := map[string]int{}
	for _, p := range paths {
		kinds[p.kinds[len(p.kinds)-1]]++
	}

	// What B's owner lists of every base collection, before the probes.
	visible := map[string][]string{}
	for _, p := range paths {
		if _, done := visible[p.base.Name]; !done {
			visible[p.base.Name] = get(t, w.guarded, owner, "/api/collections/"+p.base.Name+"/records?perPage=500&skipTotal=1").IDs
		}
	}

	w.setForeign(t, foreignValue)
	var reaching []probePath
	for _, p := range paths {
		if w.reaches(t, p, visible) {
			reaching = append(reaching, p)
		}
	}
	require.NotEmpty(t, reaching)

	// Filter pairs, every caller.
	ops := []string{"!=", "?="}
	var probes, leaksWithoutGuard atomic.Int64
	parallel(len(reaching), func(i int) {
		p := reaching[i]
		field := strings.Join(p.hops, ".") + ".created"
		for _, c := range w.callers {
			for _, op := range ops {
				hit := get(t, w.guarded, c, listURL(p.base.Name, "filter", field+` `+op+` "`+foreignValue+`"`))
				miss := get(t, w.guarded, c, listURL(p.base.Name, "filter", field+` `+op+` "`+absentValue+`"`))
				probes.Add(2)
				assert.Equal(t, miss, hit, "%s filters %s %s", c.name, p, op)
			}
		}
		// the same pair without the guard: how many paths PocketBase alone leaks
		hit := get(t, w.open, owner, listURL(p.base.Name, "filter", field+` != "`+foreignValue+`"`))
		miss := get(t, w.open, owner, listURL(p.base.Name, "filter", field+` != "`+absentValue+`"`))
		if !slices.Equal(hit.IDs, miss.IDs) || hit.Status != miss.Status {
			leaksWithoutGuard.Add(1)
		}
	})
	filterProbes := probes.Load()

	// Sort pairs: the foreign records sort first, then last.
	sorted := func(value string) [][]answer {
		w.setForeign(t, value)
		out := make([][]answer, len(reaching))
		parallel(len(reaching), func(i int) {
			p := reaching[i]
			for _, c := range w.callers {
				out[i] = append(out[i], get(t, w.guarded, c, listURL(p.base.Name, "sort", strings.Join(p.hops, ".")+".created,id")))
				probes.Add(1)
			}
		})
		return out
	}
	low, high := sorted(sortLow), sorted(sortHigh)
	for i, p := range reaching {
		for j, c := range w.callers {
			assert.Equal(t, low[i][j], high[i][j], "%s sorts by %s", c.name, p)
		}
	}

	// Expand along the same paths: no answer holds another shop's record.
	foreign := w.foreignIDs(t)
	require.NotEmpty(t, foreign)
	var expandProbes, expandAllowed atomic.Int64
	parallel(len(reaching), func(i int) {
		p := reaching[i]
		for _, c := range w.callers {
			rec := getRaw(w.guarded, c, listURL(p.base.Name, "expand", strings.Join(p.hops, ".")))
			expandProbes.Add(1)
			if rec.Code == http.StatusOK {
				expandAllowed.Add(1)
			}
			body := rec.Body.String()
			for _, id := range foreign {
				if strings.Contains(body, id) {
					t.Errorf("%s expands %s: the answer holds record %s of another shop", c.name, p, id)
					break
				}
			}
		}
	})

	// Realtime: the same filters as subscription options are refused.
	rt := newRealtimeProber(t, w, owner)
	var rtProbes atomic.Int64
	parallel(len(reaching), func(i int) {
		p := reaching[i]
		field := strings.Join(p.hops, ".") + ".created"
		for _, v := range []string{foreignValue, absentValue} {
			status := rt.subscribe(t, p.base.Name+"/*", map[string]string{"filter": field + ` != "` + v + `"`})
			rtProbes.Add(1)
			assert.Equal(t, http.StatusBadRequest, status, "subscription filter %s", p)
		}
	})

	t.Logf("side channel: %d paths walked (≤ %d hops: %d ending in a forward, %d in a multiple, %d in a back-relation); "+
		"%d reach another shop's records (%d of them leak through PocketBase without the guard); "+
		"%d list probes (%d filter, %d sort) by %d callers, %d expand probes (%d allowed), %d realtime probes",
		len(paths), probeDepth, kinds["forward"], kinds["multiple"], kinds["back"],
		len(reaching), leaksWithoutGuard.Load(), probes.Load(), filterProbes, probes.Load()-filterProbes, len(w.callers),
		expandProbes.Load(), expandAllowed.Load(), rtProbes.Load())
	assert.Positive(t, leaksWithoutGuard.Load(), "the probes detect a leak when the guard is off")
}

// realtimeProber subscribes one registered realtime client as caller.
type realtimeProber struct {
	mu     sync.Mutex
	h      http.Handler
	caller probeCaller
	client subscriptions.Client
}

func newRealtimeProber(t *testing.T, w *probeWorld, c probeCaller) *realtimeProber {
	t.Helper()
	client := subscriptions.NewDefaultClient()
	w.app.SubscriptionsBroker().Register(client)
	t.Cleanup(func() { w.app.SubscriptionsBroker().Unregister(client.Id()) })
	return &realtimeProber{h: w.guarded, caller: c, client: client}
}

// subscribe sets the client's one subscription to topic with query options
// and returns the answer's status.
func (r *realtimeProber) subscribe(t *testing.T, topic string, query map[string]string) int {
	t.Helper()
	if query == nil {
		return r.subscribeRaw(t, topic)
	}
	opts, err := json.Marshal(map[string]any{"query": query})
	require.NoError(t, err)
	return r.subscribeRaw(t, topic+"?options="+url.QueryEscape(string(opts)))
}

// subscribeRaw sets the client's one subscription to topic as given.
func (r *realtimeProber) subscribeRaw(t *testing.T, topic string) int {
	t.Helper()
	body, err := json.Marshal(map[string]any{
		"clientId":      r.client.Id(),
		"subscriptions": []string{topic},
	})
	require.NoError(t, err)
	req := httptest.NewRequest(http.MethodPost, "/api/realtime", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	if r.caller.auth != "" {
		req.Header.Set("Authorization", r.caller.auth)
	}
	rec := httptest.NewRecorder()
	r.mu.Lock() // one client: its subscriptions change one request at a time
	defer r.mu.Unlock()
	r.h.ServeHTTP(rec, req)
	return rec.Code
}
