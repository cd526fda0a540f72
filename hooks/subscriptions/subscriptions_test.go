package subscriptions_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/deps"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/hooks/messaging"
	"github.com/bancada/bancada/hooks/subscriptions"
	"github.com/bancada/bancada/integrations/asaas"
)

// dv is the mod-11 check digit of Brazilian documents.
func dv(sum int) byte {
	if r := sum % 11; r >= 2 {
		return byte('0' + 11 - r)
	}
	return '0'
}

// cnpjFor returns a valid CNPJ built from n.
func cnpjFor(n int) string {
	s := fmt.Sprintf("%08d0001", n)
	for range 2 {
		sum := 0
		for i := 0; i < len(s); i++ {
			sum += int(s[i]-'0') * (2 + (len(s)-1-i)%8)
		}
		s += string(dv(sum))
	}
	return s
}

// plan returns a seeded plan by name.
func (h *harness) plan(name string) *collections.Plan {
	h.t.Helper()
	r, err := h.app.FindFirstRecordByData(collections.Plans, collections.PlanName, name)
	require.NoError(h.t, err)
	return collections.AsPlan(r)
}

// signup signs a shop up through the route and returns its tenant id.
func (h *harness) signup(n int, plan string) string {
	h.t.Helper()
	body := map[string]any{
		"shop":  map[string]any{"name": fmt.Sprintf("Assistência %d", n), "cnpj": cnpjFor(n), "email": fmt.Sprintf("loja%d@example.com", n), "phone": "(11) 98765-4321"},
		"owner": map[string]any{"name": "Dona Maria", "email": fmt.Sprintf("dona%d@example.com", n), "password": "senha-forte-123"},
	}
	if plan != "" {
		body["plan"] = h.plan(plan).Id
	}
	status, out := h.call(http.MethodPost, "/api/bancada/signup", nil, body)
	require.Equal(h.t, http.StatusOK, status, out["_raw"])
	return out["tenant"].(map[string]any)["id"].(string)
}

// sub returns the tenant's subscription.
func (h *harness) sub(tenantID string) *core.Record {
	h.t.Helper()
	r, err := h.app.FindFirstRecordByData(collections.Subscriptions, collections.SubscriptionTenant, tenantID)
	require.NoError(h.t, err)
	return r
}

// owner returns the tenant's first owner.
func (h *harness) owner(tenantID string) *core.Record {
	h.t.Helper()
	m, err := h.app.FindFirstRecordByFilter(collections.Memberships, "tenant = {:t} && role = 'owner'", dbx.Params{"t": tenantID})
	require.NoError(h.t, err)
	u, err := h.app.FindRecordById(collections.Users, m.GetString(collections.MembershipUser))
	require.NoError(h.t, err)
	return u
}

func day(r *core.Record, field string) string {
	t := r.GetDateTime(field).Time()
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func TestSignupCreatesTheShopsSubscriptionAtAsaasAfterTheTransaction(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withPlatform)
	calls := len(h.fake.Calls())
	tenantID := h.signup(101, "")
	require.Len(t, h.fake.Calls(), calls, "nothing called during the signup")
	s := h.sub(tenantID)
	require.Equal(t, string(collections.SubscriptionPending), s.GetString(collections.SubscriptionStatusField))
	rows := h.outbox(subscriptions.KindSubscriptionCreate)
	require.Len(t, rows, 1)
	require.Equal(t, tenantID, rows[0].GetString(collections.OutboxTenant))

	h.drainOutbox()
	s = h.reload(s)
	basic := h.plan("Básico")
	require.Equal(t, string(collections.SubscriptionActive), s.GetString(collections.SubscriptionStatusField))
	require.Equal(t, basic.Id, s.GetString(collections.SubscriptionPlan))
	customers := h.fake.Customers(h.platform)
	require.Len(t, customers, 1)
	require.Equal(t, cnpjFor(101), customers[0].CpfCnpj)
	require.Equal(t, tenantID, customers[0].ExternalReference)
	subs := h.fake.Subscriptions(h.platform)
	require.Len(t, subs, 1)
	require.Equal(t, "MONTHLY", subs[0].Cycle)
	require.Equal(t, basic.PriceCents(), subs[0].ValueCents)
	require.Equal(t, s.Id, subs[0].ExternalReference)
	require.Equal(t, subs[0].ID, s.GetString(collections.SubscriptionAsaasID))
	require.Equal(t, customers[0].ID, s.GetString(collections.SubscriptionAsaasCustomer))
	require.Equal(t, "2026-12-01", day(s, collections.SubscriptionNextDueDate), "first payment a week after signing up")
	for _, c := range h.fake.Calls()[calls:] {
		require.Equal(t, platformKey, c.APIKey, "the platform's key bills shops")
	}

	// A second creation attempt (the monitor retrying) adopts it.
	_, err := h.subs().RunMonitor(context.Background(), hooktest.Now)
	require.NoError(t, err)
	h.drainOutbox()
	require.Len(t, h.fake.Subscriptions(h.platform), 1)
}

