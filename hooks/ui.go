package hooks

import (
	"net/http"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/bancada/bancada/ui"
)

// bindUI serves the staff web app at "/" (every path the API, the
// dashboard and the tracking page do not claim). ui.Handler gives
// index.html for the app's own routes, a JSON 404 for unknown /api/ and
// /_/ paths (so API clients are not handed HTML), immutable caching for
// hashed assets, ETags and gzip.
func bindUI(app core.App) {
	h := apis.WrapStdHandler(ui.Handler())
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Priority: 999, // after every other route is registered
		Func: func(se *core.ServeEvent) error {
			if !se.Router.HasRoute(http.MethodGet, "/{path...}") {
				se.Router.GET("/{path...}", h)
			}
			return se.Next()
		},
	})
}
