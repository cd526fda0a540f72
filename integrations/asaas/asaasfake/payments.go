package asaasfake

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// Payment is a snapshot of a payment (cobrança) of the fake. Dates are
// "yyyy-MM-dd" or "".
type Payment struct {
	ID                    string
	AccountID             string
	Customer              string
	Subscription          string
	ValueCents            int64
	NetValueCents         int64
	BillingType           string
	Status                string
	Description           string
	ExternalReference     string
	DateCreated           string
	DueDate               string
	OriginalDueDate       string
	PaymentDate           string
	ClientPaymentDate     string
	ConfirmedDate         string
	CreditDate            string
	EstimatedCreditDate   string
	InvoiceURL            string
	BankSlipURL           string
	InvoiceNumber         string
	NossoNumero           string
	TransactionReceiptURL string
	Deleted               bool
	Refunds               []Refund
	Chargeback            *Chargeback
	Split                 []map[string]any

	invoiceCode string
}

// Refund is one refund of a payment.
type Refund struct {
	DateCreated string
	Status      string
	ValueCents  int64
	Description string
}

// Chargeback is a card chargeback of a payment.
type Chargeback struct {
	Status string
	Reason string
}

func (p *Payment) clone() Payment {
	c := *p
	c.Refunds = slices.Clone(p.Refunds)
	c.Split = slices.Clone(p.Split)
	if p.Chargeback != nil {
		cb := *p.Chargeback
		c.Chargeback = &cb
	}
	return c
}

func (p *Payment) refundedCents() int64 {
	var n int64
	for _, r := range p.Refunds {
		if r.Status != "CANCELLED" {
			n += r.ValueCents
		}
	}
	return n
}

// render is the payment object of API answers and PAYMENT_* webhooks.
func (p *Payment) render() any {
	var refunds any
	if len(p.Refunds) > 0 {
		list := make([]any, 0, len(p.Refunds))
		for _, r := range p.Refunds {
			list = append(list, map[string]any{
				"dateCreated": r.DateCreated, "status": r.Status, "value": reais(r.ValueCents),
				"description": nullable(r.Description), "transactionReceiptUrl": nil,
			})
		}
		refunds = list
	}
	var chargeback any
	if p.Chargeback != nil {
		chargeback = map[string]any{"status": p.Chargeback.Status, "reason": p.Chargeback.Reason}
	}
	var split any
	if len(p.Split) > 0 {
		split = p.Split
	}
	return map[string]any{
		"object":                "payment",
		"id":                    p.ID,
		"dateCreated":           p.DateCreated,
		"customer":              p.Customer,
		"subscription":          nullable(p.Subscription),
		"installment":           nil,
		"paymentLink":           nil,
		"value":                 reais(p.ValueCents),
		"netValue":              reais(p.NetValueCents),
		"originalValue":         nil,
		"interestValue":         nil,
		"description":           nullable(p.Description),
		"billingType":           p.BillingType,
		"canBePaidAfterDueDate": true,
		"pixTransaction":        nil,
		"status":                p.Status,
		"dueDate":               p.DueDate,
		"originalDueDate":       p.OriginalDueDate,
		"paymentDate":           nullable(p.PaymentDate),
		"clientPaymentDate":     nullable(p.ClientPaymentDate),
		"confirmedDate":         nullable(p.ConfirmedDate),
		"installmentNumber":     nil,
		"invoiceUrl":            p.InvoiceURL,
		"invoiceNumber":         p.InvoiceNumber,
		"externalReference":     nullable(p.ExternalReference),
		"deleted":               p.Deleted,
		"anticipated":           false,
		"anticipable":           false,
		"creditDate":            nullable(p.CreditDate),
		"estimatedCreditDate":   nullable(p.EstimatedCreditDate),
		"transactionReceiptUrl": nullable(p.TransactionReceiptURL),
		"nossoNumero":           nullable(p.NossoNumero),
		"bankSlipUrl":           nullable(p.BankSlipURL),
		"postalService":         false,
		"refunds":               refunds,
		"chargeback":            chargeback,
		"split":                 split,
		"escrow":                nil,
	}
}

// fee is what the fake's Asaas keeps: R$ 1,99 per Pix/boleto, 2,99% +
// R$ 0,49 per card charge (rounded half up).
func fee(billingType string, cents int64) int64 {
	if billingType == "CREDIT_CARD" {
		return (cents*299+5000)/10000 + 49
	}
	return 199
}

func (p *Payment) setBillingType(bt string) {
	p.BillingType = bt
	p.NetValueCents = max(0, p.ValueCents-fee(bt, p.ValueCents))
	p.BankSlipURL = ""
	if bt == "BOLETO" || bt == "UNDEFINED" {
		p.BankSlipURL = strings.Replace(p.InvoiceURL, "/i/", "/b/pdf/", 1)
	}
}

func validBillingType(bt string) bool {
	switch bt {
	case "UNDEFINED", "BOLETO", "CREDIT_CARD", "PIX":
		return true
	}
	return false
}

