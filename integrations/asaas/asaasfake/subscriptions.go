package asaasfake

import (
	"net/http"
	"slices"
	"strings"
)

// Subscription is a snapshot of a subscription of the fake. Dates are
// "yyyy-MM-dd" or "".
type Subscription struct {
	ID                string
	AccountID         string
	Customer          string
	BillingType       string
	Cycle             string
	ValueCents        int64
	NextDueDate       string
	EndDate           string
	MaxPayments       int
	Description       string
	Status            string
	ExternalReference string
	DateCreated       string
	Deleted           bool
	Split             []map[string]any

	generated int
}

func validCycle(c string) bool {
	switch c {
	case "WEEKLY", "BIWEEKLY", "MONTHLY", "BIMONTHLY", "QUARTERLY", "SEMIANNUALLY", "YEARLY":
		return true
	}
	return false
}

// render is the subscription object of API answers; legacy renders the
// dd/MM/yyyy dates SUBSCRIPTION_* webhooks carried before 2026-02-02.
func (sub *Subscription) render(legacy bool) any {
	date := func(d string) any {
		if d == "" {
			return nil
		}
		if legacy {
			return legacyDate(d)
		}
		return d
	}
	var maxPayments, split any
	if sub.MaxPayments > 0 {
		maxPayments = sub.MaxPayments
	}
	if len(sub.Split) > 0 {
		split = sub.Split
	}
	return map[string]any{
		"object":            "subscription",
		"id":                sub.ID,
		"dateCreated":       date(sub.DateCreated),
		"customer":          sub.Customer,
		"paymentLink":       nil,
		"billingType":       sub.BillingType,
		"cycle":             sub.Cycle,
		"value":             reais(sub.ValueCents),
		"nextDueDate":       date(sub.NextDueDate),
		"endDate":           date(sub.EndDate),
		"description":       nullable(sub.Description),
		"status":            sub.Status,
		"discount":          map[string]any{"value": 0, "limitDate": nil, "dueDateLimitDays": 0, "type": "FIXED"},
		"fine":              map[string]any{"value": 0, "type": "FIXED"},
		"interest":          map[string]any{"value": 0, "type": "PERCENTAGE"},
		"deleted":           sub.Deleted,
		"maxPayments":       maxPayments,
		"externalReference": nullable(sub.ExternalReference),
		"checkoutSession":   nil,
		"split":             split,
	}
}

func (sub *Subscription) renderAPI() any { return sub.render(false) }

// legacySubscriptionDates reports whether SUBSCRIPTION_* webhooks still use
// dd/MM/yyyy: before the 2026-02-02 breaking change.
func (s *Server) legacySubscriptionDates() bool { return s.today() < "2026-02-02" }

// generatePayment creates the subscription's next payment, due on
// NextDueDate, and moves NextDueDate one cycle ahead. Callers hold s.mu.
func (s *Server) generatePayment(acc *Account, sub *Subscription) *Payment {
	p := s.newPayment(acc, sub.Customer, sub.ID, sub.BillingType, sub.ValueCents, sub.NextDueDate,
		sub.Description, sub.ExternalReference, sub.Split)
	sub.generated++
	sub.NextDueDate = addCycle(sub.NextDueDate, sub.Cycle)
	return p
}

func (s *Server) handleCreateSubscription(w http.ResponseWriter, r *http.Request, acc *Account) {
	var in chargeRequest
	if err := decodeBody(r, &in); err != nil {
		writeErrors(w, http.StatusBadRequest, errItem{"invalid_request", "O corpo da requisição não é um JSON válido."})
		return
	}
	errs := s.validateCharge(acc, &in, "nextDueDate", in.NextDueDate)
	switch {
	case in.Cycle == "":
		errs = append(errs, errItem{"invalid_cycle", "O campo cycle deve ser informado."})
	case !validCycle(in.Cycle):
		errs = append(errs, errItem{"invalid_cycle", "Periodicidade inválida."})
	}
	if len(errs) > 0 {
		writeErrors(w, http.StatusBadRequest, errs...)
		return
	}
	sub := &Subscription{
		ID:                s.newSubscriptionID(),
		AccountID:         acc.ID,
		Customer:          in.Customer,
		BillingType:       in.BillingType,
		Cycle:             in.Cycle,
		ValueCents:        in.Value.cents,
		NextDueDate:       in.NextDueDate,
		EndDate:           in.EndDate,
		MaxPayments:       in.MaxPayments,
		Description:       in.Description,
		Status:            "ACTIVE",
		ExternalReference: in.ExternalReference,
		DateCreated:       s.today(),
		Split:             in.Split,
	}
	acc.subscriptions = append(acc.subscriptions, sub)
	s.subscriptions[sub.ID] = sub
	s.emitSubscription(acc, "SUBSCRIPTION_CREATED", sub)
	s.generatePayment(acc, sub)
	writeJSON(w, http.StatusOK, sub.renderAPI())
}

func (s *Server) subscriptionOf(acc *Account, id string) (*Subscription, bool) {
	sub, ok := s.subscriptions[id]
	if !ok || sub.AccountID != acc.ID {
		return nil, false
	}
	return sub, true
}

func (s *Server) handleGetSubscription(w http.ResponseWriter, r *http.Request, acc *Account) {
	sub, ok := s.subscriptionOf(acc, r.PathValue("id"))
	if !ok {
		writeNotFound(w)
		return
	}
	writeJSON(w, http.StatusOK, sub.renderAPI())
}

