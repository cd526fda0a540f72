package charges

import (
	"errors"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/secrets"
	"github.com/bancada/bancada/integrations/asaas"
)

// errNotConnected marks a shop without a connected Asaas account.
var errNotConnected = errors.New("charges: the shop's Asaas account is not connected")

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

// putSecret seals value and stores it (replacing the tenant's secret of
// that kind) with meta, using tx.
func (b *Service) putSecret(tx core.App, tenantID, kind, value string, meta any) error {
	return secrets.Put(tx, b.d.Vault, tenantID, kind, value, meta)
}

// secret returns the tenant's secret of that kind, decrypted, and its
// record (for the meta), or errNotConnected when there is none.
func (b *Service) secret(app core.App, tenantID, kind string) (string, *core.Record, error) {
	plain, r, err := secrets.Get(app, b.d.Vault, tenantID, kind)
	if errors.Is(err, secrets.ErrNone) {
		return "", nil, errNotConnected
	}
	return plain, r, err
}

// deleteSecret removes the tenant's secret of that kind, if any.
func deleteSecret(tx core.App, tenantID, kind string) error {
	return secrets.Delete(tx, tenantID, kind)
}

// meta reads the account meta stored beside a shop's key.
func meta(r *core.Record) accountMeta {
	var m accountMeta
	if r != nil {
		_ = r.UnmarshalJSONField(collections.SecretMeta, &m)
	}
	return m
}

// client returns an Asaas client for a shop's key against the configured URL.
func (b *Service) client(key ShopKey) *asaas.Client {
	return asaas.New(b.asaasURL(), string(key), asaas.WithHTTPClient(b.hc))
}

// asaasURL is the configured Asaas base URL.
func (b *Service) asaasURL() string {
	if u := strings.TrimSpace(b.d.AsaasURL); u != "" {
		return u
	}
	return asaas.SandboxURL
}

// ShopKey is a shop's own Asaas API key, unsealed from the shop's secret:
// the only credential this package calls Asaas with.
type ShopKey string

// shopKey unseals the shop's own key.
func (b *Service) shopKey(app core.App, tenantID string) (ShopKey, error) {
	key, _, err := b.secret(app, tenantID, collections.SecretAsaasKey)
	return ShopKey(key), err
}

// shopClient returns a client bound to the shop's own key: a delivery for
// one tenant can only ever use that tenant's key.
func (b *Service) shopClient(app core.App, tenantID string) (*asaas.Client, error) {
	key, err := b.shopKey(app, tenantID)
	if err != nil {
		return nil, err
	}
	return b.client(key), nil
}

// platformEnabled reports whether the platform bills shops through Asaas.
func (b *Service) platformEnabled() bool { return b.d.PlatformBilling }
