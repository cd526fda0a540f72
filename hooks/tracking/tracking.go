// Package tracking serves the public order-tracking page (/os/{token}):
// no login, an unguessable token, the minimum personal data (the
// customer's first name only), and the customer's approval or refusal of a
// quote. Staff revoke a page or rotate its token through
// /api/bancada/orders/{id}/tracking/{revoke,rotate}.
//
// The page is server-rendered HTML (embedded templates and an inline
// stylesheet pinned by the Content-Security-Policy), readable without
// JavaScript, never cached and never indexed. Unknown, revoked and expired
// tokens get one identical 404 page, decided by one SQL query, so a caller
// cannot tell them apart; an address that keeps missing is slowed down.
package tracking

import (
	"fmt"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/deps"
)

// Route patterns of the public page and its actions.
const (
	PagePath    = "/os/{token}"
	ApprovePath = "/os/{token}/approve"
	DeclinePath = "/os/{token}/decline"
	// RevokePath and RotatePath are the staff routes.
	RevokePath = "/api/bancada/orders/{id}/tracking/revoke"
	RotatePath = "/api/bancada/orders/{id}/tracking/rotate"
)

// Guessing limits: an address that asks for this many unknown tokens
// within missPeriod gets 429 for every token (valid ones too, so the limit
// says nothing about which tokens exist) until the window ends.
const (
	missLimit  = 20
	missPeriod = 10 * time.Minute
	// formTTL is how long an approve/decline form stays usable.
	formTTL = 24 * time.Hour
)

// server holds what the handlers share; one per Register call.
type server struct {
	d      deps.Deps
	pages  *pages
	misses *missLimiter
}

// Register binds the tracking page's routes.
func Register(app core.App, d deps.Deps) error {
	p, err := newPages()
	if err != nil {
		return fmt.Errorf("tracking: %w", err)
	}
	s := &server{d: d, pages: p, misses: newMissLimiter(missLimit, missPeriod, d.Clock)}
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET(PagePath, s.show)
		se.Router.POST(ApprovePath, func(e *core.RequestEvent) error { return s.respond(e, collections.StatusApproved) })
		se.Router.POST(DeclinePath, func(e *core.RequestEvent) error { return s.respond(e, collections.StatusRejected) })
		se.Router.POST(MarketingPath, s.setMarketing)
		se.Router.POST(RevokePath, func(e *core.RequestEvent) error { return s.changeTracking(e, false) }).
			Bind(apis.RequireAuth(collections.Users))
		se.Router.POST(RotatePath, func(e *core.RequestEvent) error { return s.changeTracking(e, true) }).
			Bind(apis.RequireAuth(collections.Users))
		return se.Next()
	})
	return nil
}

// Path is the tracking page's path for token: "/os/<token>".
func Path(token string) string { return "/os/" + token }

// URL is the tracking page's absolute address under publicURL (the
// {{LINK}} of WhatsApp messages and the QR code of printed receipts).
func URL(publicURL, token string) string {
	return strings.TrimRight(publicURL, "/") + Path(token)
}
