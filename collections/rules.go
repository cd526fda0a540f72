package collections

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Rule fragments. They are the single place where tenancy is expressed in
// PocketBase's rule language: each rule admits staff whose membership in
// the record's tenant exists (a memberships sub-query on tenant and user).
//
// Rules filter after scanning, so clients should also send
// filter=tenant="<id>"; the tenant-filter middleware in hooks adds it for
// clients that do not.
const (
	// ruleStaff admits authenticated records of the users collection only
	// (superusers bypass rules anyway; other auth collections are refused).
	ruleStaff = `@request.auth.collectionName = "users"`
	// ruleActive requires the record's tenant to be active.
	ruleActive = `tenant.active = true`
	// ruleSameTenantOnUpdate forbids moving a record to another tenant.
	ruleSameTenantOnUpdate = `@request.body.tenant:changed = false`
)

// memberRule admits staff holding a membership with one of roles in the
// record's tenant. The user and role conditions share one join alias, so
// they are matched against the same membership row.
func memberRule(roles []Role) string {
	m := `tenant.memberships_via_tenant.user ?= @request.auth.id`
	if len(roles) == 0 || len(roles) == len(AllRoles) {
		return m
	}
	parts := make([]string, len(roles))
	for i, r := range roleStrings(roles) {
		parts[i] = `tenant.memberships_via_tenant.role ?= "` + r + `"`
	}
	return m + " && (" + strings.Join(parts, " || ") + ")"
}

// relation describes a relation field of a tenant-owned collection that
// must point into the same tenant.
type relation struct {
	field string
	// users relations point at staff: the target must hold a membership in
	// the record's tenant instead of carrying a tenant field.
	users bool
}

// sameTenantOnCreate builds the create-rule guard for a relation: empty, or
// a target in the same tenant.
func (r relation) onCreate() string {
	if r.users {
		return `(` + r.field + ` = "" || ` + r.field + `.memberships_via_user.tenant ?= tenant)`
	}
	return `(` + r.field + ` = "" || ` + r.field + `.tenant = tenant)`
}

// onUpdate builds the update-rule guard: the relation is not sent, is
// cleared, or points into the stored record's tenant.
func (r relation) onUpdate() string {
	b := `@request.body.` + r.field
	if r.users {
		return `(` + b + `:isset = false || ` + b + ` = "" || ` + b + `.memberships_via_user.tenant ?= tenant)`
	}
	return `(` + b + `:isset = false || ` + b + ` = "" || ` + b + `.tenant = tenant)`
}

// access lists the roles allowed per operation; a nil slice means the
// operation is closed to the API (superusers only).
type access struct {
	read, create, update, delete []Role
	// extra conditions appended to the create and update rules
	createExtra, updateExtra []string
	relations                []relation
}

// applyTo renders the five API rules of a tenant-owned collection.
func (a access) applyTo(c *core.Collection) {
	and := func(parts ...string) *string {
		s := strings.Join(parts, " && ")
		return types.Pointer(s)
	}
	var list, create, update, del *string
	if a.read != nil {
		list = and(ruleStaff, ruleActive, memberRule(a.read))
	}
	if a.create != nil {
		parts := []string{ruleStaff, ruleActive, memberRule(a.create)}
		for _, r := range a.relations {
			parts = append(parts, r.onCreate())
		}
		parts = append(parts, a.createExtra...)
		create = and(parts...)
	}
	if a.update != nil {
		parts := []string{ruleStaff, ruleActive, memberRule(a.update), ruleSameTenantOnUpdate}
		for _, r := range a.relations {
			parts = append(parts, r.onUpdate())
		}
		parts = append(parts, a.updateExtra...)
		update = and(parts...)
	}
	if a.delete != nil {
		del = and(ruleStaff, ruleActive, memberRule(a.delete))
	}
	c.ListRule, c.ViewRule = list, list
	c.CreateRule, c.UpdateRule, c.DeleteRule = create, update, del
}
