// Package hooks binds Bancada's behaviour to PocketBase: record hooks
// (tenant invariants, the order state machine, passcode encryption, the
// audit log) and custom routes (signup, staff, estimates, webhooks, the
// public tracking page). Register is the one entry point; main and the
// tests both call it, so tests run exactly what production runs.
//
// Background workers (jobs, the outbox worker, TLS) are not started here:
// main starts them in OnServe, so test apps stay quiet.
package hooks

import (
	"errors"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/config"
	"github.com/bancada/bancada/inbox"
	"github.com/bancada/bancada/outbox"
	"github.com/bancada/bancada/vault"
)

// Deps are the collaborators the hooks need. Tests pass fakes and a fixed
// clock; main passes the real ones.
type Deps struct {
	// Config holds the settings; read only after flags are parsed.
	Config *config.Config
	// Vault encrypts secrets at rest.
	Vault *vault.Vault
	// Now is the clock (UTC). Defaults to time.Now.
	Now func() time.Time
	// Outbox delivers calls to the outside; integration glue registers
	// its handlers on it. main runs it; tests Drain it.
	Outbox *outbox.Worker
	// Inbox stores and processes webhooks from the outside.
	Inbox *inbox.Inbox
}

func (d Deps) now() time.Time {
	if d.Now == nil {
		return time.Now().UTC()
	}
	return d.Now().UTC()
}

// Register binds every record hook and route of Bancada to app.
func Register(app core.App, d Deps) error {
	if d.Config == nil {
		d.Config = &config.Config{}
	}
	if d.Vault == nil || d.Outbox == nil || d.Inbox == nil {
		return errors.New("hooks: a vault, an outbox and an inbox are required")
	}
	bindErrorTranslation(app)
	bindTenancy(app, d)
	bindCustomers(app, d)
	bindDevices(app, d)
	bindOrders(app, d)
	bindAudit(app, d)
	bindSignup(app, d)
	bindStaff(app, d)
	bindEstimate(app, d)
	bindOps(app, d)
	return nil
}
