package stock

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
)

// Audit actions of the stock routes.
const (
	ActionSale      = "sale.create"
	ActionReceiving = "stock.receiving"
)

func (s *service) bindRoutes() {
	s.app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/bancada")
		g.Bind(apis.RequireAuth(collections.Users))
		g.POST("/sales", s.sell)
		g.POST("/stock/receive", s.receive)
		return se.Next()
	})
}

// readBodyMessage is the 400 of a body that does not decode.
const readBodyMessage = "Não foi possível ler os dados enviados."
