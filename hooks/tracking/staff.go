package tracking

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/token"
)

// trackingRequest is the optional body of the staff routes.
type trackingRequest struct {
	Tenant string `json:"tenant"`
}

// trackingResponse is what the staff routes return.
type trackingResponse struct {
	Token   string `json:"tracking_token"`
	Revoked bool   `json:"tracking_revoked"`
	URL     string `json:"tracking_url"`
}

// Values of the audit entry's "tracking" change.
const (
	changeRevoked = "revoked"
	changeRotated = "rotated"
)

// changeTracking serves POST /api/bancada/orders/{id}/tracking/revoke
// (the page stops working) and /rotate (a new token: old links stop
// working, and the page works again). Any staff member of the order's shop
// may do it; the tenant comes from ?tenant=, the X-Bancada-Tenant header,
// the body or the caller's only membership, and an order of any other shop
// is simply not found. Each change is audited.
func (s *server) changeTracking(e *core.RequestEvent, rotate bool) error {
	var req trackingRequest
	if e.Request.ContentLength != 0 {
		if err := e.BindBody(&req); err != nil {
			return e.BadRequestError("Não foi possível ler os dados enviados.", err)
		}
	}
	sc, apiErr := scope.RequireStaff(e, req.Tenant, collections.RolesAll)
	if apiErr != nil {
		return apiErr
	}
	actor := audit.FromRequest(e)
	var out trackingResponse
	err := e.App.RunInTransaction(func(tx core.App) error {
		rec, err := scope.Find(tx, collections.Orders, sc.Tenant.Id, e.Request.PathValue("id"))
		if err != nil {
			return err
		}
		o := collections.AsOrder(rec)
		change := changeRevoked
		if rotate {
			o.SetTrackingToken(token.Link())
			o.Set(collections.OrderTrackingOff, false)
			change = changeRotated
		} else {
			o.Set(collections.OrderTrackingOff, true)
		}
		audit.SetActor(rec, actor)
		if err := tx.Save(rec); err != nil {
			return fmt.Errorf("save tracking: %w", err)
		}
		out = trackingResponse{Token: o.TrackingToken(), Revoked: o.TrackingRevoked(),
			URL: URL(s.d.Config.PublicURLOr(""), o.TrackingToken())}
		return audit.Write(tx, audit.Entry{
			Tenant: sc.Tenant.Id, Actor: actor, Action: collections.ActionTracking,
			Collection: collections.Orders, Record: o.Id, Changes: map[string]any{"tracking": change},
		})
	})
	switch {
	case errors.Is(err, scope.ErrNotFound):
		return e.NotFoundError("OS não encontrada.", nil)
	case err != nil:
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, out)
}
