package charges_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/charges"
	"github.com/bancada/bancada/hooks/deps"
	"github.com/bancada/bancada/hooks/hooktest"
)

// newCharge opens an order of amount for the shop's customer, charges it
// whole through the route and delivers the charge to the fake.
func (h *harness) newCharge(shop *hooktest.Shop, amount int64, billingType string) *core.Record {
	h.t.Helper()
	cust := shop.Rec[collections.Customers]
	o := hooktest.NewOrder(h.t, h.app, shop.ID(), cust.Id, shop.Rec[collections.Devices].Id)
	ord := collections.AsOrder(o)
	ord.SetFinalTotal(amount)
	require.NoError(h.t, h.app.Save(ord))
	p := h.charge(shop, shop.Owner, o.Id, map[string]any{"billingType": billingType})
	h.drainOutbox()
	p = h.reload(p)
	require.NotEmpty(h.t, p.GetString(collections.PaymentProviderID))
	return p
}

// event is the Asaas payment object of our charge p in a given status.
func event(p *core.Record, status string, extra map[string]any) map[string]any {
	m := map[string]any{
		"object": "payment", "id": p.GetString(collections.PaymentProviderID), "customer": "cus_x",
		"value": float64(p.GetInt(collections.PaymentAmount)) / 100, "billingType": "PIX", "status": status,
		"dueDate": "2026-11-24", "externalReference": p.Id, "invoiceUrl": p.GetString(collections.PaymentInvoiceURL),
		"deleted": false, "subscription": nil,
	}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

func TestWebhookTokens(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a, b := h.f.A, h.f.B
	h.connect(a)
	tokenA := h.hookToken(a)
	body := paymentEvent("evt_tok_1", "PAYMENT_CREATED", map[string]any{"id": "pay_tok"})
	stored := func(n int) func(testing.TB, *tests.TestApp, *http.Response) {
		return func(t testing.TB, _ *tests.TestApp, _ *http.Response) { require.Len(t, h.webhookRows(), n) }
	}
	hdr := func(tok string) map[string]string { return map[string]string{"asaas-access-token": tok} }
	scenarios := []tests.ApiScenario{
		{Name: "platform, no token", Method: http.MethodPost, URL: charges.WebhookPath, Body: strings.NewReader(string(body)),
			ExpectedStatus: 401, ExpectedContent: []string{`Token do webhook inválido`}, AfterTestFunc: stored(0)},
		{Name: "platform, wrong token", Method: http.MethodPost, URL: charges.WebhookPath, Body: strings.NewReader(string(body)),
			Headers: hdr(platformToken + "x"), ExpectedStatus: 401, ExpectedContent: []string{`inválido`}, AfterTestFunc: stored(0)},
		{Name: "platform, a shop's token", Method: http.MethodPost, URL: charges.WebhookPath, Body: strings.NewReader(string(body)),
			Headers: hdr(tokenA), ExpectedStatus: 401, ExpectedContent: []string{`inválido`}, AfterTestFunc: stored(0)},
		{Name: "A's token on B's route", Method: http.MethodPost, URL: charges.WebhookPath + "/" + b.ID(), Body: strings.NewReader(string(body)),
			Headers: hdr(tokenA), ExpectedStatus: 401, ExpectedContent: []string{`inválido`}, AfterTestFunc: stored(0)},
		{Name: "a shop that never connected, empty token", Method: http.MethodPost, URL: charges.WebhookPath + "/" + b.ID(),
			Body: strings.NewReader(string(body)), Headers: hdr(""), ExpectedStatus: 401, ExpectedContent: []string{`inválido`}, AfterTestFunc: stored(0)},
		{Name: "an unknown shop", Method: http.MethodPost, URL: charges.WebhookPath + "/naoexiste12345", Body: strings.NewReader(string(body)),
			Headers: hdr(tokenA), ExpectedStatus: 401, ExpectedContent: []string{`inválido`}, AfterTestFunc: stored(0)},
		{Name: "malformed JSON with the right token", Method: http.MethodPost, URL: charges.WebhookPath + "/" + a.ID(),
			Body: strings.NewReader(`{"id": "evt_bad", "event": `), Headers: hdr(tokenA), ExpectedStatus: 400,
			ExpectedContent: []string{`JSON`}, AfterTestFunc: stored(0)},
		{Name: "A's token on A's route", Method: http.MethodPost, URL: charges.WebhookPath + "/" + a.ID(), Body: strings.NewReader(string(body)),
			Headers: hdr(tokenA), ExpectedStatus: 200, ExpectedContent: []string{`"received":true`}, AfterTestFunc: stored(1)},
		{Name: "the platform's token", Method: http.MethodPost, URL: charges.WebhookPath, Body: strings.NewReader(string(body)),
			Headers: hdr(platformToken), ExpectedStatus: 200, ExpectedContent: []string{`"received":true`}, AfterTestFunc: stored(2)},
		{Name: "an unknown event is stored and answered 200", Method: http.MethodPost, URL: charges.WebhookPath + "/" + a.ID(),
			Body:    strings.NewReader(`{"id":"evt_new_kind","event":"PAYMENT_TELEPORTED","payment":{"id":"pay_tok"},"brandNewField":{"x":1}}`),
			Headers: hdr(tokenA), ExpectedStatus: 200, ExpectedContent: []string{`"received":true`}, AfterTestFunc: stored(3)},
		{Name: "a re-delivery is answered 200 and stored once", Method: http.MethodPost, URL: charges.WebhookPath + "/" + a.ID(),
			Body: strings.NewReader(string(body)), Headers: hdr(tokenA), ExpectedStatus: 200, ExpectedContent: []string{`"received":true`},
			AfterTestFunc: stored(3)},
	}
	for _, s := range scenarios {
		s.TestAppFactory, s.DisableTestAppCleanup = hooktest.Factory(h.app), true
		s.Test(t)
	}
	h.drainInbox()
	unknown, err := h.app.FindFirstRecordByFilter(collections.WebhookEvents, "event_key ~ 'evt_new_kind'")
	require.NoError(t, err)
	require.Equal(t, collections.WebhookIgnored, unknown.GetString(collections.WebhookStatus))
	require.Contains(t, unknown.GetString(collections.WebhookError), "desconhecido")
	require.Equal(t, a.ID(), unknown.GetString(collections.WebhookTenant))

	// An unset platform token accepts nobody, not even an empty header.
	unset := newHarness(t, func(d *deps.Deps) { d.Config.AsaasWebhookToken = "" })
	require.Equal(t, http.StatusUnauthorized, unset.post(charges.WebhookPath, "", body))
}

func TestEachPaymentEventMovesTheCharge(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a := h.f.A
	h.connect(a)
	h.ready(a, 0, cpfA)
	tok := h.hookToken(a)
	type step struct {
		event, status string
		extra         map[string]any
	}
	cases := []struct {
		name   string
		steps  []step
		want   collections.PaymentStatusValue
		paid   int64 // what the order counts as paid, in centavos of 10000
		thanks int   // "pagamento recebido" messages
	}{
		{"received", []step{{"PAYMENT_RECEIVED", "RECEIVED", nil}}, collections.PaymentPaid, 10000, 1},
		{"confirmed (card or compensated boleto)", []step{{"PAYMENT_CONFIRMED", "CONFIRMED", nil}}, collections.PaymentPaid, 10000, 1},
		{"received in cash", []step{{"PAYMENT_RECEIVED", "RECEIVED_IN_CASH", nil}}, collections.PaymentPaid, 10000, 1},
		{"overdue", []step{{"PAYMENT_OVERDUE", "OVERDUE", nil}}, collections.PaymentOverdue, 0, 0},
		{"deleted", []step{{"PAYMENT_DELETED", "PENDING", map[string]any{"deleted": true}}}, collections.PaymentCancelled, 0, 0},
		{"refunded", []step{{"PAYMENT_RECEIVED", "RECEIVED", nil}, {"PAYMENT_REFUNDED", "REFUNDED", nil}}, collections.PaymentRefunded, 0, 1},
		{"partially refunded", []step{{"PAYMENT_RECEIVED", "RECEIVED", nil}, {"PAYMENT_PARTIALLY_REFUNDED", "RECEIVED",
			map[string]any{"refunds": []any{map[string]any{"status": "DONE", "value": 25.5}}}}}, collections.PaymentPaid, 7450, 1},
		{"chargeback", []step{{"PAYMENT_CONFIRMED", "CONFIRMED", nil}, {"PAYMENT_CHARGEBACK_REQUESTED", "CHARGEBACK_REQUESTED", nil}},
			collections.PaymentDisputed, 0, 1},
		{"chargeback won", []step{{"PAYMENT_RECEIVED", "RECEIVED", nil}, {"PAYMENT_CHARGEBACK_DISPUTE", "CHARGEBACK_DISPUTE", nil},
			{"PAYMENT_UPDATED", "RECEIVED", nil}}, collections.PaymentPaid, 10000, 1},
		{"card capture refused", []step{{"PAYMENT_CREDIT_CARD_CAPTURE_REFUSED", "PENDING", nil}}, collections.PaymentFailed, 0, 0},
		{"cash receipt undone", []step{{"PAYMENT_RECEIVED", "RECEIVED_IN_CASH", nil}, {"PAYMENT_RECEIVED_IN_CASH_UNDONE", "PENDING", nil}},
			collections.PaymentPending, 0, 1},
		{"restored after deletion", []step{{"PAYMENT_DELETED", "PENDING", nil}, {"PAYMENT_RESTORED", "PENDING", nil}}, collections.PaymentPending, 0, 0},
		{"viewed changes nothing", []step{{"PAYMENT_CHECKOUT_VIEWED", "PENDING", nil}}, collections.PaymentPending, 0, 0},
		// Out of order: a stale event never undoes a later one.
		{"RECEIVED before CONFIRMED stays paid", []step{{"PAYMENT_RECEIVED", "RECEIVED", nil}, {"PAYMENT_CONFIRMED", "CONFIRMED", nil}},
			collections.PaymentPaid, 10000, 1},
		{"a late OVERDUE after RECEIVED stays paid", []step{{"PAYMENT_RECEIVED", "RECEIVED", nil}, {"PAYMENT_OVERDUE", "OVERDUE", nil}},
			collections.PaymentPaid, 10000, 1},
		{"a late CREATED after RECEIVED stays paid", []step{{"PAYMENT_RECEIVED", "RECEIVED", nil}, {"PAYMENT_CREATED", "PENDING", nil}},
			collections.PaymentPaid, 10000, 1},
		{"a late DELETED after CONFIRMED stays paid", []step{{"PAYMENT_CONFIRMED", "CONFIRMED", nil}, {"PAYMENT_DELETED", "PENDING", nil}},
			collections.PaymentPaid, 10000, 1},
		{"a late RECEIVED after REFUNDED stays refunded", []step{{"PAYMENT_REFUNDED", "REFUNDED", nil}, {"PAYMENT_RECEIVED", "RECEIVED", nil}},
			collections.PaymentRefunded, 0, 0},
		{"money after a deletion counts", []step{{"PAYMENT_DELETED", "PENDING", nil}, {"PAYMENT_RECEIVED", "RECEIVED", nil}},
			collections.PaymentPaid, 10000, 1},
		{"overdue then paid", []step{{"PAYMENT_OVERDUE", "OVERDUE", nil}, {"PAYMENT_RECEIVED", "RECEIVED", nil}}, collections.PaymentPaid, 10000, 1},
	}
	for i, tc := range cases {
		p := h.newCharge(a, 10000, "PIX")
		for j, s := range tc.steps {
			body := paymentEvent(fmt.Sprintf("evt_%d_%d", i, j), s.event, event(p, s.status, s.extra))
			require.Equal(t, http.StatusOK, h.post(charges.WebhookPath+"/"+a.ID(), tok, body), tc.name)
			h.drainInbox() // in the order Asaas posted them
		}
		p = h.reload(p)
		require.Equal(t, string(tc.want), p.GetString(collections.PaymentStatus), tc.name)
		order := collections.AsOrder(h.reload(h.mustOrder(p)))
		require.Equal(t, tc.paid, order.Paid(), tc.name)
		require.Equal(t, 10000-tc.paid, order.Balance(), tc.name)
		require.Equal(t, tc.thanks, h.thanks(a, p), tc.name)
	}
}

// mustOrder returns the payment's order.
func (h *harness) mustOrder(p *core.Record) *core.Record {
	h.t.Helper()
	o, err := h.app.FindRecordById(collections.Orders, p.GetString(collections.PaymentOrder))
	require.NoError(h.t, err)
	return o
}

// thanks counts the "pagamento recebido" messages about a payment's order.
func (h *harness) thanks(shop *hooktest.Shop, p *core.Record) int {
	h.t.Helper()
	n, err := h.app.CountRecords(collections.Messages, dbx.HashExp{
		"tenant": shop.ID(), "order": p.GetString(collections.PaymentOrder), "author": collections.AuthorSystem},
		dbx.Like("text", "Pagamento recebido"))
	require.NoError(h.t, err)
	return int(n)
}

func TestDuplicateEventsAreProcessedOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a := h.f.A
	acc := h.connect(a)
	h.ready(a, 0, cpfA)
	p := h.newCharge(a, 12000, "PIX")

	// The fake posts CREATED and RECEIVED over HTTP to A's route.
	dels, err := h.fake.ReceivePayment(p.GetString(collections.PaymentProviderID))
	require.NoError(t, err)
	require.Len(t, dels, 2)
	for _, d := range dels {
		require.True(t, d.OK(), "%s answered %d %v", d.Event, d.Status, d.Err)
	}
	received := dels[1].EventID
	// Asaas re-delivers (at least once): same id, same body.
	for range 3 {
		again, err := h.fake.Redeliver(received)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, again.Status())
	}
	rows := h.webhookRows()
	require.Len(t, rows, 2, "one row per event id")
	h.drainInbox()
	_, err = h.fake.Redeliver(received) // even after processing
	require.NoError(t, err)
	h.drainInbox()

	p = h.reload(p)
	require.Equal(t, string(collections.PaymentPaid), p.GetString(collections.PaymentStatus))
	require.Equal(t, int64(12000), collections.AsOrder(h.reload(h.mustOrder(p))).Paid())
	require.Equal(t, 1, h.thanks(a, p))
	audits, err := h.app.CountRecords(collections.AuditLog, dbx.HashExp{"action": charges.ActionPaymentEvent, "record": p.Id})
	require.NoError(t, err)
	require.Equal(t, int64(1), audits)
	for _, r := range h.webhookRows() {
		require.Equal(t, collections.WebhookProcessed, r.GetString(collections.WebhookStatus), r.GetString(collections.WebhookEventType))
	}
	require.Len(t, h.fake.Webhooks(acc)[0].Pending, 0, "Asaas' queue is empty: every post got a 200")
}

