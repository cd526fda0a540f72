package webhooksout_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
)

// An order created and moved: the shop's receiver gets both events, each
// signed with the endpoint's secret at the attempt's time, with the event
// id in the header and the body, and the log shows them delivered.
func TestOrderEventsReachTheReceiverSigned(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.F.A
	rcv := newReceiver(t)
	endpointID, secret := e.endpoint(t, a, rcv.URL+"/bancada",
		collections.EventOrderCreated, collections.EventOrderStatusChanged)

	order := hooktest.NewOrder(t, e.App, a.ID(), a.Rec[collections.Customers].Id, a.Rec[collections.Devices].Id)
	order.Set(collections.OrderStatusField, string(collections.StatusDiagnosing))
	require.NoError(t, e.App.Save(order))
	require.Empty(t, rcv.requests(), "nothing is sent inside the transaction")
	e.drain(t)

	got := rcv.requests()
	require.Len(t, got, 2)
	now := e.Clock.Now()
	wantTypes := []string{"order.created", "order.status_changed"}
	ids := map[string]bool{}
	for i, r := range got {
		require.NoError(t, verify(secret, r.Header, r.Body, now, 5*time.Minute), "request %d", i)
		ev := r.event(t)
		assert.Equal(t, wantTypes[i], ev.Type)
		assert.Equal(t, ev.ID, r.Header.Get("Bancada-Webhook-Id"))
		assert.Regexp(t, `^evt_[0-9a-f]{24}$`, ev.ID)
		assert.Equal(t, strconv.FormatInt(hooktest.Now.Unix(), 10), r.Header.Get("Bancada-Webhook-Timestamp"))
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		assert.Equal(t, a.ID(), ev.Tenant)
		assert.Equal(t, order.Id, ev.Data["id"])
		assert.EqualValues(t, order.GetInt(collections.OrderNumber), ev.Data["number"])
		assert.NotContains(t, string(r.Body), order.GetString(collections.OrderTrackingToken), "the tracking token stays private")
		ids[ev.ID] = true
	}
	assert.Len(t, ids, 2, "one id per event")
	assert.Equal(t, "received", got[0].event(t).Data["status"])
	assert.Equal(t, "diagnosing", got[1].event(t).Data["status"])
	assert.Equal(t, "received", got[1].event(t).Data["previous_status"])
	assert.Equal(t, errSignature, verify("whsec_outro", got[0].Header, got[0].Body, now, 5*time.Minute), "another secret does not verify")

	log := deliveries(t, e.App, a.ID())
	n := 0
	for _, d := range log {
		if d.GetString(collections.DeliveryEndpoint) != endpointID {
			continue
		}
		n++
		assert.Equal(t, "delivered", d.GetString(collections.DeliveryStatus))
		assert.Equal(t, 1, d.GetInt(collections.DeliveryAttempts))
		assert.Equal(t, 200, d.GetInt(collections.DeliveryLastStatusCode))
		assert.False(t, d.GetDateTime(collections.DeliveryDeliveredAt).IsZero())
		assert.True(t, ids[d.GetString(collections.DeliveryEventID)])
	}
	assert.Equal(t, 2, n)

	// Unsubscribed events queue nothing.
	hooktest.NewCustomer(t, e.App, a.ID(), "Sem webhook")
	e.drain(t)
	assert.Len(t, rcv.requests(), 2)
}

