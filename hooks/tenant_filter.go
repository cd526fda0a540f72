package hooks

import (
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"github.com/bancada/bancada/collections"
)

// PocketBase applies a List rule as a filter after scanning: a rule-only
// list of a tenant-owned collection reads every tenant's rows (a full scan
// of a million orders) to return one shop's twenty. A client that also
// sends filter=tenant="<id>" gets an index range scan instead. Custom
// frontends will not know that, so the server adds it for them.

// TenantFilterID names the tenant-filter middleware on the router and the
// realtime scope's hook handlers (tests unbind them to compare with
// PocketBase's own behaviour).
const TenantFilterID = "bancadaTenantFilter"

// tenantFilterPriority runs the middleware after PocketBase has loaded the
// caller's auth token and before any route handler.
const tenantFilterPriority = apis.DefaultLoadAuthTokenMiddlewarePriority + 10

// recordsListPattern is the route pattern of PocketBase's records list.
const recordsListPattern = http.MethodGet + " /api/collections/{collection}/records"

// safeID matches the record ids the filter may quote (PocketBase's default
// id pattern); anything else is never spliced into a filter.
var safeID = regexp.MustCompile(`^[a-z0-9_]+$`)

// bindTenantFilter binds both halves of the tenant narrowing.
//
// Lists: to every records list of a tenant-owned collection requested by a
// users auth it adds the condition `tenant = "A" || tenant = "B"` over the
// tenants where the caller holds a membership (read once per request
// through the memberships (user) index). The collection's List rule already
// requires such a membership, so the condition is implied by it: results
// are identical, the rule stays the guard, and SQLite gets an index range
// scan on (tenant, ...). Lists whose rule does not require the membership
// as a top-level conjunct are left alone.
//
// Realtime: PocketBase runs the List or View rule, one SQL query, for every
// subscribed client on every change; with thousands of staff connected a
// single order update costs seconds. While a tenant-owned record is
// broadcast, only staff of its tenant (and superusers) are offered to that
// check; the others could not pass the rule anyway. See realtimeScope.
func bindTenantFilter(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id:       TenantFilterID,
			Priority: tenantFilterPriority,
			Func:     tenantFilter,
		})
		return se.Next()
	})
	newRealtimeScope().bind(app)
}

// tenantFilter is the middleware; see bindTenantFilter.
func tenantFilter(e *core.RequestEvent) error {
	if e.Request.Pattern != recordsListPattern || e.Auth == nil || e.Auth.Collection().Name != collections.Users {
		return e.Next()
	}
	col, err := e.App.FindCachedCollectionByNameOrId(e.Request.PathValue("collection"))
	if err != nil || !slices.Contains(collections.TenantOwned, col.Name) || !impliesMembership(col.ListRule) {
		return e.Next()
	}
	tenants, err := memberTenants(e.App, e.Auth.Id)
	if err != nil {
		// the rule alone still answers correctly, only slower
		e.App.Logger().Warn("tenant filter: memberships", "error", err)
		return e.Next()
	}
	// Snapshot the request info first, so rules reading @request.query and
	// PocketBase's throttle of empty filtered searches see what the client
	// sent, not the added condition.
	if _, err := e.RequestInfo(); err != nil {
		return e.Next() // the handler reports it
	}
	q := e.Request.URL.Query()
	q.Set("filter", withTenants(q.Get("filter"), tenants))
	e.Request.URL.RawQuery = q.Encode()
	return e.Next()
}

// memberTenants lists the tenants where user holds a membership.
func memberTenants(app core.App, userID string) ([]string, error) {
	var ids []string
	err := app.DB().Select(collections.MembershipTenant).From(collections.Memberships).
		Where(dbx.HashExp{collections.MembershipUser: userID}).
		OrderBy(collections.MembershipTenant).Column(&ids)
	if err != nil {
		return nil, fmt.Errorf("tenant filter: memberships of %s: %w", userID, err)
	}
	return ids, nil
}

