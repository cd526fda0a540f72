package charges

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/asaashook"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/integrations/asaas"
	"github.com/bancada/bancada/outbox"
)

// maxDueDays bounds how far ahead a charge may be due.
const maxDueDays = 365

// boletoDueDays is the default due date of a boleto or card charge: a
// boleto needs days to be paid and compensated. Pix is due today.
const boletoDueDays = 3

// chargeRequest is the body of POST /api/bancada/orders/{id}/charges.
type chargeRequest struct {
	BillingType string `json:"billingType"`
	// Amount in centavos; 0 charges the whole open balance.
	Amount  int64  `json:"amount"`
	DueDate string `json:"dueDate"`
}

// chargePayload is the outbox payload of KindCharge and KindChargeCancel.
type chargePayload struct {
	Tenant  string `json:"tenant"`
	Payment string `json:"payment"`
}

// methodOf maps an Asaas billing type to the payment's method.
func methodOf(bt asaas.BillingType) (string, bool) {
	switch bt {
	case asaas.BillingPix:
		return collections.MethodPix, true
	case asaas.BillingBoleto:
		return collections.MethodBoleto, true
	case asaas.BillingCreditCard:
		return collections.MethodCreditCard, true
	case asaas.BillingUndefined:
		return collections.MethodUndefined, true
	}
	return "", false
}

// billingTypeOf maps a payment's method back to Asaas.
func billingTypeOf(method string) asaas.BillingType {
	switch method {
	case collections.MethodBoleto:
		return asaas.BillingBoleto
	case collections.MethodCreditCard:
		return asaas.BillingCreditCard
	case collections.MethodUndefined:
		return asaas.BillingUndefined
	}
	return asaas.BillingPix
}

// bindChargeRoutes adds the routes staff use to charge an order through
// the shop's Asaas account and to cancel a charge not yet paid.
func (b *Service) bindChargeRoutes() {
	b.app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.POST("/api/bancada/orders/{id}/charges", b.createCharge).Bind(apis.RequireAuth(collections.Users))
		se.Router.POST("/api/bancada/payments/{id}/cancel", b.cancelCharge).Bind(apis.RequireAuth(collections.Users))
		return se.Next()
	})
}

// staffOf resolves the caller of a route about one record of a
// tenant-owned collection: someone who does not work in the record's shop
// gets the same 404 as for a record that does not exist.
func staffOf(e *core.RequestEvent, collection, id string, roles []collections.Role, notFound string) (*scope.Staff, *core.Record, error) {
	r, err := e.App.FindRecordById(collection, id)
	if err != nil || scope.Membership(e.App, r.GetString(collections.FieldTenant), e.Auth.Id) == nil {
		return nil, nil, e.NotFoundError(notFound, nil)
	}
	tenantID := r.GetString(collections.FieldTenant)
	sc, apiErr := scope.RequireStaff(e, tenantID, roles)
	if apiErr != nil {
		return nil, nil, apiErr
	}
	if sc.Tenant.Id != tenantID {
		return nil, nil, e.NotFoundError(notFound, nil)
	}
	return sc, r, nil
}

// openCharges sums the order's Asaas charges still waiting to be paid.
func openCharges(app core.App, tenantID, orderID string) (int64, error) {
	rows, err := scope.List(app, collections.Payments, tenantID,
		collections.PaymentOrder+" = {:o} && "+collections.PaymentProvider+" = {:asaas} && ("+
			collections.PaymentStatus+" = {:pending} || "+collections.PaymentStatus+" = {:overdue})", "", 0,
		dbx.Params{"o": orderID, "asaas": collections.ProviderAsaas,
			"pending": string(collections.PaymentPending), "overdue": string(collections.PaymentOverdue)})
	if err != nil {
		return 0, err
	}
	var sum int64
	for _, r := range rows {
		sum += collections.AsPayment(r).Amount()
	}
	return sum, nil
}

