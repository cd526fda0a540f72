package privacy

import (
	"errors"
	"net/http"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/scope"
)

// customerNotFound is the answer for another shop's customer and for an
// id that exists nowhere alike.
const customerNotFound = "Cliente não encontrado."

// eraseRequest is the body of POST /api/bancada/customers/{id}/erase.
type eraseRequest struct {
	// Confirm is the customer's name typed by the owner.
	Confirm string `json:"confirm"`
}

// bindRoutes adds the owner's LGPD routes.
func bindRoutes(app core.App, d Deps) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/bancada/customers")
		g.Bind(apis.RequireAuth(collections.Users))
		g.GET("/{id}/export", func(e *core.RequestEvent) error { return exportRoute(e, d) })
		g.POST("/{id}/erase", func(e *core.RequestEvent) error { return eraseRoute(e, d) })
		return se.Next()
	})
}

// ownersCustomer loads the customer of the route, for an owner of its shop.
func ownersCustomer(e *core.RequestEvent) (*collections.Customer, *scope.Staff, error) {
	r, err := e.App.FindRecordById(collections.Customers, e.Request.PathValue("id"))
	if err != nil {
		return nil, nil, e.NotFoundError(customerNotFound, nil)
	}
	sc, apiErr := scope.RequireStaffOfRecord(e, r.GetString(collections.FieldTenant), collections.RolesOwner, customerNotFound)
	if apiErr != nil {
		return nil, nil, apiErr
	}
	return collections.AsCustomer(r), sc, nil
}

// exportRoute answers GET /api/bancada/customers/{id}/export: everything
// the shop holds about the customer, as JSON (a download) or, with
// ?format=html, as a page to read and print. Each export is audited.
func exportRoute(e *core.RequestEvent, d Deps) error {
	c, sc, err := ownersCustomer(e)
	if err != nil {
		return err
	}
	x, err := BuildExport(e.App, sc.Tenant.Id, c.Id, d.now())
	if err != nil {
		return e.InternalServerError("", err)
	}
	if err := audit.Write(e.App, audit.Entry{
		Tenant: sc.Tenant.Id, Actor: audit.FromRequest(e), Action: collections.ActionPrivacyExport,
		Collection: collections.Customers, Record: c.Id,
	}); err != nil {
		return e.InternalServerError("", err)
	}
	e.Response.Header().Set("Cache-Control", "no-store")
	if e.Request.URL.Query().Get("format") == "html" {
		body, err := x.HTML(br.LoadLocation(sc.Tenant.Timezone()))
		if err != nil {
			return e.InternalServerError("", err)
		}
		return e.HTML(http.StatusOK, string(body))
	}
	e.Response.Header().Set("Content-Disposition", `attachment; filename="dados-cliente-`+c.Id+`.json"`)
	return e.JSON(http.StatusOK, x)
}

// eraseRoute answers POST /api/bancada/customers/{id}/erase: the owner
// confirms by typing the customer's name; the answer carries the receipt
// to send the customer.
func eraseRoute(e *core.RequestEvent, d Deps) error {
	c, sc, err := ownersCustomer(e)
	if err != nil {
		return err
	}
	var req eraseRequest
	if err := e.BindBody(&req); err != nil {
		return apierr.BadRequest("Não foi possível ler os dados enviados.", err)
	}
	if c.Erased() {
		return e.Error(http.StatusConflict, "Os dados deste cliente já foram apagados.", nil)
	}
	if br.Fold(req.Confirm) == "" || br.Fold(req.Confirm) != br.Fold(c.Name()) {
		return apierr.BadRequest(apierr.CheckFields, apierr.Field("confirm", "confirm_mismatch",
			"Digite o nome do cliente como está no cadastro para confirmar."))
	}
	res, err := Erase(e.App, sc.Tenant.Id, c.Id, audit.FromRequest(e), d.now(), d.Calendar)
	switch {
	case errors.Is(err, ErrOpenOrder):
		return e.Error(http.StatusConflict, "Este cliente tem OS em aberto. Entregue ou cancele a OS antes de apagar os dados.", nil)
	case errors.Is(err, ErrAlreadyErased):
		return e.Error(http.StatusConflict, "Os dados deste cliente já foram apagados.", nil)
	case err != nil:
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, res)
}
