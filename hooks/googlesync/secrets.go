package googlesync

import (
	"encoding/json"
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/secrets"
	"github.com/bancada/bancada/vault"
)

// errNoSecret means the tenant has no secret of that kind.
var errNoSecret = secrets.ErrNone

// putSecret stores value (encrypted) and meta as the tenant's secret of
// kind, replacing the previous one. Pass the transaction's app.
func putSecret(app core.App, v *vault.Vault, tenantID, kind, value string, meta any) error {
	return secrets.Put(app, v, tenantID, kind, value, meta)
}

// getSecret returns the tenant's secret of kind, decrypted, and unmarshals
// its meta into meta (when not nil). It returns errNoSecret when none.
func getSecret(app core.App, v *vault.Vault, tenantID, kind string, meta any) (string, error) {
	plain, r, err := secrets.Get(app, v, tenantID, kind)
	if err != nil {
		return "", err
	}
	if meta != nil {
		if raw := r.GetString(collections.SecretMeta); raw != "" && raw != "null" {
			if err := json.Unmarshal([]byte(raw), meta); err != nil {
				return "", fmt.Errorf("googlesync: meta of %s: %w", kind, err)
			}
		}
	}
	return plain, nil
}

// deleteSecret removes the tenant's secret of kind, if any.
func deleteSecret(app core.App, tenantID, kind string) error {
	return secrets.Delete(app, tenantID, kind)
}
