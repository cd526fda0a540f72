package billing

import (
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/integrations/asaas"
)

// knownPaymentEvents are the PAYMENT_* events billing acts on or
// deliberately records; any other event is stored and ignored.
var knownPaymentEvents = map[asaas.EventType]bool{
	asaas.EventPaymentCreated: true, asaas.EventPaymentUpdated: true, asaas.EventPaymentConfirmed: true,
	asaas.EventPaymentReceived: true, asaas.EventPaymentOverdue: true, asaas.EventPaymentDeleted: true,
	asaas.EventPaymentRestored: true, asaas.EventPaymentRefunded: true, asaas.EventPaymentPartiallyRefunded: true,
	asaas.EventPaymentRefundInProgress: true, asaas.EventPaymentReceivedInCashUndone: true,
	asaas.EventPaymentCreditCardCaptureRefused: true, asaas.EventPaymentReprovedByRiskAnalysis: true,
	asaas.EventPaymentApprovedByRiskAnalysis: true, asaas.EventPaymentAwaitingRiskAnalysis: true,
	asaas.EventPaymentAuthorized: true, asaas.EventPaymentAnticipated: true,
	asaas.EventPaymentChargebackRequested: true, asaas.EventPaymentChargebackDispute: true,
	asaas.EventPaymentAwaitingChargebackRev: true, asaas.EventPaymentDunningRequested: true,
	asaas.EventPaymentDunningReceived: true, asaas.EventPaymentBankSlipViewed: true,
	asaas.EventPaymentCheckoutViewed: true,
}

// stateOf maps an Asaas payment status to ours ("" when it says nothing
// about money: e.g. AWAITING_RISK_ANALYSIS, or an unknown value).
func stateOf(s asaas.PaymentStatus) collections.PaymentStatusValue {
	switch {
	case s.IsPaid(), s == asaas.StatusDunningReceived, s == asaas.StatusRefundRequested, s == asaas.StatusRefundInProgress:
		return collections.PaymentPaid
	case s == asaas.StatusPending:
		return collections.PaymentPending
	case s == asaas.StatusOverdue, s == asaas.StatusDunningRequested:
		return collections.PaymentOverdue
	case s == asaas.StatusRefunded:
		return collections.PaymentRefunded
	case s == asaas.StatusChargebackRequested, s == asaas.StatusChargebackDispute, s == asaas.StatusAwaitingChargebackReversal:
		return collections.PaymentDisputed
	}
	return ""
}

// eventTarget is the state an event asks for ("" = no change of state:
// only details such as the link or the dates).
func eventTarget(ev asaas.EventType, p *asaas.Payment) collections.PaymentStatusValue {
	switch ev {
	case asaas.EventPaymentConfirmed, asaas.EventPaymentReceived, asaas.EventPaymentDunningReceived:
		return collections.PaymentPaid
	case asaas.EventPaymentOverdue, asaas.EventPaymentDunningRequested:
		return collections.PaymentOverdue
	case asaas.EventPaymentDeleted:
		return collections.PaymentCancelled
	case asaas.EventPaymentRefunded:
		return collections.PaymentRefunded
	case asaas.EventPaymentChargebackRequested, asaas.EventPaymentChargebackDispute, asaas.EventPaymentAwaitingChargebackRev:
		return collections.PaymentDisputed
	case asaas.EventPaymentCreditCardCaptureRefused, asaas.EventPaymentReprovedByRiskAnalysis:
		return collections.PaymentFailed
	case asaas.EventPaymentReceivedInCashUndone, asaas.EventPaymentRestored:
		if s := stateOf(p.Status); s != "" && s != collections.PaymentRefunded {
			return s
		}
		return collections.PaymentPending
	case asaas.EventPaymentUpdated, asaas.EventPaymentPartiallyRefunded, asaas.EventPaymentAnticipated,
		asaas.EventPaymentApprovedByRiskAnalysis:
		// These carry the payment as it is; they move it only when it says
		// the money is in (a chargeback reversed, a paid charge updated).
		if stateOf(p.Status) == collections.PaymentPaid {
			return collections.PaymentPaid
		}
	}
	return ""
}

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
