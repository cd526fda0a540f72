package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"github.com/bancada/bancada/collections"
)

// InvitationRateLimit is the label of the rate-limit rule guarding the
// public invitation routes (view, accept, decline by the link's token).
const InvitationRateLimit = "/api/bancada/invitations/"

// Staff join a shop by invitation: the invitations collection, the users'
// "claimed" flag, and a rate limit on the public invitation routes.
func init() {
	m.Register(func(app core.App) error {
		if err := collections.Sync(app); err != nil {
			return fmt.Errorf("invitations schema: %w", err)
		}
		if err := MarkClaimedAccounts(app); err != nil {
			return err
		}
		s := app.Settings()
		found := false
		for _, r := range s.RateLimits.Rules {
			found = found || r.Label == InvitationRateLimit
		}
		if !found {
			s.RateLimits.Rules = append(s.RateLimits.Rules, core.RateLimitRule{Label: InvitationRateLimit, MaxRequests: 20, Duration: 60})
			if err := app.Save(s); err != nil {
				return fmt.Errorf("invitations: rate limit: %w", err)
			}
		}
		return nil
	}, nil)
}

// MarkClaimedAccounts marks every existing account as its person's own
// (collections.UserClaimed), except those the former staff route created
// with a temporary password the inviter knew (its audit line says
// new_user) and that never signed in since: those belong to nobody until
// someone accepts an invitation for their e-mail.
func MarkClaimedAccounts(app core.App) error {
	_, err := app.DB().NewQuery(`UPDATE users SET claimed = TRUE WHERE NOT (
		email IN (SELECT json_extract(changes, '$.email') FROM audit_log
			WHERE action = {:add} AND json_extract(changes, '$.new_user') = 1)
		AND id NOT IN (SELECT actor FROM audit_log WHERE action = {:signin} AND actor != ''))`).
		Bind(map[string]any{"add": collections.ActionStaffAdd, "signin": collections.ActionSignIn}).Execute()
	if err != nil {
		return fmt.Errorf("invitations: mark claimed accounts: %w", err)
	}
	return nil
}