func TestAShopsWebhookNeverTouchesAnotherShop(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a, b := h.f.A, h.f.B
	h.connect(a)
	h.connect(b)
	h.ready(a, 0, cpfA)
	h.ready(b, 0, cpfB)
	pb := h.newCharge(b, 9000, "PIX")

	// A's account (A's token, A's route) speaks of B's charge: its Asaas
	// id and our id as externalReference.
	body := paymentEvent("evt_cross", "PAYMENT_RECEIVED", event(pb, "RECEIVED", nil))
	require.Equal(t, http.StatusOK, h.post(charges.WebhookPath+"/"+a.ID(), h.hookToken(a), body))
	h.drainInbox()
	require.Equal(t, string(collections.PaymentPending), h.reload(pb).GetString(collections.PaymentStatus))
	require.Zero(t, collections.AsOrder(h.reload(h.mustOrder(pb))).Paid())
	row, err := h.app.FindFirstRecordByFilter(collections.WebhookEvents, "event_key ~ 'evt_cross'")
	require.NoError(t, err)
	require.Equal(t, collections.WebhookIgnored, row.GetString(collections.WebhookStatus))
	require.Equal(t, a.ID(), row.GetString(collections.WebhookTenant))

	// The same body on B's route is B's, and counts.
	require.Equal(t, http.StatusOK, h.post(charges.WebhookPath+"/"+b.ID(), h.hookToken(b), body))
	h.drainInbox()
	require.Equal(t, string(collections.PaymentPaid), h.reload(pb).GetString(collections.PaymentStatus))
}

