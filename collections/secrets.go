package collections

import (
	"github.com/pocketbase/pocketbase/core"
)

// Secret fields.
const (
	SecretTenant = FieldTenant
	SecretKind   = "kind"
	SecretValue  = "value"
	SecretMeta   = "meta"
)

// Secret kinds.
const (
	SecretEvolutionToken  = "evolution_token"
	SecretEvolutionHook   = "evolution_webhook_secret"
	SecretAsaasKey        = "asaas_api_key"
	SecretAsaasHookToken  = "asaas_webhook_token"
	SecretGoogleToken     = "google_token"
	SecretGoogleChannel   = "google_channel"
	SecretGoogleSyncToken = "google_sync_token"
)

func defineSecrets(app core.App, c *core.Collection) error {
	tenantsID, err := idOf(app, Tenants)
	if err != nil {
		return err
	}
	c.Fields.Add(
		&core.RelationField{Name: SecretTenant, CollectionId: tenantsID, Required: true, MaxSelect: 1, CascadeDelete: true},
		required(SecretKind, 60),
		// AES-256-GCM ciphertext (see package vault); never plaintext.
		&core.TextField{Name: SecretValue, Required: true, Hidden: true, Max: 64 << 10},
		&core.JSONField{Name: SecretMeta, MaxSize: 16 << 10, Hidden: true},
	)
	c.Fields.Add(timestamps()...)
	c.AddIndex("idx_secrets_tenant_kind", true, "tenant, kind", "")
	c.ListRule, c.ViewRule, c.CreateRule, c.UpdateRule, c.DeleteRule = nil, nil, nil, nil, nil
	return nil
}
