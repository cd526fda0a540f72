package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/messaging"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/integrations/evolution"
	"github.com/bancada/bancada/outbox"
	"github.com/bancada/bancada/retry"
)

// Sent is what a delivered whatsapp.send keeps as its outbox result.
type Sent struct {
	WAID string `json:"wa_id"`
}

// afterSend, set by tests only, runs between Evolution's acceptance of a
// send and its recording: where a crash makes the delivery uncertain.
var afterSend atomic.Pointer[func(*outbox.Delivery)]

// errNotConfigured fails deliveries when this installation has no
// Evolution server.
var errNotConfigured = errors.New("whatsapp: Evolution is not configured")

// deliver sends one outgoing text through the tenant's instance (the
// whatsapp.send outbox handler) and records its WhatsApp id.
func (s *Service) deliver(ctx context.Context, d *outbox.Delivery) (any, error) {
	var p messaging.Payload
	if err := d.Decode(&p); err != nil {
		return nil, err
	}
	if !s.configured() {
		return nil, retry.Permanent(errNotConfigured)
	}
	if p.Number == "" || strings.TrimSpace(p.Text) == "" {
		return nil, retry.Permanent(errors.New("whatsapp: send: no number or text"))
	}
	cl := s.client()
	instance := s.d.Config.PlatformWhatsAppInstance
	if p.Platform && instance == "" {
		return nil, retry.Permanent(errors.New("whatsapp: the platform's WhatsApp instance is not configured"))
	}
	var msg *collections.Message
	if !p.Platform {
		if p.Tenant == "" || p.Tenant != d.Tenant {
			return nil, retry.Permanent(fmt.Errorf("whatsapp: send: payload tenant %q on a delivery of %q", p.Tenant, d.Tenant))
		}
		instance = InstanceName(p.Tenant)
		if p.Message != "" {
			r, err := scope.Find(s.app, collections.Messages, p.Tenant, p.Message)
			if err != nil {
				return nil, retry.Permanent(fmt.Errorf("whatsapp: send: %w", err))
			}
			msg = collections.AsMessage(r)
			// Sent before a crash kept the outbox row from being marked:
			// do not send it twice.
			if id := msg.GetString(collections.MessageWAID); id != "" {
				return Sent{WAID: id}, nil
			}
			if msg.Status() != collections.MessageQueued {
				return nil, retry.Permanent(fmt.Errorf("whatsapp: send: message %s is %s", msg.Id, msg.Status()))
			}
		}
		tok, err := s.loadSecret(s.app, p.Tenant, collections.SecretEvolutionToken)
		if err != nil {
			return nil, retry.Permanent(fmt.Errorf("whatsapp: send: %w", err))
		}
		cl = cl.WithToken(tok.value)
	}
	var sent *evolution.SentMessage
	if d.Uncertain {
		// An earlier attempt may have gone out: Evolution has no
		// idempotency key, so ask it before sending again.
		found, err := s.findSent(ctx, cl, instance, p, d)
		switch {
		case err == nil:
			sent = found
		case evolution.IsRetryable(err):
			return nil, outbox.Uncertain(classify(err))
		default:
			// An Evolution that cannot answer (no such route, messages
			// not stored): at least once rather than never.
			s.app.Logger().Warn("whatsapp: cannot tell whether a send went out; sending again", "outbox", d.ID, "error", err)
		}
	}
	if sent == nil {
		var err error
		sent, err = cl.SendText(ctx, instance, evolution.SendTextRequest{Number: p.Number, Text: p.Text})
		if err != nil {
			if ambiguous(ctx, err) {
				return nil, outbox.Uncertain(classify(err))
			}
			return nil, classify(err)
		}
		if h := afterSend.Load(); h != nil {
			(*h)(d)
		}
	}
	if msg != nil {
		msg.Set(collections.MessageWAID, sent.ID)
		if statusRank(msg.Status()) < statusRank(collections.MessageSent) {
			msg.SetStatus(collections.MessageSent)
		}
		msg.Set(collections.MessageError, "")
		if err := s.app.Save(msg); err != nil {
			// Sent anyway: keep the outbox row sent, log the bookkeeping.
			s.app.Logger().Error("whatsapp: record sent message", "message", msg.Id, "error", err)
		}
	}
	return Sent{WAID: sent.ID}, nil
}