func TestPartialPaymentsSumToTheBalance(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a := h.f.A
	h.connect(a)
	order, cust := h.ready(a, 15000, cpfA)

	// Cash at the counter, recorded by hand through the REST API.
	status, body := h.call(http.MethodPost, "/api/collections/payments/records", a.Attend, hooktest.PaymentBody(a.ID(), order.Id, a.Attend.Id))
	require.Equal(t, http.StatusOK, status, body["_raw"])
	require.Equal(t, int64(5000), collections.AsOrder(h.reload(order.Record)).Paid())
	require.Equal(t, int64(10000), collections.AsOrder(h.reload(order.Record)).Balance())

	// Two Asaas charges for the rest: a Pix deposit and a boleto.
	pix := h.charge(a, a.Attend, order.Id, map[string]any{"amount": 4000})
	boleto := h.charge(a, a.Attend, order.Id, map[string]any{"amount": 6000, "billingType": "BOLETO"})
	h.drainOutbox()
	pix, boleto = h.reload(pix), h.reload(boleto)
	_, err := h.fake.ReceivePayment(pix.GetString(collections.PaymentProviderID))
	require.NoError(t, err)
	h.drainInbox()
	o := collections.AsOrder(h.reload(order.Record))
	require.Equal(t, int64(9000), o.Paid())
	require.Equal(t, int64(6000), o.Balance())
	msgs := h.messagesTo(a.ID(), cust.Id)
	require.Contains(t, msgs[len(msgs)-1], "Pagamento recebido: R$ 40,00")
	require.Contains(t, msgs[len(msgs)-1], "Falta pagar R$ 60,00")

	_, err = h.fake.ConfirmPayment(boleto.GetString(collections.PaymentProviderID), "BOLETO")
	require.NoError(t, err)
	h.drainInbox()
	o = collections.AsOrder(h.reload(order.Record))
	require.Equal(t, int64(15000), o.Paid())
	require.Zero(t, o.Balance())
	msgs = h.messagesTo(a.ID(), cust.Id)
	require.Contains(t, msgs[len(msgs)-1], "A OS está quitada")

	// A partial refund of the boleto comes off the paid amount.
	refund := paymentEvent("evt_partial_refund", "PAYMENT_PARTIALLY_REFUNDED", event(boleto, "CONFIRMED",
		map[string]any{"billingType": "BOLETO", "refunds": []any{map[string]any{"status": "DONE", "value": 10}}}))
	require.Equal(t, http.StatusOK, h.post(charges.WebhookPath+"/"+a.ID(), h.hookToken(a), refund))
	h.drainInbox()
	o = collections.AsOrder(h.reload(order.Record))
	require.Equal(t, int64(14000), o.Paid())
	require.Equal(t, int64(1000), o.Balance())

	// Staff cannot write the paid amount themselves.
	status, body = h.call(http.MethodPatch, "/api/collections/orders/records/"+order.Id, a.Owner, map[string]any{"paid": 99999})
	require.Equal(t, http.StatusOK, status, body["_raw"])
	require.Equal(t, int64(14000), collections.AsOrder(h.reload(order.Record)).Paid())

	// Deleting the cash payment takes it off.
	cash, err := h.app.FindFirstRecordByFilter(collections.Payments, "order = {:o} && provider = 'manual'", dbx.Params{"o": order.Id})
	require.NoError(t, err)
	status, body = h.call(http.MethodDelete, "/api/collections/payments/records/"+cash.Id, a.Manager, nil)
	require.Equal(t, http.StatusNoContent, status, body["_raw"])
	require.Equal(t, int64(9000), collections.AsOrder(h.reload(order.Record)).Paid())
}

