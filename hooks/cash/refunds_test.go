package cash_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
)

// A refund is recorded against a payment with its reason and an audit
// line; the refunded amount leaves the payment and the order's paid sum,
// so the balance is right; a full refund makes the payment "refunded";
// nothing beyond the payment can be refunded; only owners and managers
// refund, and a cash refund leaves the till.
func TestRefundLeavesTheBalanceRight(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.F.A
	order := a.Rec[collections.Orders].Id
	// The fixture's payment of R$ 50,00 is paid.
	require.Equal(t, 5000, e.record(t, collections.Orders, order).GetInt("paid"))

	var s summary
	status, raw := e.call(t, http.MethodPost, "/api/bancada/cash/open?tenant="+a.ID(), a.Attend, map[string]any{"opening_float": 0}, &s)
	require.Equal(t, http.StatusOK, status, raw)

	var pay struct{ ID string }
	status, raw = e.call(t, http.MethodPost, "/api/collections/payments/records", a.Attend, map[string]any{
		"tenant": a.ID(), "order": order, "method": "cash", "provider": "manual", "status": "paid", "amount": 8000}, &pay)
	require.Equal(t, http.StatusOK, status, raw)
	require.Equal(t, 13000, e.record(t, collections.Orders, order).GetInt("paid"))

	refund := "/api/bancada/payments/" + pay.ID + "/refund"
	status, raw = e.call(t, http.MethodPost, refund, a.Attend, map[string]any{"amount": 1000, "reason": "Troca"}, nil)
	assert.Equal(t, http.StatusForbidden, status, raw)
	status, raw = e.call(t, http.MethodPost, refund, a.Manager, map[string]any{"amount": 0}, nil)
	require.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, raw, `"reason":{"code":"required","message":"Informe o motivo do estorno."}`)
	assert.Contains(t, raw, `"amount":{"code":"out_of_range"`)

	status, raw = e.call(t, http.MethodPost, refund, a.Manager, map[string]any{"amount": 3000, "reason": "Película com defeito"}, nil)
	require.Equal(t, http.StatusOK, status, raw)
	p := e.record(t, collections.Payments, pay.ID)
	assert.Equal(t, 3000, p.GetInt("refunded"))
	assert.Equal(t, 5000, p.GetInt("paid_amount"))
	assert.Equal(t, "paid", p.GetString("status"))
	assert.Equal(t, 10000, e.record(t, collections.Orders, order).GetInt("paid"), "R$ 50 + R$ 80 − R$ 30")

	status, raw = e.call(t, http.MethodPost, refund, a.Owner, map[string]any{"amount": 5001, "reason": "Desistência"}, nil)
	require.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, raw, "O estorno passa do que resta deste pagamento (R$ 50,00).")

	status, raw = e.call(t, http.MethodPost, refund, a.Owner, map[string]any{"amount": 5000, "reason": "Desistência"}, nil)
	require.Equal(t, http.StatusOK, status, raw)
	p = e.record(t, collections.Payments, pay.ID)
	assert.Equal(t, 8000, p.GetInt("refunded"))
	assert.Equal(t, 0, p.GetInt("paid_amount"))
	assert.Equal(t, "refunded", p.GetString("status"))
	assert.Equal(t, 5000, e.record(t, collections.Orders, order).GetInt("paid"))

	// Staff cannot write the refunded amount or the fee themselves.
	status, raw = e.call(t, http.MethodPatch, "/api/collections/payments/records/"+pay.ID, a.Attend, map[string]any{"refunded": 0, "fee": 1}, nil)
	require.Equal(t, http.StatusOK, status, raw)
	assert.Equal(t, 8000, e.record(t, collections.Payments, pay.ID).GetInt("refunded"))
	assert.Equal(t, 0, e.record(t, collections.Payments, pay.ID).GetInt("fee"))

	refunds, err := e.App.FindAllRecords(collections.Refunds, hooktest.Eq("payment", pay.ID))
	require.NoError(t, err)
	require.Len(t, refunds, 2)
	audits, err := e.App.CountRecords(collections.AuditLog, hooktest.Eq("tenant", a.ID(), "action", "payment.refund"))
	require.NoError(t, err)
	assert.Equal(t, int64(2), audits)

	// The till: R$ 80,00 in, R$ 80,00 back, in cash.
	status, raw = e.call(t, http.MethodGet, "/api/bancada/cash/current?tenant="+a.ID(), a.Attend, nil, &s)
	require.Equal(t, http.StatusOK, status, raw)
	require.Equal(t, "cash", s.Methods[0].Method)
	assert.Equal(t, int64(8000), s.Methods[0].Entries)
	assert.Equal(t, int64(8000), s.Methods[0].Refunds)
	assert.Equal(t, int64(0), s.Methods[0].Expected)

	// A payment of another shop is unknown; an Asaas charge is refunded on Asaas.
	status, _ = e.call(t, http.MethodPost, refund, e.F.B.Owner, map[string]any{"amount": 1, "reason": "x"}, nil)
	assert.Equal(t, http.StatusNotFound, status)
	asaas := hooktest.NewRecord(t, e.App, collections.Payments, map[string]any{"tenant": a.ID(), "order": order, "method": "pix",
		"provider": "asaas", "provider_id": "pay_x1", "status": "paid", "amount": 1000})
	status, raw = e.call(t, http.MethodPost, "/api/bancada/payments/"+asaas.Id+"/refund", a.Owner, map[string]any{"amount": 100, "reason": "x"}, nil)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, raw, "painel do Asaas")
}

