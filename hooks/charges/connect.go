package charges

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/asaashook"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/integrations/asaas"
	"github.com/bancada/bancada/token"
)

// shopWebhookEvents are the events a shop's account sends us: everything
// that moves a charge.
var shopWebhookEvents = asaashook.PaymentEvents

// connectTimeout bounds the interactive Asaas calls of connect/disconnect.
const connectTimeout = 30 * time.Second

// connectRequest is the body of POST /api/bancada/asaas/connect.
type connectRequest struct {
	Tenant string `json:"tenant"`
	APIKey string `json:"apiKey"`
}

// bindConnectRoutes adds the routes with which a shop's owner connects
// and disconnects the shop's own Asaas account, and staff read its state.
func (b *Service) bindConnectRoutes() {
	b.app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/bancada/asaas")
		g.Bind(apis.RequireAuth(collections.Users))
		g.GET("", b.connectionState)
		g.POST("/connect", b.connect)
		g.POST("/disconnect", b.disconnect)
		return se.Next()
	})
}

// shopWebhookURL is where a shop's Asaas account posts its events.
func (b *Service) shopWebhookURL(tenantID string) string {
	return b.publicURL() + WebhookPath + "/" + tenantID
}

// connectionState answers GET /api/bancada/asaas: whether the shop's
// account is connected, whose it is and where it posts. Never the key.
func (b *Service) connectionState(e *core.RequestEvent) error {
	sc, apiErr := scope.RequireStaff(e, "", collections.RolesMoney)
	if apiErr != nil {
		return apiErr
	}
	out := map[string]any{
		"status":          string(sc.Tenant.AsaasStatus()),
		"connected":       false,
		"platformBilling": b.platformEnabled(),
	}
	if _, r, err := b.secret(e.App, sc.Tenant.Id, collections.SecretAsaasKey); err == nil {
		m := meta(r)
		out["connected"] = true
		out["account"] = map[string]any{"name": m.Name, "cpfCnpj": m.CpfCnpj, "email": m.Email}
		out["connectedAt"] = m.ConnectedAt
		out["webhookUrl"] = b.shopWebhookURL(sc.Tenant.Id)
	}
	return e.JSON(http.StatusOK, out)
}

// connectError turns an Asaas failure while connecting into what the
// owner reads.
func connectError(err error) error {
	switch {
	case asaas.IsInvalidEnvironment(err):
		return apierr.BadRequest(apierr.CheckFields, apierr.Field("apiKey", "asaas_environment",
			"Esta chave é de outro ambiente do Asaas (produção × sandbox). Use uma chave do mesmo ambiente deste servidor."))
	case asaas.IsUnauthorized(err), asaas.IsForbidden(err):
		return apierr.BadRequest(apierr.CheckFields, apierr.Field("apiKey", "asaas_key_refused",
			"O Asaas recusou esta chave. Confira se copiou a chave inteira (começa com $aact_) e se ela não foi revogada."))
	case asaas.IsValidation(err):
		msg := "O Asaas recusou a configuração do webhook"
		if apiErr, ok := asaas.AsAPIError(err); ok && len(apiErr.Descriptions()) > 0 {
			msg += ": " + strings.Join(apiErr.Descriptions(), " ")
		}
		return apierr.BadRequest(msg, nil)
	}
	return &apiUnavailable{err}
}

// apiUnavailable is an Asaas outage during an interactive call.
type apiUnavailable struct{ err error }

func (a *apiUnavailable) Error() string { return a.err.Error() }

// connect answers POST /api/bancada/asaas/connect: it checks the key with
// real calls, registers (or re-arms) Bancada's webhook in the account
// with a fresh per-shop token, and stores key and token encrypted.
func (b *Service) connect(e *core.RequestEvent) error {
	var req connectRequest
	if err := e.BindBody(&req); err != nil {
		return e.BadRequestError("Não foi possível ler os dados enviados.", err)
	}
	sc, apiErr := scope.RequireStaff(e, req.Tenant, collections.RolesOwner)
	if apiErr != nil {
		return apiErr
	}
	key := ShopKey(strings.TrimSpace(req.APIKey))
	if key == "" {
		return apierr.BadRequest(apierr.CheckFields, apierr.Field("apiKey", "required",
			"Cole a chave de API da conta Asaas da loja (Asaas → Integrações → Chave de API)."))
	}
	if b.publicURL() == "" {
		return e.BadRequestError("O endereço público deste servidor (BANCADA_PUBLIC_URL) não está configurado: o Asaas não teria para onde avisar os pagamentos.", nil)
	}
	tenantID := sc.Tenant.Id
	// 48 hex characters: Asaas wants a webhook token of 32 to 255.
	secret := token.Hex(24)
	ctx, cancel := context.WithTimeout(e.Request.Context(), connectTimeout)
	defer cancel()

	client := b.client(key)
	info, err := client.MyAccount(ctx)
	if err == nil {
		err = client.Ping(ctx)
	}
	var hook *asaas.WebhookConfig
	if err == nil {
		hook, err = b.armWebhook(ctx, client, tenantID, secret, sc.Tenant.Email())
	}
	if err != nil {
		cerr := connectError(err)
		var down *apiUnavailable
		if errors.As(cerr, &down) {
			e.App.Logger().Warn("asaas connect failed", "tenant", tenantID, "error", err)
			return e.Error(http.StatusBadGateway, "Não foi possível falar com o Asaas agora. Tente de novo em instantes.", nil)
		}
		return cerr
	}

	name := info.CompanyName
	if name == "" {
		name = info.Name
	}
	m := accountMeta{Name: name, CpfCnpj: info.CpfCnpj, Email: info.Email, WebhookID: hook.ID,
		ConnectedAt: b.now().Format(time.RFC3339)}
	err = e.App.RunInTransaction(func(tx core.App) error {
		_, old, _ := b.secret(tx, tenantID, collections.SecretAsaasKey)
		if old != nil && meta(old).CpfCnpj != m.CpfCnpj {
			// Another account: its customer ids mean nothing there.
			if err := forgetAsaasCustomers(tx, tenantID); err != nil {
				return err
			}
		}
		if err := b.putSecret(tx, tenantID, collections.SecretAsaasKey, string(key), m); err != nil {
			return err
		}
		if err := b.putSecret(tx, tenantID, collections.SecretAsaasHookToken, secret, nil); err != nil {
			return err
		}
		if err := setAsaasStatus(tx, tenantID, collections.IntegrationConnected); err != nil {
			return err
		}
		return audit.Write(tx, audit.Entry{
			Tenant: tenantID, Actor: audit.FromRequest(e), Action: ActionConnect,
			Collection: collections.Tenants, Record: tenantID,
			Changes: map[string]any{"account": m.Name, "cpfCnpj": m.CpfCnpj, "webhook": b.shopWebhookURL(tenantID)},
		})
	})
	if err != nil {
		return e.InternalServerError("Não foi possível salvar a conexão com o Asaas. Tente de novo.", err)
	}
	return e.JSON(http.StatusOK, map[string]any{
		"status":     string(collections.IntegrationConnected),
		"connected":  true,
		"account":    map[string]any{"name": m.Name, "cpfCnpj": m.CpfCnpj, "email": m.Email},
		"webhookUrl": b.shopWebhookURL(tenantID),
	})
}

