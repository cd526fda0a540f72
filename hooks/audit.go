package hooks

import (
	"fmt"
	"slices"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
)

// audited are the business collections whose API writes are appended to
// the audit log.
var audited = []string{
	collections.Tenants, collections.Customers, collections.Devices, collections.Orders,
	collections.Parts, collections.PriceRules, collections.Appointments, collections.Payments,
	collections.Conversations, collections.QuoteRequests,
}

// auditEntry is one line of the append-only audit log.
type auditEntry struct {
	Tenant     string
	Actor      Actor
	Action     string
	Collection string
	Record     string
	Changes    any
}

// writeAudit appends an entry with app (use the transaction's app to
// commit it together with the change).
func writeAudit(app core.App, a auditEntry) error {
	col, err := app.FindCachedCollectionByNameOrId(collections.AuditLog)
	if err != nil {
		return err
	}
	r := core.NewRecord(col)
	r.Set(collections.AuditTenant, a.Tenant)
	if a.Actor.UserID != "" {
		r.Set(collections.AuditActor, a.Actor.UserID)
	}
	r.Set(collections.AuditActorLabel, truncate(a.Actor.Label, 200))
	r.Set(collections.AuditAction, a.Action)
	r.Set(collections.AuditCollection, a.Collection)
	r.Set(collections.AuditRecord, a.Record)
	if a.Changes != nil {
		r.Set(collections.AuditChanges, a.Changes)
	}
	r.Set(collections.AuditIP, a.Actor.IP)
	r.Set(collections.AuditUserAgent, a.Actor.UserAgent)
	if err := app.Save(r); err != nil {
		return fmt.Errorf("audit %s: %w", a.Action, err)
	}
	return nil
}

// bindAudit appends API writes on business collections, sign-ins and
// failed sign-ins to the audit log. A write and its audit line commit in
// one transaction.
func bindAudit(app core.App, d Deps) {
	app.OnRecordCreateRequest(audited...).BindFunc(func(e *core.RecordRequestEvent) error {
		a := requestActor(e.RequestEvent)
		setActor(e.Record, a)
		return e.App.RunInTransaction(func(tx core.App) error {
			e.App = tx
			if err := e.Next(); err != nil {
				return err
			}
			return writeAudit(tx, auditEntry{
				Tenant: tenantOf(e.Record), Actor: a, Action: collections.ActionCreate,
				Collection: e.Collection.Name, Record: e.Record.Id, Changes: snapshot(e.Record),
			})
		})
	})
	app.OnRecordUpdateRequest(audited...).BindFunc(func(e *core.RecordRequestEvent) error {
		a := requestActor(e.RequestEvent)
		setActor(e.Record, a)
		return e.App.RunInTransaction(func(tx core.App) error {
			e.App = tx
			if err := e.Next(); err != nil {
				return err
			}
			changes := diff(e.Record)
			if len(changes) == 0 {
				return nil
			}
			action := collections.ActionUpdate
			switch {
			case e.Collection.Name == collections.Orders && changes[collections.OrderStatusField] != nil:
				action = collections.ActionStatus
			case e.Collection.Name == collections.Tenants && changes[collections.TenantSettingsField] != nil:
				action = collections.ActionSettings
			}
			return writeAudit(tx, auditEntry{
				Tenant: tenantOf(e.Record), Actor: a, Action: action,
				Collection: e.Collection.Name, Record: e.Record.Id, Changes: changes,
			})
		})
	})
	app.OnRecordDeleteRequest(audited...).BindFunc(func(e *core.RecordRequestEvent) error {
		a := requestActor(e.RequestEvent)
		return e.App.RunInTransaction(func(tx core.App) error {
			e.App = tx
			if err := e.Next(); err != nil {
				return err
			}
			return writeAudit(tx, auditEntry{
				Tenant: tenantOf(e.Record), Actor: a, Action: collections.ActionDelete,
				Collection: e.Collection.Name, Record: e.Record.Id, Changes: snapshot(e.Record),
			})
		})
	})

	// Sign-ins: one line per shop the person works in, so each owner sees
	// their staff's sign-ins.
	app.OnRecordAuthRequest(collections.Users).BindFunc(func(e *core.RecordAuthRequestEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		a := requestActor(e.RequestEvent)
		a.UserID, a.Label = e.Record.Id, e.Record.GetString(collections.UserName)
		ms, err := e.App.FindAllRecords(collections.Memberships, dbxEq(collections.MembershipUser, e.Record.Id))
		if err != nil {
			return err
		}
		for _, m := range ms {
			if err := writeAudit(e.App, auditEntry{
				Tenant: m.GetString(collections.FieldTenant), Actor: a, Action: collections.ActionSignIn,
				Collection: collections.Users, Record: e.Record.Id, Changes: map[string]any{"method": e.AuthMethod},
			}); err != nil {
				e.App.Logger().Error("audit sign-in", "error", err)
			}
		}
		return nil
	})
	app.OnRecordAuthWithPasswordRequest(collections.Users).BindFunc(func(e *core.RecordAuthWithPasswordRequestEvent) error {
		err := e.Next()
		if err != nil {
			a := requestActor(e.RequestEvent)
			a.Label = "tentativa: " + truncate(e.Identity, 150)
			if werr := writeAudit(e.App, auditEntry{Actor: a, Action: collections.ActionSignInFailed, Collection: collections.Users}); werr != nil {
				e.App.Logger().Error("audit failed sign-in", "error", werr)
			}
		}
		return err
	})
}

// tenantOf is the tenant a record belongs to (itself for tenants).
func tenantOf(r *core.Record) string {
	if r.Collection().Name == collections.Tenants {
		return r.Id
	}
	return r.GetString(collections.FieldTenant)
}

// skipInAudit are values never copied into the log.
var skipInAudit = []string{
	collections.FieldCreated, collections.FieldUpdated, collections.DevicePasscode, collections.DevicePasscodeEnc,
	collections.OrderStatusNote,
}

// snapshot is the record's visible values, long texts cut.
func snapshot(r *core.Record) map[string]any {
	out := map[string]any{}
	for _, f := range r.Collection().Fields {
		name := f.GetName()
		if f.GetHidden() || slices.Contains(skipInAudit, name) {
			continue
		}
		if v := r.Get(name); !isZero(v) {
			out[name] = clip(v)
		}
	}
	return out
}

// diff lists the fields an update changed, as {field: [old, new]}.
func diff(r *core.Record) map[string]any {
	orig := r.Original()
	out := map[string]any{}
	for _, f := range r.Collection().Fields {
		name := f.GetName()
		if f.GetHidden() || slices.Contains(skipInAudit, name) {
			if name == collections.DevicePasscodeEnc && r.GetString(name) != orig.GetString(name) {
				out["passcode"] = []any{"***", "***"}
			}
			continue
		}
		before, after := orig.Get(name), r.Get(name)
		if fmt.Sprint(before) != fmt.Sprint(after) {
			out[name] = []any{clip(before), clip(after)}
		}
	}
	return out
}

func clip(v any) any {
	if s, ok := v.(string); ok {
		return truncate(s, 200)
	}
	if s := fmt.Sprint(v); len(s) > 500 {
		return truncate(s, 200) + "…"
	}
	return v
}

func isZero(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case bool:
		return !x
	case int:
		return x == 0
	case float64:
		return x == 0
	case []string:
		return len(x) == 0
	}
	return fmt.Sprint(v) == ""
}