// Every event type an owner can pick arrives, in order, from the change
// that causes it.
func TestEveryEventType(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.F.A
	rcv := newReceiver(t)
	_, secret := e.endpoint(t, a, rcv.URL, collections.WebhookEventTypes...)

	cust := hooktest.NewCustomer(t, e.App, a.ID(), "Maria Souza")
	dev := hooktest.NewDevice(t, e.App, a.ID(), cust.Id)
	order := hooktest.NewOrder(t, e.App, a.ID(), cust.Id, dev.Id)
	order.Set(collections.OrderQuoteLines, []map[string]any{{"kind": "labor", "description": "Troca de tela", "quantity": 1, "unit_cents": 5000}})
	require.NoError(t, e.App.Save(order))
	hooktest.NewRecord(t, e.App, collections.Payments, hooktest.PaymentBody(a.ID(), order.Id, ""))
	ap := hooktest.NewRecord(t, e.App, collections.Appointments, hooktest.AppointmentBody(a.ID(), cust.Id))
	ap.Set(collections.AppointmentStatus, string(collections.AppointmentCancelled))
	require.NoError(t, e.App.Save(ap))
	hooktest.NewRecord(t, e.App, collections.Messages, map[string]any{"tenant": a.ID(),
		"conversation": a.Rec[collections.Conversations].Id, "direction": "in", "author": "customer", "text": "oi, bom dia", "status": "received"})
	hooktest.NewRecord(t, e.App, collections.Messages, map[string]any{"tenant": a.ID(),
		"conversation": a.Rec[collections.Conversations].Id, "direction": "out", "author": "bot", "text": "Olá!", "status": "queued"})
	e.drain(t)

	var types []string
	for _, r := range rcv.requests() {
		require.NoError(t, verify(secret, r.Header, r.Body, e.Clock.Now(), 5*time.Minute))
		types = append(types, r.event(t).Type)
	}
	assert.Equal(t, []string{"customer.created", "order.created", "order.paid", "appointment.booked",
		"appointment.cancelled", "message.received"}, types)
	for _, r := range rcv.requests() {
		ev := r.event(t)
		switch ev.Type {
		case "order.paid":
			assert.EqualValues(t, 5000, ev.Data["paid_cents"])
			assert.EqualValues(t, 5000, ev.Data["total_cents"])
		case "message.received":
			assert.Equal(t, "oi, bom dia", ev.Data["text"])
		case "customer.created":
			assert.Equal(t, "Maria Souza", ev.Data["name"])
		}
	}
}