func TestPaymentsStayInsideTheirShop(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a, b := h.f.A, h.f.B
	h.connect(a)
	h.ready(a, 0, cpfA)
	p := h.newCharge(a, 8000, "PIX")
	list := "/api/collections/payments/records?filter=" + strings.ReplaceAll(`tenant="`+a.ID()+`"`, `"`, "%22")
	for _, tc := range []struct {
		who   *core.Record
		items int
	}{{a.Owner, 1}, {a.Attend, 1}, {a.Tech, 0}, {b.Owner, 0}} {
		status, body := h.call(http.MethodGet, list, tc.who, nil)
		require.Equal(t, http.StatusOK, status, body["_raw"])
		require.Len(t, body["items"], tc.items, tc.who.Email())
	}
	for _, who := range []*core.Record{a.Tech, b.Owner} {
		status, _ := h.call(http.MethodGet, "/api/collections/payments/records/"+p.Id, who, nil)
		require.Equal(t, http.StatusNotFound, status, who.Email())
	}
	// Nobody moves an Asaas charge by hand, not even the owner.
	status, body := h.call(http.MethodPatch, "/api/collections/payments/records/"+p.Id, a.Owner, map[string]any{"status": "paid"})
	require.Equal(t, http.StatusNotFound, status, body["_raw"])
	require.Equal(t, string(collections.PaymentPending), h.reload(p).GetString(collections.PaymentStatus))
}