func TestWithoutThePlatformKeyNothingIsBilled(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	tenantID := h.signup(102, "Profissional")
	require.Empty(t, h.outbox(subscriptions.KindSubscriptionCreate))
	require.Equal(t, string(collections.SubscriptionPending), h.sub(tenantID).GetString(collections.SubscriptionStatusField))
	status, body := h.call(http.MethodPost, "/api/bancada/subscription/cancel", h.owner(tenantID), map[string]any{"tenant": tenantID})
	require.Equal(t, http.StatusBadRequest, status, body["_raw"])
	require.Contains(t, body["message"], "não cobra assinaturas")
}

func TestChangingPlanUpdatesTheAsaasSubscription(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withPlatform)
	tenantID := h.signup(103, "Básico")
	h.drainOutbox()
	owner := h.owner(tenantID)
	pro := h.plan("Profissional")

	for _, tc := range []struct {
		who    *core.Record
		status int
	}{{nil, 401}, {h.f.A.Owner, 403}} {
		status, body := h.call(http.MethodPost, "/api/bancada/subscription/plan", tc.who, map[string]any{"tenant": tenantID, "plan": pro.Id})
		require.Equal(t, tc.status, status, body["_raw"])
	}
	status, body := h.call(http.MethodPost, "/api/bancada/subscription/plan", owner, map[string]any{"tenant": tenantID, "plan": "nope"})
	require.Equal(t, http.StatusBadRequest, status, body["_raw"])

	status, body = h.call(http.MethodPost, "/api/bancada/subscription/plan", owner, map[string]any{"tenant": tenantID, "plan": pro.Id})
	require.Equal(t, http.StatusOK, status, body["_raw"])
	s := h.sub(tenantID)
	require.Equal(t, pro.Id, s.GetString(collections.SubscriptionPlan))
	require.Equal(t, int(pro.PriceCents()), s.GetInt(collections.SubscriptionValueCents))
	tn, err := h.app.FindRecordById(collections.Tenants, tenantID)
	require.NoError(t, err)
	require.Equal(t, pro.Id, collections.AsTenant(tn).Plan())
	require.Len(t, h.outbox(subscriptions.KindSubscriptionUpdate), 1)

	h.drainOutbox()
	subs := h.fake.Subscriptions(h.platform)
	require.Equal(t, pro.PriceCents(), subs[0].ValueCents)
	require.Contains(t, subs[0].Description, "Profissional")
	pays := h.fake.Payments(h.platform)
	require.Len(t, pays, 1)
	require.Equal(t, pro.PriceCents(), pays[0].ValueCents, "the pending payment follows the plan")

	status, body = h.call(http.MethodPost, "/api/bancada/subscription/plan", owner, map[string]any{"tenant": tenantID, "plan": pro.Id})
	require.Equal(t, http.StatusBadRequest, status, body["_raw"])
	require.Contains(t, body["_raw"], "same_plan")

	// A plan too small for the team is refused.
	for i := range 3 {
		hooktest.NewStaff(t, h.app, tenantID, fmt.Sprintf("pessoa%d", i), collections.RoleAttendant)
	}
	status, body = h.call(http.MethodPost, "/api/bancada/subscription/plan", owner, map[string]any{"tenant": tenantID, "plan": h.plan("Básico").Id})
	require.Equal(t, http.StatusBadRequest, status, body["_raw"])
	require.Contains(t, body["_raw"], "tem 4")
}

