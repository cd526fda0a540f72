package asaas

import "strings"

// BillingType is how a payment is (or may be) paid. Responses may also carry
// values we never send (DEBIT_CARD, TRANSFER, DEPOSIT); unknown values are
// kept verbatim.
type BillingType string

// Billing types accepted when creating payments and subscriptions.
const (
	BillingPix        BillingType = "PIX"
	BillingBoleto     BillingType = "BOLETO"
	BillingCreditCard BillingType = "CREDIT_CARD"
	// BillingUndefined lets the payer choose on the invoice page.
	BillingUndefined BillingType = "UNDEFINED"
)

// PaymentStatus is the status of a payment (cobrança). Unknown values are
// kept verbatim.
type PaymentStatus string

// Payment statuses documented by Asaas.
const (
	StatusPending                    PaymentStatus = "PENDING"
	StatusReceived                   PaymentStatus = "RECEIVED"
	StatusConfirmed                  PaymentStatus = "CONFIRMED"
	StatusOverdue                    PaymentStatus = "OVERDUE"
	StatusRefunded                   PaymentStatus = "REFUNDED"
	StatusReceivedInCash             PaymentStatus = "RECEIVED_IN_CASH"
	StatusRefundRequested            PaymentStatus = "REFUND_REQUESTED"
	StatusRefundInProgress           PaymentStatus = "REFUND_IN_PROGRESS"
	StatusChargebackRequested        PaymentStatus = "CHARGEBACK_REQUESTED"
	StatusChargebackDispute          PaymentStatus = "CHARGEBACK_DISPUTE"
	StatusAwaitingChargebackReversal PaymentStatus = "AWAITING_CHARGEBACK_REVERSAL"
	StatusDunningRequested           PaymentStatus = "DUNNING_REQUESTED"
	StatusDunningReceived            PaymentStatus = "DUNNING_RECEIVED"
	StatusAwaitingRiskAnalysis       PaymentStatus = "AWAITING_RISK_ANALYSIS"
)

// IsPaid reports whether the payer has paid: RECEIVED, CONFIRMED (paid, the
// balance not yet available) or RECEIVED_IN_CASH.
func (s PaymentStatus) IsPaid() bool {
	switch s {
	case StatusReceived, StatusConfirmed, StatusReceivedInCash:
		return true
	}
	return false
}

// SubscriptionStatus is the status of a subscription (assinatura).
type SubscriptionStatus string

// Subscription statuses.
const (
	SubscriptionActive   SubscriptionStatus = "ACTIVE"
	SubscriptionExpired  SubscriptionStatus = "EXPIRED"
	SubscriptionInactive SubscriptionStatus = "INACTIVE"
)

// Cycle is a subscription's billing period.
type Cycle string

// Subscription cycles.
const (
	CycleWeekly       Cycle = "WEEKLY"
	CycleBiweekly     Cycle = "BIWEEKLY"
	CycleMonthly      Cycle = "MONTHLY"
	CycleBimonthly    Cycle = "BIMONTHLY"
	CycleQuarterly    Cycle = "QUARTERLY"
	CycleSemiannually Cycle = "SEMIANNUALLY"
	CycleYearly       Cycle = "YEARLY"
)

// SendType is how a webhook queue delivers events.
type SendType string

// Webhook send types. Asaas recommends SEQUENTIALLY for payments.
const (
	SendSequentially    SendType = "SEQUENTIALLY"
	SendNonSequentially SendType = "NON_SEQUENTIALLY"
)

// EventType is the "event" of a webhook body. Unknown values are kept verbatim.
type EventType string

// Payment webhook events (there is no PAYMENT_RECEIVED_IN_CASH: a cash
// receipt is PAYMENT_RECEIVED with status RECEIVED_IN_CASH).
const (
	EventPaymentCreated                  EventType = "PAYMENT_CREATED"
	EventPaymentUpdated                  EventType = "PAYMENT_UPDATED"
	EventPaymentConfirmed                EventType = "PAYMENT_CONFIRMED"
	EventPaymentReceived                 EventType = "PAYMENT_RECEIVED"
	EventPaymentOverdue                  EventType = "PAYMENT_OVERDUE"
	EventPaymentDeleted                  EventType = "PAYMENT_DELETED"
	EventPaymentRestored                 EventType = "PAYMENT_RESTORED"
	EventPaymentRefunded                 EventType = "PAYMENT_REFUNDED"
	EventPaymentPartiallyRefunded        EventType = "PAYMENT_PARTIALLY_REFUNDED"
	EventPaymentRefundInProgress         EventType = "PAYMENT_REFUND_IN_PROGRESS"
	EventPaymentReceivedInCashUndone     EventType = "PAYMENT_RECEIVED_IN_CASH_UNDONE"
	EventPaymentCreditCardCaptureRefused EventType = "PAYMENT_CREDIT_CARD_CAPTURE_REFUSED"
	EventPaymentAwaitingRiskAnalysis     EventType = "PAYMENT_AWAITING_RISK_ANALYSIS"
	EventPaymentApprovedByRiskAnalysis   EventType = "PAYMENT_APPROVED_BY_RISK_ANALYSIS"
	EventPaymentReprovedByRiskAnalysis   EventType = "PAYMENT_REPROVED_BY_RISK_ANALYSIS"
	EventPaymentAuthorized               EventType = "PAYMENT_AUTHORIZED"
	EventPaymentAnticipated              EventType = "PAYMENT_ANTICIPATED"
	EventPaymentChargebackRequested      EventType = "PAYMENT_CHARGEBACK_REQUESTED"
	EventPaymentChargebackDispute        EventType = "PAYMENT_CHARGEBACK_DISPUTE"
	EventPaymentAwaitingChargebackRev    EventType = "PAYMENT_AWAITING_CHARGEBACK_REVERSAL"
	EventPaymentDunningRequested         EventType = "PAYMENT_DUNNING_REQUESTED"
	EventPaymentDunningReceived          EventType = "PAYMENT_DUNNING_RECEIVED"
	EventPaymentBankSlipViewed           EventType = "PAYMENT_BANK_SLIP_VIEWED"
	EventPaymentCheckoutViewed           EventType = "PAYMENT_CHECKOUT_VIEWED"
)

// Subscription webhook events. There is no "subscription paid" event: money
// arrives as PAYMENT_* events whose payment.subscription is set.
const (
	EventSubscriptionCreated     EventType = "SUBSCRIPTION_CREATED"
	EventSubscriptionUpdated     EventType = "SUBSCRIPTION_UPDATED"
	EventSubscriptionInactivated EventType = "SUBSCRIPTION_INACTIVATED"
	EventSubscriptionDeleted     EventType = "SUBSCRIPTION_DELETED"
)

// IsPayment reports whether e is a PAYMENT_* event (the body has "payment").
func (e EventType) IsPayment() bool { return strings.HasPrefix(string(e), "PAYMENT_") }

// IsSubscription reports whether e is a SUBSCRIPTION_* event (the body has
// "subscription").
func (e EventType) IsSubscription() bool { return strings.HasPrefix(string(e), "SUBSCRIPTION_") }