// createCharge answers POST /api/bancada/orders/{id}/charges. The payment
// row (Asaas, pending) and the delivery that creates it at Asaas and sends
// its link to the customer are written in one transaction; nothing is
// sent from the request.
func (b *Service) createCharge(e *core.RequestEvent) error {
	var req chargeRequest
	if err := e.BindBody(&req); err != nil {
		return e.BadRequestError("Não foi possível ler os dados enviados. O valor vai em centavos, sem vírgula (R$ 150,00 = 15000).", err)
	}
	sc, rec, err := staffOf(e, collections.Orders, e.Request.PathValue("id"), collections.RolesMoney, "OS não encontrada.")
	if err != nil {
		return err
	}
	order := collections.AsOrder(rec)
	tenantID := sc.Tenant.Id
	if _, _, err := b.secret(e.App, tenantID, collections.SecretAsaasKey); err != nil {
		return e.BadRequestError("A conta Asaas da loja não está conectada. Quem é titular da loja conecta em Integrações → Asaas.", nil)
	}
	customerRec, err := scope.Find(e.App, collections.Customers, tenantID, order.Customer())
	if err != nil {
		return e.NotFoundError("Cliente da OS não encontrado.", nil)
	}
	customer := collections.AsCustomer(customerRec)

	errs := apierr.Fields{}
	bt := asaas.BillingType(strings.ToUpper(strings.TrimSpace(req.BillingType)))
	if bt == "" {
		bt = asaas.BillingPix
	}
	method, ok := methodOf(bt)
	if !ok {
		errs.Add("billingType", "invalid_billing_type", "Escolha a forma de pagamento: PIX, BOLETO, CREDIT_CARD ou UNDEFINED (o cliente escolhe).")
	}
	open, err := openCharges(e.App, tenantID, order.Id)
	if err != nil {
		return e.InternalServerError("", err)
	}
	available := order.Balance() - open
	amount := req.Amount
	switch {
	case order.Balance() <= 0:
		errs.Add("amount", "no_balance", "Esta OS não tem saldo a receber (total "+br.FormatBRL(order.Total())+", pago "+br.FormatBRL(order.Paid())+").")
	case available <= 0:
		errs.Add("amount", "charges_open", "Já há cobranças em aberto cobrindo todo o saldo desta OS ("+br.FormatBRL(open)+"). Cancele uma delas para gerar outra.")
	case amount < 0:
		errs.Add("amount", "invalid_amount", "O valor deve ser maior que zero.")
	case amount == 0:
		amount = available
	case amount > available:
		msg := "O valor passa do saldo da OS (" + br.FormatBRL(order.Balance()) + ")."
		if open > 0 {
			msg = "O valor passa do saldo ainda não cobrado desta OS (" + br.FormatBRL(available) + "; há " + br.FormatBRL(open) + " em cobranças abertas)."
		}
		errs.Add("amount", "amount_over_balance", msg)
	}
	loc := br.LoadLocation(sc.Tenant.Timezone())
	now := b.now()
	due := asaashook.Today(now, loc)
	if bt != asaas.BillingPix {
		due = due.AddDays(boletoDueDays)
	}
	if s := strings.TrimSpace(req.DueDate); s != "" {
		d, perr := time.Parse(time.DateOnly, s)
		switch {
		case perr != nil:
			errs.Add("dueDate", "invalid_date", "Data de vencimento inválida. Use AAAA-MM-DD, por exemplo 2026-12-05.")
		case asaas.DateOf(d).Before(asaashook.Today(now, loc)):
			errs.Add("dueDate", "date_in_past", "O vencimento não pode ser antes de hoje.")
		case asaas.DateOf(d).After(asaashook.Today(now, loc).AddDays(maxDueDays)):
			errs.Add("dueDate", "date_too_far", "O vencimento pode ser no máximo um ano à frente.")
		default:
			due = asaas.DateOf(d)
		}
	}
	if customer.Document() == "" {
		errs.Add("customer", "document_required", "O Asaas exige o CPF ou CNPJ de quem paga. Cadastre o CPF/CNPJ de "+
			customer.Name()+" e tente de novo; nada foi enviado.")
	}
	if err := errs.Err(); err != nil {
		return apierr.BadRequest(apierr.CheckFields, err)
	}

	var payment *core.Record
	actor := audit.FromRequest(e)
	err = e.App.RunInTransaction(func(tx core.App) error {
		col, err := tx.FindCachedCollectionByNameOrId(collections.Payments)
		if err != nil {
			return err
		}
		p := core.NewRecord(col)
		p.Set(collections.PaymentTenant, tenantID)
		p.Set(collections.PaymentOrder, order.Id)
		p.Set(collections.PaymentCustomer, customer.Id)
		p.Set(collections.PaymentMethod, method)
		p.Set(collections.PaymentProvider, collections.ProviderAsaas)
		p.Set(collections.PaymentStatus, string(collections.PaymentPending))
		p.Set(collections.PaymentAmount, amount)
		p.Set(collections.PaymentDueDate, asaashook.Civil(due))
		p.Set(collections.PaymentDescription, fmt.Sprintf("OS nº %d — %s", order.Number(), sc.Tenant.Name()))
		p.Set(collections.PaymentCreatedBy, e.Auth.Id)
		p.Set(collections.PaymentLastEvent, "charge_requested")
		audit.SetActor(p, actor)
		if err := tx.Save(p); err != nil {
			return err
		}
		if _, err := outbox.Enqueue(tx, outbox.Message{
			Tenant: tenantID, Kind: KindCharge, Lane: shopLane(tenantID), Key: KindCharge + ":" + p.Id,
			Payload: chargePayload{Tenant: tenantID, Payment: p.Id},
		}); err != nil {
			return err
		}
		payment = p
		return audit.Write(tx, audit.Entry{
			Tenant: tenantID, Actor: actor, Action: ActionCharge, Collection: collections.Payments, Record: p.Id,
			Changes: map[string]any{"order": order.Id, "amount": amount, "billingType": string(bt), "dueDate": due.String()},
		})
	})
	if err != nil {
		if ve, ok := apierr.AsValidation(err); ok {
			return apierr.BadRequest(apierr.CheckFields, ve)
		}
		return e.InternalServerError("Não foi possível registrar a cobrança. Nada foi enviado; tente de novo.", err)
	}
	return e.JSON(http.StatusOK, payment)
}

