package asaas

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
)

// Payment is an Asaas payment (cobrança), as returned by the API and carried
// by PAYMENT_* webhooks. Money fields are centavos. URLs are stored verbatim
// (their shape changes over time).
type Payment struct {
	ID                  string        `json:"id"`
	DateCreated         Date          `json:"dateCreated,omitzero"`
	Customer            string        `json:"customer"`
	Subscription        string        `json:"subscription,omitempty"`
	Installment         string        `json:"installment,omitempty"`
	PaymentLink         string        `json:"paymentLink,omitempty"`
	ValueCents          int64         `json:"-"`
	NetValueCents       int64         `json:"-"`
	OriginalValueCents  int64         `json:"-"`
	InterestValueCents  int64         `json:"-"`
	Description         string        `json:"description,omitempty"`
	BillingType         BillingType   `json:"billingType"`
	Status              PaymentStatus `json:"status"`
	DueDate             Date          `json:"dueDate,omitzero"`
	OriginalDueDate     Date          `json:"originalDueDate,omitzero"`
	PaymentDate         Date          `json:"paymentDate,omitzero"`
	ClientPaymentDate   Date          `json:"clientPaymentDate,omitzero"`
	ConfirmedDate       Date          `json:"confirmedDate,omitzero"`
	CreditDate          Date          `json:"creditDate,omitzero"`
	EstimatedCreditDate Date          `json:"estimatedCreditDate,omitzero"`
	// InvoiceURL is the hosted invoice page (every billing type; card payers
	// type their card there).
	InvoiceURL string `json:"invoiceUrl,omitempty"`
	// BankSlipURL is the boleto PDF, when there is one.
	BankSlipURL           string      `json:"bankSlipUrl,omitempty"`
	TransactionReceiptURL string      `json:"transactionReceiptUrl,omitempty"`
	InvoiceNumber         string      `json:"invoiceNumber,omitempty"`
	NossoNumero           string      `json:"nossoNumero,omitempty"`
	ExternalReference     string      `json:"externalReference,omitempty"`
	Deleted               bool        `json:"deleted"`
	Anticipated           bool        `json:"anticipated,omitempty"`
	Refunds               []Refund    `json:"refunds,omitempty"`
	Chargeback            *Chargeback `json:"chargeback,omitempty"`
	Split                 []Split     `json:"split,omitempty"`
}

type paymentAlias Payment

type paymentWire struct {
	*paymentAlias
	Value         Reais `json:"value"`
	NetValue      Reais `json:"netValue"`
	OriginalValue Reais `json:"originalValue,omitempty"`
	InterestValue Reais `json:"interestValue,omitempty"`
}

