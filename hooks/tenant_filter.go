package hooks

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/ganigeorgiev/fexpr"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/bancada/bancada/collections"
)

// PocketBase applies a List rule as a filter after scanning: a rule-only
// list of a tenant-owned collection reads every tenant's rows (a full scan
// of a million orders) to return one shop's twenty. A client that also
// sends filter=tenant="<id>" gets an index range scan instead. Custom
// frontends will not know that, so the server adds it for them.

// TenantFilterID names the tenant-filter middleware on the router (tests
// unbind it to compare with PocketBase's rule-only lists).
const TenantFilterID = "bancadaTenantFilter"

// tenantFilterPriority runs the middleware after PocketBase has loaded the
// caller's auth token and before any route handler.
const tenantFilterPriority = apis.DefaultLoadAuthTokenMiddlewarePriority + 10

// recordsListPattern is the route pattern of PocketBase's records list.
const recordsListPattern = http.MethodGet + " /api/collections/{collection}/records"

// membershipTerm is the rule condition the added filter is implied by: the
// record's tenant has a membership of the caller.
const membershipTerm = "tenant.memberships_via_tenant.user"

// safeID matches the record ids the filter may quote (PocketBase's default
// id pattern); anything else is never spliced into a filter.
var safeID = regexp.MustCompile(`^[a-z0-9_]+$`)

// bindTenantFilter adds, to every records list of a tenant-owned collection
// requested by a users auth, the condition `tenant = "A" || tenant = "B"`
// over the tenants where the caller holds a membership (read once per
// request through the memberships (user) index). The collection's List rule
// already requires such a membership, so the condition is implied by it:
// results are identical, the rule stays the guard, and SQLite gets an index
// range scan on (tenant, ...). Lists whose rule does not require the
// membership as a top-level conjunct are left alone.
func bindTenantFilter(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id:       TenantFilterID,
			Priority: tenantFilterPriority,
			Func:     tenantFilter,
		})
		return se.Next()
	})
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

// impliesMembership reports whether rule is a conjunction (at the top
// level, through any nesting of && groups) with the term
// `tenant.memberships_via_tenant.user ?= @request.auth.id`: then every
// record it admits belongs to a tenant where the caller is a member.
func impliesMembership(rule *string) bool {
	if rule == nil || *rule == "" {
		return false
	}
	groups, err := fexpr.Parse(*rule)
	if err != nil {
		return false
	}
	return conjunctionHasMembership(groups)
}

func conjunctionHasMembership(groups []fexpr.ExprGroup) bool {
	for i, g := range groups {
		if i > 0 && g.Join != fexpr.JoinAnd {
			return false // an || anywhere at this level: not a conjunction
		}
	}
	for _, g := range groups {
		switch item := g.Item.(type) {
		case fexpr.Expr:
			if isMembershipTerm(item) {
				return true
			}
		case []fexpr.ExprGroup:
			if conjunctionHasMembership(item) {
				return true
			}
		}
	}
	return false
}

func isMembershipTerm(e fexpr.Expr) bool {
	l, r := e.Left, e.Right
	if e.Op != fexpr.SignAnyEq || l.Type != fexpr.TokenIdentifier || r.Type != fexpr.TokenIdentifier {
		return false
	}
	return (l.Literal == membershipTerm && r.Literal == "@request.auth.id") ||
		(r.Literal == membershipTerm && l.Literal == "@request.auth.id")
}
