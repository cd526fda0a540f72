package collections

import "slices"

// subscriptionMoves is the subscription state machine: from → allowed
// targets. A pending subscription (not yet at Asaas) may be paid,
// overdue, suspended or ended like any other; money brings an overdue or
// suspended one back to active; only a cancelled one starts over, as
// pending, when the owner picks a plan again.
var subscriptionMoves = map[SubscriptionStatus][]SubscriptionStatus{
	SubscriptionPending:   {SubscriptionActive, SubscriptionOverdue, SubscriptionSuspended, SubscriptionCancelled},
	SubscriptionActive:    {SubscriptionOverdue, SubscriptionSuspended, SubscriptionCancelled},
	SubscriptionOverdue:   {SubscriptionActive, SubscriptionSuspended, SubscriptionCancelled},
	SubscriptionSuspended: {SubscriptionActive, SubscriptionCancelled},
	SubscriptionCancelled: {SubscriptionPending},
}

// CanMoveTo reports whether a subscription may go from s to to (staying
// is always allowed).
func (s SubscriptionStatus) CanMoveTo(to SubscriptionStatus) bool {
	return s == to || slices.Contains(subscriptionMoves[s], to)
}