// classify turns an Evolution error into the outbox's retry decision.
func classify(err error) error {
	switch {
	case errors.Is(err, evolution.ErrRateLimited):
		return retry.After(err, 30*time.Second)
	case evolution.IsRetryable(err):
		return err
	case errors.Is(err, evolution.ErrNotOnWhatsApp), errors.Is(err, evolution.ErrBadRequest),
		errors.Is(err, evolution.ErrInstanceNotFound), errors.Is(err, evolution.ErrUnauthorized):
		return retry.Permanent(err)
	}
	return err
}

// deliveryDead marks the message failed, with why in Portuguese for the
// staff reading the conversation.
func (s *Service) deliveryDead(ctx context.Context, d *outbox.Delivery, err error) {
	var p messaging.Payload
	if d.Decode(&p) != nil || p.Message == "" || p.Platform {
		return
	}
	r, ferr := scope.Find(s.app, collections.Messages, p.Tenant, p.Message)
	if ferr != nil {
		return
	}
	m := collections.AsMessage(r)
	m.SetStatus(collections.MessageFailed)
	m.Set(collections.MessageError, failureText(err))
	if serr := s.app.Save(m); serr != nil {
		s.app.Logger().Error("whatsapp: mark message failed", "message", m.Id, "error", serr)
	}
}

// failureText says in Portuguese why a message could not be sent.
func failureText(err error) string {
	switch {
	case errors.Is(err, errNotConfigured):
		return "WhatsApp não configurado nesta instalação."
	case errors.Is(err, errNoSecret), errors.Is(err, evolution.ErrInstanceNotFound), errors.Is(err, evolution.ErrUnauthorized):
		return "O WhatsApp da loja não está conectado."
	case errors.Is(err, evolution.ErrNotOnWhatsApp):
		return "Este número não tem WhatsApp."
	case errors.Is(err, evolution.ErrNotConnected):
		return "O WhatsApp da loja está desconectado."
	case errors.Is(err, evolution.ErrUnreachable):
		return "O servidor do WhatsApp não respondeu."
	}
	return "Não foi possível enviar a mensagem."
}

// ChatConcurrency is how many chats of one shop's WhatsApp are sent to at
// once: different customers are answered in parallel, each chat in order.
const ChatConcurrency = 4

// laneLimit paces a shop's WhatsApp as a whole (its instance is the
// group, whatever the chat) with two token buckets: replies to customers
// who just wrote at BANCADA_WHATSAPP_REPLY_RATE with a burst of
// BANCADA_WHATSAPP_REPLY_BURST, and proactive messages at one per
// laneInterval.
func (s *Service) laneLimit(lane, kind string) outbox.Limit {
	instance := messaging.InstanceOfLane(lane)
	l := outbox.Limit{Group: instance, Concurrency: ChatConcurrency}
	if kind == messaging.KindReply {
		l.Bucket, l.Rate, l.Burst = instance+"#reply", s.d.Config.WhatsAppReplyRate, s.d.Config.WhatsAppReplyBurst
		return l
	}
	if iv := s.laneInterval(instance); iv > 0 {
		l.Bucket, l.Rate, l.Burst = instance+"#proactive", float64(time.Second)/float64(iv), 1
	}
	return l
}

// laneInterval spaces proactive messages from one shop's WhatsApp (lane
// is the instance's): the shop's own setting, else the platform's
// BANCADA_WHATSAPP_MIN_INTERVAL (0 = none).
func (s *Service) laneInterval(lane string) time.Duration {
	global := s.d.Config.WhatsAppMinInterval
	tenantID, ok := strings.CutPrefix(lane, "whatsapp:")
	if !ok || lane == messaging.PlatformLane {
		return global
	}
	t, err := scope.Tenant(s.app, tenantID)
	if err != nil {
		return global
	}
	if ms := t.Settings().WhatsAppMinIntervalMS; ms > 0 {
		return time.Duration(ms) * time.Millisecond
	}
	return global
}