func TestPlanLimitsAreEnforcedWithAClearMessage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a, b := h.f.A, h.f.B
	// A has four people; on Básico (three) nobody more gets in.
	ta := collections.AsTenant(h.reload(a.Tenant))
	ta.SetPlan(h.plan("Básico").Id)
	require.NoError(t, h.app.Save(ta))
	err := h.subs().CheckStaffLimit(h.app, a.ID())
	require.ErrorContains(t, err, "O plano Básico permite até 3 pessoas")
	status, body := h.call(http.MethodPost, "/api/bancada/staff", a.Owner, map[string]any{"tenant": a.ID(), "name": "Mais Um", "email": "maisum@example.com", "role": "attendant"})
	require.Equal(t, http.StatusBadRequest, status, body["_raw"])
	require.Contains(t, body["_raw"], subscriptions.CodeStaffLimit)
	require.Contains(t, body["_raw"], "troque de plano")
	require.NoError(t, h.subs().CheckStaffLimit(h.app, b.ID()), "no plan, no limit")

	// Two orders a month.
	col, err := h.app.FindCollectionByNameOrId(collections.Plans)
	require.NoError(t, err)
	small := core.NewRecord(col)
	small.Load(map[string]any{"name": "Mini", "price_cents": 1000, "max_orders_month": 2, "active": true})
	require.NoError(t, h.app.Save(small))
	tb := collections.AsTenant(h.reload(b.Tenant))
	tb.SetPlan(small.Id)
	require.NoError(t, h.app.Save(tb))
	newOrder := map[string]any{"tenant": b.ID(), "customer": b.Rec[collections.Customers].Id, "device": b.Rec[collections.Devices].Id, "problem": "Não liga"}
	status, body = h.call(http.MethodPost, "/api/collections/orders/records", b.Owner, newOrder)
	require.Equal(t, http.StatusOK, status, body["_raw"], "the fixture's order plus this one")
	status, body = h.call(http.MethodPost, "/api/collections/orders/records", b.Owner, newOrder)
	require.Equal(t, http.StatusBadRequest, status, body["_raw"])
	require.Contains(t, body["_raw"], subscriptions.CodeOrdersLimit)
	require.Contains(t, body["_raw"], "O plano Mini permite até 2 OS por mês")
	h.clock.Set(time.Date(2026, 12, 1, 3, 30, 0, 0, time.UTC)) // 00:30 in São Paulo: December
	status, body = h.call(http.MethodPost, "/api/collections/orders/records", b.Owner, newOrder)
	require.Equal(t, http.StatusOK, status, body["_raw"], "a new month")
}

func TestCancellingEndsTheSubscriptionAtThePeriodEnd(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withPlatform)
	tenantID := h.signup(104, "Básico")
	h.drainOutbox()
	owner := h.owner(tenantID)
	status, body := h.call(http.MethodPost, "/api/bancada/subscription/cancel", h.f.A.Owner, map[string]any{"tenant": tenantID})
	require.Equal(t, http.StatusForbidden, status, body["_raw"])
	status, body = h.call(http.MethodPost, "/api/bancada/subscription/cancel", owner, map[string]any{"tenant": tenantID})
	require.Equal(t, http.StatusOK, status, body["_raw"])
	require.Equal(t, "2026-12-01", body["endsAt"])
	require.Contains(t, body["message"], "01/12/2026")

	run := func(on time.Time) subscriptions.Report {
		rep, err := h.subs().RunMonitor(context.Background(), on)
		require.NoError(t, err)
		return rep
	}
	rep := run(time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC))
	require.Empty(t, rep.Cancelled, "the paid period is not over")
	tn, _ := h.app.FindRecordById(collections.Tenants, tenantID)
	require.True(t, collections.AsTenant(tn).Active())

	rep = run(time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC))
	require.Equal(t, []string{tenantID}, rep.Cancelled)
	tn, _ = h.app.FindRecordById(collections.Tenants, tenantID)
	require.False(t, collections.AsTenant(tn).Active())
	require.Contains(t, collections.AsTenant(tn).InactiveReason(), "Assinatura encerrada em 01/12/2026")
	require.Equal(t, string(collections.SubscriptionCancelled), h.sub(tenantID).GetString(collections.SubscriptionStatusField))
	h.drainOutbox()
	require.True(t, h.fake.Subscriptions(h.platform)[0].Deleted, "removed at Asaas")
	require.True(t, h.fake.Payments(h.platform)[0].Deleted, "with its pending payment")

	// Staff lose access; the owner can still choose a plan and come back.
	status, _ = h.call(http.MethodGet, "/api/bancada/asaas?tenant="+tenantID, owner, nil)
	require.Equal(t, http.StatusForbidden, status)
	status, body = h.call(http.MethodPost, "/api/bancada/subscription/plan", owner, map[string]any{"tenant": tenantID, "plan": h.plan("Básico").Id})
	require.Equal(t, http.StatusOK, status, body["_raw"])
	tn, _ = h.app.FindRecordById(collections.Tenants, tenantID)
	require.True(t, collections.AsTenant(tn).Active())
	h.drainOutbox()
	s := h.sub(tenantID)
	require.Equal(t, string(collections.SubscriptionActive), s.GetString(collections.SubscriptionStatusField))
	require.Len(t, h.fake.Subscriptions(h.platform), 2, "a new subscription")
	require.Equal(t, h.fake.Subscriptions(h.platform)[1].ID, s.GetString(collections.SubscriptionAsaasID))
}