// armWebhook creates Bancada's webhook in the account, or, when one
// already points at this shop's URL (a reconnection), updates it with the
// new token and re-enables its queue.
func (b *Service) armWebhook(ctx context.Context, c *asaas.Client, tenantID, token, email string) (*asaas.WebhookConfig, error) {
	url := b.shopWebhookURL(tenantID)
	hooks, err := c.ListWebhooks(ctx)
	if err != nil {
		return nil, err
	}
	for _, h := range hooks {
		if h.URL != url {
			continue
		}
		on, off := true, false
		return c.UpdateWebhook(ctx, h.ID, asaas.WebhookUpdate{
			Name: asaashook.WebhookName, URL: url, Email: email, Enabled: &on, Interrupted: &off,
			AuthToken: token, SendType: asaas.SendSequentially, Events: shopWebhookEvents,
		})
	}
	return c.CreateWebhook(ctx, asaas.WebhookConfig{
		Name: asaashook.WebhookName, URL: url, Email: email, Enabled: true, AuthToken: token,
		SendType: asaas.SendSequentially, Events: shopWebhookEvents,
	})
}

// disconnect answers POST /api/bancada/asaas/disconnect: it removes
// Bancada's webhook from the account (best effort: the key may already be
// revoked) and forgets key and token. Charges already created stay at
// Asaas; their later events are refused.
func (b *Service) disconnect(e *core.RequestEvent) error {
	var req connectRequest
	_ = e.BindBody(&req)
	sc, apiErr := scope.RequireStaff(e, req.Tenant, collections.RolesOwner)
	if apiErr != nil {
		return apiErr
	}
	tenantID := sc.Tenant.Id
	key, r, err := b.secret(e.App, tenantID, collections.SecretAsaasKey)
	webhookRemoved := false
	if err == nil {
		ctx, cancel := context.WithTimeout(e.Request.Context(), connectTimeout)
		defer cancel()
		if id := meta(r).WebhookID; id != "" {
			derr := b.client(ShopKey(key)).DeleteWebhook(ctx, id)
			webhookRemoved = derr == nil || asaas.IsNotFound(derr)
			if derr != nil && !webhookRemoved {
				e.App.Logger().Warn("asaas disconnect: webhook not removed", "tenant", tenantID, "error", derr)
			}
		}
	}
	err = e.App.RunInTransaction(func(tx core.App) error {
		if err := deleteSecret(tx, tenantID, collections.SecretAsaasKey); err != nil {
			return err
		}
		if err := deleteSecret(tx, tenantID, collections.SecretAsaasHookToken); err != nil {
			return err
		}
		if err := setAsaasStatus(tx, tenantID, collections.IntegrationOff); err != nil {
			return err
		}
		return audit.Write(tx, audit.Entry{
			Tenant: tenantID, Actor: audit.FromRequest(e), Action: ActionDisconnect,
			Collection: collections.Tenants, Record: tenantID,
			Changes: map[string]any{"webhookRemoved": webhookRemoved},
		})
	})
	if err != nil {
		return e.InternalServerError("Não foi possível desconectar. Tente de novo.", err)
	}
	return e.JSON(http.StatusOK, map[string]any{
		"status": string(collections.IntegrationOff), "connected": false, "webhookRemoved": webhookRemoved,
	})
}

// setAsaasStatus stores the state of the shop's Asaas connection.
func setAsaasStatus(tx core.App, tenantID string, s collections.IntegrationStatus) error {
	t, err := scope.Tenant(tx, tenantID)
	if err != nil {
		return err
	}
	if t.AsaasStatus() == s {
		return nil
	}
	t.SetAsaasStatus(s)
	return tx.Save(t)
}

// forgetAsaasCustomers clears the Asaas customer ids of a shop's
// customers (they belonged to the account the shop left).
func forgetAsaasCustomers(tx core.App, tenantID string) error {
	_, err := tx.DB().Update(collections.Customers,
		dbx.Params{collections.CustomerAsaasID: ""},
		dbx.And(dbx.HashExp{collections.CustomerTenant: tenantID}, dbx.NewExp("[["+collections.CustomerAsaasID+"]] != ''")),
	).Execute()
	return err
}
