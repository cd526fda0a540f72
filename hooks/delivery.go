package hooks

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/audit"
)

// checkDelivery refuses to hand over a repaired device while the customer
// still owes part of the approved price, unless the write gives the reason
// (status_note): the shop records the payment first, or delivers with the
// balance open on purpose. It returns the open balance delivered with. A
// device returned unrepaired (from rejected) owes nothing for the refused
// quote.
func checkDelivery(from collections.OrderStatus, o *collections.Order, to collections.OrderStatus, note string) (int64, error) {
	if to != collections.StatusDelivered || from == collections.StatusRejected {
		return 0, nil
	}
	balance := o.Balance()
	if balance <= 0 {
		return 0, nil
	}
	if strings.TrimSpace(note) == "" {
		return 0, apierr.Field(collections.OrderStatusNote, "open_balance_reason_required",
			"Esta OS tem saldo em aberto de "+br.FormatBRL(balance)+". Registre o pagamento antes de entregar, "+
				"ou informe o motivo para entregar com saldo em aberto.")
	}
	return balance, nil
}

// openBalanceNote is the history note of a delivery with money owed.
func openBalanceNote(balance int64, reason string) string {
	return "Entregue com saldo em aberto de " + br.FormatBRL(balance) + ". Motivo: " + strings.TrimSpace(reason)
}

// auditOpenBalance appends the delivery with money owed to the audit log,
// with the amount and the reason, in the transaction of the delivery.
func auditOpenBalance(tx core.App, o *collections.Order, balance int64, note string, a audit.Actor) error {
	return audit.Write(tx, audit.Entry{
		Tenant: o.Tenant(), Actor: a, Action: collections.ActionDeliverOpenBalance,
		Collection: collections.Orders, Record: o.Id,
		Changes: map[string]any{"open_balance": balance, "note": audit.Truncate(note, 1000)},
	})
}