// superuserAuth returns a platform operator.
func (h *harness) superuser() *core.Record {
	h.t.Helper()
	col, err := h.app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	require.NoError(h.t, err)
	r := core.NewRecord(col)
	r.SetEmail(fmt.Sprintf("op%d@example.com", hooktest.Uniq()))
	r.SetPassword("senha-forte-123")
	require.NoError(h.t, h.app.Save(r))
	return r
}

func TestPlatformWebhooksMoveSubscriptionsInRealTime(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withPlatform, func(d *deps.Deps) { d.Config.PlatformWhatsAppInstance = "bancada" })
	h.app.Settings().SMTP.Enabled = true
	h.app.Settings().Meta.SenderAddress = "cobranca@bancada.test"
	tenantID := h.signup(105, "Básico")
	h.drainOutbox()

	status, body := h.call(http.MethodPost, "/api/bancada/ops/billing/webhook", h.f.A.Owner, nil)
	require.Equal(t, http.StatusForbidden, status, body["_raw"], "operators only")
	status, body = h.call(http.MethodPost, "/api/bancada/ops/billing/webhook", h.superuser(), nil)
	require.Equal(t, http.StatusOK, status, body["_raw"])
	hooks := h.fake.Webhooks(h.platform)
	require.Len(t, hooks, 1)
	require.Equal(t, h.srv.URL+subscriptions.WebhookPath, hooks[0].URL)
	require.Equal(t, platformToken, hooks[0].AuthToken)

	payment := h.fake.Payments(h.platform)[0]
	dels, err := h.fake.OverduePayment(payment.ID)
	require.NoError(t, err)
	for _, d := range dels {
		require.True(t, d.OK(), d.Event)
	}
	h.drainInbox()
	s := h.sub(tenantID)
	require.Equal(t, string(collections.SubscriptionOverdue), s.GetString(collections.SubscriptionStatusField))
	require.Equal(t, "2026-12-01", day(s, collections.SubscriptionOverdueSince))
	require.Equal(t, payment.InvoiceURL, s.GetString(collections.SubscriptionPaymentLink))
	wa := h.outbox(messaging.KindSend)
	require.Len(t, wa, 1, "the owner is told on the platform's WhatsApp")
	require.Equal(t, messaging.PlatformLane, wa[0].GetString(collections.OutboxLane))
	require.Contains(t, wa[0].GetString(collections.OutboxPayload), "5511987654321")
	require.Contains(t, wa[0].GetString(collections.OutboxPayload), payment.InvoiceURL)
	require.Len(t, h.outbox(subscriptions.KindEmail), 1)
	h.drainOutbox()
	require.Equal(t, 1, h.app.TestMailer.TotalSend())
	msg := h.app.TestMailer.LastMessage()
	require.Contains(t, msg.Subject, "em atraso")
	require.Contains(t, msg.Text, payment.InvoiceURL)
	var to []string
	for _, a := range msg.To {
		to = append(to, a.Address)
	}
	require.ElementsMatch(t, []string{"loja105@example.com", "dona105@example.com"}, to)

	// Paid: active again, and the next due date moves a month.
	_, err = h.fake.ReceivePayment(payment.ID)
	require.NoError(t, err)
	h.drainInbox()
	s = h.sub(tenantID)
	require.Equal(t, string(collections.SubscriptionActive), s.GetString(collections.SubscriptionStatusField))
	require.Equal(t, "2027-01-01", day(s, collections.SubscriptionNextDueDate))
	require.Empty(t, day(s, collections.SubscriptionOverdueSince))

	// Removed at Asaas: the shop is deactivated, nothing deleted.
	c := asaas.New(h.fake.BaseURL(), platformKey)
	require.NoError(t, c.DeleteSubscription(context.Background(), s.GetString(collections.SubscriptionAsaasID)))
	h.fake.DeliverPending()
	h.drainInbox()
	require.Equal(t, string(collections.SubscriptionCancelled), h.sub(tenantID).GetString(collections.SubscriptionStatusField))
	tn, err := h.app.FindRecordById(collections.Tenants, tenantID)
	require.NoError(t, err)
	require.False(t, collections.AsTenant(tn).Active())
	for _, r := range h.webhookRows() {
		require.NotEqual(t, collections.WebhookFailed, r.GetString(collections.WebhookStatus), r.GetString(collections.WebhookEventType))
	}
}

