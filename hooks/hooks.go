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

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/asaashook"
	"github.com/bancada/bancada/hooks/cash"
	"github.com/bancada/bancada/hooks/dataimport"
	"github.com/bancada/bancada/hooks/deps"
	"github.com/bancada/bancada/hooks/messaging"
	"github.com/bancada/bancada/hooks/privacy"
	"github.com/bancada/bancada/hooks/reports"
	"github.com/bancada/bancada/hooks/stock"
	"github.com/bancada/bancada/hooks/tracking"
	"github.com/bancada/bancada/hooks/warranty"
	"github.com/bancada/bancada/hooks/webhooksout"
	"github.com/bancada/bancada/metrics"
)

// Deps are the collaborators the hooks need (see package deps).
type Deps = deps.Deps

// errMissingService means Register or Jobs was given incomplete Services.
var errMissingService = errors.New("hooks: every domain service is required")

// Register binds every record hook and route of Bancada to app, with the
// domain services dm (package wiring builds them).
func Register(app core.App, d Deps, dm Services) error {
	if d.Vault == nil || d.Outbox == nil || d.Inbox == nil {
		return errors.New("hooks: a vault, an outbox and an inbox are required")
	}
	if err := dm.check(); err != nil {
		return err
	}
	bindErrorTranslation(app)
	bindJSONBodyCheck(app)
	bindTenancy(app, d)
	bindBounds(app)
	bindBackupExclusions(app, d)
	bindCustomers(app, d)
	bindDevices(app, d)
	bindOrders(app, d, dm.Subscriptions)
	bindAudit(app, d)
	bindSignup(app, d)
	bindStaff(app, d, dm.Subscriptions)
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
	warranty.Register(app, warranty.Deps{Now: d.Clock})
	metrics.Register(app, metrics.Options{Token: func() string { return d.Config.MetricsToken }, Outbox: d.Outbox, Jobs: d.Jobs, Now: d.Clock})
	integrations := []struct {
		name     string
		register func() error
	}{
		{"whatsapp", func() error { return dm.WhatsApp.Register(app) }},
		{"tracking", func() error { return tracking.Register(app, d) }},
		{"appointments", func() error { return dm.Appointments.Register(app) }},
		{"googlesync", func() error { return dm.GoogleSync.Register(app) }},
		{"charges", func() error { return dm.Charges.Register(app) }},
		{"subscriptions", func() error { return dm.Subscriptions.Register(app) }},
		{"asaas webhooks", func() error {
			// One inbox provider, two accounts: a shop's events go to its
			// charges, the platform's to the subscriptions.
			d.Inbox.Handle(collections.ProviderAsaasHook, asaashook.Route(dm.Charges.HandleShopEvent, dm.Subscriptions.HandlePlatformEvent))
			return nil
		}},
		{"webhooksout", func() error { return webhooksout.Register(app, d) }},
		{"privacy", func() error { return privacy.Register(app, d, dm.GoogleSync) }},
		{"cash", func() error { return cash.Register(app, d) }},
		{"stock", func() error { return stock.Register(app, d) }},
	}
	for _, i := range integrations {
		if err := i.register(); err != nil {
			return fmt.Errorf("hooks: %s: %w", i.name, err)
		}
	}
	if err := reports.Register(app, reports.Deps{Now: d.Clock}); err != nil {
		return fmt.Errorf("hooks: reports: %w", err)
	}
	if err := dataimport.Register(app, dataimport.Deps{Now: d.Clock}); err != nil {
		return fmt.Errorf("hooks: dataimport: %w", err)
	}
	return nil
}
