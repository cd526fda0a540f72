package hooks

import (
	"net/http"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/outbox"
)

// bindOps adds the platform operators' routes (superusers only): the state
// of the outbox, and retrying dead letters and failed webhooks after the
// cause is fixed. Operators browse the rows themselves in the dashboard
// (collections outbox and webhook_events).
func bindOps(app core.App, d Deps) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/bancada/ops")
		g.Bind(apis.RequireSuperuserAuth())
		g.GET("/outbox", func(e *core.RequestEvent) error {
			counts, err := outbox.Counts(e.App)
			if err != nil {
				return e.InternalServerError("", err)
			}
			return e.JSON(http.StatusOK, map[string]any{"counts": counts})
		})
		g.POST("/outbox/{id}/retry", func(e *core.RequestEvent) error {
			if err := outbox.Retry(e.App, e.Request.PathValue("id")); err != nil {
				return e.BadRequestError(err.Error(), nil)
			}
			d.Outbox.Poke()
			return e.NoContent(http.StatusNoContent)
		})
		g.POST("/webhooks/{id}/reprocess", func(e *core.RequestEvent) error {
			if _, err := e.App.FindRecordById(collections.WebhookEvents, e.Request.PathValue("id")); err != nil {
				return e.NotFoundError("", nil)
			}
			if err := d.Inbox.Reprocess(e.Request.PathValue("id")); err != nil {
				return e.InternalServerError("", err)
			}
			return e.NoContent(http.StatusNoContent)
		})
		return se.Next()
	})
}
