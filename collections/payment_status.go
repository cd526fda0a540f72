package collections

// PaymentCause says how a payment provider asks a payment to change
// state: most events only report; two explicitly undo an earlier one.
type PaymentCause int

const (
	// PaymentReported is an ordinary event: the provider reports a state.
	PaymentReported PaymentCause = iota
	// PaymentRestored is the provider restoring a charge it had removed.
	PaymentRestored
	// PaymentCashUndone is the provider undoing a receipt in cash.
	PaymentCashUndone
)

// NextPaymentStatus is the payment state machine: the state of a payment
// in from after its provider asks for to (to "" asks nothing). Providers
// deliver at least once and not always in order, so a stale event must
// not undo a later one: a paid payment is never taken back to pending or
// overdue (only an explicit undo of a cash receipt does that), a refund
// is final, a removed charge comes back only when restored, an overdue
// one is not pending again unless undone, and money received always
// counts (a charge cancelled here but paid anyway is paid).
func NextPaymentStatus(from, to PaymentStatusValue, cause PaymentCause) PaymentStatusValue {
	if to == "" || to == from {
		return from
	}
	undo := cause == PaymentRestored || cause == PaymentCashUndone
	switch from {
	case PaymentRefunded:
		return from
	case PaymentPaid:
		switch to {
		case PaymentRefunded, PaymentDisputed:
			return to
		case PaymentPending, PaymentOverdue:
			if cause == PaymentCashUndone {
				return to
			}
		}
		return from
	case PaymentDisputed:
		if to == PaymentPaid || to == PaymentRefunded {
			return to
		}
		return from
	case PaymentCancelled:
		if to == PaymentPaid || to == PaymentRefunded || undo {
			return to
		}
		return from
	case PaymentOverdue:
		if to == PaymentPending && !undo {
			return from
		}
		return to
	}
	return to // pending, failed: anything goes
}

// CanMoveTo reports whether a payment may go from s to to on an ordinary
// event (NextPaymentStatus with PaymentReported).
func (s PaymentStatusValue) CanMoveTo(to PaymentStatusValue) bool {
	return NextPaymentStatus(s, to, PaymentReported) == to
}
