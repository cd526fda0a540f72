package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/integrations/evolution"
	"github.com/bancada/bancada/token"
)

// WebhookPath is where Evolution posts every instance's events.
const WebhookPath = "/api/webhooks/evolution"

// State is what the WhatsApp routes answer: the shop's connection as the
// staff app shows it.
type State struct {
	// Status is off (WhatsApp not configured in this installation),
	// disconnected, waiting_qr or connected.
	Status string `json:"status"`
	// Available is false when this installation has no Evolution server.
	Available bool `json:"available"`
	// Message explains the state in Portuguese, when useful.
	Message string `json:"message,omitempty"`
	// Number is the connected WhatsApp number (E.164 digits).
	Number   string `json:"number,omitempty"`
	Instance string `json:"instance,omitempty"`
	// QR is the QR code to scan: a data: URL of a PNG, or the raw text to
	// render as a QR code. PairingCode is the code to type instead.
	QR          string `json:"qr,omitempty"`
	PairingCode string `json:"pairing_code,omitempty"`
}

// Messages of the routes, in Portuguese for the shop.
const (
	msgNotConfigured = "WhatsApp não configurado nesta instalação. Peça ao administrador para configurar o servidor Evolution (BANCADA_EVOLUTION_URL)."
	msgUnreachable   = "Não foi possível falar com o servidor do WhatsApp agora. Tente novamente em instantes."
	msgScan          = "No celular da loja: WhatsApp → Aparelhos conectados → Conectar aparelho, e leia o QR code."
)

func notConfigured() State {
	return State{Status: string(collections.IntegrationOff), Available: false, Message: msgNotConfigured}
}

var connectRoles = []collections.Role{collections.RoleOwner, collections.RoleManager}

// bindRoutes adds the provisioning routes and the webhook intake.
func (s *Service) bindRoutes() {
	s.app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET("/api/bancada/whatsapp", s.routeState)
		se.Router.POST("/api/bancada/whatsapp/connect", s.routeConnect)
		se.Router.POST("/api/bancada/whatsapp/disconnect", s.routeDisconnect)
		se.Router.POST(PreviewPath, s.routePreview)
		// Evolution posts every event: keep them out of the request log.
		se.Router.POST(WebhookPath, s.routeWebhook).Bind(apis.SkipSuccessActivityLog())
		return se.Next()
	})
}

type tenantBody struct {
	Tenant string `json:"tenant"`
	// Number (optional, with DDD) asks Evolution for a pairing code too.
	Number string `json:"number"`
}

// routeState answers GET /api/bancada/whatsapp: the shop's connection.
func (s *Service) routeState(e *core.RequestEvent) error {
	st, err := scope.RequireStaff(e, "", nil)
	if err != nil {
		return err
	}
	if !s.configured() {
		return e.JSON(http.StatusOK, notConfigured())
	}
	return e.JSON(http.StatusOK, s.stateOf(e.App, st.Tenant))
}

// stateOf describes the tenant's connection from what is stored.
func (s *Service) stateOf(app core.App, t *collections.Tenant) State {
	out := State{Status: string(t.WhatsAppStatus()), Available: true, Number: t.WhatsAppNumber(), Instance: InstanceName(t.Id)}
	switch t.WhatsAppStatus() {
	case collections.IntegrationConnected:
	case collections.IntegrationWaitingQR:
		out.Message = msgScan
		if sec, err := s.loadSecret(app, t.Id, collections.SecretEvolutionToken); err == nil {
			out.QR, out.PairingCode = sec.meta.QRCode, sec.meta.PairingCode
		}
	default:
		out.Status = string(collections.IntegrationDisconnected)
		out.Number = ""
	}
	return out
}