func (s *Server) handleUpdateSubscription(w http.ResponseWriter, r *http.Request, acc *Account) {
	sub, ok := s.subscriptionOf(acc, r.PathValue("id"))
	if !ok || sub.Deleted {
		writeNotFound(w)
		return
	}
	var in struct {
		Value                 money   `json:"value"`
		NextDueDate           string  `json:"nextDueDate"`
		BillingType           string  `json:"billingType"`
		Cycle                 string  `json:"cycle"`
		Description           *string `json:"description"`
		Status                string  `json:"status"`
		ExternalReference     *string `json:"externalReference"`
		EndDate               string  `json:"endDate"`
		UpdatePendingPayments bool    `json:"updatePendingPayments"`
	}
	if err := decodeBody(r, &in); err != nil {
		writeErrors(w, http.StatusBadRequest, errItem{"invalid_request", "O corpo da requisição não é um JSON válido."})
		return
	}
	var errs []errItem
	if in.Value.set && (in.Value.err != nil || in.Value.cents <= 0) {
		errs = append(errs, errItem{"invalid_value", "O valor deve ser maior que zero."})
	}
	if in.NextDueDate != "" {
		if _, ok := parseISODate(in.NextDueDate); !ok || in.NextDueDate < s.today() {
			errs = append(errs, errItem{"invalid_nextDueDate", "A próxima data de vencimento deve ser hoje ou uma data futura."})
		}
	}
	if in.BillingType != "" && !validBillingType(in.BillingType) {
		errs = append(errs, errItem{"invalid_billingType", "Forma de pagamento inválida."})
	}
	if in.Cycle != "" && !validCycle(in.Cycle) {
		errs = append(errs, errItem{"invalid_cycle", "Periodicidade inválida."})
	}
	if in.Status != "" && in.Status != "ACTIVE" && in.Status != "INACTIVE" {
		errs = append(errs, errItem{"invalid_status", "Situação inválida. Use ACTIVE ou INACTIVE."})
	}
	if len(errs) > 0 {
		writeErrors(w, http.StatusBadRequest, errs...)
		return
	}

	if in.Value.set {
		sub.ValueCents = in.Value.cents
	}
	if in.NextDueDate != "" {
		sub.NextDueDate = in.NextDueDate
	}
	if in.BillingType != "" {
		sub.BillingType = in.BillingType
	}
	if in.Cycle != "" {
		sub.Cycle = in.Cycle
	}
	if in.Description != nil {
		sub.Description = *in.Description
	}
	if in.ExternalReference != nil {
		sub.ExternalReference = *in.ExternalReference
	}
	if in.EndDate != "" {
		sub.EndDate = in.EndDate
	}
	inactivated := in.Status == "INACTIVE" && sub.Status != "INACTIVE"
	if in.Status != "" {
		sub.Status = in.Status
	}
	if in.UpdatePendingPayments {
		for _, p := range acc.payments {
			if p.Subscription != sub.ID || p.Deleted || p.Status != "PENDING" {
				continue
			}
			p.ValueCents = sub.ValueCents
			p.Description = sub.Description
			p.setBillingType(sub.BillingType)
			s.emitPayment(acc, "PAYMENT_UPDATED", p)
		}
	}
	s.emitSubscription(acc, "SUBSCRIPTION_UPDATED", sub)
	if inactivated {
		s.emitSubscription(acc, "SUBSCRIPTION_INACTIVATED", sub)
	}
	writeJSON(w, http.StatusOK, sub.renderAPI())
}

func (s *Server) handleDeleteSubscription(w http.ResponseWriter, r *http.Request, acc *Account) {
	sub, ok := s.subscriptionOf(acc, r.PathValue("id"))
	if !ok || sub.Deleted {
		writeNotFound(w)
		return
	}
	sub.Deleted, sub.Status = true, "INACTIVE"
	for _, p := range acc.payments {
		if p.Subscription == sub.ID && !p.Deleted && (p.Status == "PENDING" || p.Status == "OVERDUE") {
			p.Deleted = true
			s.emitPayment(acc, "PAYMENT_DELETED", p)
		}
	}
	s.emitSubscription(acc, "SUBSCRIPTION_DELETED", sub)
	writeJSON(w, http.StatusOK, map[string]any{"deleted": true, "id": sub.ID})
}

func (s *Server) handleListSubscriptions(w http.ResponseWriter, r *http.Request, acc *Account) {
	q := r.URL.Query()
	var out []*Subscription
	for _, sub := range acc.subscriptions {
		switch {
		case sub.Deleted,
			q.Get("customer") != "" && sub.Customer != q.Get("customer"),
			q.Get("status") != "" && sub.Status != q.Get("status"),
			q.Get("billingType") != "" && sub.BillingType != q.Get("billingType"),
			q.Has("externalReference") && sub.ExternalReference != q.Get("externalReference"):
			continue
		}
		out = append(out, sub)
	}
	writePage(w, r, out, (*Subscription).renderAPI)
}

func (s *Server) handleSubscriptionPayments(w http.ResponseWriter, r *http.Request, acc *Account) {
	sub, ok := s.subscriptionOf(acc, r.PathValue("id"))
	if !ok {
		writeNotFound(w)
		return
	}
	writePage(w, r, filterPayments(acc.payments, r, sub.ID), (*Payment).render)
}

// Subscriptions returns snapshots of the account's subscriptions.
func (s *Server) Subscriptions(acc *Account) []Subscription {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Subscription, 0, len(acc.subscriptions))
	for _, sub := range acc.subscriptions {
		c := *sub
		c.Split = slices.Clone(sub.Split)
		out = append(out, c)
	}
	return out
}

// subscriptionByID finds a subscription in any account. Callers hold s.mu.
func (s *Server) subscriptionByID(id string) (*Subscription, *Account, bool) {
	sub, ok := s.subscriptions[strings.TrimSpace(id)]
	if !ok {
		return nil, nil, false
	}
	return sub, s.byID[sub.AccountID], true
}
