package whatsapp

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"sync"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/inbox"
	"github.com/bancada/bancada/integrations/evolution"
)

// maxWebhookBody caps a webhook body (media is not inlined: base64 off).
const maxWebhookBody = 2 << 20

// ack is the body of an accepted webhook.
type ack struct {
	OK        bool `json:"ok"`
	Duplicate bool `json:"duplicate,omitempty"`
	Ignored   bool `json:"ignored,omitempty"`
}

// routeWebhook answers POST /api/webhooks/evolution: authenticate by the
// instance's secret header, store the event in the inbox, answer 200. The
// work happens later, in handleEvent.
func (s *Service) routeWebhook(e *core.RequestEvent) error {
	body, err := io.ReadAll(io.LimitReader(e.Request.Body, maxWebhookBody+1))
	if err != nil || len(body) > maxWebhookBody {
		return e.BadRequestError("Corpo inválido.", nil)
	}
	ev, err := evolution.ParseWebhook(body)
	if err != nil {
		return e.BadRequestError("Evento inválido.", nil)
	}
	tenantID, ok := s.authenticate(e, ev.Instance)
	if !ok {
		e.App.Logger().Warn("whatsapp: webhook rejected", "instance", ev.Instance, "event", ev.RawName, "ip", e.RealIP())
		return e.UnauthorizedError("", nil)
	}
	key, lane, ok, err := eventKey(ev, body)
	if err != nil {
		return e.BadRequestError("Evento inválido.", nil)
	}
	if !ok {
		return e.JSON(http.StatusOK, ack{OK: true, Ignored: true})
	}
	isNew, err := s.d.Inbox.Store(e.Request.Context(), inbox.Event{
		Provider: Provider, Key: key, Type: string(ev.Name), Tenant: tenantID, Lane: lane, Payload: body,
	})
	if err != nil {
		e.App.Logger().Error("whatsapp: store webhook", "instance", ev.Instance, "error", err)
		return e.InternalServerError("", nil)
	}
	return e.JSON(http.StatusOK, ack{OK: true, Duplicate: !isNew})
}

// authenticate checks the secret header against the one stored for the
// instance and returns the tenant the instance belongs to. Secrets are
// kept in memory after the first webhook of an instance; a mismatch reads
// the stored one again before refusing (it may have been renewed).
func (s *Service) authenticate(e *core.RequestEvent, instance string) (string, bool) {
	got := e.Request.Header.Get(SecretHeader)
	tenantID, ok := tenantOfInstance(instance)
	if !ok || got == "" {
		return "", false
	}
	if want, ok := s.hooks.get(instance); ok && equal(got, want) {
		return tenantID, true
	}
	sec, err := s.loadSecret(e.App, tenantID, collections.SecretEvolutionHook)
	if err != nil || sec.meta.Instance != instance {
		s.hooks.forget(instance)
		return "", false
	}
	s.hooks.put(instance, sec.value)
	return tenantID, equal(got, sec.value)
}

// equal compares secrets in constant time.
func equal(got, want string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// secretCache holds the webhook secret of each instance seen, so the
// intake does not read the database to authenticate every webhook.
type secretCache struct {
	mu sync.RWMutex
	m  map[string]string
}

func newSecretCache() *secretCache { return &secretCache{m: map[string]string{}} }

func (c *secretCache) get(instance string) (string, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.m[instance]
	return v, ok
}

func (c *secretCache) put(instance, secret string) {
	c.mu.Lock()
	c.m[instance] = secret
	c.mu.Unlock()
}

func (c *secretCache) forget(instance string) {
	c.mu.Lock()
	delete(c.m, instance)
	c.mu.Unlock()
}

// eventKey returns the inbox key and lane of an event, or ok=false for
// events Bancada does not process (answered 200 and dropped). Messages
// are keyed by instance and WhatsApp id, and laned by chat so one
// customer's messages are processed in order; other events by a hash of
// the body, so a re-delivery is recognised.
func eventKey(ev *evolution.Event, body []byte) (key, lane string, ok bool, err error) {
	switch ev.Name {
	case evolution.EventMessagesUpsert:
		m, err := ev.Message()
		if err != nil {
			return "", "", false, err
		}
		chat := m.Phone
		if chat == "" {
			chat = m.RemoteJID
		}
		return ev.Instance + ":msg:" + m.ID, ev.Instance + ":" + chat, true, nil
	case evolution.EventMessagesUpdate:
		u, err := ev.MessageUpdate()
		if err != nil {
			return "", "", false, err
		}
		if u.KeyID == "" {
			return "", "", false, errors.New("no keyId")
		}
		return ev.Instance + ":upd:" + u.KeyID + ":" + string(u.Status), ev.Instance + ":upd:" + u.KeyID, true, nil
	case evolution.EventConnectionUpdate, evolution.EventQRCodeUpdated:
		sum := sha256.Sum256(body)
		return ev.Instance + ":" + string(ev.Name) + ":" + hex.EncodeToString(sum[:16]), ev.Instance, true, nil
	}
	return "", "", false, nil
}
