package googlesync

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"golang.org/x/oauth2"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/inbox"
	"github.com/bancada/bancada/integrations/gcal"
	"github.com/bancada/bancada/outbox"
	"github.com/bancada/bancada/retry"
)

// Provider is the inbox provider name of Google's push notifications.
const Provider = "google"

// pushPayload is what the inbox keeps of a notification (Google sends
// only headers).
type pushPayload struct {
	Channel  string `json:"channel"`
	Resource string `json:"resource"`
	State    string `json:"state"`
	Number   int64  `json:"number"`
}

// googleWebhook answers POST /api/webhooks/google: a push notification is
// accepted only when its channel id and token match the channel stored for
// the shop named in the channel id (compared in constant time); it is
// stored in the inbox before the 200, and processing runs the shop's
// incremental sync.
func (s *Service) googleWebhook(e *core.RequestEvent) error {
	n, err := gcal.ParsePush(e.Request.Header)
	if err != nil {
		return e.BadRequestError("Notificação inválida.", nil)
	}
	tenantID, _, _ := strings.Cut(n.ChannelID, "-")
	var meta channelMeta
	token, err := getSecret(e.App, s.d.Vault, tenantID, collections.SecretGoogleChannel, &meta)
	if err != nil || subtle.ConstantTimeCompare([]byte(meta.ID), []byte(n.ChannelID)) != 1 || !gcal.VerifyChannelToken(n.Token, token) {
		e.App.Logger().Warn("googlesync: rejected google push", "channel", n.ChannelID, "ip", e.RealIP())
		return e.ForbiddenError("Canal desconhecido.", nil)
	}
	payload, _ := json.Marshal(pushPayload{Channel: n.ChannelID, Resource: n.ResourceID, State: n.ResourceState, Number: n.MessageNumber})
	_, err = s.d.Inbox.Store(e.Request.Context(), inbox.Event{
		Provider: Provider, Key: fmt.Sprintf("%s:%d", n.ChannelID, n.MessageNumber), Type: n.ResourceState,
		Tenant: tenantID, Lane: Lane(tenantID), Payload: payload,
	})
	if err != nil {
		return e.InternalServerError("", err)
	}
	return e.NoContent(http.StatusOK)
}

// handlePush processes a stored notification: the shop's incremental sync.
func (s *Service) handlePush(ctx context.Context, ev *inbox.Record) error {
	if ev.Type == gcal.ResourceStateSync {
		return inbox.Ignore("channel opened")
	}
	app := s.app
	t, ok, err := connectedTenant(app, ev.Tenant)
	if err != nil {
		return err
	}
	if !ok {
		return inbox.Ignore("not connected")
	}
	if err := s.syncTenant(ctx, app, t); err != nil {
		return s.classify(app, t.Id, err)
	}
	return nil
}

// deliverRevoke undoes a disconnected shop's grant at Google: it stops the
// push channel, then revokes the token (already invalid counts as done).
func (s *Service) deliverRevoke(ctx context.Context, d *outbox.Delivery) (any, error) {
	var p revokePayload
	if err := d.Decode(&p); err != nil {
		return nil, retry.Permanent(err)
	}
	cfg, ok := s.google()
	if !ok {
		return nil, retry.Permanent(errGoogleOff)
	}
	secret, err := s.d.Vault.Open(revokeContext(p.Tenant), p.SealedToken)
	if err != nil {
		return nil, retry.Permanent(err)
	}
	if p.ChannelID != "" {
		ts := cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: secret}, nil)
		if cal, err := gcal.NewCalendar(ctx, cfg, ts); err == nil {
			if err := cal.StopChannel(ctx, p.ChannelID, p.ChannelResID); err != nil && !gcal.IsAuth(err) {
				s.app.Logger().Warn("googlesync: stop channel on disconnect", "tenant", p.Tenant, "error", err)
			}
		}
	}
	if err := cfg.Revoke(ctx, secret); err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode < 500 {
			return nil, retry.Permanent(err)
		}
		return nil, err
	}
	return "revoked", nil
}
