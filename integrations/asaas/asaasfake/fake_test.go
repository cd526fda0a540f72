package asaasfake_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/integrations/asaas"
	"github.com/bancada/bancada/integrations/asaas/asaasfake"
)

const token = "whsec_0123456789abcdef0123456789abcdef"

// receiver is a webhook endpoint that answers the queued statuses (200 once
// they run out) and records what it got.
type receiver struct {
	mu      sync.Mutex
	answers []int
	got     []*http.Request
	bodies  [][]byte
	srv     *httptest.Server
}

func newReceiver(t *testing.T, answers ...int) *receiver {
	rc := &receiver{answers: answers}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.got = append(rc.got, r)
		rc.bodies = append(rc.bodies, b)
		status := http.StatusOK
		if len(rc.answers) > 0 {
			status, rc.answers = rc.answers[0], rc.answers[1:]
		}
		rc.mu.Unlock()
		if status >= 300 && status < 400 {
			w.Header().Set("Location", "/elsewhere")
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) events(t *testing.T) []*asaas.WebhookEvent {
	t.Helper()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	var out []*asaas.WebhookEvent
	for _, b := range rc.bodies {
		ev, err := asaas.ParseWebhook(b)
		require.NoError(t, err)
		out = append(out, ev)
	}
	return out
}

func (rc *receiver) answer(statuses ...int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.answers = append(rc.answers, statuses...)
}

type fixture struct {
	fake   *asaasfake.Server
	acc    *asaasfake.Account
	client *asaas.Client
	rc     *receiver
	cus    *asaas.Customer
}

// setup starts a fake at now with one account whose webhook (events,
// sendType) points to a receiver answering answers.
func setup(t *testing.T, now time.Time, sendType asaas.SendType, events []asaas.EventType, answers ...int) *fixture {
	t.Helper()
	fake := asaasfake.Start(asaasfake.WithClock(func() time.Time { return now }))
	t.Cleanup(fake.Close)
	acc := fake.AddAccount("$aact_hmlg_shop")
	c := asaas.New(fake.BaseURL(), acc.APIKey)
	rc := newReceiver(t, answers...)
	ctx := context.Background()
	_, err := c.CreateWebhook(ctx, asaas.WebhookConfig{Name: "bancada", URL: rc.srv.URL + "/hooks/asaas", Enabled: true,
		AuthToken: token, SendType: sendType, Events: events})
	require.NoError(t, err)
	cus, err := c.CreateCustomer(ctx, asaas.Customer{Name: "Cliente", CpfCnpj: "52998224725"})
	require.NoError(t, err)
	return &fixture{fake: fake, acc: acc, client: c, rc: rc, cus: cus}
}

var (
	nov2026      = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	paymentFlows = []asaas.EventType{asaas.EventPaymentCreated, asaas.EventPaymentReceived, asaas.EventPaymentConfirmed,
		asaas.EventPaymentOverdue, asaas.EventPaymentRefunded, asaas.EventPaymentDeleted,
		asaas.EventPaymentChargebackRequested, asaas.EventPaymentUpdated, asaas.EventPaymentPartiallyRefunded}
)

func (f *fixture) charge(t *testing.T, bt asaas.BillingType, cents int64) *asaas.Payment {
	t.Helper()
	p, err := f.client.CreatePayment(context.Background(), asaas.PaymentRequest{Customer: f.cus.ID, BillingType: bt,
		ValueCents: cents, DueDate: asaas.DateOf(nov2026).AddDays(2), ExternalReference: "tnt_1:os_7"})
	require.NoError(t, err)
	return p
}

func TestWebhooksArePostedWithTheToken(t *testing.T) {
	t.Parallel()
	f := setup(t, nov2026, asaas.SendSequentially, paymentFlows)
	p := f.charge(t, asaas.BillingUndefined, 25000)
	assert.Empty(t, f.rc.events(t), "API-caused events wait for a delivery")

	ds, err := f.fake.ReceivePayment(p.ID, "PIX")
	require.NoError(t, err)
	require.Len(t, ds, 2)
	assert.Equal(t, http.StatusOK, ds.Status())
	assert.Equal(t, "PAYMENT_CREATED", ds[0].Event)
	assert.Equal(t, "PAYMENT_RECEIVED", ds[1].Event)

	evs := f.rc.events(t)
	require.Len(t, evs, 2)
	got := evs[1]
	assert.Equal(t, asaas.EventPaymentReceived, got.Event)
	assert.Equal(t, p.ID, got.Payment.ID)
	assert.Equal(t, asaas.StatusReceived, got.Payment.Status)
	assert.Equal(t, asaas.BillingPix, got.Payment.BillingType)
	assert.Equal(t, int64(25000), got.Payment.ValueCents)
	assert.Equal(t, "tnt_1:os_7", got.Payment.ExternalReference)
	assert.Equal(t, f.acc.ID, got.Account.ID)
	assert.Empty(t, got.Account.OwnerID)
	assert.Equal(t, time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC), got.CreatedAt())
	assert.Regexp(t, `^evt_[0-9a-f]{32}&\d+$`, got.ID)

	f.rc.mu.Lock()
	req := f.rc.got[1]
	f.rc.mu.Unlock()
	assert.Equal(t, http.MethodPost, req.Method)
	assert.Equal(t, "/hooks/asaas", req.URL.Path)
	assert.Equal(t, "application/json", req.Header.Get("Content-Type"))
	assert.Equal(t, "Asaas_Hmlg/3.0", req.Header.Get("User-Agent"))
	assert.True(t, asaas.VerifyToken(req.Header.Get(asaas.WebhookTokenHeader), token))

	// Re-delivery keeps the id and the body.
	again, err := f.fake.Redeliver(got.ID)
	require.NoError(t, err)
	require.Len(t, again, 1)
	evs = f.rc.events(t)
	require.Len(t, evs, 3)
	assert.Equal(t, got.ID, evs[2].ID)
	f.rc.mu.Lock()
	assert.Equal(t, f.rc.bodies[1], f.rc.bodies[2])
	f.rc.mu.Unlock()

	_, err = f.fake.Redeliver("evt_unknown&1")
	assert.Error(t, err)
}

