package warranty

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/history"
	"github.com/bancada/bancada/hooks/scope"
)

// openRequest is the body of the warranty route.
type openRequest struct {
	Tenant string `json:"tenant"`
	// Problem is what the customer says came back.
	Problem string `json:"problem"`
}

// maxProblemChars is the orders collection's limit on the problem text.
const maxProblemChars = 2000

// errRefused carries a 400 out of the transaction.
type errRefused struct{ err error }

func (e errRefused) Error() string { return e.err.Error() }

// open serves POST /api/bancada/orders/{id}/warranty: any staff member of
// the order's shop opens a warranty return of a delivered order within its
// warranty period. The new order has the same customer and device, the
// original in warranty_of, no quote (free), and the shop's default
// warranty; both orders get a history row and the opening is audited, all
// in one transaction. An order of another shop is not found, as an
// unknown id.
func open(e *core.RequestEvent, d Deps) error {
	var req openRequest
	if e.Request.ContentLength != 0 {
		if err := e.BindBody(&req); err != nil {
			return apierr.BadRequest("Não foi possível ler os dados enviados.", err)
		}
	}
	sc, apiErr := scope.RequireStaff(e, req.Tenant, collections.RolesAll)
	if apiErr != nil {
		return apiErr
	}
	problem := strings.TrimSpace(req.Problem)
	switch {
	case problem == "":
		return apierr.BadRequest(apierr.CheckFields, apierr.Field("problem", "problem_required", "Descreva o defeito que voltou."))
	case utf8.RuneCountInString(problem) > maxProblemChars:
		return apierr.BadRequest(apierr.CheckFields, apierr.Field("problem", "problem_too_long",
			fmt.Sprintf("Descreva o defeito em até %d caracteres.", maxProblemChars)))
	}
	actor := audit.FromRequest(e)
	var created *core.Record
	err := e.App.RunInTransaction(func(tx core.App) error {
		rec, err := scope.Find(tx, collections.Orders, sc.Tenant.Id, e.Request.PathValue("id"))
		if err != nil {
			return err
		}
		orig := collections.AsOrder(rec)
		loc := br.LoadLocation(sc.Tenant.Timezone())
		if err := Covered(orig, d.Now(), loc); err != nil {
			return errRefused{err}
		}
		if open, err := openReturn(tx, orig); err != nil {
			return err
		} else if open != nil {
			return errRefused{apierr.Field("order", "warranty_open",
				fmt.Sprintf("A garantia desta OS já está aberta na OS nº %d.", open.Number()))}
		}
		o, err := collections.NewOrder(tx, orig.Tenant(), orig.Customer(), orig.Device())
		if err != nil {
			return err
		}
		o.SetProblem(problem)
		o.Set(collections.OrderWarrantyOf, orig.Id)
		o.Set(collections.OrderSource, "counter")
		o.Set(collections.OrderStatusNote, fmt.Sprintf("Retorno em garantia da OS nº %d (entregue em %s, garantia até %s).",
			orig.Number(), br.Date(orig.DeliveredAt(), loc), br.Date(LastDay(orig, loc), loc)))
		audit.SetActor(o.Record, actor)
		if err := tx.Save(o); err != nil {
			return fmt.Errorf("save warranty return: %w", err)
		}
		if err := history.Add(tx, d.Now(), orig, orig.Status(), orig.Status(), actor,
			fmt.Sprintf("Garantia aberta na OS nº %d: %s", o.Number(), problem)); err != nil {
			return err
		}
		created = o.Record
		return audit.Write(tx, audit.Entry{
			Tenant: sc.Tenant.Id, Actor: actor, Action: collections.ActionWarrantyOpen,
			Collection: collections.Orders, Record: o.Id,
			Changes: map[string]any{"warranty_of": orig.Id, "warranty_of_number": orig.Number(), "number": o.Number(), "problem": audit.Truncate(problem, 200)},
		})
	})
	var refused errRefused
	switch {
	case errors.Is(err, scope.ErrNotFound):
		return e.NotFoundError("OS não encontrada.", nil)
	case errors.As(err, &refused):
		return apierr.BadRequest(messageOf(refused.err), refused.err)
	case err != nil:
		if _, ok := apierr.AsValidation(err); ok {
			return apierr.BadRequest(apierr.CheckFields, err)
		}
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, created)
}

// openReturn is the warranty return of orig still in the shop's hands,
// or nil.
func openReturn(tx core.App, orig *collections.Order) (*collections.Order, error) {
	recs, err := tx.FindAllRecords(collections.Orders,
		dbx.HashExp{collections.FieldTenant: orig.Tenant(), collections.OrderWarrantyOf: orig.Id},
		dbx.NotIn(collections.OrderStatusField, string(collections.StatusDelivered), string(collections.StatusCancelled)))
	if err != nil {
		return nil, fmt.Errorf("open warranty returns: %w", err)
	}
	if len(recs) == 0 {
		return nil, nil
	}
	return collections.AsOrder(recs[0]), nil
}

// messageOf is the one field message of a refusal, shown as the 400's
// message too: staff read why at once.
func messageOf(err error) string {
	if ve, ok := apierr.AsValidation(err); ok {
		for _, v := range ve {
			return v.Error()
		}
	}
	return apierr.CheckFields
}
