// Package cash is the shop's money at the counter: the till (caixa) with
// its opening float, withdrawals and supplies and the closing with
// expected and counted amounts per payment method; refunds against a
// payment; card and Pix fees on payments; and the payment receipt sent on
// WhatsApp. Every write is one transaction; the collections it writes are
// read-only through the REST API.
//
// Who may do what: the people who take money (owners, managers and
// attendants) open, move and close the till and send receipts; refunds
// are for owners and managers. Technicians never see money.
package cash

import (
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/hooks/deps"
)

// Options are what the cash package needs from the wiring.
type Options struct {
	// Now is the clock (UTC).
	Now func() time.Time
}

type service struct {
	app core.App
	now func() time.Time
}

// Register binds the cash routes and the payment hooks (fees, refunded
// amounts) to app.
func Register(app core.App, d deps.Deps) error {
	return Bind(app, Options{Now: d.Clock})
}

// Bind is Register with the narrow options.
func Bind(app core.App, o Options) error {
	s := &service{app: app, now: o.Now}
	if s.now == nil {
		s.now = func() time.Time { return time.Now().UTC() }
	}
	s.bindPayments()
	s.bindRoutes()
	return nil
}