func TestControlMethodsFollowAsaasFlows(t *testing.T) {
	t.Parallel()
	f := setup(t, nov2026, asaas.SendNonSequentially, paymentFlows)
	ctx := context.Background()

	card := f.charge(t, asaas.BillingCreditCard, 10000)
	ds, err := f.fake.ConfirmPayment(card.ID)
	require.NoError(t, err)
	assert.Equal(t, "PAYMENT_CONFIRMED", ds[len(ds)-1].Event)
	got, _ := f.client.GetPayment(ctx, card.ID)
	assert.Equal(t, asaas.StatusConfirmed, got.Status)
	assert.Equal(t, int64(10000-299-49), got.NetValueCents)
	_, err = f.fake.ReceivePayment(card.ID)
	require.NoError(t, err)
	_, err = f.fake.ChargebackPayment(card.ID)
	require.NoError(t, err)
	got, _ = f.client.GetPayment(ctx, card.ID)
	assert.Equal(t, asaas.StatusChargebackRequested, got.Status)
	require.NotNil(t, got.Chargeback)

	cash := f.charge(t, asaas.BillingPix, 5000)
	ds, err = f.fake.ReceiveInCash(cash.ID)
	require.NoError(t, err)
	last := f.rc.events(t)
	assert.Equal(t, asaas.EventPaymentReceived, last[len(last)-1].Event, "cash receipts are PAYMENT_RECEIVED")
	assert.Equal(t, asaas.StatusReceivedInCash, last[len(last)-1].Payment.Status)
	assert.Equal(t, http.StatusOK, ds.StatusOf(last[len(last)-1].ID))

	late := f.charge(t, asaas.BillingBoleto, 7000)
	_, err = f.fake.OverduePayment(late.ID)
	require.NoError(t, err)
	_, err = f.fake.OverduePayment(late.ID)
	assert.Error(t, err, "only PENDING payments become overdue")
	_, err = f.fake.RefundPayment(late.ID)
	assert.Error(t, err, "unpaid payments cannot be refunded")
	_, err = f.fake.ReceivePayment(late.ID)
	require.NoError(t, err)
	_, err = f.fake.RefundPayment(late.ID)
	require.NoError(t, err)
	last = f.rc.events(t)
	assert.Equal(t, asaas.EventPaymentRefunded, last[len(last)-1].Event)
	require.Len(t, last[len(last)-1].Payment.Refunds, 1)

	gone := f.charge(t, asaas.BillingPix, 100)
	require.NoError(t, f.client.DeletePayment(ctx, gone.ID))
	_, err = f.fake.ReceivePayment(gone.ID)
	assert.Error(t, err)
	_, err = f.fake.ReceivePayment("pay_unknown")
	assert.Error(t, err)

	var types []string
	for _, ev := range f.fake.Events(f.acc) {
		types = append(types, ev.Type)
	}
	assert.Equal(t, []string{
		"PAYMENT_CREATED", "PAYMENT_CONFIRMED", "PAYMENT_RECEIVED", "PAYMENT_CHARGEBACK_REQUESTED",
		"PAYMENT_CREATED", "PAYMENT_RECEIVED",
		"PAYMENT_CREATED", "PAYMENT_OVERDUE", "PAYMENT_RECEIVED", "PAYMENT_REFUNDED",
		"PAYMENT_CREATED", "PAYMENT_DELETED",
	}, types)
}

