package hooks

import (
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/scope"
)

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
		collections.Sales, collections.Refunds, collections.CashSessions, collections.CashMoves, collections.StockMovements,
	}
	app.OnRecordCreate(guarded...).BindFunc(func(e *core.RecordEvent) error {
		if err := checkRelations(e.App, e.Record, nil); err != nil {
			return err
		}
		return e.Next()
	})
	app.OnRecordUpdate(guarded...).BindFunc(func(e *core.RecordEvent) error {
		stored, err := scope.StoredVersion(e.App, e.Record)
		if err != nil {
			return err
		}
		if e.Record.GetString(collections.FieldTenant) != stored.GetString(collections.FieldTenant) {
			return apierr.Field(collections.FieldTenant, "tenant_immutable", "Um registro não pode mudar de loja.")
		}
		if err := checkRelations(e.App, e.Record, stored); err != nil {
			return err
		}
		return e.Next()
	})
}

// checkRelations verifies every relation of r (all of them on create,
// those that changed from stored on update) stays inside r's tenant.
func checkRelations(app core.App, r *core.Record, stored *core.Record) error {
	tenantID := r.GetString(collections.FieldTenant)
	errs := apierr.Fields{}
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
				ok, err := scope.IsMember(app, tenantID, id)
				if err != nil {
					return err
				}
				if !ok {
					errs.Add(rel.Name, "relation_other_tenant", "Esta pessoa não trabalha nesta loja.")
				}
			case target.Fields.GetByName(collections.FieldTenant) != nil:
				ok, err := scope.Exists(app, target.Name, tenantID, id)
				if err != nil {
					return err
				}
				if !ok {
					errs.Add(rel.Name, "relation_other_tenant", "Registro não encontrado nesta loja.")
				}
			}
		}
	}
	return errs.Err()
}

// dbxEq is a column = value expression.
func dbxEq(column string, value any) dbx.Expression { return dbx.HashExp{column: value} }
