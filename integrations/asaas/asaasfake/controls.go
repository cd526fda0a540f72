package asaasfake

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// errTransition is wrapped when a control method does not apply to the
// payment's current status.
var errTransition = errors.New("invalid status for this action")

// changePayment applies change to a payment under the lock, queues the
// events it returns, then delivers everything pending.
func (s *Server) changePayment(op, paymentID string, change func(acc *Account, p *Payment) ([]string, error)) (Deliveries, error) {
	s.mu.Lock()
	p, ok := s.payments[paymentID]
	if !ok {
		s.mu.Unlock()
		return nil, fmt.Errorf("asaasfake: %s: unknown payment %q", op, paymentID)
	}
	acc := s.byID[p.AccountID]
	if p.Deleted {
		s.mu.Unlock()
		return nil, fmt.Errorf("asaasfake: %s %s: %w (deleted)", op, paymentID, errTransition)
	}
	events, err := change(acc, p)
	if err != nil {
		s.mu.Unlock()
		return nil, fmt.Errorf("asaasfake: %s %s: %w", op, paymentID, err)
	}
	for _, e := range events {
		s.emitPayment(acc, e, p)
	}
	s.mu.Unlock()
	return s.DeliverPending(), nil
}

func requireStatus(p *Payment, allowed ...string) error {
	if !slices.Contains(allowed, p.Status) {
		return fmt.Errorf("%w (status %s)", errTransition, p.Status)
	}
	return nil
}

func (s *Server) daysFromToday(n int) string {
	return s.now().In(brt).AddDate(0, 0, n).Format(time.DateOnly)
}

// ReceivePayment marks a PENDING, OVERDUE or CONFIRMED payment as RECEIVED
// (the payer paid and the money is available) and posts PAYMENT_RECEIVED.
// billingType, when given, is the method the payer used (for UNDEFINED
// charges; PIX when omitted).
func (s *Server) ReceivePayment(paymentID string, billingType ...string) (Deliveries, error) {
	return s.changePayment("receive payment", paymentID, func(_ *Account, p *Payment) ([]string, error) {
		if err := requireStatus(p, "PENDING", "OVERDUE", "CONFIRMED"); err != nil {
			return nil, err
		}
		s.settleBillingType(p, billingType, "PIX")
		today := s.today()
		p.Status = "RECEIVED"
		p.PaymentDate, p.CreditDate = today, today
		if p.ClientPaymentDate == "" {
			p.ClientPaymentDate = today
		}
		if p.ConfirmedDate == "" {
			p.ConfirmedDate = today
		}
		p.TransactionReceiptURL = s.publicURL + "/comprovantes/" + p.invoiceCode
		return []string{"PAYMENT_RECEIVED"}, nil
	})
}

// ConfirmPayment marks a PENDING or OVERDUE payment as CONFIRMED (paid, the
// balance not yet available: a card charge or a compensated boleto) and
// posts PAYMENT_CONFIRMED. billingType defaults to CREDIT_CARD for
// UNDEFINED charges.
func (s *Server) ConfirmPayment(paymentID string, billingType ...string) (Deliveries, error) {
	return s.changePayment("confirm payment", paymentID, func(_ *Account, p *Payment) ([]string, error) {
		if err := requireStatus(p, "PENDING", "OVERDUE"); err != nil {
			return nil, err
		}
		s.settleBillingType(p, billingType, "CREDIT_CARD")
		p.Status = "CONFIRMED"
		p.ConfirmedDate, p.ClientPaymentDate = s.today(), s.today()
		p.EstimatedCreditDate = s.daysFromToday(32)
		return []string{"PAYMENT_CONFIRMED"}, nil
	})
}

// ReceiveInCash marks a PENDING or OVERDUE payment as RECEIVED_IN_CASH (the
// shop confirmed a cash receipt) and posts PAYMENT_RECEIVED, as Asaas does:
// there is no PAYMENT_RECEIVED_IN_CASH event.
func (s *Server) ReceiveInCash(paymentID string) (Deliveries, error) {
	return s.changePayment("receive in cash", paymentID, func(_ *Account, p *Payment) ([]string, error) {
		if err := requireStatus(p, "PENDING", "OVERDUE"); err != nil {
			return nil, err
		}
		p.Status = "RECEIVED_IN_CASH"
		p.PaymentDate, p.ClientPaymentDate = s.today(), s.today()
		p.NetValueCents = p.ValueCents
		return []string{"PAYMENT_RECEIVED"}, nil
	})
}