func TestFailedDeliveriesStayQueued(t *testing.T) {
	t.Parallel()
	f := setup(t, nov2026, asaas.SendSequentially, []asaas.EventType{asaas.EventPaymentReceived, asaas.EventPaymentOverdue},
		http.StatusInternalServerError, http.StatusNoContent, http.StatusFound)
	a, b := f.charge(t, asaas.BillingPix, 100), f.charge(t, asaas.BillingPix, 200)

	ds, err := f.fake.ReceivePayment(a.ID)
	require.NoError(t, err)
	assert.Equal(t, http.StatusInternalServerError, ds.Status())
	wh := f.fake.Webhooks(f.acc)[0]
	require.Len(t, wh.Pending, 1)
	assert.Equal(t, 1, wh.ConsecutiveFailures)

	// SEQUENTIALLY: the failed event is retried first and blocks b's event.
	ds, err = f.fake.OverduePayment(b.ID)
	require.NoError(t, err)
	require.Len(t, ds, 1, "the next event waits behind the failing one")
	assert.Equal(t, "PAYMENT_RECEIVED", ds[0].Event)
	assert.Equal(t, http.StatusNoContent, ds[0].Status, "only 200 counts")

	ds = f.fake.DeliverPending()
	require.Len(t, ds, 1)
	assert.Equal(t, http.StatusFound, ds[0].Status, "redirects are not followed")
	assert.Equal(t, 3, f.fake.Webhooks(f.acc)[0].ConsecutiveFailures)

	ds = f.fake.DeliverPending()
	require.Len(t, ds, 2)
	assert.Equal(t, []string{"PAYMENT_RECEIVED", "PAYMENT_OVERDUE"}, []string{ds[0].Event, ds[1].Event})
	wh = f.fake.Webhooks(f.acc)[0]
	assert.Empty(t, wh.Pending)
	assert.Zero(t, wh.ConsecutiveFailures)
	assert.Empty(t, f.fake.DeliverPending())
	assert.Len(t, f.fake.DeliveryLog(), 5)
}

func TestQueueIsInterruptedAfter15Failures(t *testing.T) {
	t.Parallel()
	fails := make([]int, 15)
	for i := range fails {
		fails[i] = http.StatusServiceUnavailable
	}
	f := setup(t, nov2026, asaas.SendSequentially, []asaas.EventType{asaas.EventPaymentReceived}, fails...)
	p := f.charge(t, asaas.BillingPix, 100)
	_, err := f.fake.ReceivePayment(p.ID)
	require.NoError(t, err)
	for range 14 {
		require.Len(t, f.fake.DeliverPending(), 1)
	}
	wh := f.fake.Webhooks(f.acc)[0]
	assert.True(t, wh.Interrupted)
	assert.Empty(t, f.fake.DeliverPending(), "an interrupted queue is not posted")

	cfg, err := f.client.GetWebhook(context.Background(), wh.ID)
	require.NoError(t, err)
	assert.True(t, cfg.Interrupted)
	_, err = f.client.UpdateWebhook(context.Background(), wh.ID, asaas.WebhookUpdate{Interrupted: new(false)})
	require.NoError(t, err)
	ds := f.fake.DeliverPending()
	require.Len(t, ds, 1)
	assert.True(t, ds[0].OK())
}

