// Package warranty opens warranty returns: a delivered order whose
// warranty period has not ended gets a new order for the same customer and
// device, linked to it (orders.warranty_of), free by default. Both orders
// get a history row, the opening is audited, and a warranty return is
// charged only with a reason (see CheckCharge, which the orders hook
// calls).
package warranty

import (
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
)

// OpenPath is the staff route that opens a warranty return of an order.
const OpenPath = "/api/bancada/orders/{id}/warranty"

// Deps is what the package needs: the clock that decides whether an order
// is still under warranty.
type Deps struct {
	Now func() time.Time
}

// Register binds the warranty route.
func Register(app core.App, d Deps) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.POST(OpenPath, func(e *core.RequestEvent) error { return open(e, d) }).
			Bind(apis.RequireAuth(collections.Users))
		return se.Next()
	})
}
