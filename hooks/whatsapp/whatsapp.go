// Package whatsapp connects each shop's WhatsApp through Evolution API:
// provisioning, the webhook intake, delivering outgoing messages from the
// outbox, order notifications, and handing customers' messages to the
// assistant (package bot).
package whatsapp

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/hooks/deps"
)

// Register binds WhatsApp's routes, hooks and outbox handlers.
func Register(app core.App, d deps.Deps) error {
	return nil
}
