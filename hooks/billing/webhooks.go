package billing

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/inbox"
	"github.com/bancada/bancada/integrations/asaas"
)

// maxWebhookBody bounds a webhook body (Asaas' are a few KB).
const maxWebhookBody = 1 << 20

// bindWebhookRoutes adds the two webhook intakes: the platform account's
// (subscriptions of the shops) and one per shop for the shop's own
// account (charges of its customers). Each checks its token in constant
// time, stores the event durably (once per event id) and only then
// answers 200, the only status Asaas counts as delivered.
func (b *biller) bindWebhookRoutes() {
	b.app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.POST(WebhookPath, func(e *core.RequestEvent) error {
			return b.intake(e, "", b.d.Config.AsaasWebhookToken)
		})
		se.Router.POST(WebhookPath+"/{tenant}", func(e *core.RequestEvent) error {
			tenantID := e.Request.PathValue("tenant")
			want, _, err := b.secret(e.App, tenantID, collections.SecretAsaasHookToken)
			if err != nil {
				want = "" // an unknown or disconnected shop: nothing matches
			}
			return b.intake(e, tenantID, want)
		})
		return se.Next()
	})
}

// eventHead is the part of an Asaas event the intake needs.
type eventHead struct {
	ID      string `json:"id"`
	Event   string `json:"event"`
	Payment *struct {
		ID           string `json:"id"`
		Subscription string `json:"subscription"`
	} `json:"payment"`
	Subscription *struct {
		ID string `json:"id"`
	} `json:"subscription"`
}

// intake authenticates, stores and acknowledges one webhook. tenantID is
// "" for the platform account.
func (b *biller) intake(e *core.RequestEvent, tenantID, want string) error {
	if !asaas.VerifyToken(e.Request.Header.Get(asaas.WebhookTokenHeader), want) {
		e.App.Logger().Warn("asaas webhook: refused token", "tenant", tenantID, "ip", e.RealIP(),
			"hasToken", e.Request.Header.Get(asaas.WebhookTokenHeader) != "")
		return e.UnauthorizedError("Token do webhook inválido.", nil)
	}
	body, err := io.ReadAll(io.LimitReader(e.Request.Body, maxWebhookBody+1))
	if err != nil {
		return e.BadRequestError("Não foi possível ler o evento.", nil)
	}
	if len(body) > maxWebhookBody {
		return e.Error(http.StatusRequestEntityTooLarge, "Evento grande demais.", nil)
	}
	var head eventHead
	if err := json.Unmarshal(body, &head); err != nil {
		return e.BadRequestError("O corpo não é um JSON válido.", nil)
	}
	key := head.ID
	if key == "" {
		// Events from before Asaas gave them ids: the body is the identity.
		sum := sha256.Sum256(body)
		key = "sha256:" + hex.EncodeToString(sum[:])
	}
	scopeKey := "platform"
	if tenantID != "" {
		scopeKey = tenantID
	}
	_, err = b.d.Inbox.Store(e.Request.Context(), inbox.Event{
		Provider: collections.ProviderAsaasHook,
		// The same event posted to two accounts' webhooks (a shop that
		// connected the platform's own account) is two events.
		Key:     scopeKey + ":" + key,
		Type:    head.Event,
		Tenant:  tenantID,
		Lane:    eventLane(head),
		Payload: body,
	})
	if err != nil {
		e.App.Logger().Error("asaas webhook: store", "tenant", tenantID, "error", err)
		return e.InternalServerError("Não foi possível guardar o evento; o Asaas vai reenviar.", nil)
	}
	return e.JSON(http.StatusOK, map[string]any{"received": true})
}

// eventLane orders the processing of events about one subscription (its
// payments included) or one charge: they are handled one at a time, in
// arrival order.
func eventLane(h eventHead) string {
	switch {
	case h.Payment != nil && h.Payment.Subscription != "":
		return "asaas:sub:" + h.Payment.Subscription
	case h.Payment != nil && h.Payment.ID != "":
		return "asaas:pay:" + h.Payment.ID
	case h.Subscription != nil && h.Subscription.ID != "":
		return "asaas:sub:" + h.Subscription.ID
	}
	return ""
}
