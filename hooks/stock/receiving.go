package stock

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/scope"
)

// receiveRequest is the body of POST /api/bancada/stock/receive.
type receiveRequest struct {
	Tenant   string        `json:"tenant"`
	Supplier string        `json:"supplier"`
	Note     string        `json:"note"`
	Items    []receiveItem `json:"items"`
}

type receiveItem struct {
	Part     string `json:"part"`
	Quantity int    `json:"quantity"`
	UnitCost *int64 `json:"unit_cost"`
}

// receive answers POST /api/bancada/stock/receive: goods from a supplier
// enter stock, each part's cost becomes the average of what was held and
// what arrived, and one movement per item records it, all in one
// transaction.
func (s *service) receive(e *core.RequestEvent) error {
	var req receiveRequest
	if err := e.BindBody(&req); err != nil {
		return apierr.BadRequest(readBodyMessage, err)
	}
	sc, apiErr := scope.RequireStaff(e, req.Tenant, collections.RolesStock)
	if apiErr != nil {
		return apiErr
	}
	tenant := sc.Tenant.Id
	supplier := strings.TrimSpace(req.Supplier)
	errs := apierr.Fields{}
	switch {
	case supplier == "":
		errs.Add("supplier", "required", "Informe o fornecedor.")
	case utf8.RuneCountInString(supplier) > 200:
		errs.Add("supplier", "too_long", "Nome do fornecedor longo demais (máximo 200 caracteres).")
	}
	if utf8.RuneCountInString(req.Note) > 500 {
		errs.Add("note", "too_long", "Observação longa demais (máximo 500 caracteres).")
	}
	switch {
	case len(req.Items) == 0:
		errs.Add("items", "required", "Informe ao menos um item recebido.")
	case len(req.Items) > collections.MaxSaleLines:
		errs.Add("items", "too_many", "No máximo 50 itens por entrada.")
	}
	rows := apierr.Fields{}
	for i, it := range req.Items {
		row := apierr.Fields{}
		if ok, _ := scope.Exists(e.App, collections.Parts, tenant, it.Part); it.Part == "" || !ok {
			row.Add("part", "not_found", "Escolha uma peça ou produto do estoque desta loja.")
		}
		if it.Quantity < 1 || it.Quantity > collections.MaxStock {
			row.Add("quantity", "out_of_range", "A quantidade deve ficar entre 1 e 99.999.")
		}
		switch {
		case it.UnitCost == nil:
			row.Add("unit_cost", "required", "Informe o custo unitário (pode ser R$ 0,00).")
		case *it.UnitCost < 0 || *it.UnitCost > collections.MaxCents:
			row.Add("unit_cost", "out_of_range", "O custo deve ficar entre R$ 0,00 e "+collections.MaxCentsText+".")
		}
		rows.Nest(strconv.Itoa(i), row)
	}
	errs.Nest("items", rows)
	if err := errs.Err(); err != nil {
		return apierr.BadRequest(apierr.CheckFields, err)
	}
	actor := audit.FromRequest(e)
	var ids []string
	err := e.App.RunInTransaction(func(tx core.App) error {
		for _, it := range req.Items {
			after, err := Apply(tx, Movement{Tenant: tenant, Part: it.Part, Kind: collections.MoveReceiving, Delta: it.Quantity,
				UnitCost: *it.UnitCost, Supplier: supplier, Actor: actor, Note: strings.TrimSpace(req.Note)})
			if err != nil {
				return err
			}
			if after > collections.MaxStock {
				return apierr.Field("items", "stock_too_high", "O estoque de um item passaria de 99.999.")
			}
			ids = append(ids, it.Part)
		}
		return audit.Write(tx, audit.Entry{Tenant: tenant, Actor: actor, Action: ActionReceiving, Collection: collections.Parts,
			Changes: map[string]any{"supplier": supplier, "items": req.Items}})
	})
	if ve, ok := apierr.AsValidation(err); ok {
		return apierr.BadRequest(apierr.CheckFields, ve)
	}
	if errors.Is(err, ErrUnknownPart) {
		return apierr.BadRequest(apierr.CheckFields, apierr.Field("items", "unknown_part", "Peça não encontrada no estoque desta loja."))
	}
	if err != nil {
		return e.InternalServerError("Não foi possível registrar a entrada. Nada foi gravado.", err)
	}
	parts, err := e.App.FindRecordsByIds(collections.Parts, ids)
	if err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"parts": parts})
}
