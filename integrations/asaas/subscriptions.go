package asaas

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
)

// Subscription is an Asaas subscription (assinatura), as returned by the API
// and carried by SUBSCRIPTION_* webhooks. Its dates parse from both the
// "yyyy-MM-dd" and the pre-2026-02-02 "dd/MM/yyyy" webhook formats.
type Subscription struct {
	ID                string             `json:"id"`
	DateCreated       Date               `json:"dateCreated,omitzero"`
	Customer          string             `json:"customer"`
	PaymentLink       string             `json:"paymentLink,omitempty"`
	BillingType       BillingType        `json:"billingType"`
	Cycle             Cycle              `json:"cycle"`
	ValueCents        int64              `json:"-"`
	NextDueDate       Date               `json:"nextDueDate,omitzero"`
	EndDate           Date               `json:"endDate,omitzero"`
	Description       string             `json:"description,omitempty"`
	Status            SubscriptionStatus `json:"status"`
	Deleted           bool               `json:"deleted"`
	MaxPayments       int                `json:"maxPayments,omitempty"`
	ExternalReference string             `json:"externalReference,omitempty"`
	Split             []Split            `json:"split,omitempty"`
}

type subscriptionAlias Subscription

type subscriptionWire struct {
	*subscriptionAlias
	Value Reais `json:"value"`
}

