package collections

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Membership fields.
const (
	MembershipTenant = FieldTenant
	MembershipUser   = "user"
	MembershipRole   = "role"
)

func defineMemberships(app core.App, c *core.Collection) error {
	tenantsID, err := idOf(app, Tenants)
	if err != nil {
		return err
	}
	usersID, err := idOf(app, Users)
	if err != nil {
		return err
	}
	c.Fields.Add(
		tenantField(tenantsID),
		&core.RelationField{Name: MembershipUser, CollectionId: usersID, Required: true, MaxSelect: 1, CascadeDelete: true},
		selectOne(MembershipRole, true, stringsOf(AllRoles)...),
	)
	c.Fields.Add(timestamps()...)
	c.AddIndex("idx_memberships_tenant_user", true, "tenant, user", "")
	c.AddIndex("idx_memberships_user", false, "user", "")

	// Staff see their own memberships (to pick a shop, even a deactivated
	// one) and their teammates'. Writes go through /api/bancada/staff only,
	// so nobody can grant themselves a role.
	read := `@request.auth.collectionName = "users" && (user = @request.auth.id || tenant.memberships_via_tenant.user ?= @request.auth.id)`
	c.ListRule = types.Pointer(read)
	c.ViewRule = types.Pointer(read)
	c.CreateRule, c.UpdateRule, c.DeleteRule = nil, nil, nil
	return nil
}

// Membership is a typed proxy of a memberships record: one person's role
// in one shop.
type Membership struct{ core.BaseRecordProxy }

// AsMembership wraps a memberships record.
func AsMembership(r *core.Record) *Membership {
	m := &Membership{}
	m.SetProxyRecord(r)
	return m
}

// NewMembership returns an unsaved membership.
func NewMembership(app core.App, tenantID, userID string, role Role) (*Membership, error) {
	c, err := app.FindCachedCollectionByNameOrId(Memberships)
	if err != nil {
		return nil, err
	}
	m := AsMembership(core.NewRecord(c))
	m.Set(MembershipTenant, tenantID)
	m.Set(MembershipUser, userID)
	m.SetRole(role)
	return m, nil
}

// Tenant is the shop's id.
func (m *Membership) Tenant() string { return m.GetString(MembershipTenant) }

// User is the person's id.
func (m *Membership) User() string { return m.GetString(MembershipUser) }

// Role is what the person may do in the shop.
func (m *Membership) Role() Role { return Role(m.GetString(MembershipRole)) }

// SetRole changes the role.
func (m *Membership) SetRole(r Role) { m.Set(MembershipRole, string(r)) }
