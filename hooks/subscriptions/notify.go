package subscriptions

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/messaging"
	"github.com/bancada/bancada/outbox"
	"github.com/bancada/bancada/retry"
)

// emailPayload is the outbox payload of KindEmail.
type emailPayload struct {
	Tenant  string   `json:"tenant"`
	To      []string `json:"to"`
	Subject string   `json:"subject"`
	Text    string   `json:"text"`
}

// emailLane spaces billing e-mails one at a time.
const emailLane = "billing:email"

// notify tells a shop's owners about its subscription, with tx: on
// WhatsApp from the platform's own instance when one is configured, and by
// e-mail when SMTP is set. n.Key makes each notice go once. The audit log
// records which channels were used (none is possible: then only the
// shop's page tells).
func (b *Service) notify(tx core.App, t *collections.Tenant, n notice, now time.Time) error {
	var channels []string
	owners, err := owners(tx, t.Id)
	if err != nil {
		return err
	}
	if strings.TrimSpace(b.d.PlatformWhatsAppInstance) != "" {
		number := t.Phone()
		for _, o := range owners {
			if p := collections.AsUser(o).Phone(); p != "" {
				number = p
				break
			}
		}
		if number != "" {
			if err := messaging.QueuePlatform(tx, t.Id, number, n.Text, n.Key+":whatsapp"); err != nil {
				return fmt.Errorf("subscriptions: notice on whatsapp: %w", err)
			}
			channels = append(channels, "whatsapp")
		}
	}
	if tx.Settings().SMTP.Enabled {
		var to []string
		for _, addr := range append([]string{t.Email()}, emailsOf(owners)...) {
			if addr != "" && !slices.Contains(to, addr) {
				to = append(to, addr)
			}
		}
		if len(to) > 0 {
			if _, err := outbox.Enqueue(tx, outbox.Message{
				Tenant: t.Id, Kind: KindEmail, Lane: emailLane, Key: n.Key + ":email",
				Payload: emailPayload{Tenant: t.Id, To: to, Subject: n.Subject, Text: n.Text},
			}); err != nil && !isDuplicate(err) {
				return fmt.Errorf("subscriptions: notice by e-mail: %w", err)
			}
			channels = append(channels, "email")
		}
	}
	return audit.Write(tx, audit.Entry{
		Tenant: t.Id, Actor: systemActor(), Action: ActionBillingNotice, Collection: collections.Tenants, Record: t.Id,
		Changes: map[string]any{"notice": n.Key, "channels": channels, "text": n.Text},
	})
}

// owners returns the users who own the tenant.
func owners(app core.App, tenantID string) ([]*core.Record, error) {
	ms, err := app.FindAllRecords(collections.Memberships, dbx.HashExp{
		collections.MembershipTenant: tenantID, collections.MembershipRole: string(collections.RoleOwner)})
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(ms))
	for _, m := range ms {
		ids = append(ids, collections.AsMembership(m).User())
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return app.FindRecordsByIds(collections.Users, ids)
}

func emailsOf(users []*core.Record) []string {
	out := make([]string, 0, len(users))
	for _, u := range users {
		out = append(out, u.Email())
	}
	return out
}

// deliverEmail sends a billing notice with PocketBase's mailer.
func (b *Service) deliverEmail(_ context.Context, dl *outbox.Delivery) (any, error) {
	var pl emailPayload
	if err := dl.Decode(&pl); err != nil {
		return nil, err
	}
	s := b.app.Settings()
	if !s.SMTP.Enabled {
		return nil, retry.Permanent(errors.New("subscriptions: SMTP is off"))
	}
	msg := &mailer.Message{
		From:    mail.Address{Name: s.Meta.SenderName, Address: s.Meta.SenderAddress},
		Subject: pl.Subject,
		Text:    pl.Text,
		HTML:    "<p>" + strings.ReplaceAll(html.EscapeString(pl.Text), "\n", "<br>") + "</p>",
	}
	for _, to := range pl.To {
		msg.To = append(msg.To, mail.Address{Address: to})
	}
	if err := b.app.NewMailClient().Send(msg); err != nil {
		return nil, fmt.Errorf("subscriptions: send e-mail: %w", err)
	}
	return map[string]any{"to": pl.To}, nil
}
