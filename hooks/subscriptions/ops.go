package subscriptions

import (
	"context"
	"net/http"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/hooks/asaashook"
	"github.com/bancada/bancada/integrations/asaas"
)

// MonitorCron is when the billing monitor runs each day, in the
// platform's time zone: early, before shops open. The jobs runner
// (hooks.Jobs) schedules it.
const MonitorCron = "0 6 * * *"

// MonitorTimeout bounds one run of the monitor.
const MonitorTimeout = time.Hour

// bindOpsRoutes adds the operators' billing routes (superusers only):
// running the monitor now, and registering the platform account's webhook.
func (b *Service) bindOpsRoutes() {
	b.app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.POST("/api/bancada/ops/billing/run", func(e *core.RequestEvent) error {
			ctx, cancel := context.WithTimeout(e.Request.Context(), MonitorTimeout)
			defer cancel()
			rep, err := b.runMonitor(ctx, b.now())
			if err != nil {
				return e.InternalServerError("A verificação de cobranças falhou: "+err.Error(), nil)
			}
			return e.JSON(http.StatusOK, rep)
		}).Bind(apis.RequireSuperuserAuth())
		se.Router.POST("/api/bancada/ops/billing/webhook", b.armPlatformWebhook).Bind(apis.RequireSuperuserAuth())
		return se.Next()
	})
}

// armPlatformWebhook registers (or re-arms) the webhook of the platform's
// Asaas account, pointing at WebhookPath with BANCADA_ASAAS_WEBHOOK_TOKEN;
// the same thing an operator can do by hand in Asaas' web UI.
func (b *Service) armPlatformWebhook(e *core.RequestEvent) error {
	client, ok := b.platformClient()
	if !ok {
		return e.BadRequestError("BANCADA_ASAAS_API_KEY não está configurada: a cobrança de assinaturas está desligada.", nil)
	}
	token := b.d.Platform.WebhookToken
	if len(token) < 32 {
		return e.BadRequestError("BANCADA_ASAAS_WEBHOOK_TOKEN precisa ter de 32 a 255 caracteres (o Asaas exige).", nil)
	}
	if b.publicURL() == "" {
		return e.BadRequestError("Configure BANCADA_PUBLIC_URL: o Asaas precisa de um endereço para avisar.", nil)
	}
	url := b.publicURL() + WebhookPath
	ctx, cancel := context.WithTimeout(e.Request.Context(), connectTimeout)
	defer cancel()
	events := append([]asaas.EventType{}, asaashook.PaymentEvents...)
	events = append(events, asaas.EventSubscriptionCreated, asaas.EventSubscriptionUpdated,
		asaas.EventSubscriptionInactivated, asaas.EventSubscriptionDeleted)
	hooks, err := client.ListWebhooks(ctx)
	var hook *asaas.WebhookConfig
	if err == nil {
		found := ""
		for _, h := range hooks {
			if h.URL == url {
				found = h.ID
			}
		}
		if found != "" {
			on, off := true, false
			hook, err = client.UpdateWebhook(ctx, found, asaas.WebhookUpdate{Name: asaashook.WebhookName, URL: url, Enabled: &on,
				Interrupted: &off, AuthToken: token, SendType: asaas.SendSequentially, Events: events})
		} else {
			hook, err = client.CreateWebhook(ctx, asaas.WebhookConfig{Name: asaashook.WebhookName, URL: url, Enabled: true,
				AuthToken: token, SendType: asaas.SendSequentially, Events: events})
		}
	}
	if err != nil {
		return e.Error(http.StatusBadGateway, "O Asaas recusou ou não respondeu: "+err.Error(), nil)
	}
	return e.JSON(http.StatusOK, map[string]any{"id": hook.ID, "url": url, "events": events})
}

// connectTimeout bounds the interactive Asaas calls of the operators' routes.
const connectTimeout = 30 * time.Second
