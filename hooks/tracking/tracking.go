// Package tracking serves the public order-tracking page (/os/{token}):
// no login, an unguessable token, the minimum personal data, and the
// customer's approval or refusal of a quote.
package tracking

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/hooks/deps"
)

// Register binds the tracking page's routes.
func Register(app core.App, d deps.Deps) error {
	return nil
}