// chargeRequest is the body of POST /payments and POST /subscriptions.
type chargeRequest struct {
	Customer          string           `json:"customer"`
	BillingType       string           `json:"billingType"`
	Value             money            `json:"value"`
	DueDate           string           `json:"dueDate"`
	NextDueDate       string           `json:"nextDueDate"`
	Cycle             string           `json:"cycle"`
	Description       string           `json:"description"`
	ExternalReference string           `json:"externalReference"`
	EndDate           string           `json:"endDate"`
	MaxPayments       int              `json:"maxPayments"`
	Split             []map[string]any `json:"split"`
}

// validateCharge checks the fields common to payments and subscriptions and
// collects every problem, as Asaas does.
func (s *Server) validateCharge(acc *Account, in *chargeRequest, dateField, date string) []errItem {
	var errs []errItem
	switch c, ok := s.customers[in.Customer]; {
	case strings.TrimSpace(in.Customer) == "":
		errs = append(errs, errItem{"invalid_customer", "O campo customer deve ser informado."})
	case !ok || c.AccountID != acc.ID || c.Deleted:
		errs = append(errs, errItem{"invalid_customer", "Cliente inexistente ou removido."})
	}
	switch {
	case in.BillingType == "":
		errs = append(errs, errItem{"invalid_billingType", "O campo billingType deve ser informado."})
	case !validBillingType(in.BillingType):
		errs = append(errs, errItem{"invalid_billingType", "Forma de pagamento inválida. Use UNDEFINED, BOLETO, CREDIT_CARD ou PIX."})
	}
	switch {
	case !in.Value.set:
		errs = append(errs, errItem{"invalid_value", "O campo value deve ser informado."})
	case in.Value.err != nil:
		errs = append(errs, errItem{"invalid_value", "O valor informado é inválido."})
	case in.Value.cents <= 0:
		errs = append(errs, errItem{"invalid_value", "O valor deve ser maior que zero."})
	}
	switch _, ok := parseISODate(date); {
	case date == "":
		errs = append(errs, errItem{"invalid_" + dateField, fmt.Sprintf("O campo %s deve ser informado.", dateField)})
	case !ok:
		errs = append(errs, errItem{"invalid_" + dateField, "Data de vencimento inválida. Use o formato yyyy-MM-dd."})
	case date < s.today():
		errs = append(errs, errItem{"invalid_" + dateField, "A data de vencimento não pode ser anterior à data atual."})
	}
	if len([]rune(in.Description)) > 500 {
		errs = append(errs, errItem{"invalid_description", "A descrição deve ter no máximo 500 caracteres."})
	}
	return errs
}

// newPayment creates and indexes a PENDING payment. Callers hold s.mu.
func (s *Server) newPayment(acc *Account, customerID, subscriptionID, billingType string, cents int64,
	dueDate, description, externalRef string, split []map[string]any,
) *Payment {
	code := s.randString(lowerAlnum, 16)
	p := &Payment{
		ID:                s.newPaymentID(),
		AccountID:         acc.ID,
		Customer:          customerID,
		Subscription:      subscriptionID,
		ValueCents:        cents,
		Status:            "PENDING",
		Description:       description,
		ExternalReference: externalRef,
		DateCreated:       s.today(),
		DueDate:           dueDate,
		OriginalDueDate:   dueDate,
		InvoiceURL:        s.publicURL + "/i/" + code,
		InvoiceNumber:     fmt.Sprintf("%08d", len(s.payments)+5101),
		Split:             split,
		invoiceCode:       code,
	}
	p.setBillingType(billingType)
	acc.payments = append(acc.payments, p)
	s.payments[p.ID] = p
	s.invoices[code] = p
	s.emitPayment(acc, "PAYMENT_CREATED", p)
	return p
}

func (s *Server) handleCreatePayment(w http.ResponseWriter, r *http.Request, acc *Account) {
	var in chargeRequest
	if err := decodeBody(r, &in); err != nil {
		writeErrors(w, http.StatusBadRequest, errItem{"invalid_request", "O corpo da requisição não é um JSON válido."})
		return
	}
	if errs := s.validateCharge(acc, &in, "dueDate", in.DueDate); len(errs) > 0 {
		writeErrors(w, http.StatusBadRequest, errs...)
		return
	}
	p := s.newPayment(acc, in.Customer, "", in.BillingType, in.Value.cents, in.DueDate, in.Description,
		in.ExternalReference, in.Split)
	writeJSON(w, http.StatusOK, p.render())
}

// paymentOf finds a payment of acc (deleted ones included).
func (s *Server) paymentOf(acc *Account, id string) (*Payment, bool) {
	p, ok := s.payments[id]
	if !ok || p.AccountID != acc.ID {
		return nil, false
	}
	return p, true
}

func (s *Server) handleGetPayment(w http.ResponseWriter, r *http.Request, acc *Account) {
	p, ok := s.paymentOf(acc, r.PathValue("id"))
	if !ok {
		writeNotFound(w)
		return
	}
	writeJSON(w, http.StatusOK, p.render())
}

