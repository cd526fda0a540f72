package wiring

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/hooks"
	"github.com/bancada/bancada/hooks/appointments"
	"github.com/bancada/bancada/hooks/deps"
	"github.com/bancada/bancada/hooks/googlesync"
)

// buildDomains builds each domain package's service once, from the
// resolved dependencies d, each with only what it needs, and plugs them
// into each other through the narrow interfaces they declare: the Google
// sync is the appointments' busy-period provider and event sink.
func buildDomains(app core.App, d deps.Deps) hooks.Domains {
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
	return hooks.Domains{Appointments: appts, GoogleSync: gsync}
}
