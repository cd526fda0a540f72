package webhooksout

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/scope"
)

// Not-found messages of the record routes: the same for another shop's
// ids as for ids that exist nowhere.
const (
	endpointNotFound = "Endpoint não encontrado."
	deliveryNotFound = "Entrega não encontrada."
)

// createRequest is the body of POST /api/bancada/webhooks.
type createRequest struct {
	Tenant      string   `json:"tenant"`
	URL         string   `json:"url"`
	Events      []string `json:"events"`
	Description string   `json:"description"`
	Active      *bool    `json:"active"`
}

// bindRoutes adds the owner's routes. Listing, editing (url, events,
// active, description) and removing endpoints, and reading the delivery
// log, go through the collections' REST API (owners only).
func bindRoutes(app core.App, s *service) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/bancada/webhooks")
		g.Bind(apis.RequireAuth(collections.Users))
		g.POST("", s.createEndpoint)
		g.POST("/{id}/rotate", s.rotateSecret)
		g.POST("/{id}/test", s.sendTest)
		g.POST("/deliveries/{id}/resend", s.resend)
		return se.Next()
	})
}

// createEndpoint answers POST /api/bancada/webhooks: registers an
// endpoint and returns it with its secret, the only time the secret is
// shown.
func (s *service) createEndpoint(e *core.RequestEvent) error {
	var req createRequest
	if err := e.BindBody(&req); err != nil {
		return e.BadRequestError("Não foi possível ler os dados enviados.", err)
	}
	sc, apiErr := scope.RequireStaff(e, req.Tenant, collections.RolesOwner)
	if apiErr != nil {
		return apiErr
	}
	col, err := e.App.FindCachedCollectionByNameOrId(collections.WebhookEndpoints)
	if err != nil {
		return e.InternalServerError("", err)
	}
	r := core.NewRecord(col)
	r.Id = core.GenerateDefaultRandomId()
	r.Set(collections.EndpointTenant, sc.Tenant.Id)
	r.Set(collections.EndpointURL, req.URL)
	r.Set(collections.EndpointEvents, req.Events)
	r.Set(collections.EndpointDescription, req.Description)
	r.Set(collections.EndpointActive, req.Active == nil || *req.Active)
	secret, err := s.setSecret(r)
	if err != nil {
		return e.InternalServerError("", err)
	}
	err = e.App.RunInTransaction(func(tx core.App) error {
		if err := tx.Save(r); err != nil {
			return err
		}
		return audit.Write(tx, audit.Entry{Tenant: sc.Tenant.Id, Actor: audit.FromRequest(e), Action: collections.ActionCreate,
			Collection: collections.WebhookEndpoints, Record: r.Id,
			Changes: map[string]any{"url": r.GetString(collections.EndpointURL), "events": r.GetStringSlice(collections.EndpointEvents)}})
	})
	if err != nil {
		if ve, ok := apierr.AsValidation(err); ok {
			return apierr.BadRequest(apierr.CheckFields, ve)
		}
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, withSecret(r, secret))
}

// rotateSecret answers POST /api/bancada/webhooks/{id}/rotate: a new
// secret replaces the old one at once and is shown once.
func (s *service) rotateSecret(e *core.RequestEvent) error {
	r, err := s.ownedEndpoint(e)
	if err != nil {
		return err
	}
	secret, err := s.setSecret(r)
	if err != nil {
		return e.InternalServerError("", err)
	}
	err = e.App.RunInTransaction(func(tx core.App) error {
		if err := tx.Save(r); err != nil {
			return err
		}
		return audit.Write(tx, audit.Entry{Tenant: r.GetString(collections.EndpointTenant), Actor: audit.FromRequest(e),
			Action: collections.ActionWebhookRotate, Collection: collections.WebhookEndpoints, Record: r.Id})
	})
	if err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, withSecret(r, secret))
}

// sendTest answers POST /api/bancada/webhooks/{id}/test: queues a
// webhook.test event to the endpoint (even if switched off) and returns
// its delivery.
func (s *service) sendTest(e *core.RequestEvent) error {
	r, err := s.ownedEndpoint(e)
	if err != nil {
		return err
	}
	ev := Event{ID: newEventID(), Type: collections.EventTest, Created: s.d.Clock().Format(time.RFC3339),
		Tenant: r.GetString(collections.EndpointTenant),
		Data:   map[string]any{"message": "Evento de teste do Bancada."}}
	var dr *core.Record
	err = e.App.RunInTransaction(func(tx core.App) error {
		var qerr error
		dr, qerr = s.queue(tx, r.Id, ev, true)
		return qerr
	})
	if err != nil {
		return e.InternalServerError("Não foi possível enviar o teste. Tente de novo.", err)
	}
	return e.JSON(http.StatusOK, dr)
}

