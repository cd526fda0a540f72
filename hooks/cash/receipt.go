package cash

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/messaging"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/msgtemplate"
)

// errNoCustomer: a receipt needs someone to send it to.
var errNoCustomer = errors.New("cash: payment without customer")

// receipt answers POST /api/bancada/payments/{id}/receipt: the payment
// receipt (recibo) goes to the customer on WhatsApp, through the
// conversation and the outbox like every message, in the shop's wording
// (settings.texts["payment_receipt"]) or the default.
func (s *service) receipt(e *core.RequestEvent) error {
	rec, err := payment(e, collections.RolesMoney)
	if err != nil {
		return err
	}
	p := collections.AsPayment(rec)
	if p.Status() != collections.PaymentPaid && p.Status() != collections.PaymentRefunded {
		return apierr.BadRequest(apierr.CheckFields, apierr.Field("payment", "not_paid", "Só um pagamento recebido tem recibo."))
	}
	var msg *collections.Message
	err = e.App.RunInTransaction(func(tx core.App) error {
		text, customer, err := receiptText(tx, rec)
		if err != nil {
			return err
		}
		msg, err = messaging.Queue(tx, messaging.Outgoing{
			Tenant: p.GetString(collections.PaymentTenant), Customer: customer, Text: text,
			Author: collections.AuthorStaff, Staff: e.Auth.Id, Order: p.Order(),
			Key: "receipt:" + rec.Id + ":" + strconv.FormatInt(s.now().UnixNano(), 10),
		})
		if err != nil {
			return err
		}
		return audit.Write(tx, audit.Entry{Tenant: p.GetString(collections.PaymentTenant), Actor: audit.FromRequest(e), Action: ActionReceipt,
			Collection: collections.Payments, Record: rec.Id, Changes: map[string]any{"message": msg.Id}})
	})
	if errors.Is(err, errNoCustomer) {
		return apierr.BadRequest(apierr.CheckFields, apierr.Field("customer", "required",
			"Este pagamento não tem cliente com WhatsApp; imprima o recibo."))
	}
	if err != nil {
		return e.InternalServerError("Não foi possível enviar o recibo. Tente de novo.", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"message": msg.Id, "text": msg.GetString(collections.MessageText)})
}

// receiptText renders the receipt of a payment and returns it with the
// customer it goes to.
func receiptText(tx core.App, rec *core.Record) (string, string, error) {
	p := collections.AsPayment(rec)
	tenantID := p.GetString(collections.PaymentTenant)
	t, err := scope.Tenant(tx, tenantID)
	if err != nil {
		return "", "", err
	}
	customer := rec.GetString(collections.PaymentCustomer)
	ref := "pagamento"
	if o := p.Order(); o != "" {
		if or, err := scope.Find(tx, collections.Orders, tenantID, o); err == nil {
			ref = fmt.Sprintf("OS nº %d", collections.AsOrder(or).Number())
			if customer == "" {
				customer = collections.AsOrder(or).Customer()
			}
		}
	}
	if sl := rec.GetString(collections.PaymentSale); sl != "" {
		if sr, err := scope.Find(tx, collections.Sales, tenantID, sl); err == nil {
			ref = fmt.Sprintf("venda nº %d", sr.GetInt(collections.SaleNumber))
			if customer == "" {
				customer = sr.GetString(collections.SaleCustomer)
			}
		}
	}
	if customer == "" {
		return "", "", errNoCustomer
	}
	cr, err := scope.Find(tx, collections.Customers, tenantID, customer)
	if err != nil {
		return "", "", errNoCustomer
	}
	tpl := t.Settings().Texts[msgtemplate.KeyPaymentReceipt]
	if tpl == "" {
		tpl = msgtemplate.Default(msgtemplate.KeyPaymentReceipt)
	}
	paidAt := rec.GetDateTime(collections.PaymentPaidAt).Time()
	if paidAt.IsZero() {
		paidAt = rec.GetDateTime(collections.FieldCreated).Time()
	}
	text := msgtemplate.Render(tpl, map[string]string{
		msgtemplate.VarCliente:    br.FirstName(collections.AsCustomer(cr).Name()),
		msgtemplate.VarLoja:       t.Name(),
		msgtemplate.VarValor:      br.FormatBRL(int64(rec.GetInt(collections.PaymentPaidAmount))),
		msgtemplate.VarForma:      methodLabel(rec.GetString(collections.PaymentMethod)),
		msgtemplate.VarReferencia: ref,
		msgtemplate.VarData:       br.DateTime(paidAt, br.LoadLocation(t.Timezone())),
	})
	return text, customer, nil
}