func TestAnEventBeforeTheChargeIsRecordedIsMatchedAndNeverUndone(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a := h.f.A
	acc := h.connect(a)
	order, cust := h.ready(a, 7000, cpfA)
	p := h.charge(a, a.Attend, order.Id, map[string]any{})
	// Asaas posts about the charge before our delivery recorded its id:
	// only our externalReference links them.
	early := paymentEvent("evt_early", "PAYMENT_RECEIVED", map[string]any{"id": "pay_early", "status": "RECEIVED",
		"value": 70, "billingType": "PIX", "externalReference": p.Id, "dueDate": "2026-11-24"})
	require.Equal(t, http.StatusOK, h.post(charges.WebhookPath+"/"+a.ID(), h.hookToken(a), early))
	h.drainInbox()
	p = h.reload(p)
	require.Equal(t, string(collections.PaymentPaid), p.GetString(collections.PaymentStatus))
	require.Equal(t, "pay_early", p.GetString(collections.PaymentProviderID))

	h.drainOutbox()
	p = h.reload(p)
	require.Equal(t, string(collections.PaymentPaid), p.GetString(collections.PaymentStatus), "the delivery does not undo it")
	require.Empty(t, h.fake.Payments(acc), "nothing charged twice")
	require.Equal(t, int64(7000), collections.AsOrder(h.reload(order.Record)).Paid())
	for _, m := range h.messagesTo(a.ID(), cust.Id) {
		require.NotContains(t, m, "Segue a cobrança", "no link for a charge already paid")
	}
}