// withTenants returns the client's filter narrowed to tenants. With no
// tenant at all it narrows to tenant = "": tenant-owned records always have
// one, so the list is empty, as the rule would make it, without a scan.
// The client's filter goes last, after a newline, so a trailing // comment
// in it cannot swallow the added condition.
func withTenants(filter string, tenants []string) string {
	parts := make([]string, 0, len(tenants))
	for _, id := range tenants {
		if safeID.MatchString(id) {
			parts = append(parts, collections.FieldTenant+` = "`+id+`"`)
		}
	}
	if len(parts) == 0 {
		parts = append(parts, collections.FieldTenant+` = ""`)
	}
	cond := "(" + strings.Join(parts, " || ") + ")"
	if strings.TrimSpace(filter) == "" {
		return cond
	}
	return cond + " && (" + filter + "\n)"
}

// ---------------------------------------------------------------------
// Realtime.

// realtimeScope narrows PocketBase's realtime broadcast of tenant-owned
// records. PocketBase's broadcaster asks every client for its
// subscriptions matching the record's collection, then runs the rule per
// matching subscription. Clients are wrapped when they connect; while a
// record of tenant T is being broadcast (between a model hook that runs
// just before PocketBase's broadcaster and the end of that event), a
// wrapped client whose auth is a users record without a membership in T
// reports no subscriptions for that collection, so the rule is not run for
// it. Concurrent broadcasts of one collection share the window: a client
// is offered if it works in any of their tenants, and the rule, still run
// for every offered client, decides. Superusers and other subscriptions
// are never touched.
type realtimeScope struct {
	// mu serialises opening and closing windows.
	mu sync.Mutex
	// active counts, per collection name and id, the broadcasts in
	// progress that admit each user id ("" counts the windows).
	active map[string]map[string]int
	// view is an immutable copy of active, read without locks by every
	// client on every broadcast (tens of thousands of reads per change).
	view atomic.Pointer[map[string]map[string]int]
	// implied caches impliesMembership per rule text.
	implied sync.Map
}

func newRealtimeScope() *realtimeScope {
	return &realtimeScope{active: map[string]map[string]int{}}
}

// publish copies active into view; call with mu held.
func (s *realtimeScope) publish() {
	if len(s.active) == 0 {
		s.view.Store(nil)
		return
	}
	v := make(map[string]map[string]int, len(s.active))
	for k, set := range s.active {
		v[k] = maps.Clone(set)
	}
	s.view.Store(&v)
}

// bind wraps realtime clients and opens the window around PocketBase's
// broadcasts (its handlers run at priority -99 on the "after success"
// events and at 99 on OnModelDelete; lower runs first).
func (s *realtimeScope) bind(app core.App) {
	app.OnRealtimeConnectRequest().Bind(&hook.Handler[*core.RealtimeConnectRequestEvent]{
		Id: TenantFilterID,
		Func: func(e *core.RealtimeConnectRequestEvent) error {
			e.Client = newScopedClient(e.Client, s)
			return e.Next()
		},
	})
	// staffApp is the app whose view of memberships is used: the event's,
	// except on delete, where PocketBase checks access outside the delete
	// transaction (with the app it was bound to), and so do we.
	window := func(staffApp func(*core.ModelEvent) core.App) func(*core.ModelEvent) error {
		return func(e *core.ModelEvent) error {
			leave, err := s.enter(staffApp(e), e.Model)
			if err != nil {
				e.App.Logger().Warn("realtime scope", "error", err)
			}
			defer leave()
			return e.Next()
		}
	}
	eventApp := func(e *core.ModelEvent) core.App { return e.App }
	boundApp := func(*core.ModelEvent) core.App { return app }
	app.OnModelAfterCreateSuccess().Bind(&hook.Handler[*core.ModelEvent]{Id: TenantFilterID, Priority: -100, Func: window(eventApp)})
	app.OnModelAfterUpdateSuccess().Bind(&hook.Handler[*core.ModelEvent]{Id: TenantFilterID, Priority: -100, Func: window(eventApp)})
	app.OnModelDelete().Bind(&hook.Handler[*core.ModelEvent]{Id: TenantFilterID, Priority: 98, Func: window(boundApp)})
}

