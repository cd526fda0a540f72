package cash

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/scope"
)

// paymentNotFound answers an unknown payment, or another shop's.
const paymentNotFound = "Pagamento não encontrado."

// refundRequest is the body of POST /api/bancada/payments/{id}/refund.
type refundRequest struct {
	Amount int64  `json:"amount"`
	Reason string `json:"reason"`
}

// payment loads the payment named in the path for staff of roles in its
// shop; anyone else gets the answer to an unknown id.
func payment(e *core.RequestEvent, roles []collections.Role) (*core.Record, error) {
	rec, err := e.App.FindRecordById(collections.Payments, e.Request.PathValue("id"))
	tenant := ""
	if err == nil {
		tenant = rec.GetString(collections.PaymentTenant)
	}
	if _, apiErr := scope.RequireStaffOfRecord(e, tenant, roles, paymentNotFound); apiErr != nil {
		return nil, apiErr
	}
	return rec, nil
}

// refund answers POST /api/bancada/payments/{id}/refund: owners and
// managers give back part or all of a payment recorded by hand, with a
// reason. The refund, the payment's refunded amount (so the order's
// balance is right) and the audit line commit together. Asaas charges are
// refunded on Asaas, whose webhook brings the amount back.
func (s *service) refund(e *core.RequestEvent) error {
	rec, err := payment(e, collections.RolesAdmin)
	if err != nil {
		return err
	}
	var req refundRequest
	if err := e.BindBody(&req); err != nil {
		return apierr.BadRequest("Não foi possível ler os dados enviados.", err)
	}
	reason := strings.TrimSpace(req.Reason)
	errs := apierr.Fields{}
	if req.Amount < 1 || req.Amount > collections.MaxCents {
		errs.Add("amount", "out_of_range", "Informe o valor a estornar, a partir de R$ 0,01.")
	}
	switch {
	case reason == "":
		errs.Add("reason", "required", "Informe o motivo do estorno.")
	case utf8.RuneCountInString(reason) > 500:
		errs.Add("reason", "too_long", "Motivo longo demais (máximo 500 caracteres).")
	}
	if err := errs.Err(); err != nil {
		return apierr.BadRequest(apierr.CheckFields, err)
	}
	var ref *core.Record
	err = e.App.RunInTransaction(func(tx core.App) error {
		fresh, err := tx.FindRecordById(collections.Payments, rec.Id)
		if err != nil {
			return err
		}
		p := collections.AsPayment(fresh)
		if p.Provider() != collections.ProviderManual {
			return apierr.Field("amount", "asaas_refund",
				"Cobranças do Asaas são estornadas no painel do Asaas; o valor estornado chega aqui sozinho.")
		}
		if p.Status() != collections.PaymentPaid {
			return apierr.Field("amount", "not_paid", "Só um pagamento recebido pode ser estornado.")
		}
		already := int64(fresh.GetInt(collections.PaymentRefundedAmount))
		if left := p.Amount() - already; req.Amount > left {
			return apierr.Field("amount", "above_paid", "O estorno passa do que resta deste pagamento ("+br.FormatBRL(left)+").")
		}
		col, err := tx.FindCachedCollectionByNameOrId(collections.Refunds)
		if err != nil {
			return err
		}
		ref = core.NewRecord(col)
		ref.Set(collections.RefundTenant, p.GetString(collections.PaymentTenant))
		ref.Set(collections.RefundPayment, p.Id)
		ref.Set(collections.RefundOrder, p.Order())
		ref.Set(collections.RefundSale, fresh.GetString(collections.PaymentSale))
		ref.Set(collections.RefundMethod, fresh.GetString(collections.PaymentMethod))
		ref.Set(collections.RefundAmount, req.Amount)
		ref.Set(collections.RefundReason, reason)
		ref.Set(collections.RefundCreatedBy, e.Auth.Id)
		ref.Set(collections.RefundedAt, s.now())
		if err := tx.Save(ref); err != nil {
			return err
		}
		fresh.Set(collections.PaymentRefundedAmount, already+req.Amount)
		audit.SetActor(fresh, audit.FromRequest(e))
		if err := tx.Save(fresh); err != nil {
			return err
		}
		return audit.Write(tx, audit.Entry{Tenant: p.GetString(collections.PaymentTenant), Actor: audit.FromRequest(e), Action: ActionRefund,
			Collection: collections.Payments, Record: p.Id,
			Changes: map[string]any{"refund": ref.Id, "amount": req.Amount, "reason": reason, "refunded": already + req.Amount}})
	})
	if ve, ok := apierr.AsValidation(err); ok {
		return apierr.BadRequest(apierr.CheckFields, ve)
	}
	if err != nil {
		return e.InternalServerError("Não foi possível estornar. Nada foi gravado.", err)
	}
	return e.JSON(http.StatusOK, ref)
}
