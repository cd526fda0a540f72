package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/inbox"
	"github.com/bancada/bancada/integrations/evolution"
	"github.com/bancada/bancada/retry"
)

// handleEvent processes one stored Evolution event (the inbox handler).
// The tenant is the one the route resolved from the instance's stored
// secret; the payload's instance must still be that tenant's.
func (s *Service) handleEvent(ctx context.Context, rec *inbox.Record) error {
	ev, err := evolution.ParseWebhook(rec.Payload)
	if err != nil {
		return retry.Permanent(err)
	}
	if rec.Tenant == "" || ev.Instance != InstanceName(rec.Tenant) {
		return retry.Permanent(fmt.Errorf("whatsapp: event of instance %q stored for tenant %q", ev.Instance, rec.Tenant))
	}
	switch ev.Name {
	case evolution.EventMessagesUpsert:
		return s.inbound(ctx, rec, ev)
	case evolution.EventMessagesUpdate:
		return s.messageUpdate(rec, ev)
	case evolution.EventConnectionUpdate:
		return s.connectionUpdate(rec.Tenant, ev)
	case evolution.EventQRCodeUpdated:
		return s.qrUpdate(rec.Tenant, ev)
	}
	return inbox.Ignore("evento não tratado: " + ev.RawName)
}

// statusRank orders delivery states so a late receipt never moves a
// message backwards (read, then a delayed "delivered").
func statusRank(s collections.MessageStatusValue) int {
	switch s {
	case collections.MessageQueued:
		return 1
	case collections.MessageSent:
		return 2
	case collections.MessageDelivered:
		return 3
	case collections.MessageRead:
		return 4
	}
	return 0
}

// receiptTries is how many times a receipt is tried while its message's
// WhatsApp id may not be stored yet (the send and its first receipt
// race); then it is for a message Bancada did not send (the shop's phone).
const receiptTries = 4

// messageUpdate applies a delivery receipt to our outbound message.
func (s *Service) messageUpdate(rec *inbox.Record, ev *evolution.Event) error {
	u, err := ev.MessageUpdate()
	if err != nil {
		return retry.Permanent(err)
	}
	if !u.FromMe {
		return inbox.Ignore("recibo de mensagem recebida")
	}
	var to collections.MessageStatusValue
	switch u.Status {
	case evolution.StatusSent:
		to = collections.MessageSent
	case evolution.StatusDelivered:
		to = collections.MessageDelivered
	case evolution.StatusRead:
		to = collections.MessageRead
	case evolution.StatusFailed:
		to = collections.MessageFailed
	default:
		return inbox.Ignore("recibo sem efeito: " + u.RawStatus)
	}
	r, err := findBy(s.app, collections.Messages, rec.Tenant, byWAID(u.KeyID, collections.DirectionOut))
	if err != nil {
		if rec.Attempt < receiptTries {
			return retry.After(errors.New("whatsapp: receipt before its message was stored"), 5*time.Second)
		}
		return inbox.Ignore("mensagem desconhecida: " + u.KeyID)
	}
	m := collections.AsMessage(r)
	if to == collections.MessageFailed {
		if m.Status() == collections.MessageFailed {
			return nil
		}
		m.SetStatus(collections.MessageFailed)
		m.Set(collections.MessageError, "O WhatsApp não entregou a mensagem.")
		return s.app.Save(m)
	}
	if statusRank(to) <= statusRank(m.Status()) {
		return nil
	}
	m.SetStatus(to)
	return s.app.Save(m)
}

// connectionUpdate keeps the tenant's WhatsApp state current.
func (s *Service) connectionUpdate(tenantID string, ev *evolution.Event) error {
	c, err := ev.Connection()
	if err != nil {
		return retry.Permanent(err)
	}
	dropped := false
	err = s.app.RunInTransaction(func(tx core.App) error {
		t, err := scope.Tenant(tx, tenantID)
		if err != nil {
			return retry.Permanent(err)
		}
		was := t.WhatsAppStatus()
		switch c.State {
		case evolution.StateOpen:
			t.SetWhatsAppStatus(collections.IntegrationConnected)
			if c.Phone != "" {
				t.SetWhatsAppNumber(c.Phone)
			}
			if err := s.setMeta(tx, tenantID, func(m *instanceMeta) { m.QRCode, m.PairingCode = "", "" }); err != nil {
				return err
			}
		case evolution.StateConnecting:
			if was == collections.IntegrationConnected {
				return nil // Baileys reconnecting: not a new pairing
			}
			t.SetWhatsAppStatus(collections.IntegrationWaitingQR)
		case evolution.StateClose, evolution.StateRefused:
			t.SetWhatsAppStatus(collections.IntegrationDisconnected)
		default:
			return inbox.Ignore("estado desconhecido: " + string(c.State))
		}
		if t.WhatsAppStatus() == was && c.State != evolution.StateOpen {
			return nil
		}
		if err := tx.Save(t); err != nil {
			return err
		}
		if was == collections.IntegrationConnected && t.WhatsAppStatus() == collections.IntegrationDisconnected {
			dropped = true
			return s.alertDropped(tx, t, fmt.Sprintf("conexão encerrada (%s, código %d)", c.State, c.StatusReason))
		}
		return nil
	})
	if err == nil && dropped {
		s.mailDropped(tenantID)
	}
	return err
}

// qrUpdate remembers the latest QR code for the staff app.
func (s *Service) qrUpdate(tenantID string, ev *evolution.Event) error {
	q, err := ev.QRCode()
	if err != nil {
		return retry.Permanent(err)
	}
	return s.app.RunInTransaction(func(tx core.App) error {
		t, err := scope.Tenant(tx, tenantID)
		if err != nil {
			return retry.Permanent(err)
		}
		if q.LimitReached {
			if err := s.setMeta(tx, tenantID, func(m *instanceMeta) { m.QRCode, m.PairingCode = "", "" }); err != nil {
				return err
			}
			if t.WhatsAppStatus() != collections.IntegrationConnected {
				t.SetWhatsAppStatus(collections.IntegrationDisconnected)
				return tx.Save(t)
			}
			return nil
		}
		if err := s.setMeta(tx, tenantID, func(m *instanceMeta) {
			m.QRCode, m.PairingCode = qrText(q.Base64, q.Code), q.PairingCode
		}); err != nil {
			return err
		}
		if t.WhatsAppStatus() != collections.IntegrationWaitingQR {
			t.SetWhatsAppStatus(collections.IntegrationWaitingQR)
			return tx.Save(t)
		}
		return nil
	})
}

// alertDropped records that a connected WhatsApp dropped, where the
// owner sees it (the audit log and the tenant's status, both realtime).
func (s *Service) alertDropped(tx core.App, t *collections.Tenant, why string) error {
	return audit.Write(tx, audit.Entry{Tenant: t.Id, Actor: audit.System, Action: "whatsapp.dropped",
		Collection: collections.Tenants, Record: t.Id, Changes: map[string]any{"motivo": why}})
}
