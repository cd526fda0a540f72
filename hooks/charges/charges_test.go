package charges_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/charges"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/hooks/messaging"
	"github.com/bancada/bancada/integrations/asaas/asaasfake"
)

func TestChargeCreatesTheAsaasPaymentAndSendsLinkAndPixCode(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a := h.f.A
	acc := h.connect(a)
	order, cust := h.ready(a, 15000, cpfA)
	before := len(h.fake.Calls())

	p := h.charge(a, a.Attend, order.Id, map[string]any{"amount": 5000})
	// The request wrote the payment and its delivery, and called nobody.
	require.Len(t, h.fake.Calls(), before, "no Asaas call inside the request")
	require.Equal(t, collections.ProviderAsaas, p.GetString(collections.PaymentProvider))
	require.Equal(t, string(collections.PaymentPending), p.GetString(collections.PaymentStatus))
	require.Equal(t, collections.MethodPix, p.GetString(collections.PaymentMethod), "Pix by default")
	require.Equal(t, 5000, p.GetInt(collections.PaymentAmount))
	require.Equal(t, "2026-11-24", p.GetDateTime(collections.PaymentDueDate).Time().Format("2006-01-02"), "Pix is due today")
	rows := h.outbox(charges.KindCharge)
	require.Len(t, rows, 1)
	require.Equal(t, "asaas:"+a.ID(), rows[0].GetString(collections.OutboxLane))

	h.drainOutbox()
	p = h.reload(p)
	pays := h.fake.Payments(acc)
	require.Len(t, pays, 1)
	require.Equal(t, p.Id, pays[0].ExternalReference)
	require.Equal(t, int64(5000), pays[0].ValueCents)
	require.Equal(t, "PIX", pays[0].BillingType)
	require.Equal(t, pays[0].ID, p.GetString(collections.PaymentProviderID))
	require.Equal(t, pays[0].InvoiceURL, p.GetString(collections.PaymentInvoiceURL))
	require.NotEmpty(t, p.GetString(collections.PaymentPixPayload))
	customers := h.fake.Customers(acc)
	require.Len(t, customers, 1)
	require.Equal(t, cpfA, customers[0].CpfCnpj)
	require.Equal(t, customers[0].ID, collections.AsCustomer(h.reload(cust.Record)).AsaasID())

	msgs := h.messagesTo(a.ID(), cust.Id)
	require.Len(t, msgs, 1)
	require.Contains(t, msgs[0], "R$ 50,00")
	require.Contains(t, msgs[0], "OS nº")
	require.Contains(t, msgs[0], pays[0].InvoiceURL)
	require.Contains(t, msgs[0], p.GetString(collections.PaymentPixPayload))
	require.NotEmpty(t, h.outbox(messaging.KindSend))

	// A second charge of the same customer reuses the Asaas customer; a
	// boleto is due in three days by default.
	p2 := h.charge(a, a.Owner, order.Id, map[string]any{"billingType": "BOLETO", "amount": 4000})
	require.Equal(t, "2026-11-27", p2.GetDateTime(collections.PaymentDueDate).Time().Format("2006-01-02"))
	h.drainOutbox()
	require.Len(t, h.fake.Customers(acc), 1)
	require.Len(t, h.fake.Payments(acc), 2)
	require.Equal(t, "BOLETO", h.fake.Payments(acc)[1].BillingType)

	// Retrying a delivered charge creates nothing new.
	require.Len(t, h.outbox(charges.KindCharge), 2)
	require.Contains(t, h.auditActions(a.ID()), charges.ActionCharge)
}

