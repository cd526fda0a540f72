// Package secrets keeps each shop's credentials (its Asaas key, its
// Evolution instance token and webhook secret, its Google tokens) in the
// secrets collection: no API access, one row per tenant and kind, the
// value sealed by the vault and bound to that tenant and kind, so a value
// copied into another row does not decrypt.
package secrets

import (
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/vault"
)

// ErrNone means the tenant has no secret of that kind.
var ErrNone = errors.New("secrets: none stored")

// Context binds a sealed value to its tenant and kind.
func Context(tenantID, kind string) string { return "secret:" + tenantID + ":" + kind }

// Record loads the tenant's secret row of kind (sealed), or ErrNone.
func Record(app core.App, tenantID, kind string) (*core.Record, error) {
	r, err := scope.FindBy(app, collections.Secrets, tenantID, dbx.HashExp{collections.SecretKind: kind})
	if err != nil {
		return nil, fmt.Errorf("%w: %s of %s", ErrNone, kind, tenantID)
	}
	return r, nil
}

// Put seals value and stores it as the tenant's secret of kind, with meta
// (nil keeps the stored meta), replacing the previous value. Pass the
// transaction's app.
func Put(app core.App, v *vault.Vault, tenantID, kind, value string, meta any) error {
	sealed, err := v.Seal(Context(tenantID, kind), value)
	if err != nil {
		return fmt.Errorf("secrets: seal %s: %w", kind, err)
	}
	r, err := Record(app, tenantID, kind)
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
		return fmt.Errorf("secrets: store %s: %w", kind, err)
	}
	return nil
}

// Get returns the tenant's secret of kind, decrypted, and its row (for
// the meta), or ErrNone.
func Get(app core.App, v *vault.Vault, tenantID, kind string) (string, *core.Record, error) {
	r, err := Record(app, tenantID, kind)
	if err != nil {
		return "", nil, err
	}
	plain, err := v.Open(Context(tenantID, kind), r.GetString(collections.SecretValue))
	if err != nil {
		return "", nil, fmt.Errorf("secrets: open %s of %s: %w", kind, tenantID, err)
	}
	return plain, r, nil
}

// Delete removes the tenant's secret of kind, if any.
func Delete(app core.App, tenantID, kind string) error {
	r, err := Record(app, tenantID, kind)
	if err != nil {
		return nil
	}
	if err := app.Delete(r); err != nil {
		return fmt.Errorf("secrets: delete %s: %w", kind, err)
	}
	return nil
}
