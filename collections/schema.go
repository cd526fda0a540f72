package collections

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// definition brings one collection to its desired state.
type definition struct {
	name   string
	define func(app core.App, c *core.Collection) error
}

// definitions lists every collection in dependency order (a relation's
// target comes before the collection that points at it).
func definitions() []definition {
	return []definition{
		{Plans, definePlans},
		{Tenants, defineTenants},
		{Users, defineUsers},
		{Memberships, defineMemberships},
		{Invitations, defineInvitations},
		{Subscriptions, defineSubscriptions},
		{Customers, defineCustomers},
		{Devices, defineDevices},
		{Orders, defineOrders},
		{OrderEvents, defineOrderEvents},
		{Parts, defineParts},
		{PriceRules, definePriceRules},
		{Appointments, defineAppointments},
		{Sales, defineSales},
		{Payments, definePayments},
		{Refunds, defineRefunds},
		{CashSessions, defineCashSessions},
		{CashMoves, defineCashMoves},
		{StockMovements, defineStockMovements},
		{Conversations, defineConversations},
		{Messages, defineMessages},
		{QuoteRequests, defineQuoteRequests},
		{Outbox, defineOutbox},
		{WebhookEvents, defineWebhookEvents},
		{AuditLog, defineAuditLog},
		{Secrets, defineSecrets},
		{WebhookEndpoints, defineWebhookEndpoints},
		{WebhookDeliveries, defineWebhookDeliveries},
		{Sequences, defineSequences},
	}
}

// Sync creates or updates every collection so that its fields, indexes and
// rules match this package. It is idempotent: running it on an up-to-date
// database changes nothing. Fields are added or replaced by name and never
// dropped here (dropping data is an explicit migration).
//
// It works in two passes because rules may name back-relations
// (memberships_via_tenant) of collections defined later: the first pass
// saves fields and indexes, keeping the rules the collection already had
// (none when new); the second pass saves the rules.
func Sync(app core.App) error {
	type pending struct {
		c                                  *core.Collection
		list, view, create, update, delete *string
	}
	var all []pending
	for _, d := range definitions() {
		c, err := app.FindCollectionByNameOrId(d.name)
		isNew := err != nil
		if isNew {
			c = core.NewBaseCollection(d.name)
		}
		old := pending{list: c.ListRule, view: c.ViewRule, create: c.CreateRule, update: c.UpdateRule, delete: c.DeleteRule}
		if err := d.define(app, c); err != nil {
			return fmt.Errorf("collections: define %s: %w", d.name, err)
		}
		want := pending{c: c, list: c.ListRule, view: c.ViewRule, create: c.CreateRule, update: c.UpdateRule, delete: c.DeleteRule}
		all = append(all, want)
		if isNew {
			old = pending{} // nil rules: superusers only until pass two
		}
		c.ListRule, c.ViewRule, c.CreateRule, c.UpdateRule, c.DeleteRule = old.list, old.view, old.create, old.update, old.delete
		if err := app.Save(c); err != nil {
			return fmt.Errorf("collections: save %s: %w", d.name, err)
		}
	}
	for _, p := range all {
		if late := lateFields[p.c.Name]; late != nil {
			late(p.c)
		}
		p.c.ListRule, p.c.ViewRule, p.c.CreateRule, p.c.UpdateRule, p.c.DeleteRule = p.list, p.view, p.create, p.update, p.delete
		if err := app.Save(p.c); err != nil {
			return fmt.Errorf("collections: rules of %s: %w", p.c.Name, err)
		}
	}
	return nil
}

// lateFields add, in the second pass, what needs the collection saved
// first: a relation to itself, and its index.
var lateFields = map[string]func(c *core.Collection){
	Orders: lateOrders,
}

// idOf returns the id of an existing collection (relation targets).
func idOf(app core.App, name string) (string, error) {
	c, err := app.FindCollectionByNameOrId(name)
	if err != nil {
		return "", fmt.Errorf("collection %q not found: %w", name, err)
	}
	return c.Id, nil
}

// tenantField is the required relation every tenant-owned record carries.
func tenantField(tenantsID string) *core.RelationField {
	return &core.RelationField{Name: FieldTenant, CollectionId: tenantsID, Required: true, MaxSelect: 1}
}

// timestamps are the created/updated autodate fields (not implicit since v0.23).
func timestamps() []core.Field {
	return []core.Field{
		&core.AutodateField{Name: FieldCreated, OnCreate: true},
		&core.AutodateField{Name: FieldUpdated, OnCreate: true, OnUpdate: true},
	}
}

// money is a non-negative integer amount of centavos.
func money(name string) *core.NumberField {
	return &core.NumberField{Name: name, OnlyInt: true, Min: types.Pointer(0.0)}
}

// count is a non-negative integer.
func count(name string) *core.NumberField {
	return &core.NumberField{Name: name, OnlyInt: true, Min: types.Pointer(0.0)}
}

// text is an optional text field with a maximum length.
func text(name string, max int) *core.TextField {
	return &core.TextField{Name: name, Max: max}
}

// required is a required text field with a maximum length.
func required(name string, max int) *core.TextField {
	return &core.TextField{Name: name, Max: max, Required: true}
}

// selectOne is a single-value select field.
func selectOne(name string, required bool, values ...string) *core.SelectField {
	return &core.SelectField{Name: name, Values: values, MaxSelect: 1, Required: required}
}

// jsonField is a JSON field with a size cap.
func jsonField(name string, maxSize int64) *core.JSONField {
	return &core.JSONField{Name: name, MaxSize: maxSize}
}

// date is an optional date/time field (stored in UTC).
func date(name string) *core.DateField { return &core.DateField{Name: name} }

// relationTo is an optional single relation.
func relationTo(name, collectionID string) *core.RelationField {
	return &core.RelationField{Name: name, CollectionId: collectionID, MaxSelect: 1}
}

// stringsOf converts typed string constants for select fields.
func stringsOf[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

func ptr[T any](v T) *T { return &v }
