// Package hooks binds Bancada's behaviour to PocketBase: record hooks
// (tenant invariants, the order state machine, passcode encryption, the
// audit log) and custom routes (signup, staff, estimates, webhooks, the
// public tracking page). Register is the one entry point; package wiring
// calls it, for main and for the tests alike, so tests run exactly what
// production runs.
//
// Background workers (jobs, the outbox worker, TLS) are not started here:
// package wiring starts them when the server starts.
package hooks

import (
	"errors"
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/hooks/billing"
	"github.com/bancada/bancada/hooks/calendar"
	"github.com/bancada/bancada/hooks/cash"
	"github.com/bancada/bancada/hooks/deps"
	"github.com/bancada/bancada/hooks/messaging"
	"github.com/bancada/bancada/hooks/stock"
	"github.com/bancada/bancada/hooks/tracking"
	"github.com/bancada/bancada/hooks/webhooksout"
	"github.com/bancada/bancada/hooks/whatsapp"
	"github.com/bancada/bancada/metrics"
)

// Deps are the collaborators the hooks need (see package deps).
type Deps = deps.Deps

// Register binds every record hook and route of Bancada to app.
func Register(app core.App, d Deps) error {
	if d.Vault == nil || d.Outbox == nil || d.Inbox == nil {
		return errors.New("hooks: a vault, an outbox and an inbox are required")
	}
	bindErrorTranslation(app)
	bindJSONBodyCheck(app)
	bindTenancy(app, d)
	bindBounds(app)
	bindBackupExclusions(app, d)
	bindCustomers(app, d)
	bindDevices(app, d)
	bindOrders(app, d)
	bindAudit(app, d)
	bindSignup(app, d)
	bindStaff(app, d)
	bindInvitationLinks(app, d)
	bindAccounts(app)
	bindEstimate(app, d)
	messaging.Bind(app)
	bindQueryGuard(app)
	bindPageSize(app)
	bindTenantFilter(app)
	bindReadGate(app, d)
	bindOps(app, d)
	bindJobRoutes(app, d)
	bindInfo(app, d)
	bindUI(app)
	metrics.Register(app, metrics.Options{Token: func() string { return d.Config.MetricsToken }, Outbox: d.Outbox, Jobs: d.Jobs, Now: d.Clock})
	integrations := []struct {
		name     string
		register func(core.App, Deps) error
	}{
		{"whatsapp", whatsapp.Register}, {"tracking", tracking.Register},
		{"calendar", calendar.Register}, {"billing", billing.Register},
		{"webhooksout", webhooksout.Register},
		{"cash", cash.Register}, {"stock", stock.Register},
	}
	for _, i := range integrations {
		if err := i.register(app, d); err != nil {
			return fmt.Errorf("hooks: %s: %w", i.name, err)
		}
	}
	return nil
}
