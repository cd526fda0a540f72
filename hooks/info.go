package hooks

import (
	"net/http"

	"github.com/pocketbase/pocketbase/core"
)

// bindInfo adds GET /api/bancada/info: what any client may know about this
// server, chiefly its public URL, so links customers open (the tracking
// page's QR code on a receipt) use it rather than the address a counter
// computer happens to use.
func bindInfo(app core.App, d Deps) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET("/api/bancada/info", func(e *core.RequestEvent) error {
			return e.JSON(http.StatusOK, map[string]any{
				"name":       "Bancada",
				"public_url": d.Config.PublicURLOr(""),
			})
		})
		return se.Next()
	})
}
