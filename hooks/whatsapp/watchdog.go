package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/mail"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/integrations/evolution"
)

// Watchdog checks the session of every shop whose WhatsApp is connected
// and alerts the owner of each one that dropped: the shop's status turns
// "disconnected" (the staff app shows it in realtime), an audit entry
// says why, and the owners get an e-mail when SMTP is configured. A shop
// whose instance cannot be reached is left alone (the server, not the
// shop, is down). The jobs runner schedules it (every 5 minutes).
func (s *Service) Watchdog(ctx context.Context) error {
	app := s.app
	if !s.configured() {
		return nil
	}
	recs, err := app.FindAllRecords(collections.Tenants,
		dbx.HashExp{collections.TenantWhatsAppStatus: collections.IntegrationConnected, collections.TenantActive: true})
	if err != nil {
		return fmt.Errorf("whatsapp: watchdog: %w", err)
	}
	var errs []error
	for _, r := range recs {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err := s.check(ctx, collections.AsTenant(r)); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// check asks Evolution for one shop's session state.
func (s *Service) check(ctx context.Context, t *collections.Tenant) error {
	instance := InstanceName(t.Id)
	cl := s.client()
	if tok, err := s.loadSecret(s.app, t.Id, collections.SecretEvolutionToken); err == nil {
		cl = cl.WithToken(tok.value)
	}
	state, err := cl.ConnectionState(ctx, instance)
	why := ""
	switch {
	case errors.Is(err, evolution.ErrInstanceNotFound):
		why = "instância não encontrada no servidor"
	case err != nil:
		return fmt.Errorf("whatsapp: watchdog %s: %w", instance, err)
	case state == evolution.StateOpen:
		return nil
	case state == evolution.StateConnecting:
		return nil // reconnecting on its own
	default:
		why = "sessão " + string(state)
	}
	dropped := false
	err = s.app.RunInTransaction(func(tx core.App) error {
		cur, err := scope.Tenant(tx, t.Id)
		if err != nil || cur.WhatsAppStatus() != collections.IntegrationConnected {
			return err // a webhook got there first
		}
		cur.SetWhatsAppStatus(collections.IntegrationDisconnected)
		if err := tx.Save(cur); err != nil {
			return err
		}
		dropped = true
		return s.alertDropped(tx, cur, why)
	})
	if err == nil && dropped {
		s.mailDropped(t.Id)
	}
	return err
}

// mailDropped e-mails the shop's owners that WhatsApp dropped, when SMTP
// is configured. Best effort: the alert is already in the audit log.
func (s *Service) mailDropped(tenantID string) {
	if !s.app.Settings().SMTP.Enabled {
		return
	}
	t, err := scope.Tenant(s.app, tenantID)
	if err != nil {
		return
	}
	ms, err := s.app.FindAllRecords(collections.Memberships,
		dbx.HashExp{collections.MembershipTenant: tenantID, collections.MembershipRole: string(collections.RoleOwner)})
	if err != nil {
		return
	}
	var to []mail.Address
	for _, m := range ms {
		if u, err := s.app.FindRecordById(collections.Users, collections.AsMembership(m).User()); err == nil {
			to = append(to, mail.Address{Name: u.GetString(collections.UserName), Address: u.Email()})
		}
	}
	if len(to) == 0 {
		return
	}
	meta := s.app.Settings().Meta
	msg := &mailer.Message{
		From:    mail.Address{Name: meta.SenderName, Address: meta.SenderAddress},
		To:      to,
		Subject: "WhatsApp da " + t.Name() + " desconectado",
		HTML: "<p>O WhatsApp da loja <strong>" + html.EscapeString(t.Name()) + "</strong> foi desconectado.</p>" +
			"<p>Enquanto ele estiver desconectado, o assistente não responde e os avisos de OS não são enviados. " +
			"Abra o Bancada em <em>Integrações → WhatsApp</em> e leia o novo QR code com o celular da loja.</p>",
	}
	if err := s.app.NewMailClient().Send(msg); err != nil {
		s.app.Logger().Warn("whatsapp: drop e-mail failed", "tenant", tenantID, "error", err)
	}
}
