package hooks

import (
	"fmt"
	"slices"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/audit"
)

// audited are the business collections whose API writes are appended to
// the audit log (collections.Audited: the tenants and every tenant-owned
// collection but the named exceptions).
var audited = collections.Audited()

// bindAudit appends API writes on business collections, sign-ins and
// failed sign-ins to the audit log. A write and its audit line commit in
// one transaction.
func bindAudit(app core.App, d Deps) {
	app.OnRecordCreateRequest(audited...).BindFunc(func(e *core.RecordRequestEvent) error {
		a := audit.FromRequest(e.RequestEvent)
		audit.SetActor(e.Record, a)
		return e.App.RunInTransaction(func(tx core.App) error {
			e.App = tx
			if err := e.Next(); err != nil {
				return err
			}
			return audit.Write(tx, audit.Entry{
				Tenant: tenantOf(e.Record), Actor: a, Action: collections.ActionCreate,
				Collection: e.Collection.Name, Record: e.Record.Id, Changes: snapshot(e.Record),
			})
		})
	})
	app.OnRecordUpdateRequest(audited...).BindFunc(func(e *core.RecordRequestEvent) error {
		a := audit.FromRequest(e.RequestEvent)
		audit.SetActor(e.Record, a)
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
			return audit.Write(tx, audit.Entry{
				Tenant: tenantOf(e.Record), Actor: a, Action: action,
				Collection: e.Collection.Name, Record: e.Record.Id, Changes: changes,
			})
		})
	})
	app.OnRecordDeleteRequest(audited...).BindFunc(func(e *core.RecordRequestEvent) error {
		a := audit.FromRequest(e.RequestEvent)
		return e.App.RunInTransaction(func(tx core.App) error {
			e.App = tx
			if err := e.Next(); err != nil {
				return err
			}
			return audit.Write(tx, audit.Entry{
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
		a := audit.FromRequest(e.RequestEvent)
		a.UserID, a.Label = e.Record.Id, e.Record.GetString(collections.UserName)
		ms, err := e.App.FindAllRecords(collections.Memberships, dbxEq(collections.MembershipUser, e.Record.Id))
		if err != nil {
			return err
		}
		for _, m := range ms {
			if err := audit.Write(e.App, audit.Entry{
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
			a := audit.FromRequest(e.RequestEvent)
			a.Label = "tentativa: " + audit.Truncate(e.Identity, 150)
			if werr := audit.Write(e.App, audit.Entry{Actor: a, Action: collections.ActionSignInFailed, Collection: collections.Users}); werr != nil {
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
		return audit.Truncate(s, 200)
	}
	if s := fmt.Sprint(v); len(s) > 500 {
		return audit.Truncate(s, 200) + "…"
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
