package wiring

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/hooks"
	"github.com/bancada/bancada/hooks/appointments"
	"github.com/bancada/bancada/hooks/charges"
	"github.com/bancada/bancada/hooks/deps"
	"github.com/bancada/bancada/hooks/googlesync"
	"github.com/bancada/bancada/hooks/subscriptions"
	"github.com/bancada/bancada/hooks/whatsapp"
)

// buildServices builds each domain package's service once, from the
// resolved dependencies d, each with only what it needs, and plugs them
// into each other through the narrow interfaces they declare: the Google
// sync is the appointments' busy-period provider and event sink; the
// subscriptions are the orders' and staff's plan limits (hooks.Register).
func buildServices(app core.App, d deps.Deps) hooks.Services {
	c := d.Config
	gsync := googlesync.New(app, googlesync.Deps{
		Google: googlesync.Google{ClientID: c.GoogleClientID, ClientSecret: c.GoogleClientSecret,
			AuthURL: c.GoogleAuthURL, TokenURL: c.GoogleTokenURL, APIURL: c.GoogleAPIURL},
		PublicURL: c.PublicURL,
		Vault:     d.Vault,
		Now:       d.Now,
		Outbox:    d.Outbox,
		Inbox:     d.Inbox,
	})
	appts := appointments.New(appointments.Deps{Now: d.Now, Busy: gsync, Sink: gsync})
	// Two audiences, two credentials: the charges never see the
	// platform's key, the subscriptions never a shop's.
	chg := charges.New(app, charges.Deps{
		AsaasURL:        c.AsaasURL,
		PublicURL:       c.PublicURL,
		PlatformBilling: strings.TrimSpace(c.AsaasAPIKey) != "",
		Vault:           d.Vault,
		Now:             d.Now,
		Outbox:          d.Outbox,
		Inbox:           d.Inbox,
	})
	subs := subscriptions.New(app, subscriptions.Deps{
		Platform:                 subscriptions.Platform{URL: c.AsaasURL, APIKey: c.AsaasAPIKey, WebhookToken: c.AsaasWebhookToken},
		PublicURL:                c.PublicURL,
		PlatformWhatsAppInstance: c.PlatformWhatsAppInstance,
		GraceDays:                c.BillingGraceDays,
		Timezone:                 c.Timezone,
		Now:                      d.Now,
		Outbox:                   d.Outbox,
		Inbox:                    d.Inbox,
	})
	wa := whatsapp.New(app, d, appts)
	return hooks.Services{WhatsApp: wa, Appointments: appts, GoogleSync: gsync, Charges: chg, Subscriptions: subs}
}