func TestSubscriptionWebhookDateFormats(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		now     time.Time
		pattern string
	}{
		{"before 2026-02-02", time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC), `"nextDueDate":"20/01/2026"`},
		{"from 2026-02-02", time.Date(2026, 2, 2, 12, 0, 0, 0, time.UTC), `"nextDueDate":"2026-02-07"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := setup(t, tt.now, asaas.SendSequentially, []asaas.EventType{asaas.EventSubscriptionCreated,
				asaas.EventSubscriptionDeleted, asaas.EventPaymentCreated, asaas.EventPaymentDeleted})
			first := asaas.DateOf(tt.now).AddDays(5)
			sub, err := f.client.CreateSubscription(context.Background(), asaas.SubscriptionRequest{Customer: f.cus.ID,
				BillingType: asaas.BillingBoleto, ValueCents: 8990, NextDueDate: first, Cycle: asaas.CycleMonthly})
			require.NoError(t, err)
			require.NoError(t, f.client.DeleteSubscription(context.Background(), sub.ID))
			f.fake.DeliverPending()

			f.rc.mu.Lock()
			created := string(f.rc.bodies[0])
			f.rc.mu.Unlock()
			assert.Contains(t, created, `"event":"SUBSCRIPTION_CREATED"`)
			assert.Contains(t, strings.ReplaceAll(created, " ", ""), tt.pattern)

			evs := f.rc.events(t)
			require.Len(t, evs, 4)
			assert.Equal(t, first, evs[0].Subscription.NextDueDate, "both formats parse to the same date")
			assert.Equal(t, asaas.EventPaymentCreated, evs[1].Event)
			assert.Equal(t, sub.ID, evs[1].Payment.Subscription)
			assert.Equal(t, asaas.EventPaymentDeleted, evs[2].Event)
			assert.Equal(t, asaas.EventSubscriptionDeleted, evs[3].Event)
			assert.True(t, evs[3].Subscription.Deleted)
		})
	}
}

func TestPostRawAndAutoDeliver(t *testing.T) {
	t.Parallel()
	f := setup(t, nov2026, asaas.SendSequentially, paymentFlows)
	ds := f.fake.PostRaw(f.acc, []byte(`{"id":"evt_x&1","event":"SOMETHING_NEW","weird":[1]}`))
	require.Len(t, ds, 1)
	assert.Equal(t, "evt_x&1", ds[0].EventID)
	evs := f.rc.events(t)
	require.Len(t, evs, 1)
	assert.Equal(t, asaas.EventType("SOMETHING_NEW"), evs[0].Event)

	auto := asaasfake.Start(asaasfake.WithAutoDeliver())
	acc := auto.AddAccount("$aact_hmlg_auto")
	rc := newReceiver(t)
	c := asaas.New(auto.BaseURL(), acc.APIKey)
	ctx := context.Background()
	_, err := c.CreateWebhook(ctx, asaas.WebhookConfig{Name: "demo", URL: rc.srv.URL, Enabled: true,
		Events: []asaas.EventType{asaas.EventPaymentCreated}})
	require.NoError(t, err)
	cus, err := c.CreateCustomer(ctx, asaas.Customer{Name: "Demo", CpfCnpj: "52998224725"})
	require.NoError(t, err)
	_, err = c.CreatePayment(ctx, asaas.PaymentRequest{Customer: cus.ID, BillingType: asaas.BillingPix, ValueCents: 100,
		DueDate: asaas.DateOf(time.Now().In(time.FixedZone("BRT", -3*3600)))})
	require.NoError(t, err)
	auto.Close() // waits for the background delivery
	require.Len(t, rc.events(t), 1)
	rc.mu.Lock()
	assert.Empty(t, rc.got[0].Header.Get(asaas.WebhookTokenHeader), "no token configured, no header")
	rc.mu.Unlock()
}

func TestEdgeChecks(t *testing.T) {
	t.Parallel()
	fake := asaasfake.Start()
	t.Cleanup(fake.Close)
	acc := fake.AddAccount("$aact_hmlg_edge")
	assert.Same(t, acc, fake.AddAccount(acc.APIKey))

	do := func(method, path, body, ua string) (int, string) {
		req, err := http.NewRequest(method, fake.BaseURL()+path, strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("access_token", acc.APIKey)
		req.Header.Set("User-Agent", ua)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	status, body := do(http.MethodGet, "/payments", `{"x":1}`, "test")
	assert.Equal(t, http.StatusForbidden, status, "a body on GET")
	assert.Contains(t, body, "CloudFront")

	status, body = do(http.MethodGet, "/payments", "", "")
	assert.Equal(t, http.StatusUnauthorized, status, "no User-Agent")
	assert.Contains(t, body, "user_agent_not_found")

	status, _ = do(http.MethodPost, "/payments", `{not json`, "test")
	assert.Equal(t, http.StatusBadRequest, status)

	status, _ = do(http.MethodGet, "/payments?limit=abc", "", "test")
	assert.Equal(t, http.StatusBadRequest, status)

	status, _ = do(http.MethodGet, "/nothing-here", "", "test")
	assert.Equal(t, http.StatusNotFound, status)

	calls := fake.Calls()
	require.Len(t, calls, 5)
	assert.Equal(t, acc.APIKey, calls[0].APIKey)
	assert.Equal(t, http.StatusForbidden, calls[0].Status)
}

func TestMoneyOnTheWire(t *testing.T) {
	t.Parallel()
	f := setup(t, nov2026, asaas.SendSequentially, paymentFlows)
	for _, tc := range []struct {
		in   string
		want int64
	}{{"100", 10000}, {"100.9", 10090}, {"0.1", 10}, {"\"12.345\"", 1235}, {"1e2", 10000}} {
		body := fmt.Sprintf(`{"customer":%q,"billingType":"PIX","value":%s,"dueDate":"2026-12-01"}`, f.cus.ID, tc.in)
		req, _ := http.NewRequest(http.MethodPost, f.fake.BaseURL()+"/payments", strings.NewReader(body))
		req.Header.Set("access_token", f.acc.APIKey)
		req.Header.Set("User-Agent", "test")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		var out map[string]json.RawMessage
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
		resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode, tc.in)
		var p asaas.Payment
		b, _ := json.Marshal(out)
		require.NoError(t, json.Unmarshal(b, &p))
		assert.Equal(t, tc.want, p.ValueCents, tc.in)
		assert.NotContains(t, string(out["value"]), `"`, "money is a JSON number")
	}
}