// cancelCharge answers POST /api/bancada/payments/{id}/cancel: an Asaas
// charge not yet paid stops counting at once and is removed at Asaas by
// the outbox. If the customer pays it meanwhile, the webhook marks it paid
// again: money received always counts.
func (b *Service) cancelCharge(e *core.RequestEvent) error {
	sc, rec, err := staffOf(e, collections.Payments, e.Request.PathValue("id"), collections.RolesMoney, "Pagamento não encontrado.")
	if err != nil {
		return err
	}
	p := collections.AsPayment(rec)
	if p.Provider() != collections.ProviderAsaas {
		return e.BadRequestError("Só cobranças do Asaas são canceladas por aqui; um pagamento manual se edita ou exclui.", nil)
	}
	switch p.Status() {
	case collections.PaymentPending, collections.PaymentOverdue, collections.PaymentFailed:
	default:
		return e.BadRequestError("Esta cobrança não está em aberto ("+statusLabel(p.Status())+") e não pode ser cancelada.", nil)
	}
	tenantID := sc.Tenant.Id
	actor := audit.FromRequest(e)
	err = e.App.RunInTransaction(func(tx core.App) error {
		fresh, err := scope.Find(tx, collections.Payments, tenantID, p.Id)
		if err != nil {
			return err
		}
		fresh.Set(collections.PaymentStatus, string(collections.PaymentCancelled))
		fresh.Set(collections.PaymentLastEvent, "cancel_requested")
		audit.SetActor(fresh, actor)
		if err := tx.Save(fresh); err != nil {
			return err
		}
		if fresh.GetString(collections.PaymentProviderID) != "" || p.Status() != collections.PaymentFailed {
			if _, err := outbox.Enqueue(tx, outbox.Message{
				Tenant: tenantID, Kind: KindChargeCancel, Lane: shopLane(tenantID), Key: KindChargeCancel + ":" + p.Id,
				Payload: chargePayload{Tenant: tenantID, Payment: p.Id},
			}); err != nil && !isDuplicate(err) {
				return err
			}
		}
		rec = fresh
		return audit.Write(tx, audit.Entry{
			Tenant: tenantID, Actor: actor, Action: ActionChargeCancel, Collection: collections.Payments, Record: p.Id,
			Changes: map[string]any{"amount": p.Amount()},
		})
	})
	if err != nil {
		return e.InternalServerError("Não foi possível cancelar a cobrança. Tente de novo.", err)
	}
	return e.JSON(http.StatusOK, rec)
}

// statusLabel is a payment state in Portuguese.
func statusLabel(s collections.PaymentStatusValue) string {
	switch s {
	case collections.PaymentPending:
		return "aguardando pagamento"
	case collections.PaymentPaid:
		return "paga"
	case collections.PaymentOverdue:
		return "vencida"
	case collections.PaymentRefunded:
		return "estornada"
	case collections.PaymentCancelled:
		return "cancelada"
	case collections.PaymentDisputed:
		return "em contestação"
	case collections.PaymentFailed:
		return "com falha"
	}
	return string(s)
}
