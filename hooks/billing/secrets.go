package billing

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/integrations/asaas"
)

// errNotConnected marks a shop without a connected Asaas account.
var errNotConnected = errors.New("billing: the shop's Asaas account is not connected")

// accountMeta is what billing remembers of a shop's Asaas account, beside
// the sealed key (never the key itself).
type accountMeta struct {
	Name      string `json:"name"`
	CpfCnpj   string `json:"cpfCnpj"`
	Email     string `json:"email"`
	WebhookID string `json:"webhookId"`
	// ConnectedAt is when the owner connected it (RFC 3339, UTC).
	ConnectedAt string `json:"connectedAt"`
}

// secretContext binds a sealed secret to its tenant and kind, so a value
// copied to another row does not decrypt.
func secretContext(tenantID, kind string) string { return "secret:" + tenantID + ":" + kind }

// putSecret seals value and stores it (replacing the tenant's secret of
// that kind) with meta, using tx.
func (b *biller) putSecret(tx core.App, tenantID, kind, value string, meta any) error {
	sealed, err := b.d.Vault.Seal(secretContext(tenantID, kind), value)
	if err != nil {
		return fmt.Errorf("billing: seal %s: %w", kind, err)
	}
	r, err := scope.FindFirst(tx, collections.Secrets, tenantID, collections.SecretKind+" = {:k}", dbx.Params{"k": kind})
	if err != nil {
		col, cerr := tx.FindCachedCollectionByNameOrId(collections.Secrets)
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
	if err := tx.Save(r); err != nil {
		return fmt.Errorf("billing: store %s: %w", kind, err)
	}
	return nil
}

// secret returns the tenant's secret of that kind, decrypted, and its
// record (for the meta), or errNotConnected when there is none.
func (b *biller) secret(app core.App, tenantID, kind string) (string, *core.Record, error) {
	r, err := scope.FindFirst(app, collections.Secrets, tenantID, collections.SecretKind+" = {:k}", dbx.Params{"k": kind})
	if err != nil {
		return "", nil, errNotConnected
	}
	plain, err := b.d.Vault.Open(secretContext(tenantID, kind), r.GetString(collections.SecretValue))
	if err != nil {
		return "", nil, fmt.Errorf("billing: open %s of %s: %w", kind, tenantID, err)
	}
	return plain, r, nil
}

// deleteSecret removes the tenant's secret of that kind, if any.
func deleteSecret(tx core.App, tenantID, kind string) error {
	r, err := scope.FindFirst(tx, collections.Secrets, tenantID, collections.SecretKind+" = {:k}", dbx.Params{"k": kind})
	if err != nil {
		return nil
	}
	return tx.Delete(r)
}

// meta reads the account meta stored beside a shop's key.
func meta(r *core.Record) accountMeta {
	var m accountMeta
	if r != nil {
		_ = r.UnmarshalJSONField(collections.SecretMeta, &m)
	}
	return m
}

// client returns an Asaas client for key against the configured URL.
func (b *biller) client(key string) *asaas.Client {
	return asaas.New(b.asaasURL(), key, asaas.WithHTTPClient(b.hc))
}

// asaasURL is the configured Asaas base URL (read at call time: the demo
// points it at the fake when the server starts).
func (b *biller) asaasURL() string {
	if u := strings.TrimSpace(b.d.Config.AsaasURL); u != "" {
		return u
	}
	return asaas.SandboxURL
}

// shopClient returns a client bound to the shop's own key: a delivery for
// one tenant can only ever use that tenant's key.
func (b *biller) shopClient(app core.App, tenantID string) (*asaas.Client, error) {
	key, _, err := b.secret(app, tenantID, collections.SecretAsaasKey)
	if err != nil {
		return nil, err
	}
	return b.client(key), nil
}

// platformClient returns a client bound to the platform's key, or false
// when SaaS billing is off.
func (b *biller) platformClient() (*asaas.Client, bool) {
	if strings.TrimSpace(b.d.Config.AsaasAPIKey) == "" {
		return nil, false
	}
	return b.client(b.d.Config.AsaasAPIKey), true
}

// platformEnabled reports whether the platform bills shops through Asaas.
func (b *biller) platformEnabled() bool { return strings.TrimSpace(b.d.Config.AsaasAPIKey) != "" }
