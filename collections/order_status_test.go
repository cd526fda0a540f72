package collections

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestOrderStateMachineEveryPair checks every from → to pair of the order
// lifecycle against a grid written out by hand from the business rules
// (not from the transitions table): "Y" allowed, "." refused. Columns are
// the targets in the order of the header.
func TestOrderStateMachineEveryPair(t *testing.T) {
	t.Parallel()
	cols := []OrderStatus{
		StatusReceived, StatusDiagnosing, StatusQuoted, StatusApproved, StatusRejected,
		StatusWaitingParts, StatusRepairing, StatusReady, StatusDelivered, StatusCancelled,
	}
	grid := []struct {
		from OrderStatus
		to   string // one mark per column
	}{
		//                         rec dia quo app rej wai rep rdy del can
		{StatusReceived /*    */, ".   Y   .   .   .   .   .   .   .   Y"},
		{StatusDiagnosing /*  */, ".   .   Y   .   .   .   .   .   .   Y"},
		{StatusQuoted /*      */, ".   .   .   Y   Y   .   .   .   .   Y"},
		{StatusApproved /*    */, ".   .   Y   .   .   Y   Y   .   .   Y"},
		{StatusRejected /*    */, ".   .   Y   .   .   .   .   Y   Y   Y"},
		{StatusWaitingParts /**/, ".   .   Y   .   .   .   Y   .   .   Y"},
		{StatusRepairing /*   */, ".   .   Y   .   .   Y   .   Y   .   Y"},
		{StatusReady /*       */, ".   .   .   .   .   .   .   .   Y   Y"},
		{StatusDelivered /*   */, ".   .   .   .   .   .   .   .   .   ."},
		{StatusCancelled /*   */, ".   .   .   .   .   .   .   .   .   ."},
	}
	assert.Len(t, grid, len(OrderStatuses), "one row per status")
	allowed := 0
	for _, row := range grid {
		marks := []rune{}
		for _, r := range row.to {
			if r != ' ' {
				marks = append(marks, r)
			}
		}
		if !assert.Len(t, marks, len(cols), "row %s", row.from) {
			continue
		}
		var want []OrderStatus
		for i, to := range cols {
			ok := marks[i] == 'Y'
			if ok {
				allowed++
				want = append(want, to)
			}
			assert.Equal(t, ok, row.from.CanMoveTo(to), "%s → %s", row.from, to)
			if ok {
				assert.NoError(t, CheckTransition(row.from, to), "%s → %s", row.from, to)
			} else {
				assert.Error(t, CheckTransition(row.from, to), "%s → %s", row.from, to)
			}
		}
		assert.ElementsMatch(t, want, row.from.Next(), "Next of %s", row.from)
	}
	assert.Equal(t, 24, allowed, "the lifecycle has 24 moves")
}

// TestOrderStatusPredicates pins Open, QuoteLocked and Valid per status.
func TestOrderStatusPredicates(t *testing.T) {
	t.Parallel()
	cases := []struct {
		s                 OrderStatus
		open, quoteLocked bool
	}{
		{StatusReceived, true, false},
		{StatusDiagnosing, true, false},
		{StatusQuoted, true, false},
		{StatusApproved, true, true},
		{StatusRejected, true, false},
		{StatusWaitingParts, true, true},
		{StatusRepairing, true, true},
		{StatusReady, true, true},
		{StatusDelivered, false, true},
		{StatusCancelled, false, false},
	}
	for _, c := range cases {
		assert.True(t, c.s.Valid(), "%s is valid", c.s)
		assert.Equal(t, c.open, c.s.Open(), "Open(%s)", c.s)
		assert.Equal(t, c.quoteLocked, c.s.QuoteLocked(), "QuoteLocked(%s)", c.s)
	}
	assert.False(t, OrderStatus("paid").Valid())
	assert.False(t, OrderStatus("").Valid())
}

// TestOrderTransitionErrorMessages pins the Portuguese refusals staff read.
func TestOrderTransitionErrorMessages(t *testing.T) {
	t.Parallel()
	cases := []struct {
		from, to OrderStatus
		want     string
	}{
		{StatusReceived, StatusReady, `não é possível passar de "Recebido" para "Pronto para retirada"; a partir de "Recebido" a OS pode ir para: "Em diagnóstico" e "Cancelado"`},
		{StatusDelivered, StatusRepairing, "a OS já está entregue e não pode mudar de status"},
		{StatusQuoted, OrderStatus("paid"), `status desconhecido: "paid"`},
	}
	for _, c := range cases {
		err := CheckTransition(c.from, c.to)
		if assert.Error(t, err) {
			assert.Equal(t, c.want, err.Error())
		}
	}
}
