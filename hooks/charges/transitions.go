package charges

import (
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/integrations/asaas"
)

// nextState decides the state of a payment in state from after an event
// asking for to. Asaas delivers at least once and not always in order, so
// a stale event must not undo a later one: a paid payment is never taken
// back to pending or overdue by a late CREATED or OVERDUE (only Asaas'
// explicit undo of a cash receipt does that), a refund is final, a
// removed charge comes back only when restored, and money received always
// counts (a charge cancelled here but paid anyway is paid).
func nextState(from, to collections.PaymentStatusValue, ev asaas.EventType) collections.PaymentStatusValue {
	if to == "" || to == from {
		return from
	}
	explicitUndo := ev == asaas.EventPaymentReceivedInCashUndone || ev == asaas.EventPaymentRestored
	switch from {
	case collections.PaymentRefunded:
		return from
	case collections.PaymentPaid:
		switch to {
		case collections.PaymentRefunded, collections.PaymentDisputed:
			return to
		case collections.PaymentPending, collections.PaymentOverdue:
			if ev == asaas.EventPaymentReceivedInCashUndone {
				return to
			}
		}
		return from
	case collections.PaymentDisputed:
		if to == collections.PaymentPaid || to == collections.PaymentRefunded {
			return to
		}
		return from
	case collections.PaymentCancelled:
		if to == collections.PaymentPaid || to == collections.PaymentRefunded || explicitUndo {
			return to
		}
		return from
	case collections.PaymentOverdue:
		if to == collections.PaymentPending && !explicitUndo {
			return from
		}
		return to
	}
	return to // pending, failed: anything goes
}