// routeConnect answers POST /api/bancada/whatsapp/connect: create (or
// reuse) the shop's instance and return the QR code to scan.
func (s *Service) routeConnect(e *core.RequestEvent) error {
	var body tenantBody
	_ = e.BindBody(&body)
	st, err := scope.RequireStaff(e, body.Tenant, connectRoles)
	if err != nil {
		return err
	}
	if !s.configured() {
		return e.JSON(http.StatusOK, notConfigured())
	}
	number := ""
	if strings.TrimSpace(body.Number) != "" {
		p, err := br.NormalizePhone(body.Number)
		if err != nil {
			return e.BadRequestError("Número inválido. Use DDD + número, ex.: (11) 98765-4321.", nil)
		}
		number = p
	}
	res, err := s.provision(e.Request.Context(), st.Tenant.Id, number)
	if err != nil {
		e.App.Logger().Warn("whatsapp: connect failed", "tenant", st.Tenant.Id, "error", err)
		return router.NewApiError(http.StatusBadGateway, msgUnreachable, nil)
	}
	err = e.App.RunInTransaction(func(tx core.App) error {
		t, err := scope.Tenant(tx, st.Tenant.Id)
		if err != nil {
			return err
		}
		if res.State == evolution.StateOpen {
			t.SetWhatsAppStatus(collections.IntegrationConnected)
		} else {
			t.SetWhatsAppStatus(collections.IntegrationWaitingQR)
		}
		if err := tx.Save(t); err != nil {
			return err
		}
		if err := s.setMeta(tx, t.Id, func(m *instanceMeta) {
			m.QRCode, m.PairingCode = qrText(res.Base64, res.Code), res.PairingCode
		}); err != nil {
			return err
		}
		return audit.Write(tx, audit.Entry{Tenant: t.Id, Actor: audit.FromRequest(e), Action: "whatsapp.connect",
			Collection: collections.Tenants, Record: t.Id, Changes: map[string]any{"instance": InstanceName(t.Id), "state": string(res.State)}})
	})
	if err != nil {
		return e.InternalServerError("", err)
	}
	t, err := scope.Tenant(e.App, st.Tenant.Id)
	if err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, s.stateOf(e.App, t))
}

// qrText picks what the staff app renders: the PNG when Evolution made
// one, else the raw code.
func qrText(base64, code string) string {
	if base64 != "" {
		return base64
	}
	return code
}

// provision makes sure the tenant's instance exists with its webhook
// pointing here, and asks for a QR code (or learns the session is open).
// Secrets are stored before the instance is created, so the first
// webhooks Evolution posts already authenticate.
func (s *Service) provision(ctx context.Context, tenantID, number string) (*evolution.ConnectResult, error) {
	cl := s.client()
	instance := InstanceName(tenantID)
	tok, terr := s.loadSecret(s.app, tenantID, collections.SecretEvolutionToken)
	hook, herr := s.loadSecret(s.app, tenantID, collections.SecretEvolutionHook)
	if herr != nil {
		value := token.Hex(24)
		if err := s.saveSecret(s.app, tenantID, collections.SecretEvolutionHook, value, instanceMeta{Instance: instance}); err != nil {
			return nil, err
		}
		hook = &secret{value: value}
	}
	cfg := s.webhookConfig(hook.value)

	if terr == nil {
		// Reuse: point the webhook here again (the public URL may have
		// changed), then ask for a QR code.
		inst := cl.WithToken(tok.value)
		_, err := inst.SetWebhook(ctx, instance, cfg)
		if err == nil {
			return inst.Connect(ctx, instance, number)
		}
		if !errors.Is(err, evolution.ErrInstanceNotFound) && !errors.Is(err, evolution.ErrUnauthorized) {
			return nil, err
		}
		// The instance is gone (or its key changed): create it again.
	}

	key := strings.ToUpper(token.Hex(16))
	if err := s.saveSecret(s.app, tenantID, collections.SecretEvolutionToken, key, instanceMeta{Instance: instance}); err != nil {
		return nil, err
	}
	created, err := cl.CreateInstance(ctx, evolution.CreateInstanceRequest{
		InstanceName: instance, Token: key, Number: number, Webhook: &cfg, GroupsIgnore: true,
	})
	if errors.Is(err, evolution.ErrNameInUse) {
		return s.adopt(ctx, tenantID, number, cfg)
	}
	if err != nil {
		return nil, err
	}
	if created.Token != "" && created.Token != key {
		if err := s.saveSecret(s.app, tenantID, collections.SecretEvolutionToken, created.Token, instanceMeta{Instance: instance}); err != nil {
			return nil, err
		}
	}
	res := &evolution.ConnectResult{State: evolution.State(created.Status)}
	if created.QR != nil && !created.QR.IsEmpty() {
		res.State = evolution.StateConnecting
		res.Base64, res.Code, res.PairingCode, res.Count = created.QR.Base64, created.QR.Code, created.QR.PairingCode, created.QR.Count
		return res, nil
	}
	if res.State == evolution.StateOpen {
		return res, nil
	}
	return cl.WithToken(created.Token).Connect(ctx, instance, number)
}