func TestChargeValidationAndAccess(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a, b, c := h.f.A, h.f.B, h.f.C
	h.connect(a)
	order := collections.AsOrder(h.reload(a.Rec[collections.Orders]))
	order.SetFinalTotal(20000)
	require.NoError(t, h.app.Save(order))
	require.Equal(t, int64(5000), collections.AsOrder(h.reload(order.Record)).Paid(), "the fixture's cash payment counts")
	url := "/api/bancada/orders/" + order.Id + "/charges"
	nothing := func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		n, err := app.CountRecords(collections.Payments, dbx.HashExp{"order": order.Id, "provider": "asaas"})
		require.NoError(t, err)
		require.Zero(t, n, "no charge recorded")
		require.Empty(t, h.outbox(charges.KindCharge), "nothing sent")
	}
	body := func(v map[string]any) *strings.Reader { return hooktest.JSON(t, v) }
	scenarios := []tests.ApiScenario{
		{Name: "a customer without CPF/CNPJ gets a clear 400", Method: http.MethodPost, URL: url,
			Headers: hooktest.Auth(t, a.Attend), Body: body(map[string]any{"amount": 5000}), ExpectedStatus: 400,
			ExpectedContent: []string{`"customer":{"code":"document_required"`, `O Asaas exige o CPF ou CNPJ`}, AfterTestFunc: nothing},
	}
	for _, s := range scenarios {
		s.TestAppFactory, s.DisableTestAppCleanup = hooktest.Factory(h.app), true
		s.Test(t)
	}

	h.ready(a, 15000, cpfA)
	otherOrder := b.Rec[collections.Orders]
	scenarios = []tests.ApiScenario{
		{Name: "more than the balance", Method: http.MethodPost, URL: url, Headers: hooktest.Auth(t, a.Attend),
			Body: body(map[string]any{"amount": 15001}), ExpectedStatus: 400,
			ExpectedContent: []string{`amount_over_balance`, `R$ 150,00`}, AfterTestFunc: nothing},
		{Name: "the largest int64 is more than the balance, not an overflow", Method: http.MethodPost, URL: url, Headers: hooktest.Auth(t, a.Attend),
			Body: strings.NewReader(`{"amount": 9223372036854775807}`), ExpectedStatus: 400,
			ExpectedContent: []string{`"amount":{"code":"amount_over_balance","message":"O valor passa do saldo da OS (R$ 150,00)."}`}, AfterTestFunc: nothing},
		{Name: "beyond int64 is not read", Method: http.MethodPost, URL: url, Headers: hooktest.Auth(t, a.Attend),
			Body: strings.NewReader(`{"amount": 92233720368547758070}`), ExpectedStatus: 400, ExpectedContent: []string{`centavos`}, AfterTestFunc: nothing},
		{Name: "a negative amount", Method: http.MethodPost, URL: url, Headers: hooktest.Auth(t, a.Attend),
			Body: body(map[string]any{"amount": -5}), ExpectedStatus: 400, ExpectedContent: []string{`invalid_amount`}, AfterTestFunc: nothing},
		{Name: "an amount in reais with a comma is not read", Method: http.MethodPost, URL: url, Headers: hooktest.Auth(t, a.Attend),
			Body: strings.NewReader(`{"amount": "150,00"}`), ExpectedStatus: 400, ExpectedContent: []string{`centavos`}, AfterTestFunc: nothing},
		{Name: "an unknown billing type", Method: http.MethodPost, URL: url, Headers: hooktest.Auth(t, a.Attend),
			Body: body(map[string]any{"billingType": "CHEQUE"}), ExpectedStatus: 400, ExpectedContent: []string{`invalid_billing_type`}, AfterTestFunc: nothing},
		{Name: "a due date in the past", Method: http.MethodPost, URL: url, Headers: hooktest.Auth(t, a.Attend),
			Body: body(map[string]any{"dueDate": "2026-11-23"}), ExpectedStatus: 400, ExpectedContent: []string{`date_in_past`}, AfterTestFunc: nothing},
		{Name: "a malformed due date", Method: http.MethodPost, URL: url, Headers: hooktest.Auth(t, a.Attend),
			Body: body(map[string]any{"dueDate": "05/12/2026"}), ExpectedStatus: 400, ExpectedContent: []string{`AAAA-MM-DD`}, AfterTestFunc: nothing},
		{Name: "technicians never charge", Method: http.MethodPost, URL: url, Headers: hooktest.Auth(t, a.Tech),
			Body: body(map[string]any{}), ExpectedStatus: 403, ExpectedContent: []string{`Sua função (técnico(a)) não permite`}, AfterTestFunc: nothing},
		{Name: "another shop's owner cannot charge A's order", Method: http.MethodPost, URL: url, Headers: hooktest.Auth(t, b.Owner),
			Body: body(map[string]any{}), ExpectedStatus: 404, ExpectedContent: []string{`OS não encontrada`}, AfterTestFunc: nothing},
		{Name: "naming one's own shop does not reach another's order", Method: http.MethodPost, URL: url + "?tenant=" + b.ID(),
			Headers: hooktest.Auth(t, b.Owner), Body: body(map[string]any{}), ExpectedStatus: 404, ExpectedContent: []string{`OS não encontrada`}, AfterTestFunc: nothing},
		{Name: "anonymous", Method: http.MethodPost, URL: url, Body: body(map[string]any{}), ExpectedStatus: 401,
			ExpectedContent: []string{`"status":401`}, AfterTestFunc: nothing},
		{Name: "a shop without Asaas connected", Method: http.MethodPost, URL: "/api/bancada/orders/" + otherOrder.Id + "/charges",
			Headers: hooktest.Auth(t, b.Owner), Body: body(map[string]any{}), ExpectedStatus: 400, ExpectedContent: []string{`não está conectada`}},
		{Name: "a deactivated shop cannot charge", Method: http.MethodPost, URL: "/api/bancada/orders/" + c.Rec[collections.Orders].Id + "/charges",
			Headers: hooktest.Auth(t, c.Owner), Body: body(map[string]any{}), ExpectedStatus: 403, ExpectedContent: []string{`desativada`}},
		{Name: "the whole balance when no amount is given", Method: http.MethodPost, URL: url, Headers: hooktest.Auth(t, a.Manager),
			Body: body(map[string]any{"billingType": "undefined", "dueDate": "2026-12-05"}), ExpectedStatus: 200,
			ExpectedContent: []string{`"amount":15000`, `"method":"undefined"`, `"provider":"asaas"`, `"status":"pending"`}},
		{Name: "nothing left to charge while charges are open", Method: http.MethodPost, URL: url, Headers: hooktest.Auth(t, a.Attend),
			Body: body(map[string]any{"amount": 100}), ExpectedStatus: 400, ExpectedContent: []string{`charges_open`}},
	}
	for _, s := range scenarios {
		s.TestAppFactory, s.DisableTestAppCleanup = hooktest.Factory(h.app), true
		s.Test(t)
	}
}

