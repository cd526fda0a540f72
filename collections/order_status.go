package collections

import (
	"fmt"
	"slices"
	"strings"
)

// OrderStatus is the state of a service order.
type OrderStatus string

// Order states. The lifecycle is
//
//	received → diagnosing → quoted → approved | rejected
//	approved → waiting_parts ↔ repairing → ready → delivered
//	approved | waiting_parts | repairing → quoted (a new quote after approval)
//	rejected → quoted (new quote) | ready | delivered (returned unrepaired)
//	any open state → cancelled
const (
	StatusReceived     OrderStatus = "received"
	StatusDiagnosing   OrderStatus = "diagnosing"
	StatusQuoted       OrderStatus = "quoted"
	StatusApproved     OrderStatus = "approved"
	StatusRejected     OrderStatus = "rejected"
	StatusWaitingParts OrderStatus = "waiting_parts"
	StatusRepairing    OrderStatus = "repairing"
	StatusReady        OrderStatus = "ready"
	StatusDelivered    OrderStatus = "delivered"
	StatusCancelled    OrderStatus = "cancelled"
)

// OrderStatuses lists every status in lifecycle order.
var OrderStatuses = []OrderStatus{
	StatusReceived, StatusDiagnosing, StatusQuoted, StatusApproved, StatusRejected,
	StatusWaitingParts, StatusRepairing, StatusReady, StatusDelivered, StatusCancelled,
}

// transitions is the order state machine: from → allowed targets.
var transitions = map[OrderStatus][]OrderStatus{
	StatusReceived:     {StatusDiagnosing, StatusCancelled},
	StatusDiagnosing:   {StatusQuoted, StatusCancelled},
	StatusQuoted:       {StatusApproved, StatusRejected, StatusCancelled},
	StatusApproved:     {StatusWaitingParts, StatusRepairing, StatusQuoted, StatusCancelled},
	StatusRejected:     {StatusQuoted, StatusReady, StatusDelivered, StatusCancelled},
	StatusWaitingParts: {StatusRepairing, StatusQuoted, StatusCancelled},
	StatusRepairing:    {StatusWaitingParts, StatusReady, StatusQuoted, StatusCancelled},
	StatusReady:        {StatusDelivered, StatusCancelled},
	StatusDelivered:    {},
	StatusCancelled:    {},
}

// Valid reports whether s is a known status.
func (s OrderStatus) Valid() bool { _, ok := transitions[s]; return ok }

// Open reports whether the order is still in the shop's hands.
func (s OrderStatus) Open() bool { return s != StatusDelivered && s != StatusCancelled }

// QuoteLocked reports whether, in status s, the customer's approval binds
// the quote: its lines can no longer change except by sending a new quote
// (moving the order back to quoted, so the customer approves again).
func (s OrderStatus) QuoteLocked() bool {
	switch s {
	case StatusApproved, StatusWaitingParts, StatusRepairing, StatusReady, StatusDelivered:
		return true
	}
	return false
}

// Next lists the statuses the order may move to from s.
func (s OrderStatus) Next() []OrderStatus { return slices.Clone(transitions[s]) }

// CanMoveTo reports whether the state machine allows s → to.
func (s OrderStatus) CanMoveTo(to OrderStatus) bool { return slices.Contains(transitions[s], to) }

// Label is the status in Brazilian Portuguese, as customers read it.
func (s OrderStatus) Label() string {
	switch s {
	case StatusReceived:
		return "Recebido"
	case StatusDiagnosing:
		return "Em diagnóstico"
	case StatusQuoted:
		return "Orçamento enviado"
	case StatusApproved:
		return "Orçamento aprovado"
	case StatusRejected:
		return "Orçamento recusado"
	case StatusWaitingParts:
		return "Aguardando peças"
	case StatusRepairing:
		return "Em reparo"
	case StatusReady:
		return "Pronto para retirada"
	case StatusDelivered:
		return "Entregue"
	case StatusCancelled:
		return "Cancelado"
	}
	return string(s)
}

// TransitionError explains a refused status change in Portuguese.
type TransitionError struct{ From, To OrderStatus }

// Error implements error.
func (e *TransitionError) Error() string {
	if !e.To.Valid() {
		return fmt.Sprintf("status desconhecido: %q", string(e.To))
	}
	if !e.From.Open() {
		return fmt.Sprintf("a OS já está %s e não pode mudar de status", strings.ToLower(e.From.Label()))
	}
	allowed := make([]string, 0, len(transitions[e.From]))
	for _, s := range transitions[e.From] {
		allowed = append(allowed, `"`+s.Label()+`"`)
	}
	return fmt.Sprintf("não é possível passar de %q para %q; a partir de %q a OS pode ir para: %s",
		e.From.Label(), e.To.Label(), e.From.Label(), joinPT(allowed))
}

// CheckTransition returns a *TransitionError unless from → to is allowed.
func CheckTransition(from, to OrderStatus) error {
	if from.CanMoveTo(to) {
		return nil
	}
	return &TransitionError{From: from, To: to}
}

// dateFieldFor is the order date a status sets when it is reached.
func dateFieldFor(s OrderStatus) string {
	switch s {
	case StatusQuoted:
		return OrderQuotedAt
	case StatusApproved:
		return OrderApprovedAt
	case StatusRejected:
		return OrderRejectedAt
	case StatusReady:
		return OrderCompletedAt
	case StatusDelivered:
		return OrderDeliveredAt
	case StatusCancelled:
		return OrderCancelledAt
	}
	return ""
}