// UnmarshalJSON decodes the wire shape (money in reais) into centavos.
func (p *Payment) UnmarshalJSON(b []byte) error {
	w := paymentWire{paymentAlias: (*paymentAlias)(p)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	p.ValueCents, p.NetValueCents = int64(w.Value), int64(w.NetValue)
	p.OriginalValueCents, p.InterestValueCents = int64(w.OriginalValue), int64(w.InterestValue)
	return nil
}

// MarshalJSON encodes the wire shape (money in reais).
func (p Payment) MarshalJSON() ([]byte, error) {
	return json.Marshal(paymentWire{
		paymentAlias:  (*paymentAlias)(&p),
		Value:         Reais(p.ValueCents),
		NetValue:      Reais(p.NetValueCents),
		OriginalValue: Reais(p.OriginalValueCents),
		InterestValue: Reais(p.InterestValueCents),
	})
}

// Refund is one refund of a payment. Status is e.g. PENDING, DONE or CANCELLED.
type Refund struct {
	DateCreated           string `json:"dateCreated,omitempty"`
	Status                string `json:"status,omitempty"`
	ValueCents            int64  `json:"-"`
	Description           string `json:"description,omitempty"`
	TransactionReceiptURL string `json:"transactionReceiptUrl,omitempty"`
}

type refundAlias Refund

type refundWire struct {
	*refundAlias
	Value Reais `json:"value"`
}

// UnmarshalJSON decodes the wire shape (money in reais) into centavos.
func (r *Refund) UnmarshalJSON(b []byte) error {
	w := refundWire{refundAlias: (*refundAlias)(r)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	r.ValueCents = int64(w.Value)
	return nil
}

// MarshalJSON encodes the wire shape (money in reais).
func (r Refund) MarshalJSON() ([]byte, error) {
	return json.Marshal(refundWire{refundAlias: (*refundAlias)(&r), Value: Reais(r.ValueCents)})
}

// Chargeback describes a card chargeback on a payment.
type Chargeback struct {
	Status string `json:"status,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// Split sends part of a payment to another Asaas wallet: a fixed amount or a
// percentage of the net value.
type Split struct {
	WalletID        string  `json:"walletId"`
	FixedValueCents int64   `json:"-"`
	PercentualValue float64 `json:"percentualValue,omitempty"`
	Status          string  `json:"status,omitempty"`
	// ExternalReference and Description are free text of ours.
	ExternalReference string `json:"externalReference,omitempty"`
	Description       string `json:"description,omitempty"`
}

type splitAlias Split

type splitWire struct {
	*splitAlias
	FixedValue Reais `json:"fixedValue,omitempty"`
}

// UnmarshalJSON decodes the wire shape (money in reais) into centavos.
func (s *Split) UnmarshalJSON(b []byte) error {
	w := splitWire{splitAlias: (*splitAlias)(s)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	s.FixedValueCents = int64(w.FixedValue)
	return nil
}

// MarshalJSON encodes the wire shape (money in reais).
func (s Split) MarshalJSON() ([]byte, error) {
	return json.Marshal(splitWire{splitAlias: (*splitAlias)(&s), FixedValue: Reais(s.FixedValueCents)})
}

// PaymentRequest creates a payment. Customer, BillingType, ValueCents and
// DueDate (today or later) are required.
type PaymentRequest struct {
	Customer          string
	BillingType       BillingType
	ValueCents        int64
	DueDate           Date
	Description       string
	ExternalReference string
	Split             []Split
}

type paymentRequestWire struct {
	Customer          string      `json:"customer"`
	BillingType       BillingType `json:"billingType"`
	Value             Reais       `json:"value"`
	DueDate           Date        `json:"dueDate"`
	Description       string      `json:"description,omitempty"`
	ExternalReference string      `json:"externalReference,omitempty"`
	Split             []Split     `json:"split,omitempty"`
}

// PaymentFilter selects payments for ListPayments. Empty fields do not filter.
type PaymentFilter struct {
	Customer          string
	Subscription      string
	Status            PaymentStatus
	BillingType       BillingType
	ExternalReference string
	Offset, Limit     int
}

func (f PaymentFilter) query() url.Values {
	q := url.Values{}
	setIf(q, "customer", f.Customer)
	setIf(q, "subscription", f.Subscription)
	setIf(q, "status", string(f.Status))
	setIf(q, "billingType", string(f.BillingType))
	setIf(q, "externalReference", f.ExternalReference)
	applyPage(q, f.Offset, f.Limit)
	return q
}

// PixQRCode is the Pix QR code of a payment: a base64 PNG, the "copia e
// cola" payload and its expiration (Asaas' "yyyy-MM-dd HH:mm:ss" text).
type PixQRCode struct {
	EncodedImage   string `json:"encodedImage"`
	Payload        string `json:"payload"`
	ExpirationDate string `json:"expirationDate"`
}

// CreatePayment creates a payment (cobrança) for an existing customer.
func (c *Client) CreatePayment(ctx context.Context, in PaymentRequest) (*Payment, error) {
	req := paymentRequestWire{
		Customer:          in.Customer,
		BillingType:       in.BillingType,
		Value:             Reais(in.ValueCents),
		DueDate:           in.DueDate,
		Description:       in.Description,
		ExternalReference: in.ExternalReference,
		Split:             in.Split,
	}
	var out Payment
	if err := c.do(ctx, "create payment", http.MethodPost, "/payments", nil, req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// GetPayment returns the payment with the given id (deleted ones included,
// with Deleted set).
func (c *Client) GetPayment(ctx context.Context, id string) (*Payment, error) {
	const op = "get payment"
	if err := checkID(op, id); err != nil {
		return nil, err
	}
	var out Payment
	if err := c.do(ctx, op, http.MethodGet, idPath("/payments", id), nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeletePayment removes a payment that was not paid.
func (c *Client) DeletePayment(ctx context.Context, id string) error {
	const op = "delete payment"
	if err := checkID(op, id); err != nil {
		return err
	}
	return c.deleteObject(ctx, op, idPath("/payments", id))
}

// RefundPayment refunds a paid payment: valueCents 0 refunds the whole
// (remaining) value, otherwise that part of it.
func (c *Client) RefundPayment(ctx context.Context, id string, valueCents int64, description string) (*Payment, error) {
	const op = "refund payment"
	if err := checkID(op, id); err != nil {
		return nil, err
	}
	req := struct {
		Value       Reais  `json:"value,omitempty"`
		Description string `json:"description,omitempty"`
	}{Reais(valueCents), description}
	var out Payment
	if err := c.do(ctx, op, http.MethodPost, idPath("/payments", id)+"/refund", nil, req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// PixQRCode returns the Pix QR code of a PIX, BOLETO or UNDEFINED payment.
func (c *Client) PixQRCode(ctx context.Context, id string) (*PixQRCode, error) {
	const op = "pix qr code"
	if err := checkID(op, id); err != nil {
		return nil, err
	}
	var out PixQRCode
	if err := c.do(ctx, op, http.MethodGet, idPath("/payments", id)+"/pixQrCode", nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ListPayments returns one page of payments matching f.
func (c *Client) ListPayments(ctx context.Context, f PaymentFilter) (*List[Payment], error) {
	var out List[Payment]
	if err := c.do(ctx, "list payments", http.MethodGet, "/payments", f.query(), nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ListAllPayments iterates over every payment matching f (f.Limit is
// ignored; pages of 100 from f.Offset), stopping when ctx ends. An error is
// yielded once, as the last element.
func (c *Client) ListAllPayments(ctx context.Context, f PaymentFilter) iter.Seq2[Payment, error] {
	return pageAll(ctx, f.Offset, func(ctx context.Context, offset, limit int) (*List[Payment], error) {
		f.Offset, f.Limit = offset, limit
		return c.ListPayments(ctx, f)
	})
}