func TestChargesUseOnlyTheirOwnShopsKey(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a, b := h.f.A, h.f.B
	accA, accB := h.connect(a), h.connect(b)
	orderA, _ := h.ready(a, 20000, cpfA)
	orderB, _ := h.ready(b, 30000, cpfB)
	mark := len(h.fake.Calls())
	pa1 := h.charge(a, a.Attend, orderA.Id, map[string]any{"amount": 10000})
	pb := h.charge(b, b.Owner, orderB.Id, map[string]any{"amount": 30000})
	pa2 := h.charge(a, a.Owner, orderA.Id, map[string]any{"amount": 10000, "billingType": "CREDIT_CARD"})
	h.drainOutbox()

	refs := func(acc *asaasfake.Account) []string {
		var out []string
		for _, p := range h.fake.Payments(acc) {
			out = append(out, p.ExternalReference)
		}
		return out
	}
	require.ElementsMatch(t, []string{pa1.Id, pa2.Id}, refs(accA), "A's charges live in A's account only")
	require.ElementsMatch(t, []string{pb.Id}, refs(accB), "B's charge lives in B's account only")
	require.Len(t, h.fake.Customers(accA), 1)
	require.Equal(t, cpfA, h.fake.Customers(accA)[0].CpfCnpj)
	require.Len(t, h.fake.Customers(accB), 1)
	require.Equal(t, cpfB, h.fake.Customers(accB)[0].CpfCnpj)

	// Call by call: whatever concerns A (its customer, its charges) went
	// with A's key, and the same for B.
	idsA := map[string]bool{h.reload(pa1).GetString(collections.PaymentProviderID): true, h.reload(pa2).GetString(collections.PaymentProviderID): true}
	idsB := map[string]bool{h.reload(pb).GetString(collections.PaymentProviderID): true}
	for id := range idsA {
		require.NotEmpty(t, id)
	}
	for _, c := range h.fake.Calls()[mark:] {
		require.Contains(t, []string{h.keys[a.ID()], h.keys[b.ID()]}, c.APIKey)
		about := c.Path + "?" + c.RawQuery
		for id := range idsA {
			if strings.Contains(about, id) || strings.Contains(about, cpfA) || strings.Contains(about, pa1.Id) {
				require.Equal(t, h.keys[a.ID()], c.APIKey, about)
			}
		}
		for id := range idsB {
			if strings.Contains(about, id) || strings.Contains(about, cpfB) || strings.Contains(about, pb.Id) {
				require.Equal(t, h.keys[b.ID()], c.APIKey, about)
			}
		}
	}
	require.Empty(t, h.reload(pa2).GetString(collections.PaymentPixPayload), "no Pix code for a card charge")
}

func TestAChargeAsaasRefusesIsMarkedFailedWithTheReason(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a := h.f.A
	h.connect(a)
	order, _ := h.ready(a, 15000, cpfA)
	p := h.charge(a, a.Attend, order.Id, map[string]any{})
	h.fake.FailNext(1, http.StatusBadRequest)
	h.drainOutbox()
	p = h.reload(p)
	require.Equal(t, string(collections.PaymentFailed), p.GetString(collections.PaymentStatus))
	audits, err := h.app.FindAllRecords(collections.AuditLog, dbx.HashExp{"action": charges.ActionChargeFailed, "record": p.Id})
	require.NoError(t, err)
	require.Len(t, audits, 1)
	require.Contains(t, audits[0].GetString(collections.AuditChanges), "Falha simulada")
	require.Zero(t, collections.AsOrder(h.reload(order.Record)).Paid())
}

