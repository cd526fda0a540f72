// Package scope is how Go code reads tenant data. API rules do not apply
// to Go code, so every Go-side query of tenant-owned records goes through
// these helpers, which take the tenant id: scoping cannot be forgotten, and
// a record of another tenant is simply not found.
package scope

import (
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
)

// ErrNotFound marks a record that does not exist in the given tenant.
var ErrNotFound = errors.New("not found in this tenant")

// Find loads one record of a tenant-owned collection, or ErrNotFound when
// it belongs to another tenant or does not exist.
func Find(app core.App, collection, tenantID, id string) (*core.Record, error) {
	if tenantID == "" || id == "" {
		return nil, fmt.Errorf("%s %q: %w", collection, id, ErrNotFound)
	}
	r := &core.Record{}
	err := app.RecordQuery(collection).
		AndWhere(dbx.HashExp{collections.FieldID: id, collections.FieldTenant: tenantID}).Limit(1).One(r)
	if err != nil {
		return nil, fmt.Errorf("%s %q: %w", collection, id, ErrNotFound)
	}
	return r, nil
}

// FindFirst loads the first record of a tenant-owned collection matching
// filter (which must not mention the tenant; it is added here).
func FindFirst(app core.App, collection, tenantID, filter string, params dbx.Params) (*core.Record, error) {
	recs, err := List(app, collection, tenantID, filter, "", 1, params)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s: %w", collection, ErrNotFound)
	}
	return recs[0], nil
}

// List loads records of a tenant-owned collection matching filter (which
// must not mention the tenant; it is added here). limit 0 = all.
func List(app core.App, collection, tenantID, filter, sort string, limit int, params dbx.Params) ([]*core.Record, error) {
	if tenantID == "" {
		return nil, fmt.Errorf("%s: tenant required", collection)
	}
	p := dbx.Params{"__tenant": tenantID}
	for k, v := range params {
		p[k] = v
	}
	f := collections.FieldTenant + " = {:__tenant}"
	if filter != "" {
		f += " && (" + filter + ")"
	}
	return app.FindRecordsByFilter(collection, f, sort, limit, 0, p)
}

// Membership returns the user's membership in the tenant, or nil.
func Membership(app core.App, tenantID, userID string) *collections.Membership {
	r := &core.Record{}
	err := app.RecordQuery(collections.Memberships).
		AndWhere(dbx.HashExp{collections.MembershipTenant: tenantID, collections.MembershipUser: userID}).Limit(1).One(r)
	if err != nil {
		return nil
	}
	return collections.AsMembership(r)
}

// Tenant loads a tenant.
func Tenant(app core.App, tenantID string) (*collections.Tenant, error) {
	r, err := app.FindRecordById(collections.Tenants, tenantID)
	if err != nil {
		return nil, fmt.Errorf("tenant %q: %w", tenantID, ErrNotFound)
	}
	return collections.AsTenant(r), nil
}

// StoredVersion loads the record as the database has it. Hooks compare
// against it rather than Record.Original(), which is only set when a
// record is loaded and goes stale when Go code saves one instance twice.
func StoredVersion(app core.App, r *core.Record) (*core.Record, error) {
	stored, err := app.FindRecordById(r.Collection(), r.Id)
	if err != nil {
		return nil, fmt.Errorf("load stored %s %s: %w", r.Collection().Name, r.Id, err)
	}
	return stored, nil
}

// FindBy loads the first record of a tenant-owned collection matching exp,
// always within tenantID. It is FindFirst for hot paths: a dbx expression
// skips PocketBase's filter parser, and lets SQLite use partial indexes
// (a filter spells "!= ”" in a way they do not match).
func FindBy(app core.App, collection, tenantID string, exp dbx.Expression) (*core.Record, error) {
	if tenantID == "" {
		return nil, fmt.Errorf("%s: tenant required", collection)
	}
	q := app.RecordQuery(collection).AndWhere(dbx.HashExp{collections.FieldTenant: tenantID})
	if exp != nil {
		q = q.AndWhere(exp)
	}
	r := &core.Record{}
	if err := q.Limit(1).One(r); err != nil {
		return nil, fmt.Errorf("%s: %w", collection, ErrNotFound)
	}
	return r, nil
}

// Exists reports whether the record id of a tenant-owned collection
// belongs to tenantID, with one indexed lookup and no record loaded.
func Exists(app core.App, collection, tenantID, id string) (bool, error) {
	if tenantID == "" || id == "" {
		return false, nil
	}
	var n int
	err := app.DB().Select("COUNT(*)").From(collection).
		Where(dbx.HashExp{collections.FieldID: id, collections.FieldTenant: tenantID}).Limit(1).Row(&n)
	if err != nil {
		return false, fmt.Errorf("%s exists: %w", collection, err)
	}
	return n > 0, nil
}

// IsMember reports whether the user works in the tenant, with one indexed
// lookup.
func IsMember(app core.App, tenantID, userID string) (bool, error) {
	if tenantID == "" || userID == "" {
		return false, nil
	}
	var n int
	err := app.DB().Select("COUNT(*)").From(collections.Memberships).
		Where(dbx.HashExp{collections.MembershipTenant: tenantID, collections.MembershipUser: userID}).Row(&n)
	if err != nil {
		return false, fmt.Errorf("membership: %w", err)
	}
	return n > 0, nil
}
