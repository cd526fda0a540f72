package hooks

import (
	"net/http"
	"runtime"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/bancada/bancada/admission"
	"github.com/bancada/bancada/metrics"
)

// ReadGateID identifies the read admission middleware.
const ReadGateID = "bancadaReadGate"

// readGatePriority runs the gate before PocketBase loads the auth token,
// so a request waiting its turn has not done any work yet.
const readGatePriority = apis.DefaultLoadAuthTokenMiddlewarePriority - 5

// recordViewPattern is the route pattern of PocketBase's record view.
const recordViewPattern = http.MethodGet + " /api/collections/{collection}/records/{id}"

// bindReadGate makes record lists and views take turns (package
// admission): at most d.Config.ReadSlots(cores) run at once. Writes,
// realtime, files and Bancada's own routes are not gated: the point is
// that reads leave CPU for the single SQLite writer.
func bindReadGate(app core.App, d Deps) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		n := d.Config.ReadSlots(runtime.GOMAXPROCS(0))
		if n <= 0 {
			return se.Next()
		}
		gate := admission.New(n, admission.DefaultMaxWait)
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id:       ReadGateID,
			Priority: readGatePriority,
			Func: func(e *core.RequestEvent) error {
				if !gatedRead(e.Request.Pattern) {
					return e.Next()
				}
				start := time.Now()
				leave, err := gate.Enter(e.Request.Context())
				if err != nil {
					return err // the client went away while it waited
				}
				metrics.ObserveReadGateWait(e, time.Since(start))
				defer leave()
				return e.Next()
			},
		})
		return se.Next()
	})
}

// gatedRead reports whether a route (its ServeMux pattern) waits at the
// read gate.
func gatedRead(pattern string) bool {
	return pattern == recordsListPattern || pattern == recordViewPattern
}