func TestAnAsaasOutageIsRetriedAndCreatesOneCharge(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a := h.f.A
	acc := h.connect(a)
	order, _ := h.ready(a, 15000, cpfA)
	p := h.charge(a, a.Attend, order.Id, map[string]any{})
	h.fake.FailNext(1, http.StatusBadGateway)
	h.drainOutbox()
	require.Empty(t, h.fake.Payments(acc))
	require.Equal(t, string(collections.PaymentPending), h.reload(p).GetString(collections.PaymentStatus))

	h.clock.Add(2 * time.Minute) // past the backoff
	h.drainOutbox()
	require.Len(t, h.fake.Payments(acc), 1)
	require.NotEmpty(t, h.reload(p).GetString(collections.PaymentProviderID))
}

func TestCancellingAnOpenChargeFreesTheBalanceAndRemovesItAtAsaas(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a := h.f.A
	acc := h.connect(a)
	order, _ := h.ready(a, 15000, cpfA)
	p := h.charge(a, a.Attend, order.Id, map[string]any{})
	h.drainOutbox()

	status, body := h.call(http.MethodPost, "/api/bancada/payments/"+p.Id+"/cancel", a.Tech, nil)
	require.Equal(t, http.StatusForbidden, status, body["_raw"])
	status, body = h.call(http.MethodPost, "/api/bancada/payments/"+p.Id+"/cancel", h.f.B.Owner, nil)
	require.Equal(t, http.StatusNotFound, status, body["_raw"])
	status, body = h.call(http.MethodPost, "/api/bancada/payments/"+p.Id+"/cancel", a.Attend, nil)
	require.Equal(t, http.StatusOK, status, body["_raw"])
	require.Equal(t, "cancelled", body["status"])
	h.drainOutbox()
	require.True(t, h.fake.Payments(acc)[0].Deleted)

	// The balance is free again for a new charge.
	h.charge(a, a.Attend, order.Id, map[string]any{"billingType": "BOLETO"})
}

func TestAChargeReachesACustomerWhoOptedOutOfNotificationsButTheThanksDoNot(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a := h.f.A
	h.connect(a)
	order, cust := h.ready(a, 5000, cpfA)
	cust.SetWhatsAppOptOut(true)
	require.NoError(t, h.app.Save(cust))
	p := h.charge(a, a.Attend, order.Id, map[string]any{})
	h.drainOutbox()
	_, err := h.fake.ReceivePayment(h.reload(p).GetString(collections.PaymentProviderID))
	require.NoError(t, err)
	h.drainInbox()
	rows, err := h.app.FindRecordsByFilter(collections.Messages, "tenant = {:t} && order = {:o}", "created", 0, 0,
		dbx.Params{"t": a.ID(), "o": order.Id})
	require.NoError(t, err)
	require.Len(t, rows, 2)
	require.Equal(t, collections.AuthorStaff, rows[0].GetString(collections.MessageAuthor), "asked for at the counter")
	require.Equal(t, a.Attend.Id, rows[0].GetString(collections.MessageStaff))
	require.NotEqual(t, string(collections.MessageSkipped), rows[0].GetString(collections.MessageStatus), "sent (whatever WhatsApp then says)")
	require.Equal(t, collections.AuthorSystem, rows[1].GetString(collections.MessageAuthor))
	require.Equal(t, string(collections.MessageSkipped), rows[1].GetString(collections.MessageStatus), "a notification respects the opt-out")
}

func TestConnectingAnotherAccountForgetsTheOldCustomerIDs(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a := h.f.A
	h.connect(a)
	order, cust := h.ready(a, 5000, cpfA)
	h.charge(a, a.Attend, order.Id, map[string]any{"amount": 1000})
	h.drainOutbox()
	require.NotEmpty(t, collections.AsCustomer(h.reload(cust.Record)).AsaasID())

	other := "$aact_hmlg_outra_conta"
	acc2 := h.fake.AddAccount(other)
	status, body := h.call(http.MethodPost, "/api/bancada/asaas/connect", a.Owner, map[string]any{"tenant": a.ID(), "apiKey": other})
	require.Equal(t, http.StatusOK, status, body["_raw"])
	require.Empty(t, collections.AsCustomer(h.reload(cust.Record)).AsaasID(), "an id of the old account means nothing in the new one")
	h.charge(a, a.Attend, order.Id, map[string]any{"amount": 1000})
	h.drainOutbox()
	require.Len(t, h.fake.Customers(acc2), 1, "created again in the new account")
	require.Len(t, h.fake.Payments(acc2), 1)
}
