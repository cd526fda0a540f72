// Package asaashook is the intake of Asaas webhooks, shared by the two
// domains that receive them: hooks/charges (a shop's own account, posting
// to WebhookPath/{tenant}) and hooks/subscriptions (the platform's
// account, posting to WebhookPath). Intake authenticates an event with the
// token its caller expects, stores it durably in the inbox (once per
// event id) and only then answers 200; Route hands each stored event to
// the domain whose account sent it.
package asaashook

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/inbox"
	"github.com/bancada/bancada/integrations/asaas"
	"github.com/bancada/bancada/retry"
)

// maxWebhookBody bounds a webhook body (Asaas' are a few KB).
const maxWebhookBody = 1 << 20

// WebhookPath is the platform account's webhook route; a shop's account
// posts to WebhookPath + "/" + tenant id.
const WebhookPath = "/api/webhooks/asaas"

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

// Intake authenticates, stores in in and acknowledges one webhook. want
// is the token the account's webhook was armed with ("" matches nothing);
// tenantID is "" for the platform account.
func Intake(e *core.RequestEvent, in *inbox.Inbox, tenantID, want string) error {
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
	_, err = in.Store(e.Request.Context(), inbox.Event{
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

// Route returns the inbox handler of stored Asaas events: an event of a
// shop's account goes to shop with the shop's id, one of the platform's
// account to platform. Both get the parsed event; an unreadable one is
// ignored.
func Route(shop func(ctx context.Context, tenantID string, ev *asaas.WebhookEvent) error,
	platform func(ctx context.Context, ev *asaas.WebhookEvent) error) func(context.Context, *inbox.Record) error {
	return func(ctx context.Context, rec *inbox.Record) error {
		ev, err := asaas.ParseWebhook(rec.Payload)
		if err != nil {
			return inbox.Ignore("evento ilegível: " + err.Error())
		}
		if rec.Tenant != "" {
			return shop(ctx, rec.Tenant, ev)
		}
		return platform(ctx, ev)
	}
}

// PaymentEvents are the PAYMENT_* events a Bancada webhook listens to, on
// a shop's account and on the platform's.
var PaymentEvents = []asaas.EventType{
	asaas.EventPaymentCreated, asaas.EventPaymentUpdated, asaas.EventPaymentConfirmed, asaas.EventPaymentReceived,
	asaas.EventPaymentOverdue, asaas.EventPaymentDeleted, asaas.EventPaymentRestored, asaas.EventPaymentRefunded,
	asaas.EventPaymentPartiallyRefunded, asaas.EventPaymentRefundInProgress, asaas.EventPaymentReceivedInCashUndone,
	asaas.EventPaymentCreditCardCaptureRefused, asaas.EventPaymentReprovedByRiskAnalysis,
	asaas.EventPaymentChargebackRequested, asaas.EventPaymentChargebackDispute, asaas.EventPaymentAwaitingChargebackRev,
}

// KnownPaymentEvents are the PAYMENT_* events charges and subscriptions
// act on or deliberately record; any other event is stored and ignored.
var KnownPaymentEvents = map[asaas.EventType]bool{
	asaas.EventPaymentCreated: true, asaas.EventPaymentUpdated: true, asaas.EventPaymentConfirmed: true,
	asaas.EventPaymentReceived: true, asaas.EventPaymentOverdue: true, asaas.EventPaymentDeleted: true,
	asaas.EventPaymentRestored: true, asaas.EventPaymentRefunded: true, asaas.EventPaymentPartiallyRefunded: true,
	asaas.EventPaymentRefundInProgress: true, asaas.EventPaymentReceivedInCashUndone: true,
	asaas.EventPaymentCreditCardCaptureRefused: true, asaas.EventPaymentReprovedByRiskAnalysis: true,
	asaas.EventPaymentApprovedByRiskAnalysis: true, asaas.EventPaymentAwaitingRiskAnalysis: true,
	asaas.EventPaymentAuthorized: true, asaas.EventPaymentAnticipated: true,
	asaas.EventPaymentChargebackRequested: true, asaas.EventPaymentChargebackDispute: true,
	asaas.EventPaymentAwaitingChargebackRev: true, asaas.EventPaymentDunningRequested: true,
	asaas.EventPaymentDunningReceived: true, asaas.EventPaymentBankSlipViewed: true,
	asaas.EventPaymentCheckoutViewed: true,
}

// Retry classifies a failed call to Asaas for the outbox: outages and rate
// limits are retried (after Asaas' reset when it gave one), a refused key
// or content is not.
func Retry(err error) error {
	if err == nil {
		return nil
	}
	if apiErr, ok := asaas.AsAPIError(err); ok && asaas.IsRateLimited(err) && apiErr.RetryAfter > 0 {
		return retry.After(err, apiErr.RetryAfter)
	}
	if asaas.IsRetryable(err) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return retry.Permanent(err)
}

// StateOf maps an Asaas payment status to ours ("" when it says nothing
// about money: e.g. AWAITING_RISK_ANALYSIS, or an unknown value).
func StateOf(s asaas.PaymentStatus) collections.PaymentStatusValue {
	switch {
	case s.IsPaid(), s == asaas.StatusDunningReceived, s == asaas.StatusRefundRequested, s == asaas.StatusRefundInProgress:
		return collections.PaymentPaid
	case s == asaas.StatusPending:
		return collections.PaymentPending
	case s == asaas.StatusOverdue, s == asaas.StatusDunningRequested:
		return collections.PaymentOverdue
	case s == asaas.StatusRefunded:
		return collections.PaymentRefunded
	case s == asaas.StatusChargebackRequested, s == asaas.StatusChargebackDispute, s == asaas.StatusAwaitingChargebackReversal:
		return collections.PaymentDisputed
	}
	return ""
}

// EventTarget is the state an event asks for ("" = no change of state:
// only details such as the link or the dates).
func EventTarget(ev asaas.EventType, p *asaas.Payment) collections.PaymentStatusValue {
	switch ev {
	case asaas.EventPaymentConfirmed, asaas.EventPaymentReceived, asaas.EventPaymentDunningReceived:
		return collections.PaymentPaid
	case asaas.EventPaymentOverdue, asaas.EventPaymentDunningRequested:
		return collections.PaymentOverdue
	case asaas.EventPaymentDeleted:
		return collections.PaymentCancelled
	case asaas.EventPaymentRefunded:
		return collections.PaymentRefunded
	case asaas.EventPaymentChargebackRequested, asaas.EventPaymentChargebackDispute, asaas.EventPaymentAwaitingChargebackRev:
		return collections.PaymentDisputed
	case asaas.EventPaymentCreditCardCaptureRefused, asaas.EventPaymentReprovedByRiskAnalysis:
		return collections.PaymentFailed
	case asaas.EventPaymentReceivedInCashUndone, asaas.EventPaymentRestored:
		if s := StateOf(p.Status); s != "" && s != collections.PaymentRefunded {
			return s
		}
		return collections.PaymentPending
	case asaas.EventPaymentUpdated, asaas.EventPaymentPartiallyRefunded, asaas.EventPaymentAnticipated,
		asaas.EventPaymentApprovedByRiskAnalysis:
		// These carry the payment as it is; they move it only when it says
		// the money is in (a chargeback reversed, a paid charge updated).
		if StateOf(p.Status) == collections.PaymentPaid {
			return collections.PaymentPaid
		}
	}
	return ""
}

// WebhookName names Bancada's queue in an Asaas account.
const WebhookName = "Bancada"

// NationalPhone turns E.164 Brazilian digits into what Asaas expects (DDD
// and number, without the country code).
func NationalPhone(e164 string) string {
	if strings.HasPrefix(e164, "55") && len(e164) >= 12 {
		return e164[2:]
	}
	return ""
}
