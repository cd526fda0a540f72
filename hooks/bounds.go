package hooks

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
)

// bindBounds checks, on every save (REST, Go, the demo seed, signup),
// that amounts and quantities stay within collections.IntBounds and that
// a shop's settings and time zone are valid. It runs as a record
// validation hook, so the errors join PocketBase's own per-field errors
// in the 400 a client gets.
func bindBounds(app core.App) {
	for _, name := range slices.Sorted(maps.Keys(collections.IntBounds)) {
		bounds := collections.IntBounds[name]
		app.OnRecordValidate(name).BindFunc(func(e *core.RecordEvent) error {
			errs := apierr.Fields{}
			for _, b := range bounds {
				if v := e.Record.GetFloat(b.Field); v < float64(b.Min) || v > float64(b.Max) {
					errs.Add(b.Field, "out_of_bounds", b.Message)
				}
			}
			var hidden []string
			for _, b := range bounds {
				if _, bad := errs[b.DerivedFrom]; bad && b.DerivedFrom != "" {
					delete(errs, b.Field)
					hidden = append(hidden, b.Field)
				}
			}
			return mergeValidation(errs, e.Next(), hidden...)
		})
	}
	app.OnRecordValidate(collections.Tenants).BindFunc(func(e *core.RecordEvent) error {
		return mergeValidation(tenantSettingsErrors(e.Record), e.Next())
	})
}

// tenantSettingsErrors validates a tenant's settings and time zone when
// they are new or changed (a stored value is not re-checked on every
// unrelated save, such as a logo upload).
func tenantSettingsErrors(r *core.Record) apierr.Fields {
	errs := apierr.Fields{}
	orig := r.Original()
	changed := func(field string) bool {
		return r.IsNew() || fmt.Sprint(r.Get(field)) != fmt.Sprint(orig.Get(field))
	}
	if changed(collections.TenantTimezone) && !collections.ValidTimezone(r.GetString(collections.TenantTimezone)) {
		errs.Add(collections.TenantTimezone, "invalid_timezone", "Fuso horário desconhecido: use um nome IANA, como America/Sao_Paulo.")
	}
	if !changed(collections.TenantSettingsField) {
		return errs
	}
	raw, err := json.Marshal(r.Get(collections.TenantSettingsField))
	if err != nil {
		errs.Add(collections.TenantSettingsField, "invalid_settings", "As configurações não são um JSON válido.")
		return errs
	}
	s, problems := collections.ParseSettings(raw)
	if len(problems) == 0 {
		problems = s.Validate()
	}
	if msg, whole := problems[""]; whole {
		errs.Add(collections.TenantSettingsField, "invalid_settings", msg)
		return errs
	}
	inner := apierr.Fields{}
	for _, key := range slices.Sorted(maps.Keys(problems)) {
		inner.Add(key, "invalid_setting", problems[key])
	}
	errs.Nest(collections.TenantSettingsField, inner)
	return errs
}

// mergeValidation returns ours together with the validation errors of the
// rest of the chain (PocketBase's field checks), or the chain's error when
// it is not a validation error. Ours win on a field both name (they say
// the bound); hidden fields are dropped (values derived from a field
// already reported).
func mergeValidation(ours apierr.Fields, next error, hidden ...string) error {
	if next == nil {
		return ours.Err()
	}
	theirs, ok := apierr.AsValidation(next)
	if !ok {
		return next
	}
	merged := validation.Errors{}
	maps.Copy(merged, theirs)
	maps.Copy(merged, validation.Errors(ours))
	for _, f := range hidden {
		delete(merged, f)
	}
	if len(merged) == 0 {
		return nil
	}
	return merged
}
