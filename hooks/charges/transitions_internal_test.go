package charges

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/asaashook"
	"github.com/bancada/bancada/integrations/asaas"
)

func TestNextStateNeverLetsAStaleEventUndoALaterOne(t *testing.T) {
	t.Parallel()
	const (
		pending   = collections.PaymentPending
		paid      = collections.PaymentPaid
		overdue   = collections.PaymentOverdue
		refunded  = collections.PaymentRefunded
		cancelled = collections.PaymentCancelled
		disputed  = collections.PaymentDisputed
		failed    = collections.PaymentFailed
	)
	cases := []struct {
		from   collections.PaymentStatusValue
		event  asaas.EventType
		status asaas.PaymentStatus
		want   collections.PaymentStatusValue
	}{
		{pending, asaas.EventPaymentCreated, asaas.StatusPending, pending},
		{pending, asaas.EventPaymentReceived, asaas.StatusReceived, paid},
		{pending, asaas.EventPaymentConfirmed, asaas.StatusConfirmed, paid},
		{pending, asaas.EventPaymentReceived, asaas.StatusReceivedInCash, paid},
		{pending, asaas.EventPaymentOverdue, asaas.StatusOverdue, overdue},
		{pending, asaas.EventPaymentDeleted, asaas.StatusPending, cancelled},
		{pending, asaas.EventPaymentCreditCardCaptureRefused, asaas.StatusPending, failed},
		{pending, asaas.EventPaymentReprovedByRiskAnalysis, asaas.StatusPending, failed},
		{pending, asaas.EventPaymentBankSlipViewed, asaas.StatusPending, pending},
		{pending, asaas.EventPaymentUpdated, asaas.StatusReceived, paid},
		{pending, asaas.EventPaymentDunningReceived, asaas.StatusDunningReceived, paid},
		{overdue, asaas.EventPaymentReceived, asaas.StatusReceived, paid},
		{overdue, asaas.EventPaymentUpdated, asaas.StatusPending, overdue}, // a due date moved: still late to us until paid
		{overdue, asaas.EventPaymentRestored, asaas.StatusPending, pending},
		// Paid stays paid against stale events.
		{paid, asaas.EventPaymentConfirmed, asaas.StatusConfirmed, paid},
		{paid, asaas.EventPaymentCreated, asaas.StatusPending, paid},
		{paid, asaas.EventPaymentOverdue, asaas.StatusOverdue, paid},
		{paid, asaas.EventPaymentDeleted, asaas.StatusPending, paid},
		{paid, asaas.EventPaymentCreditCardCaptureRefused, asaas.StatusPending, paid},
		{paid, asaas.EventPaymentRestored, asaas.StatusPending, paid},
		{paid, asaas.EventPaymentRefunded, asaas.StatusRefunded, refunded},
		{paid, asaas.EventPaymentRefundInProgress, asaas.StatusRefundInProgress, paid},
		{paid, asaas.EventPaymentPartiallyRefunded, asaas.StatusReceived, paid},
		{paid, asaas.EventPaymentChargebackRequested, asaas.StatusChargebackRequested, disputed},
		{paid, asaas.EventPaymentReceivedInCashUndone, asaas.StatusPending, pending},
		{paid, asaas.EventPaymentReceivedInCashUndone, asaas.StatusOverdue, overdue},
		// A refund is final.
		{refunded, asaas.EventPaymentReceived, asaas.StatusReceived, refunded},
		{refunded, asaas.EventPaymentRestored, asaas.StatusPending, refunded},
		// Disputes end paid or refunded.
		{disputed, asaas.EventPaymentAwaitingChargebackRev, asaas.StatusAwaitingChargebackReversal, disputed},
		{disputed, asaas.EventPaymentUpdated, asaas.StatusReceived, paid},
		{disputed, asaas.EventPaymentRefunded, asaas.StatusRefunded, refunded},
		{disputed, asaas.EventPaymentOverdue, asaas.StatusOverdue, disputed},
		// A removed charge comes back only when restored, or paid anyway.
		{cancelled, asaas.EventPaymentOverdue, asaas.StatusOverdue, cancelled},
		{cancelled, asaas.EventPaymentCreated, asaas.StatusPending, cancelled},
		{cancelled, asaas.EventPaymentRestored, asaas.StatusOverdue, overdue},
		{cancelled, asaas.EventPaymentReceived, asaas.StatusReceived, paid},
		{failed, asaas.EventPaymentReceived, asaas.StatusReceived, paid},
		// Unknown statuses say nothing.
		{pending, asaas.EventPaymentUpdated, asaas.PaymentStatus("SOMETHING_NEW"), pending},
	}
	for _, tc := range cases {
		got := nextState(tc.from, asaashook.EventTarget(tc.event, &asaas.Payment{Status: tc.status}), tc.event)
		require.Equal(t, tc.want, got, "%s + %s(%s)", tc.from, tc.event, tc.status)
	}
}