// A receiver answering 500: the delivery is retried with backoff (the
// same event id each time, a fresh signature), then given up and shown
// failed in the log with its last status; the owner re-sends it and it
// arrives, the same event with a new timestamp.
func TestFailingReceiverRetriesThenFailsThenResend(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.F.A
	rcv := newReceiver(t)
	rcv.answer(http.StatusInternalServerError)
	_, secret := e.endpoint(t, a, rcv.URL, collections.EventCustomerCreated)

	hooktest.NewCustomer(t, e.App, a.ID(), "Cliente novo")
	e.drain(t)
	require.Len(t, rcv.requests(), 1)
	e.drain(t)
	require.Len(t, rcv.requests(), 1, "the retry waits for its backoff")
	pending, err := e.App.FindFirstRecordByData(collections.WebhookDeliveries, collections.DeliveryEventType, collections.EventCustomerCreated)
	require.NoError(t, err)
	status, raw := hooktest.Call(t, e.URL, http.MethodPost, "/api/bancada/webhooks/deliveries/"+pending.Id+"/resend", a.Owner, map[string]any{})
	require.Equal(t, http.StatusConflict, status, "still being retried: %s", raw)
	// The schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
	waits := []time.Duration{5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 5 * time.Hour, 10 * time.Hour, 10 * time.Hour}
	for i, w := range waits {
		e.Clock.Add(w - time.Second)
		e.drain(t)
		require.Len(t, rcv.requests(), i+1, "not before its time (attempt %d)", i+2)
		e.Clock.Add(time.Second)
		e.drain(t)
		got := rcv.requests()
		require.Len(t, got, i+2, "attempt %d on time", i+2)
		r := got[len(got)-1]
		require.NoError(t, verify(secret, r.Header, r.Body, e.Clock.Now(), time.Second), "signed at the attempt's time")
	}
	e.Clock.Add(48 * time.Hour)
	e.drain(t)
	got := rcv.requests()
	require.Len(t, got, 8, "eight attempts, then the dead letter")
	id := got[0].event(t).ID
	for _, r := range got {
		assert.Equal(t, id, r.Header.Get("Bancada-Webhook-Id"))
	}
	assert.NotEqual(t, got[0].Header.Get("Bancada-Webhook-Signature"), got[7].Header.Get("Bancada-Webhook-Signature"))

	d, err := e.App.FindRecordById(collections.WebhookDeliveries, pending.Id)
	require.NoError(t, err)
	require.Equal(t, id, d.GetString(collections.DeliveryEventID))
	assert.Equal(t, "failed", d.GetString(collections.DeliveryStatus))
	assert.Equal(t, 8, d.GetInt(collections.DeliveryAttempts))
	assert.Equal(t, 500, d.GetInt(collections.DeliveryLastStatusCode))
	assert.Equal(t, "O receptor respondeu 500.", d.GetString(collections.DeliveryLastError))
	row, err := e.App.FindFirstRecordByData(collections.Outbox, collections.OutboxIdempotencyKey, "webhook:"+d.Id)
	require.NoError(t, err)
	assert.Equal(t, collections.OutboxDead, row.GetString(collections.OutboxStatus))

	// The receiver is fixed; the owner re-sends from the log.
	rcv.answer(http.StatusOK)
	e.Clock.Add(time.Hour)
	status, raw = hooktest.Call(t, e.URL, http.MethodPost, "/api/bancada/webhooks/deliveries/"+d.Id+"/resend", a.Owner, map[string]any{})
	require.Equal(t, http.StatusOK, status, string(raw))
	e.drain(t)
	got = rcv.requests()
	require.Len(t, got, 9)
	resent := got[8]
	assert.Equal(t, id, resent.Header.Get("Bancada-Webhook-Id"), "the same event: the receiver deduplicates")
	assert.Equal(t, string(got[0].Body), string(resent.Body))
	assert.Equal(t, strconv.FormatInt(e.Clock.Now().Unix(), 10), resent.Header.Get("Bancada-Webhook-Timestamp"))
	require.NoError(t, verify(secret, resent.Header, resent.Body, e.Clock.Now(), 5*time.Minute))
	d, err = e.App.FindRecordById(collections.WebhookDeliveries, d.Id)
	require.NoError(t, err)
	assert.Equal(t, "delivered", d.GetString(collections.DeliveryStatus))
	assert.Equal(t, 9, d.GetInt(collections.DeliveryAttempts))
	assert.Equal(t, 200, d.GetInt(collections.DeliveryLastStatusCode))
	assert.Equal(t, "", d.GetString(collections.DeliveryLastError))
}

// A captured delivery replayed later fails the receiver's window check;
// a body changed in transit fails the signature.
func TestReceiverDetectsReplayAndTampering(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.F.A
	rcv := newReceiver(t)
	_, secret := e.endpoint(t, a, rcv.URL, collections.EventCustomerCreated)
	hooktest.NewCustomer(t, e.App, a.ID(), "Cliente")
	e.drain(t)
	got := rcv.requests()
	require.Len(t, got, 1)
	r := got[0]
	sent := hooktest.Now
	require.NoError(t, verify(secret, r.Header, r.Body, sent.Add(4*time.Minute), 5*time.Minute))
	assert.Equal(t, errReplay, verify(secret, r.Header, r.Body, sent.Add(6*time.Minute), 5*time.Minute), "replayed six minutes later")
	assert.Equal(t, errReplay, verify(secret, r.Header, r.Body, sent.Add(-6*time.Minute), 5*time.Minute), "from the future")
	tampered := []byte(string(r.Body[:len(r.Body)-1]) + " }")
	assert.Equal(t, errSignature, verify(secret, r.Header, tampered, sent, 5*time.Minute))
	// Moving the timestamp into the window breaks the signature.
	h := r.Header.Clone()
	h.Set("Bancada-Webhook-Timestamp", strconv.FormatInt(sent.Add(10*time.Minute).Unix(), 10))
	assert.Equal(t, errSignature, verify(secret, h, r.Body, sent.Add(10*time.Minute), 5*time.Minute))
}

