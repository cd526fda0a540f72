package hooks

import (
	"slices"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
)

// checkQuoteLock refuses to change a quote the customer approved. Once the
// order is past approval (collections.OrderStatus.QuoteLocked) the approved
// quote binds the shop: its lines stay as approved and the final total may
// only go down (a discount). A change is a new quote: the same write moves
// the order back to quoted, which writes a history row, tells the customer
// on WhatsApp and shows the new quote on the tracking page to approve.
func checkQuoteLock(stored, o *collections.Order) error {
	if !stored.Status().QuoteLocked() || o.Status() == collections.StatusQuoted {
		return nil
	}
	approved := stored.QuoteTotal()
	if !slices.Equal(stored.QuoteLines(), o.QuoteLines()) {
		return apierr.Field(collections.OrderQuoteLines, "quote_locked",
			"O cliente já aprovou o orçamento de "+br.FormatBRL(approved)+" e ele não pode ser alterado. "+
				"Para mudar os itens ou valores, envie um novo orçamento: a OS volta para \""+
				collections.StatusQuoted.Label()+"\" e o cliente aprova de novo.")
	}
	if f := o.FinalTotal(); f > approved && f != stored.FinalTotal() {
		return apierr.Field(collections.OrderFinalTotal, "over_approved_quote",
			"O valor final não pode passar do orçamento aprovado pelo cliente ("+br.FormatBRL(approved)+"). "+
				"Para cobrar mais, envie um novo orçamento.")
	}
	return nil
}

// requoted reports whether a write sends a new quote for an order whose
// previous quote the customer had approved.
func requoted(stored *collections.Order, to collections.OrderStatus) bool {
	return stored.Status().QuoteLocked() && to == collections.StatusQuoted
}

// startNewQuote clears what belonged to the approved quote: its approval
// date (the history keeps it) and a final total the write does not set
// again, so the new quote's total is what the customer is asked to approve.
func startNewQuote(stored, o *collections.Order) {
	o.Set(collections.OrderApprovedAt, "")
	if o.FinalTotal() == stored.FinalTotal() {
		o.SetFinalTotal(0)
	}
}
