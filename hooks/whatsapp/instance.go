package whatsapp

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/secrets"
)

// InstancePrefix starts the name of every shop's Evolution instance.
const InstancePrefix = "bancada_"

// SecretHeader carries the per-instance webhook secret Evolution sends
// back with every event.
const SecretHeader = "X-Bancada-Webhook-Secret"

// InstanceName is the Evolution instance of a tenant.
func InstanceName(tenantID string) string { return InstancePrefix + tenantID }

// tenantOfInstance returns the tenant id an instance name was made from.
func tenantOfInstance(name string) (string, bool) {
	id, ok := strings.CutPrefix(name, InstancePrefix)
	if !ok || id == "" || strings.ContainsAny(id, " /?#") {
		return "", false
	}
	return id, true
}

// errNoSecret means the tenant has no such secret stored.
var errNoSecret = secrets.ErrNone

// instanceMeta is kept (hidden) beside the instance token: which instance
// it belongs to and the latest QR code to show the owner.
type instanceMeta struct {
	Instance    string `json:"instance"`
	QRCode      string `json:"qr_code,omitempty"`
	PairingCode string `json:"pairing_code,omitempty"`
}

// secret is a decrypted secret of a tenant.
type secret struct {
	value string
	meta  instanceMeta
	rec   *core.Record
}

// loadSecret reads and decrypts a tenant's secret of kind.
func (s *Service) loadSecret(app core.App, tenantID, kind string) (*secret, error) {
	plain, r, err := secrets.Get(app, s.d.Vault, tenantID, kind)
	if err != nil {
		return nil, err
	}
	out := &secret{value: plain, rec: r}
	_ = r.UnmarshalJSONField(collections.SecretMeta, &out.meta)
	return out, nil
}

// saveSecret seals value and stores it as the tenant's secret of kind.
func (s *Service) saveSecret(app core.App, tenantID, kind, value string, meta instanceMeta) error {
	if err := secrets.Put(app, s.d.Vault, tenantID, kind, value, meta); err != nil {
		return err
	}
	if kind == collections.SecretEvolutionHook && s.hooks != nil {
		s.hooks.forget(InstanceName(tenantID))
	}
	return nil
}

// setMeta updates the metadata kept beside the instance token.
func (s *Service) setMeta(app core.App, tenantID string, update func(*instanceMeta)) error {
	r, err := secrets.Record(app, tenantID, collections.SecretEvolutionToken)
	if err != nil {
		return nil // nothing provisioned: nothing to remember
	}
	var m instanceMeta
	_ = r.UnmarshalJSONField(collections.SecretMeta, &m)
	update(&m)
	r.Set(collections.SecretMeta, m)
	return app.Save(r)
}