func (s *Server) handleDeletePayment(w http.ResponseWriter, r *http.Request, acc *Account) {
	p, ok := s.paymentOf(acc, r.PathValue("id"))
	if !ok || p.Deleted {
		writeNotFound(w)
		return
	}
	if p.Status != "PENDING" && p.Status != "OVERDUE" {
		writeErrors(w, http.StatusBadRequest, errItem{"invalid_action",
			"Só é possível remover cobranças aguardando pagamento ou vencidas."})
		return
	}
	p.Deleted = true
	s.emitPayment(acc, "PAYMENT_DELETED", p)
	writeJSON(w, http.StatusOK, map[string]any{"deleted": true, "id": p.ID})
}

func (s *Server) handleRefundPayment(w http.ResponseWriter, r *http.Request, acc *Account) {
	p, ok := s.paymentOf(acc, r.PathValue("id"))
	if !ok || p.Deleted {
		writeNotFound(w)
		return
	}
	var in struct {
		Value       money  `json:"value"`
		Description string `json:"description"`
	}
	if r.ContentLength != 0 {
		if err := decodeBody(r, &in); err != nil {
			writeErrors(w, http.StatusBadRequest, errItem{"invalid_request", "O corpo da requisição não é um JSON válido."})
			return
		}
	}
	if p.Status != "RECEIVED" && p.Status != "CONFIRMED" {
		writeErrors(w, http.StatusBadRequest, errItem{"invalid_action",
			"Só é possível estornar cobranças recebidas ou confirmadas."})
		return
	}
	available := p.ValueCents - p.refundedCents()
	amount := available
	if in.Value.set && in.Value.cents != 0 {
		amount = in.Value.cents
	}
	if in.Value.err != nil || amount <= 0 || amount > available {
		writeErrors(w, http.StatusBadRequest, errItem{"invalid_value",
			"O valor do estorno deve ser maior que zero e não pode ultrapassar o valor disponível para estorno."})
		return
	}
	s.refund(acc, p, amount, in.Description)
	writeJSON(w, http.StatusOK, p.render())
}

// refund records a refund; the whole remaining value makes the payment
// REFUNDED (PAYMENT_REFUNDED), a part keeps its status
// (PAYMENT_PARTIALLY_REFUNDED). Callers hold s.mu.
func (s *Server) refund(acc *Account, p *Payment, amount int64, description string) {
	p.Refunds = append(p.Refunds, Refund{DateCreated: s.nowStamp(), Status: "DONE", ValueCents: amount, Description: description})
	if p.refundedCents() >= p.ValueCents {
		p.Status = "REFUNDED"
		s.emitPayment(acc, "PAYMENT_REFUNDED", p)
		return
	}
	s.emitPayment(acc, "PAYMENT_PARTIALLY_REFUNDED", p)
}

func (s *Server) handlePixQRCode(w http.ResponseWriter, r *http.Request, acc *Account) {
	p, ok := s.paymentOf(acc, r.PathValue("id"))
	if !ok || p.Deleted {
		writeNotFound(w)
		return
	}
	if p.BillingType == "CREDIT_CARD" {
		writeErrors(w, http.StatusBadRequest, errItem{"invalid_billingType",
			"QR Code Pix disponível apenas para cobranças Pix, boleto ou com forma de pagamento a definir."})
		return
	}
	if p.Status != "PENDING" && p.Status != "OVERDUE" {
		writeErrors(w, http.StatusBadRequest, errItem{"invalid_action", "Esta cobrança não está mais aguardando pagamento."})
		return
	}
	payload := pixPayload(acc.Name, p)
	due, _ := parseISODate(p.DueDate)
	writeJSON(w, http.StatusOK, map[string]any{
		"encodedImage":   pixImage(payload),
		"payload":        payload,
		"expirationDate": due.AddDate(1, 0, 0).Format("2006-01-02") + " 23:59:59",
		"success":        true,
	})
}

func (s *Server) handleListPayments(w http.ResponseWriter, r *http.Request, acc *Account) {
	writePage(w, r, filterPayments(acc.payments, r, ""), (*Payment).render)
}

// filterPayments applies the list filters of GET /payments; subscription,
// when not empty, is fixed by the path. Deleted payments are never listed.
func filterPayments(all []*Payment, r *http.Request, subscription string) []*Payment {
	q := r.URL.Query()
	if subscription == "" {
		subscription = q.Get("subscription")
	}
	var out []*Payment
	for _, p := range all {
		switch {
		case p.Deleted,
			subscription != "" && p.Subscription != subscription,
			q.Get("customer") != "" && p.Customer != q.Get("customer"),
			q.Get("status") != "" && p.Status != q.Get("status"),
			q.Get("billingType") != "" && p.BillingType != q.Get("billingType"),
			q.Has("externalReference") && p.ExternalReference != q.Get("externalReference"):
			continue
		}
		out = append(out, p)
	}
	return out
}
