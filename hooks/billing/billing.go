// Package billing takes payments through Asaas: charges for service
// orders in each shop's own Asaas account, and the platform's monthly
// subscriptions of the shops with their daily monitor.
package billing

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/hooks/deps"
)

// Register binds billing's routes, webhooks, hooks and outbox handlers.
func Register(app core.App, d deps.Deps) error {
	return nil
}
