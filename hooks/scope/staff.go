package scope

import (
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
)

// Staff is what a tenant-level route knows about its caller.
type Staff struct {
	Tenant     *collections.Tenant
	Membership *collections.Membership
	User       *core.Record
}

// TenantHeader names the header a client may use to pick the tenant.
const TenantHeader = "X-Bancada-Tenant"

// RequireStaff resolves the tenant of a tenant-level route (from the
// "tenant" query parameter or header, or bodyTenant, or the caller's only
// membership), checks the caller holds one of roles there (any role when
// roles is empty) and that the tenant is active. Errors are ready to return
// to the client, in Portuguese.
func RequireStaff(e *core.RequestEvent, bodyTenant string, roles []collections.Role) (*Staff, error) {
	return requireStaff(e, bodyTenant, roles, true)
}

// RequireStaffEvenInactive is RequireStaff for the few routes a
// deactivated shop may still use (to see why, and to pay).
func RequireStaffEvenInactive(e *core.RequestEvent, bodyTenant string, roles []collections.Role) (*Staff, error) {
	return requireStaff(e, bodyTenant, roles, false)
}

// RequireStaffOf is RequireStaff for a route that acts on one record: the
// record's own tenant decides, whatever tenant the request names, so a
// caller cannot reach another shop's record by naming their own shop. A
// caller who does not work there gets the same 404 as for an id that does
// not exist (no existence oracle); use RequireStaffOfRecord to give that
// 404 the route's own not-found message.
func RequireStaffOf(e *core.RequestEvent, recordTenant string, roles []collections.Role) (*Staff, error) {
	return RequireStaffOfRecord(e, recordTenant, roles, "Não encontrado.")
}

// RequireStaffOfRecord is RequireStaffOf answering notFound, the message
// the route gives for an unknown id, to a caller outside the record's
// shop.
func RequireStaffOfRecord(e *core.RequestEvent, recordTenant string, roles []collections.Role, notFound string) (*Staff, error) {
	if e.Auth == nil || e.Auth.Collection().Name != collections.Users {
		return nil, router.NewUnauthorizedError("Entre com seu e-mail e senha para continuar.", nil)
	}
	if recordTenant == "" || Membership(e.App, recordTenant, e.Auth.Id) == nil {
		return nil, router.NewNotFoundError(notFound, nil)
	}
	return staffIn(e, recordTenant, roles, true)
}

func requireStaff(e *core.RequestEvent, bodyTenant string, roles []collections.Role, mustBeActive bool) (*Staff, error) {
	if e.Auth == nil || e.Auth.Collection().Name != collections.Users {
		return nil, router.NewUnauthorizedError("Entre com seu e-mail e senha para continuar.", nil)
	}
	tenantID := e.Request.URL.Query().Get("tenant")
	if tenantID == "" {
		tenantID = e.Request.Header.Get(TenantHeader)
	}
	if tenantID == "" {
		tenantID = bodyTenant
	}
	if tenantID == "" {
		var ms []*core.Record
		err := e.App.RecordQuery(collections.Memberships).
			AndWhere(dbx.HashExp{collections.MembershipUser: e.Auth.Id}).Limit(2).All(&ms)
		if err != nil || len(ms) != 1 {
			return nil, apierr.BadRequest("Informe a loja (campo tenant).",
				apierr.Field(collections.FieldTenant, "tenant_required", "Informe a loja."))
		}
		tenantID = collections.AsMembership(ms[0]).Tenant()
	}
	return staffIn(e, tenantID, roles, mustBeActive)
}

// staffIn checks the caller works in tenantID with one of roles.
func staffIn(e *core.RequestEvent, tenantID string, roles []collections.Role, mustBeActive bool) (*Staff, error) {
	m := Membership(e.App, tenantID, e.Auth.Id)
	if m == nil {
		// Same answer as a tenant that does not exist: no probing.
		return nil, router.NewForbiddenError("Você não trabalha nesta loja.", nil)
	}
	t, err := Tenant(e.App, tenantID)
	if err != nil {
		return nil, router.NewForbiddenError("Você não trabalha nesta loja.", nil)
	}
	if mustBeActive && !t.Active() {
		return nil, router.NewForbiddenError("Esta loja está desativada. "+t.InactiveReason(), nil)
	}
	if len(roles) > 0 && !slices.Contains(roles, m.Role()) {
		return nil, router.NewForbiddenError("Sua função ("+m.Role().Label()+") não permite esta ação.", nil)
	}
	return &Staff{Tenant: t, Membership: m, User: e.Auth}, nil
}