// TestTextsCustomersRead: the charge and receipt messages, rendered from
// their msgtemplate defaults (golden texts written out), and a shop's own
// wording used instead.
func TestTextsCustomersRead(t *testing.T) {
	t.Parallel()
	d := asaas.MustParseDate
	for _, tc := range []struct {
		name string
		got  string
		want string
	}{
		{"pix charge",
			chargeText(nil, chargeInfo{Customer: "Ana", Shop: "Loja Centro", Order: 42, Amount: 15050, Due: d("2026-11-24"),
				Method: collections.MethodPix, Link: "https://asaas/i/1", Pix: "000201PIX"}),
			"Olá, Ana! Aqui é da Loja Centro.\nSegue a cobrança da OS nº 42: R$ 150,50, vencimento 24/11/2026.\n" +
				"Pague neste link: https://asaas/i/1\n\nPix copia e cola:\n000201PIX"},
		{"card charge, no name",
			chargeText(nil, chargeInfo{Shop: "X", Order: 7, Amount: 100, Due: d("2026-12-01"), Method: collections.MethodCreditCard, Link: "L"}),
			"Olá! Aqui é da X.\nSegue a cobrança da OS nº 7: R$ 1,00, vencimento 01/12/2026.\nPague com cartão neste link: L"},
		{"boleto charge",
			chargeText(nil, chargeInfo{Customer: "Rui", Shop: "X", Order: 7, Amount: 100, Due: d("2026-12-01"), Method: collections.MethodBoleto, Link: "L"}),
			"Olá, Rui! Aqui é da X.\nSegue a cobrança da OS nº 7: R$ 1,00, vencimento 01/12/2026.\nBoleto e outras opções neste link: L"},
		{"customer chooses",
			chargeText(nil, chargeInfo{Customer: "Rui", Shop: "X", Order: 7, Amount: 100, Due: d("2026-12-01"), Method: collections.MethodUndefined, Link: "L"}),
			"Olá, Rui! Aqui é da X.\nSegue a cobrança da OS nº 7: R$ 1,00, vencimento 01/12/2026.\nEscolha Pix, boleto ou cartão neste link: L"},
		{"no link yet",
			chargeText(nil, chargeInfo{Customer: "Rui", Shop: "X", Order: 7, Amount: 100, Due: d("2026-12-01"), Method: collections.MethodPix}),
			"Olá, Rui! Aqui é da X.\nSegue a cobrança da OS nº 7: R$ 1,00, vencimento 01/12/2026."},
		{"receipt with a balance",
			paidText(nil, "Ana", "Loja Centro", 42, 4000, 6000),
			"Olá, Ana! Pagamento recebido: R$ 40,00 da OS nº 42 na Loja Centro. Falta pagar R$ 60,00."},
		{"receipt paying off",
			paidText(nil, "", "Loja", 1, 100, 0),
			"Olá! Pagamento recebido: R$ 1,00 da OS nº 1 na Loja. A OS está quitada. Obrigado!"},
		{"the shop's own wording",
			paidText(map[string]string{"payment_received": "Valeu, {{CLIENTE}}! {{VALOR}} na conta, faltam {{FALTA}}."}, "Ana", "Loja", 3, 4000, 6000),
			"Valeu, Ana! R$ 40,00 na conta, faltam R$ 60,00."},
	} {
		require.Equal(t, tc.want, tc.got, tc.name)
	}
}