// adopt takes over an instance of our name that exists on the server but
// whose key we do not hold (a restored backup, a lost database): its key
// is read with the global key when the server exposes it, the webhook is
// pointed here, and pairing starts.
func (s *Service) adopt(ctx context.Context, tenantID, number string, cfg evolution.WebhookConfig) (*evolution.ConnectResult, error) {
	cl := s.client()
	instance := InstanceName(tenantID)
	key := ""
	if infos, err := cl.FetchInstances(ctx, instance); err == nil && len(infos) > 0 {
		key = infos[0].Token
	}
	if err := s.saveSecret(s.app, tenantID, collections.SecretEvolutionToken, key, instanceMeta{Instance: instance}); err != nil {
		return nil, err
	}
	if _, err := cl.SetWebhook(ctx, instance, cfg); err != nil {
		return nil, fmt.Errorf("whatsapp: adopt %s: %w", instance, err)
	}
	return cl.WithToken(key).Connect(ctx, instance, number)
}

// webhookConfig is the instance's webhook: this server, with the secret.
func (s *Service) webhookConfig(secret string) evolution.WebhookConfig {
	return evolution.WebhookConfig{
		URL:     strings.TrimRight(s.d.Config.PublicURL, "/") + WebhookPath,
		Headers: map[string]string{SecretHeader: secret},
		Events:  evolution.DefaultWebhookEvents(),
		Enabled: true,
	}
}

// routeDisconnect answers POST /api/bancada/whatsapp/disconnect: log the
// shop's WhatsApp out (the instance stays, to be paired again).
func (s *Service) routeDisconnect(e *core.RequestEvent) error {
	var body tenantBody
	_ = e.BindBody(&body)
	st, err := scope.RequireStaff(e, body.Tenant, connectRoles)
	if err != nil {
		return err
	}
	if !s.configured() {
		return e.JSON(http.StatusOK, notConfigured())
	}
	tenantID := st.Tenant.Id
	if tok, err := s.loadSecret(e.App, tenantID, collections.SecretEvolutionToken); err == nil {
		err := s.client().WithToken(tok.value).Logout(e.Request.Context(), InstanceName(tenantID))
		if err != nil && !errors.Is(err, evolution.ErrNotConnected) && !errors.Is(err, evolution.ErrInstanceNotFound) {
			e.App.Logger().Warn("whatsapp: logout failed", "tenant", tenantID, "error", err)
			return router.NewApiError(http.StatusBadGateway, msgUnreachable, nil)
		}
	}
	err = e.App.RunInTransaction(func(tx core.App) error {
		t, err := scope.Tenant(tx, tenantID)
		if err != nil {
			return err
		}
		t.SetWhatsAppStatus(collections.IntegrationDisconnected)
		t.SetWhatsAppNumber("")
		if err := tx.Save(t); err != nil {
			return err
		}
		if err := s.setMeta(tx, tenantID, func(m *instanceMeta) { m.QRCode, m.PairingCode = "", "" }); err != nil {
			return err
		}
		return audit.Write(tx, audit.Entry{Tenant: tenantID, Actor: audit.FromRequest(e), Action: "whatsapp.disconnect",
			Collection: collections.Tenants, Record: tenantID})
	})
	if err != nil {
		return e.InternalServerError("", err)
	}
	t, err := scope.Tenant(e.App, tenantID)
	if err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, s.stateOf(e.App, t))
}