// Card fees: the owner sets percentages per method and installments in
// the shop's settings; each payment keeps the fee of the day it was
// recorded; unknown keys and fees above 20% are refused.
func TestCardFeesFromTheOwnersSettings(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.F.A
	tenantURL := "/api/collections/tenants/records/" + a.ID()
	status, raw := e.call(t, http.MethodPatch, tenantURL, a.Owner, map[string]any{"settings": map[string]any{"card_fees": map[string]any{"credit_13": 100, "debit": 2001}}}, nil)
	require.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, raw, "card_fees")
	status, raw = e.call(t, http.MethodPatch, tenantURL, a.Owner, map[string]any{"settings": map[string]any{"card_fees": map[string]any{"debit": 199, "credit_3": 599, "pix": 99}}}, nil)
	require.Equal(t, http.StatusOK, status, raw)

	pay := func(method string, amount, installments int) int {
		var p struct{ ID string }
		status, raw := e.call(t, http.MethodPost, "/api/collections/payments/records", a.Attend, map[string]any{
			"tenant": a.ID(), "order": a.Rec[collections.Orders].Id, "method": method, "provider": "manual", "status": "paid",
			"amount": amount, "installments": installments, "fee": 1}, &p)
		require.Equal(t, http.StatusOK, status, raw)
		return e.record(t, collections.Payments, p.ID).GetInt("fee")
	}
	assert.Equal(t, 599, pay("card_machine", 10000, 3), "5,99% of R$ 100,00")
	assert.Equal(t, 99, pay("debit_card", 4990, 1), "1,99% of R$ 49,90 = R$ 0,993…")
	assert.Equal(t, 10, pay("pix", 1000, 0), "0,99% of R$ 10,00 = R$ 0,099 → R$ 0,10")
	assert.Equal(t, 0, pay("card_machine", 10000, 2), "no fee set for 2 installments")
	assert.Equal(t, 0, pay("cash", 10000, 0))
}

// The payment receipt goes to the customer on WhatsApp through the
// conversation and the outbox, in the default wording.
func TestPaymentReceiptOnWhatsApp(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.F.A
	pay := a.Rec[collections.Payments].Id
	var ans struct {
		Message string `json:"message"`
		Text    string `json:"text"`
	}
	status, raw := e.call(t, http.MethodPost, "/api/bancada/payments/"+pay+"/receipt", a.Attend, map[string]any{}, &ans)
	require.Equal(t, http.StatusOK, status, raw)
	want := "Olá, Cliente! Recebemos *R$ 50,00* em dinheiro (OS nº 1) em 24/11/2026 14:00. Obrigado pela preferência! — *Loja A*"
	assert.Equal(t, want, ans.Text)
	msg := e.record(t, collections.Messages, ans.Message)
	assert.Equal(t, want, msg.GetString("text"))
	assert.Equal(t, "queued", msg.GetString("status"))
	assert.Equal(t, a.Attend.Id, msg.GetString("staff"))
	n, err := e.App.CountRecords(collections.Outbox)
	require.NoError(t, err)
	assert.Positive(t, n, "the send is queued on the outbox")

	status, _ = e.call(t, http.MethodPost, "/api/bancada/payments/"+pay+"/receipt", a.Tech, map[string]any{}, nil)
	assert.Equal(t, http.StatusForbidden, status)
	pending := hooktest.NewRecord(t, e.App, collections.Payments, map[string]any{"tenant": a.ID(), "order": a.Rec[collections.Orders].Id,
		"method": "cash", "provider": "manual", "status": "pending", "amount": 100})
	status, raw = e.call(t, http.MethodPost, "/api/bancada/payments/"+pending.Id+"/receipt", a.Attend, map[string]any{}, nil)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, raw, "Só um pagamento recebido tem recibo.")
}