func TestInvoicePage(t *testing.T) {
	t.Parallel()
	f := setup(t, nov2026, asaas.SendSequentially, []asaas.EventType{asaas.EventPaymentReceived})
	p := f.charge(t, asaas.BillingUndefined, 123456)
	require.True(t, strings.HasPrefix(p.InvoiceURL, f.fake.URL+"/i/"), p.InvoiceURL)

	resp, err := http.Get(p.InvoiceURL)
	require.NoError(t, err)
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(page), "R$ 1.234,56")
	assert.Contains(t, string(page), "Aguardando pagamento")

	resp, err = http.PostForm(p.InvoiceURL+"/pay", url.Values{"billingType": {"PIX"}})
	require.NoError(t, err)
	page, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Contains(t, string(page), "Paga")
	got, ok := f.fake.Payment(p.ID)
	require.True(t, ok)
	assert.Equal(t, "RECEIVED", got.Status)
	assert.Equal(t, "PIX", got.BillingType)
	require.Len(t, f.rc.events(t), 1)

	resp, err = http.Get(p.BankSlipURL)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

// TestHandlerMountedUnderAPrefix mounts the fake on a listener of its own
// under a path prefix, as the demo mode does.
func TestHandlerMountedUnderAPrefix(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	fake := asaasfake.New(asaasfake.WithPublicURL(srv.URL + "/demo/asaas"))
	t.Cleanup(fake.Close)
	mux.Handle("/demo/asaas/", http.StripPrefix("/demo/asaas", fake.Handler()))
	acc := fake.AddAccount("$aact_hmlg_demo")

	c := asaas.New(srv.URL+"/demo/asaas/v3", acc.APIKey)
	ctx := context.Background()
	cus, err := c.CreateCustomer(ctx, asaas.Customer{Name: "Demo", CpfCnpj: "52998224725"})
	require.NoError(t, err)
	p, err := c.CreatePayment(ctx, asaas.PaymentRequest{Customer: cus.ID, BillingType: asaas.BillingPix, ValueCents: 990,
		DueDate: asaas.DateOf(time.Now().In(time.FixedZone("BRT", -3*3600))).AddDays(1)})
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(p.InvoiceURL, srv.URL+"/demo/asaas/i/"), p.InvoiceURL)

	resp, err := http.PostForm(p.InvoiceURL+"/pay", url.Values{"billingType": {"PIX"}})
	require.NoError(t, err)
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(page), "R$ 9,90")
	got, err := c.GetPayment(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, asaas.StatusReceived, got.Status)
}