// enter opens the window for model when it is a record of a tenant-owned
// collection whose rules require a membership, and there are clients.
func (s *realtimeScope) enter(app core.App, m core.Model) (leave func(), err error) {
	leave = func() {}
	var r *core.Record
	switch x := m.(type) {
	case *core.Record:
		r = x
	case core.RecordProxy:
		r = x.ProxyRecord()
	}
	if r == nil || app.SubscriptionsBroker().TotalClients() == 0 {
		return leave, nil
	}
	col := r.Collection()
	if col == nil || !slices.Contains(collections.TenantOwned, col.Name) || !s.implies(col.ListRule) || !s.implies(col.ViewRule) {
		return leave, nil
	}
	var users []string
	if t := r.GetString(collections.FieldTenant); t != "" {
		err := app.DB().Select(collections.MembershipUser).From(collections.Memberships).
			Where(dbx.HashExp{collections.MembershipTenant: t}).Column(&users)
		if err != nil {
			// without the list, offer everyone: PocketBase's own behaviour
			return leave, fmt.Errorf("staff of %s: %w", t, err)
		}
	}
	keys := []string{col.Name, col.Id}
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.publish()
	for _, k := range keys {
		set := s.active[k]
		if set == nil {
			set = map[string]int{}
			s.active[k] = set
		}
		set[""]++ // the window itself, so an empty staff list still counts
		for _, u := range users {
			set[u]++
		}
	}
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		defer s.publish()
		for _, k := range keys {
			set := s.active[k]
			for _, u := range users {
				if set[u]--; set[u] <= 0 {
					delete(set, u)
				}
			}
			if set[""]--; set[""] <= 0 {
				delete(s.active, k)
			}
		}
	}, nil
}

// implies is impliesMembership, cached per rule text.
func (s *realtimeScope) implies(rule *string) bool {
	if rule == nil {
		return false
	}
	if v, ok := s.implied.Load(*rule); ok {
		return v.(bool)
	}
	v := impliesMembership(rule)
	s.implied.Store(*rule, v)
	return v
}

// hides reports whether a client with auth must not be offered a
// subscription topic while its collection's window is open.
func (s *realtimeScope) hides(topic string, auth *core.Record) bool {
	if auth != nil && auth.Collection().Name != collections.Users {
		return false // superusers see everything; other auth is left to the rule
	}
	v := s.view.Load()
	if v == nil {
		return false
	}
	col, _, _ := strings.Cut(topic, "/")
	col, _, _ = strings.Cut(col, "?")
	set, open := (*v)[col]
	if !open {
		return false
	}
	return auth == nil || set[auth.Id] == 0
}

// scopedClient is a realtime client whose subscriptions are narrowed by
// the scope during broadcasts. It keeps its auth record at hand (PocketBase
// sets it through Set) so the check takes no lock.
type scopedClient struct {
	subscriptions.Client
	scope *realtimeScope
	auth  atomic.Pointer[core.Record]
}

func newScopedClient(c subscriptions.Client, s *realtimeScope) *scopedClient {
	sc := &scopedClient{Client: c, scope: s}
	if r, ok := c.Get(apis.RealtimeClientAuthKey).(*core.Record); ok {
		sc.auth.Store(r)
	}
	return sc
}

// Set implements subscriptions.Client, noting the auth record.
func (c *scopedClient) Set(key string, value any) {
	c.Client.Set(key, value)
	if key == apis.RealtimeClientAuthKey {
		r, _ := value.(*core.Record)
		c.auth.Store(r)
	}
}

// Unset implements subscriptions.Client, forgetting the auth record.
func (c *scopedClient) Unset(key string) {
	c.Client.Unset(key)
	if key == apis.RealtimeClientAuthKey {
		c.auth.Store(nil)
	}
}

// Subscriptions drops, during a window, the topics of the broadcast
// collection when the client's user does not work in the tenant. The
// broadcaster asks with one prefix at a time, for every client: a hidden
// client answers without copying its subscriptions.
func (c *scopedClient) Subscriptions(prefixes ...string) map[string]subscriptions.SubscriptionOptions {
	auth := c.auth.Load()
	if len(prefixes) > 0 {
		hidden := true
		for _, p := range prefixes {
			if !c.scope.hides(p, auth) {
				hidden = false
				break
			}
		}
		if hidden {
			return nil
		}
	}
	subs := c.Client.Subscriptions(prefixes...)
	for topic := range subs {
		if c.scope.hides(topic, auth) {
			delete(subs, topic)
		}
	}
	return subs
}

// impliesMembership reports whether rule is a conjunction (at the top
// level, through any nesting of && groups) with the term
// `tenant.memberships_via_tenant.user ?= @request.auth.id`: then every
// record it admits belongs to a tenant where the caller is a member.
func impliesMembership(rule *string) bool {
	return collections.RuleRequiresMembership(rule, collections.MemberOfRecordTenant)
}