// Shop B never reaches A's endpoints or log, and an endpoint of A never
// gets B's events.
func TestWebhooksKeepShopsApart(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, b := e.F.A, e.F.B
	rcvA, rcvB := newReceiver(t), newReceiver(t)
	endpointA, secretA := e.endpoint(t, a, rcvA.URL, collections.EventOrderCreated)
	_, secretB := e.endpoint(t, b, rcvB.URL, collections.EventOrderCreated)

	hooktest.NewOrder(t, e.App, b.ID(), b.Rec[collections.Customers].Id, b.Rec[collections.Devices].Id)
	e.drain(t)
	require.Empty(t, rcvA.requests(), "A's endpoint gets nothing of B")
	require.Len(t, rcvB.requests(), 1)
	require.NoError(t, verify(secretB, rcvB.requests()[0].Header, rcvB.requests()[0].Body, e.Clock.Now(), time.Minute))
	require.Equal(t, errSignature, verify(secretA, rcvB.requests()[0].Header, rcvB.requests()[0].Body, e.Clock.Now(), time.Minute))

	hooktest.NewOrder(t, e.App, a.ID(), a.Rec[collections.Customers].Id, a.Rec[collections.Devices].Id)
	e.drain(t)
	require.Len(t, rcvA.requests(), 1)
	require.Len(t, rcvB.requests(), 1, "B's endpoint gets nothing of A")
	dA, err := e.App.FindFirstRecordByData(collections.WebhookDeliveries, collections.DeliveryEndpoint, endpointA)
	require.NoError(t, err)
	lastA := dA.Id

	// B's owner, naming A or not, sees none of A's endpoints or deliveries
	// and cannot act on them.
	for _, path := range []string{
		"/api/collections/webhook_endpoints/records?perPage=500",
		"/api/collections/webhook_endpoints/records?perPage=500&filter=tenant='" + a.ID() + "'",
		"/api/collections/webhook_deliveries/records?perPage=500",
	} {
		status, raw := hooktest.Call(t, e.URL, http.MethodGet, path, b.Owner, nil)
		require.Contains(t, []int{200, 403}, status, string(raw))
		assert.NotContains(t, string(raw), endpointA, path)
		assert.NotContains(t, string(raw), lastA, path)
		assert.NotContains(t, string(raw), a.ID(), path)
	}
	for _, path := range []string{
		"/api/bancada/webhooks/" + endpointA + "/rotate",
		"/api/bancada/webhooks/" + endpointA + "/test",
		"/api/bancada/webhooks/deliveries/" + lastA + "/resend",
	} {
		status, raw := hooktest.Call(t, e.URL, http.MethodPost, path, b.Owner, map[string]any{})
		assert.Equal(t, http.StatusNotFound, status, "%s: %s", path, raw)
	}
	status, raw := hooktest.Call(t, e.URL, http.MethodPost, "/api/bancada/webhooks?tenant="+a.ID(), b.Owner,
		map[string]any{"url": rcvB.URL, "events": []string{"order.created"}})
	assert.Equal(t, http.StatusForbidden, status, string(raw))
	e.drain(t)
	require.Len(t, rcvA.requests(), 1, "B's attempts sent nothing to A's endpoint")
}

// A receiver that asks to slow down (429 with Retry-After) is retried
// when it said, not on the schedule.
func TestRetryAfterIsHonoured(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.F.A
	rcv := newReceiver(t)
	rcv.answer(http.StatusTooManyRequests)
	rcv.header = http.Header{"Retry-After": []string{"120"}}
	e.endpoint(t, a, rcv.URL, collections.EventCustomerCreated)
	hooktest.NewCustomer(t, e.App, a.ID(), "Cliente")
	e.drain(t)
	require.Len(t, rcv.requests(), 1)
	e.Clock.Add(119 * time.Second)
	e.drain(t)
	require.Len(t, rcv.requests(), 1, "not before the 120 s it asked for (the schedule says 5 s)")
	e.Clock.Add(time.Second)
	e.drain(t)
	require.Len(t, rcv.requests(), 2)
}
