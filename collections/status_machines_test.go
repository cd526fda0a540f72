package collections_test

import (
	"testing"

	"github.com/bancada/bancada/collections"
)

// The expectations below are written out by hand, one per from → to pair,
// from the rules each machine's documentation states; none is computed
// with the function under test.

func TestAppointmentMoves(t *testing.T) {
	t.Parallel()
	const (
		S  = collections.AppointmentScheduled
		Cf = collections.AppointmentConfirmed
		X  = collections.AppointmentCancelled
		N  = collections.AppointmentNoShow
		D  = collections.AppointmentDone
	)
	to := []collections.AppointmentStatusValue{S, Cf, X, N, D}
	want := map[collections.AppointmentStatusValue][5]bool{
		//   scheduled confirmed cancelled no_show done
		S:  {true, true, true, true, true},
		Cf: {true, true, true, true, true},
		X:  {true, false, true, false, false},
		N:  {false, false, false, true, true},
		D:  {false, false, false, true, true},
	}
	if len(want) != len(to) {
		t.Fatalf("every state is a row: %d rows for %d states", len(want), len(to))
	}
	for from, row := range want {
		for i, target := range to {
			if got := from.CanMoveTo(target); got != row[i] {
				t.Errorf("appointment %s → %s: got %v, want %v", from, target, got, row[i])
			}
		}
	}
}

func TestSubscriptionMoves(t *testing.T) {
	t.Parallel()
	const (
		P = collections.SubscriptionPending
		A = collections.SubscriptionActive
		O = collections.SubscriptionOverdue
		S = collections.SubscriptionSuspended
		C = collections.SubscriptionCancelled
	)
	to := []collections.SubscriptionStatus{P, A, O, S, C}
	want := map[collections.SubscriptionStatus][5]bool{
		//  pending active overdue suspended cancelled
		P: {true, true, true, true, true},
		A: {false, true, true, true, true},
		O: {false, true, true, true, true},
		S: {false, true, false, true, true},
		C: {true, false, false, false, true},
	}
	if len(want) != len(to) {
		t.Fatalf("every state is a row: %d rows for %d states", len(want), len(to))
	}
	for from, row := range want {
		for i, target := range to {
			if got := from.CanMoveTo(target); got != row[i] {
				t.Errorf("subscription %s → %s: got %v, want %v", from, target, got, row[i])
			}
		}
	}
}

func TestPaymentMoves(t *testing.T) {
	t.Parallel()
	const (
		P  = collections.PaymentPending
		Pd = collections.PaymentPaid
		O  = collections.PaymentOverdue
		R  = collections.PaymentRefunded
		C  = collections.PaymentCancelled
		D  = collections.PaymentDisputed
		F  = collections.PaymentFailed
	)
	// Columns: the state asked for, then "" (nothing asked).
	to := []collections.PaymentStatusValue{P, Pd, O, R, C, D, F, ""}
	type row = [8]collections.PaymentStatusValue
	want := map[collections.PaymentCause]map[collections.PaymentStatusValue]row{
		collections.PaymentReported: {
			//   pending paid overdue refunded cancelled disputed failed ""
			P:  {P, Pd, O, R, C, D, F, P},
			Pd: {Pd, Pd, Pd, R, Pd, D, Pd, Pd},
			O:  {O, Pd, O, R, C, D, F, O},
			R:  {R, R, R, R, R, R, R, R},
			C:  {C, Pd, C, R, C, C, C, C},
			D:  {D, Pd, D, R, D, D, D, D},
			F:  {P, Pd, O, R, C, D, F, F},
		},
		collections.PaymentRestored: {
			P:  {P, Pd, O, R, C, D, F, P},
			Pd: {Pd, Pd, Pd, R, Pd, D, Pd, Pd},
			O:  {P, Pd, O, R, C, D, F, O},
			R:  {R, R, R, R, R, R, R, R},
			C:  {P, Pd, O, R, C, D, F, C},
			D:  {D, Pd, D, R, D, D, D, D},
			F:  {P, Pd, O, R, C, D, F, F},
		},
		collections.PaymentCashUndone: {
			P:  {P, Pd, O, R, C, D, F, P},
			Pd: {P, Pd, O, R, Pd, D, Pd, Pd},
			O:  {P, Pd, O, R, C, D, F, O},
			R:  {R, R, R, R, R, R, R, R},
			C:  {P, Pd, O, R, C, D, F, C},
			D:  {D, Pd, D, R, D, D, D, D},
			F:  {P, Pd, O, R, C, D, F, F},
		},
	}
	for cause, rows := range want {
		if len(rows) != len(collections.PaymentStatuses) {
			t.Fatalf("cause %d: every state is a row: %d rows for %d states", cause, len(rows), len(collections.PaymentStatuses))
		}
		for from, r := range rows {
			for i, target := range to {
				if got := collections.NextPaymentStatus(from, target, cause); got != r[i] {
					t.Errorf("payment %s asked %q (cause %d): got %s, want %s", from, target, cause, got, r[i])
				}
			}
		}
	}
	// CanMoveTo is the ordinary event's table: allowed where the state
	// asked for is the state reached.
	allowed := map[collections.PaymentStatusValue][7]bool{
		//   pending paid overdue refunded cancelled disputed failed
		P:  {true, true, true, true, true, true, true},
		Pd: {false, true, false, true, false, true, false},
		O:  {false, true, true, true, true, true, true},
		R:  {false, false, false, true, false, false, false},
		C:  {false, true, false, true, true, false, false},
		D:  {false, true, false, true, false, true, false},
		F:  {true, true, true, true, true, true, true},
	}
	for from, r := range allowed {
		for i, target := range to[:7] {
			if got := from.CanMoveTo(target); got != r[i] {
				t.Errorf("payment %s → %s: got %v, want %v", from, target, got, r[i])
			}
		}
	}
}
