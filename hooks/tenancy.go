package hooks

import (
	"fmt"
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/bancada/bancada/collections"
)

// Go code bypasses API rules. Every Go-side read of tenant data goes
// through these helpers, which take the tenant id, so scoping cannot be
// forgotten.

// findInTenant loads one record of a tenant-owned collection, or fails as
// not found when it belongs to another tenant.
func findInTenant(app core.App, collection, tenantID, id string) (*core.Record, error) {
	if tenantID == "" || id == "" {
		return nil, fmt.Errorf("%s %q: %w", collection, id, errNotFound)
	}
	r, err := app.FindFirstRecordByFilter(collection, "id = {:id} && tenant = {:tenant}",
		dbx.Params{"id": id, "tenant": tenantID})
	if err != nil {
		return nil, fmt.Errorf("%s %q: %w", collection, id, errNotFound)
	}
	return r, nil
}

// findByTenant loads records of a tenant-owned collection matching filter
// (which must not mention the tenant; it is added here).
func findByTenant(app core.App, collection, tenantID, filter, sort string, limit int, params dbx.Params) ([]*core.Record, error) {
	if tenantID == "" {
		return nil, fmt.Errorf("%s: tenant required", collection)
	}
	p := dbx.Params{"tenant": tenantID}
	for k, v := range params {
		p[k] = v
	}
	f := "tenant = {:tenant}"
	if filter != "" {
		f += " && (" + filter + ")"
	}
	return app.FindRecordsByFilter(collection, f, sort, limit, 0, p)
}

// membership returns the user's membership in the tenant, or nil.
func membership(app core.App, tenantID, userID string) *collections.Membership {
	r, err := app.FindFirstRecordByFilter(collections.Memberships, "tenant = {:t} && user = {:u}",
		dbx.Params{"t": tenantID, "u": userID})
	if err != nil {
		return nil
	}
	return collections.AsMembership(r)
}

// staffContext is what a tenant-level route knows about its caller.
type staffContext struct {
	Tenant     *collections.Tenant
	Membership *collections.Membership
	User       *core.Record
}

// tenantHeader names the header a client may use to pick the tenant.
const tenantHeader = "X-Bancada-Tenant"

// requireStaff resolves the tenant of a tenant-level route (from the
// "tenant" query parameter or header, or bodyTenant, or the caller's only
// membership), checks the caller holds one of roles there and that the
// tenant is active. Errors are ready to return to the client.
func requireStaff(e *core.RequestEvent, bodyTenant string, roles []collections.Role) (*staffContext, error) {
	if e.Auth == nil || e.Auth.Collection().Name != collections.Users {
		return nil, router.NewUnauthorizedError("Entre com seu e-mail e senha para continuar.", nil)
	}
	tenantID := e.Request.URL.Query().Get("tenant")
	if tenantID == "" {
		tenantID = e.Request.Header.Get(tenantHeader)
	}
	if tenantID == "" {
		tenantID = bodyTenant
	}
	if tenantID == "" {
		ms, err := e.App.FindRecordsByFilter(collections.Memberships, "user = {:u}", "", 2, 0, dbx.Params{"u": e.Auth.Id})
		if err != nil || len(ms) != 1 {
			return nil, router.NewBadRequestError("Informe a loja (campo tenant).",
				fieldErr("tenant", "tenant_required", "Informe a loja."))
		}
		tenantID = collections.AsMembership(ms[0]).Tenant()
	}
	m := membership(e.App, tenantID, e.Auth.Id)
	if m == nil {
		// Same answer as a tenant that does not exist: no probing.
		return nil, router.NewForbiddenError("Você não trabalha nesta loja.", nil)
	}
	tr, err := e.App.FindRecordById(collections.Tenants, tenantID)
	if err != nil {
		return nil, router.NewForbiddenError("Você não trabalha nesta loja.", nil)
	}
	t := collections.AsTenant(tr)
	if !t.Active() {
		return nil, router.NewForbiddenError("Esta loja está desativada. "+t.InactiveReason(), nil)
	}
	if len(roles) > 0 && !slices.Contains(roles, m.Role()) {
		return nil, router.NewForbiddenError("Sua função ("+m.Role().Label()+") não permite esta ação.", nil)
	}
	return &staffContext{Tenant: t, Membership: m, User: e.Auth}, nil
}

// ---------------------------------------------------------------------
// Invariants on every save, API or Go.

// bindTenancy enforces, whoever writes, that a tenant-owned record never
// changes tenant and that its relations point into its own tenant (a
// relation to staff must point at someone who works there). API rules
// already refuse such requests; this is the second wall, for Go code.
func bindTenancy(app core.App, d Deps) {
	guarded := []string{
		collections.Customers, collections.Devices, collections.Orders, collections.Parts,
		collections.PriceRules, collections.Appointments, collections.Payments, collections.Conversations,
		collections.Messages, collections.QuoteRequests, collections.OrderEvents,
	}
	app.OnRecordCreate(guarded...).BindFunc(func(e *core.RecordEvent) error {
		if err := checkRelations(e.App, e.Record, nil); err != nil {
			return err
		}
		return e.Next()
	})
	app.OnRecordUpdate(guarded...).BindFunc(func(e *core.RecordEvent) error {
		stored, err := storedVersion(e.App, e.Record)
		if err != nil {
			return err
		}
		if e.Record.GetString(collections.FieldTenant) != stored.GetString(collections.FieldTenant) {
			return fieldErr(collections.FieldTenant, "tenant_immutable", "Um registro não pode mudar de loja.")
		}
		if err := checkRelations(e.App, e.Record, stored); err != nil {
			return err
		}
		return e.Next()
	})
}

// storedVersion loads the record as the database has it. Hooks compare
// against it rather than Record.Original(), which is only set when a
// record is loaded and goes stale when Go code saves one instance twice.
func storedVersion(app core.App, r *core.Record) (*core.Record, error) {
	stored, err := app.FindRecordById(r.Collection(), r.Id)
	if err != nil {
		return nil, fmt.Errorf("load stored %s %s: %w", r.Collection().Name, r.Id, err)
	}
	return stored, nil
}

// checkRelations verifies every relation of r (all of them on create,
// those that changed from stored on update) stays inside r's tenant.
func checkRelations(app core.App, r *core.Record, stored *core.Record) error {
	tenantID := r.GetString(collections.FieldTenant)
	errs := fieldErrors{}
	for _, f := range r.Collection().Fields {
		rel, ok := f.(*core.RelationField)
		if !ok || rel.Name == collections.FieldTenant {
			continue
		}
		ids := r.GetStringSlice(rel.Name)
		if stored != nil && slices.Equal(ids, stored.GetStringSlice(rel.Name)) {
			continue
		}
		target, err := app.FindCachedCollectionByNameOrId(rel.CollectionId)
		if err != nil {
			return err
		}
		for _, id := range ids {
			switch {
			case target.Name == collections.Users:
				if membership(app, tenantID, id) == nil {
					errs.add(rel.Name, "relation_other_tenant", "Esta pessoa não trabalha nesta loja.")
				}
			case target.Fields.GetByName(collections.FieldTenant) != nil:
				if _, err := findInTenant(app, target.Name, tenantID, id); err != nil {
					errs.add(rel.Name, "relation_other_tenant", "Registro não encontrado nesta loja.")
				}
			}
		}
	}
	return errs.err()
}

// dbxEq is a column = value expression.
func dbxEq(column string, value any) dbx.Expression { return dbx.HashExp{column: value} }