// UnmarshalJSON decodes the wire shape (money in reais) into centavos.
func (s *Subscription) UnmarshalJSON(b []byte) error {
	w := subscriptionWire{subscriptionAlias: (*subscriptionAlias)(s)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	s.ValueCents = int64(w.Value)
	return nil
}

// MarshalJSON encodes the wire shape (money in reais, dates yyyy-MM-dd).
func (s Subscription) MarshalJSON() ([]byte, error) {
	return json.Marshal(subscriptionWire{subscriptionAlias: (*subscriptionAlias)(&s), Value: Reais(s.ValueCents)})
}

// SubscriptionRequest creates a subscription. Customer, BillingType,
// ValueCents, NextDueDate (the first due date) and Cycle are required.
// Asaas generates the first payment at once (with payment.subscription set).
type SubscriptionRequest struct {
	Customer          string
	BillingType       BillingType
	ValueCents        int64
	NextDueDate       Date
	Cycle             Cycle
	Description       string
	EndDate           Date
	MaxPayments       int
	ExternalReference string
	Split             []Split
}

type subscriptionRequestWire struct {
	Customer          string      `json:"customer"`
	BillingType       BillingType `json:"billingType"`
	Value             Reais       `json:"value"`
	NextDueDate       Date        `json:"nextDueDate"`
	Cycle             Cycle       `json:"cycle"`
	Description       string      `json:"description,omitempty"`
	EndDate           Date        `json:"endDate,omitzero"`
	MaxPayments       int         `json:"maxPayments,omitempty"`
	ExternalReference string      `json:"externalReference,omitempty"`
	Split             []Split     `json:"split,omitempty"`
}

// SubscriptionUpdate changes a subscription (PUT). Zero fields are left
// unchanged. UpdatePendingPayments also applies value, billing type and
// description to the payments already generated and not yet paid.
type SubscriptionUpdate struct {
	ValueCents            int64
	NextDueDate           Date
	BillingType           BillingType
	Cycle                 Cycle
	Description           string
	Status                SubscriptionStatus
	ExternalReference     string
	UpdatePendingPayments bool
}

type subscriptionUpdateWire struct {
	Value                 Reais              `json:"value,omitempty"`
	NextDueDate           Date               `json:"nextDueDate,omitzero"`
	BillingType           BillingType        `json:"billingType,omitempty"`
	Cycle                 Cycle              `json:"cycle,omitempty"`
	Description           string             `json:"description,omitempty"`
	Status                SubscriptionStatus `json:"status,omitempty"`
	ExternalReference     string             `json:"externalReference,omitempty"`
	UpdatePendingPayments bool               `json:"updatePendingPayments"`
}

// SubscriptionFilter selects subscriptions for ListSubscriptions.
type SubscriptionFilter struct {
	Customer          string
	Status            SubscriptionStatus
	BillingType       BillingType
	ExternalReference string
	Offset, Limit     int
}

// CreateSubscription creates a subscription.
func (c *Client) CreateSubscription(ctx context.Context, in SubscriptionRequest) (*Subscription, error) {
	req := subscriptionRequestWire{
		Customer:          in.Customer,
		BillingType:       in.BillingType,
		Value:             Reais(in.ValueCents),
		NextDueDate:       in.NextDueDate,
		Cycle:             in.Cycle,
		Description:       in.Description,
		EndDate:           in.EndDate,
		MaxPayments:       in.MaxPayments,
		ExternalReference: in.ExternalReference,
		Split:             in.Split,
	}
	var out Subscription
	if err := c.do(ctx, "create subscription", http.MethodPost, "/subscriptions", nil, req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// GetSubscription returns the subscription with the given id.
func (c *Client) GetSubscription(ctx context.Context, id string) (*Subscription, error) {
	const op = "get subscription"
	if err := checkID(op, id); err != nil {
		return nil, err
	}
	var out Subscription
	if err := c.do(ctx, op, http.MethodGet, idPath("/subscriptions", id), nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateSubscription changes a subscription with PUT and returns it updated.
func (c *Client) UpdateSubscription(ctx context.Context, id string, in SubscriptionUpdate) (*Subscription, error) {
	const op = "update subscription"
	if err := checkID(op, id); err != nil {
		return nil, err
	}
	req := subscriptionUpdateWire{
		Value:                 Reais(in.ValueCents),
		NextDueDate:           in.NextDueDate,
		BillingType:           in.BillingType,
		Cycle:                 in.Cycle,
		Description:           in.Description,
		Status:                in.Status,
		ExternalReference:     in.ExternalReference,
		UpdatePendingPayments: in.UpdatePendingPayments,
	}
	var out Subscription
	if err := c.do(ctx, op, http.MethodPut, idPath("/subscriptions", id), nil, req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteSubscription removes a subscription; Asaas also removes its pending
// payments (each with a PAYMENT_DELETED event).
func (c *Client) DeleteSubscription(ctx context.Context, id string) error {
	const op = "delete subscription"
	if err := checkID(op, id); err != nil {
		return err
	}
	return c.deleteObject(ctx, op, idPath("/subscriptions", id))
}

// ListSubscriptions returns one page of subscriptions matching f.
func (c *Client) ListSubscriptions(ctx context.Context, f SubscriptionFilter) (*List[Subscription], error) {
	q := url.Values{}
	setIf(q, "customer", f.Customer)
	setIf(q, "status", string(f.Status))
	setIf(q, "billingType", string(f.BillingType))
	setIf(q, "externalReference", f.ExternalReference)
	applyPage(q, f.Offset, f.Limit)
	var out List[Subscription]
	if err := c.do(ctx, "list subscriptions", http.MethodGet, "/subscriptions", q, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ListAllSubscriptions iterates over every subscription matching f (pages of
// 100 from f.Offset), stopping when ctx ends. An error is yielded once, last.
func (c *Client) ListAllSubscriptions(ctx context.Context, f SubscriptionFilter) iter.Seq2[Subscription, error] {
	return pageAll(ctx, f.Offset, func(ctx context.Context, offset, limit int) (*List[Subscription], error) {
		f.Offset, f.Limit = offset, limit
		return c.ListSubscriptions(ctx, f)
	})
}

// SubscriptionPayments lists the payments generated by a subscription,
// optionally only those with the given status ("" for all). It returns the
// first page of up to 100; subscriptions rarely have more.
func (c *Client) SubscriptionPayments(ctx context.Context, id string, status PaymentStatus) (*List[Payment], error) {
	const op = "subscription payments"
	if err := checkID(op, id); err != nil {
		return nil, err
	}
	q := url.Values{}
	setIf(q, "status", string(status))
	applyPage(q, 0, MaxPageSize)
	var out List[Payment]
	if err := c.do(ctx, op, http.MethodGet, idPath("/subscriptions", id)+"/payments", q, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
