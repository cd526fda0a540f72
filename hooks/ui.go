package hooks

import (
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/bancada/bancada/ui"
)

// bindUI serves the staff web app at "/" (every path the API and the
// dashboard do not claim), with index.html for the app's own routes.
// Hashed assets are cached for a year; index.html never, so a new build
// reaches every counter on the next load.
func bindUI(app core.App) {
	static := apis.Static(ui.DistFS(), true)
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Priority: 999, // after every other route is registered
		Func: func(se *core.ServeEvent) error {
			if se.Router.HasRoute(http.MethodGet, "/{path...}") {
				return se.Next()
			}
			se.Router.GET("/{path...}", func(e *core.RequestEvent) error {
				if strings.HasPrefix(e.Request.URL.Path, "/assets/") {
					e.Response.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
				} else {
					e.Response.Header().Set("Cache-Control", "no-cache")
				}
				return static(e)
			}).Bind(apis.Gzip())
			return se.Next()
		},
	})
}