// OverduePayment marks a PENDING payment as OVERDUE and posts
// PAYMENT_OVERDUE.
func (s *Server) OverduePayment(paymentID string) (Deliveries, error) {
	return s.changePayment("overdue payment", paymentID, func(_ *Account, p *Payment) ([]string, error) {
		if err := requireStatus(p, "PENDING"); err != nil {
			return nil, err
		}
		p.Status = "OVERDUE"
		return []string{"PAYMENT_OVERDUE"}, nil
	})
}

// RefundPayment refunds the whole remaining value of a RECEIVED or
// CONFIRMED payment (status REFUNDED) and posts PAYMENT_REFUNDED.
func (s *Server) RefundPayment(paymentID string) (Deliveries, error) {
	return s.changePayment("refund payment", paymentID, func(acc *Account, p *Payment) ([]string, error) {
		if err := requireStatus(p, "RECEIVED", "CONFIRMED"); err != nil {
			return nil, err
		}
		s.refund(acc, p, p.ValueCents-p.refundedCents(), "Estorno simulado")
		return nil, nil // refund emitted the event
	})
}

// ChargebackPayment opens a card chargeback on a RECEIVED or CONFIRMED
// payment (status CHARGEBACK_REQUESTED) and posts
// PAYMENT_CHARGEBACK_REQUESTED.
func (s *Server) ChargebackPayment(paymentID string) (Deliveries, error) {
	return s.changePayment("chargeback payment", paymentID, func(_ *Account, p *Payment) ([]string, error) {
		if err := requireStatus(p, "RECEIVED", "CONFIRMED"); err != nil {
			return nil, err
		}
		p.Status = "CHARGEBACK_REQUESTED"
		p.Chargeback = &Chargeback{Status: "REQUESTED", Reason: "ABSENCE_OF_PRINT"}
		return []string{"PAYMENT_CHARGEBACK_REQUESTED"}, nil
	})
}

func (s *Server) settleBillingType(p *Payment, given []string, fallback string) {
	switch {
	case len(given) > 0 && given[0] != "":
		p.setBillingType(given[0])
	case p.BillingType == "UNDEFINED":
		p.setBillingType(fallback)
	}
}

// GenerateNextPayment makes an ACTIVE subscription generate its next
// payment (Asaas does it ahead of the due date), moves the subscription's
// NextDueDate one cycle ahead and posts PAYMENT_CREATED.
func (s *Server) GenerateNextPayment(subscriptionID string) (Payment, Deliveries, error) {
	s.mu.Lock()
	sub, acc, ok := s.subscriptionByID(subscriptionID)
	if !ok || sub.Deleted || sub.Status != "ACTIVE" {
		s.mu.Unlock()
		return Payment{}, nil, fmt.Errorf("asaasfake: generate payment: no active subscription %q", subscriptionID)
	}
	if sub.MaxPayments > 0 && sub.generated >= sub.MaxPayments || sub.EndDate != "" && sub.NextDueDate > sub.EndDate {
		sub.Status = "EXPIRED"
		s.mu.Unlock()
		return Payment{}, nil, fmt.Errorf("asaasfake: generate payment: subscription %q expired", subscriptionID)
	}
	p := s.generatePayment(acc, sub).clone()
	s.mu.Unlock()
	return p, s.DeliverPending(), nil
}

// Payments returns snapshots of the account's payments (deleted ones
// included), in creation order.
func (s *Server) Payments(acc *Account) []Payment {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Payment, 0, len(acc.payments))
	for _, p := range acc.payments {
		out = append(out, p.clone())
	}
	return out
}

// Payment returns a snapshot of one payment of any account.
func (s *Server) Payment(id string) (Payment, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.payments[id]
	if !ok {
		return Payment{}, false
	}
	return p.clone(), true
}
