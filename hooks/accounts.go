package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
)

// bindAccounts marks an account as its person's own when they choose its
// password through a password-reset link (which proves they hold the
// link sent to them): an invitation can then no longer set its password.
func bindAccounts(app core.App) {
	app.OnRecordConfirmPasswordResetRequest(collections.Users).BindFunc(func(e *core.RecordConfirmPasswordResetRequestEvent) error {
		collections.AsUser(e.Record).SetClaimed(true)
		return e.Next()
	})
}
