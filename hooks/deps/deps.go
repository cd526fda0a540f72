// Package deps holds the collaborators hooks and its integration packages
// (whatsapp, tracking, webhooksout) share, without importing each other.
// The domain packages (appointments, googlesync, charges, subscriptions)
// take narrower Deps of their own, which package wiring fills.
package deps

import (
	"time"

	"github.com/bancada/bancada/config"
	"github.com/bancada/bancada/inbox"
	"github.com/bancada/bancada/jobs"
	"github.com/bancada/bancada/outbox"
	"github.com/bancada/bancada/vault"
)

// Deps are the collaborators the hooks need, built by package wiring:
// the real ones for main, with the tests' fakes and fixed clock for them.
type Deps struct {
	// Config is the resolved configuration (package wiring resolves it
	// before anything is bound). It is a value: every holder has its own
	// copy, so nothing can change it under a running worker.
	Config config.Config
	// Vault encrypts secrets at rest.
	Vault *vault.Vault
	// Now is the clock. Use Deps.Clock(); nil means time.Now.
	Now func() time.Time
	// Outbox delivers calls to the outside; integration glue registers
	// its handlers on it. The wiring runs it on serve; tests Drain it.
	Outbox *outbox.Worker
	// Inbox stores and processes webhooks from the outside.
	Inbox *inbox.Inbox
	// Jobs runs the background schedules (and the operators' on-demand
	// route).
	Jobs *jobs.Runner
}

// Clock returns the current time in UTC.
func (d Deps) Clock() time.Time {
	if d.Now == nil {
		return time.Now().UTC()
	}
	return d.Now().UTC()
}
