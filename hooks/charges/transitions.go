package charges

import (
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/integrations/asaas"
)

// nextState decides the state of a payment in state from after an Asaas
// event asking for to: the payment state machine
// (collections.NextPaymentStatus), told which events explicitly undo an
// earlier one.
func nextState(from, to collections.PaymentStatusValue, ev asaas.EventType) collections.PaymentStatusValue {
	cause := collections.PaymentReported
	switch ev {
	case asaas.EventPaymentReceivedInCashUndone:
		cause = collections.PaymentCashUndone
	case asaas.EventPaymentRestored:
		cause = collections.PaymentRestored
	}
	return collections.NextPaymentStatus(from, to, cause)
}
