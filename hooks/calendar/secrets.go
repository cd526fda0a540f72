package calendar

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/vault"
)

// errNoSecret means the tenant has no secret of that kind.
var errNoSecret = errors.New("calendar: no such secret")

// secretContext binds a sealed secret to its tenant and kind, so a value
// copied into another row does not decrypt.
func secretContext(tenantID, kind string) string {
	return "secrets:" + tenantID + ":" + kind
}

// putSecret stores value (encrypted) and meta as the tenant's secret of
// kind, replacing the previous one. Pass the transaction's app.
func putSecret(app core.App, v *vault.Vault, tenantID, kind, value string, meta any) error {
	sealed, err := v.Seal(secretContext(tenantID, kind), value)
	if err != nil {
		return fmt.Errorf("calendar: seal %s: %w", kind, err)
	}
	r, err := scope.FindFirst(app, collections.Secrets, tenantID, collections.SecretKind+" = {:k}", dbx.Params{"k": kind})
	if err != nil {
		col, cerr := app.FindCachedCollectionByNameOrId(collections.Secrets)
		if cerr != nil {
			return cerr
		}
		r = core.NewRecord(col)
		r.Set(collections.SecretTenant, tenantID)
		r.Set(collections.SecretKind, kind)
	}
	r.Set(collections.SecretValue, sealed)
	if meta != nil {
		r.Set(collections.SecretMeta, meta)
	}
	if err := app.Save(r); err != nil {
		return fmt.Errorf("calendar: store %s: %w", kind, err)
	}
	return nil
}

// getSecret returns the tenant's secret of kind, decrypted, and unmarshals
// its meta into meta (when not nil). It returns errNoSecret when none.
func getSecret(app core.App, v *vault.Vault, tenantID, kind string, meta any) (string, error) {
	r, err := scope.FindFirst(app, collections.Secrets, tenantID, collections.SecretKind+" = {:k}", dbx.Params{"k": kind})
	if err != nil {
		return "", errNoSecret
	}
	plain, err := v.Open(secretContext(tenantID, kind), r.GetString(collections.SecretValue))
	if err != nil {
		return "", fmt.Errorf("calendar: open %s: %w", kind, err)
	}
	if meta != nil {
		if raw := r.GetString(collections.SecretMeta); raw != "" && raw != "null" {
			if err := json.Unmarshal([]byte(raw), meta); err != nil {
				return "", fmt.Errorf("calendar: meta of %s: %w", kind, err)
			}
		}
	}
	return plain, nil
}

// deleteSecret removes the tenant's secret of kind, if any.
func deleteSecret(app core.App, tenantID, kind string) error {
	r, err := scope.FindFirst(app, collections.Secrets, tenantID, collections.SecretKind+" = {:k}", dbx.Params{"k": kind})
	if err != nil {
		return nil
	}
	if err := app.Delete(r); err != nil {
		return fmt.Errorf("calendar: delete %s: %w", kind, err)
	}
	return nil
}