// resend answers POST /api/bancada/webhooks/deliveries/{id}/resend: the
// same event (same id and body, a fresh timestamp and signature) goes
// again to its endpoint, whatever happened before.
func (s *service) resend(e *core.RequestEvent) error {
	dr, err := e.App.FindRecordById(collections.WebhookDeliveries, e.Request.PathValue("id"))
	tenant := ""
	if err == nil {
		tenant = dr.GetString(collections.DeliveryTenant)
	}
	if _, apiErr := scope.RequireStaffOfRecord(e, tenant, collections.RolesOwner, deliveryNotFound); apiErr != nil {
		return apiErr
	}
	if dr.GetString(collections.DeliveryStatus) == collections.DeliveryPending {
		return e.Error(http.StatusConflict, "Esta entrega ainda está sendo tentada; aguarde o resultado para reenviar.", nil)
	}
	err = e.App.RunInTransaction(func(tx core.App) error {
		fresh, err := tx.FindRecordById(collections.WebhookDeliveries, dr.Id)
		if err != nil {
			return err
		}
		fresh.Set(collections.DeliveryStatus, collections.DeliveryPending)
		if err := tx.Save(fresh); err != nil {
			return err
		}
		dr = fresh
		key := "webhook:" + fresh.Id + ":resend:" + strconv.FormatInt(s.d.Clock().UnixNano(), 10)
		return s.enqueue(tx, fresh, true, key)
	})
	if err != nil {
		return e.InternalServerError("Não foi possível reenviar. Tente de novo.", err)
	}
	return e.JSON(http.StatusOK, dr)
}

// ownedEndpoint loads the endpoint named in the path for one of its
// shop's owners; anyone else gets the answer to an unknown id.
func (s *service) ownedEndpoint(e *core.RequestEvent) (*core.Record, error) {
	r, err := e.App.FindRecordById(collections.WebhookEndpoints, e.Request.PathValue("id"))
	tenant := ""
	if err == nil {
		tenant = r.GetString(collections.EndpointTenant)
	}
	if _, apiErr := scope.RequireStaffOfRecord(e, tenant, collections.RolesOwner, endpointNotFound); apiErr != nil {
		return nil, apiErr
	}
	return r, nil
}

// setSecret generates a secret for r (whose id must be set) and stores it
// sealed; it returns the plain secret.
func (s *service) setSecret(r *core.Record) (string, error) {
	secret := newSecret()
	sealed, err := s.d.Vault.Seal(sealContext(r.GetString(collections.EndpointTenant), r.Id), secret)
	if err != nil {
		return "", err
	}
	r.Set(collections.EndpointSecret, sealed)
	return secret, nil
}

// withSecret is the endpoint as the owner sees it, plus the secret.
func withSecret(r *core.Record, secret string) map[string]any {
	out := r.PublicExport()
	out["secret"] = secret
	return out
}

// bindValidation checks every endpoint written, through the routes or
// the REST API: a URL Bancada may call, and a secret only Bancada sets.
func bindValidation(app core.App, s *service) {
	check := func(e *core.RecordEvent) error {
		u, err := validateURL(e.Record.GetString(collections.EndpointURL), s.allowLoopback)
		if err != nil {
			return apierr.Field(collections.EndpointURL, "invalid_url", err.Error())
		}
		e.Record.Set(collections.EndpointURL, u)
		for _, ev := range e.Record.GetStringSlice(collections.EndpointEvents) {
			if !slices.Contains(collections.WebhookEventTypes, ev) {
				return apierr.Field(collections.EndpointEvents, "invalid_event", "Evento desconhecido: "+ev+".")
			}
		}
		if e.Record.GetString(collections.EndpointSecret) == "" {
			return apierr.Field(collections.EndpointSecret, "secret_required", "O segredo é gerado pelo Bancada.")
		}
		return e.Next()
	}
	app.OnRecordCreate(collections.WebhookEndpoints).BindFunc(check)
	app.OnRecordUpdate(collections.WebhookEndpoints).BindFunc(check)
	// Through the API nobody writes the secret: only the routes above.
	app.OnRecordUpdateRequest(collections.WebhookEndpoints).BindFunc(func(e *core.RecordRequestEvent) error {
		if !e.HasSuperuserAuth() {
			e.Record.Set(collections.EndpointSecret, e.Record.Original().Get(collections.EndpointSecret))
		}
		return e.Next()
	})
}