func TestSubscriptionEventsInBothDateFormats(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withPlatform)
	cases := []struct {
		shop             *hooktest.Shop
		asaasID          string
		dateCreated, due string
	}{
		{h.f.A, "sub_legacy", "24/11/2026", "15/12/2026"}, // before 2026-02-02
		{h.f.B, "sub_iso", "2026-11-24", "2026-12-15"},    // after
	}
	for i, tc := range cases {
		s := h.reload(tc.shop.Rec[collections.Subscriptions])
		s.Set(collections.SubscriptionAsaasID, tc.asaasID)
		require.NoError(t, h.app.Save(s))
		created := fmt.Sprintf(`{"id":"evt_sub_%d","event":"SUBSCRIPTION_CREATED","dateCreated":"2026-11-24 10:00:00",`+
			`"subscription":{"object":"subscription","id":%q,"dateCreated":%q,"customer":"cus_1","billingType":"UNDEFINED",`+
			`"cycle":"MONTHLY","value":79.9,"nextDueDate":%q,"endDate":null,"status":"ACTIVE","deleted":false}}`,
			i, tc.asaasID, tc.dateCreated, tc.due)
		require.Equal(t, http.StatusOK, h.post(subscriptions.WebhookPath, platformToken, []byte(created)))
		h.drainInbox()
		s = h.reload(s)
		require.Equal(t, "2026-12-15", day(s, collections.SubscriptionNextDueDate), tc.asaasID)
		require.Equal(t, 7990, s.GetInt(collections.SubscriptionValueCents))

		deleted := fmt.Sprintf(`{"id":"evt_subdel_%d","event":"SUBSCRIPTION_DELETED","dateCreated":"2026-11-24 11:00:00",`+
			`"subscription":{"object":"subscription","id":%q,"dateCreated":%q,"customer":"cus_1","billingType":"UNDEFINED",`+
			`"cycle":"MONTHLY","value":79.9,"nextDueDate":%q,"status":"INACTIVE","deleted":true}}`, i, tc.asaasID, tc.dateCreated, tc.due)
		require.Equal(t, http.StatusOK, h.post(subscriptions.WebhookPath, platformToken, []byte(deleted)))
		h.drainInbox()
		require.Equal(t, string(collections.SubscriptionCancelled), h.reload(s).GetString(collections.SubscriptionStatusField), tc.asaasID)
	}
	for _, r := range h.webhookRows() {
		require.Equal(t, collections.WebhookProcessed, r.GetString(collections.WebhookStatus), r.GetString(collections.WebhookEventKey))
	}
}
