// Package stock is the shop's stock of parts and products: counter sales
// (vendas de balcão) that take products and record their payments,
// receiving from suppliers (entrada de estoque) with the average cost,
// and the history of every movement of a part (sale, order use,
// receiving, adjustment) with who and when. Each write is one
// transaction.
//
// Who may do what: the people who take money (owners, managers,
// attendants) sell at the counter; the people who manage stock (owners,
// managers, technicians) receive goods; everyone in the shop reads the
// history, as they read the parts.
package stock

import (
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/hooks/deps"
)

// Options are what the stock package needs from the wiring.
type Options struct {
	// Now is the clock (UTC).
	Now func() time.Time
}

type service struct {
	app core.App
	now func() time.Time
}

// Register binds the stock routes and the movement history of hand
// adjustments to app.
func Register(app core.App, d deps.Deps) error {
	return Bind(app, Options{Now: d.Clock})
}

// Bind is Register with the narrow options.
func Bind(app core.App, o Options) error {
	s := &service{app: app, now: o.Now}
	if s.now == nil {
		s.now = func() time.Time { return time.Now().UTC() }
	}
	s.bindAdjustments()
	s.bindRoutes()
	return nil
}
