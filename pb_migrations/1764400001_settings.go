package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// SignupRateLimit is the label of the rate-limit rule guarding shop signup.
const SignupRateLimit = "POST /api/bancada/signup"

func init() {
	m.Register(func(app core.App) error {
		s := app.Settings()
		s.Meta.AppName = "Bancada"
		s.Meta.SenderName = "Bancada"
		// Rate limits are in-memory, per client IP. Only abuse-prone routes
		// are limited: a busy counter behind one NAT must never be throttled.
		s.RateLimits.Enabled = true
		s.RateLimits.Rules = []core.RateLimitRule{
			{Label: SignupRateLimit, MaxRequests: 5, Duration: 3600},
			{Label: "*:auth", MaxRequests: 10, Duration: 60},
			{Label: "*:requestPasswordReset", MaxRequests: 3, Duration: 600},
			{Label: "POST /api/bancada/staff", MaxRequests: 30, Duration: 60},
		}
		if err := app.Save(s); err != nil {
			return fmt.Errorf("default settings: %w", err)
		}
		return nil
	}, nil)
}
