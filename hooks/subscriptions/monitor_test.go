package subscriptions_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
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

// billed is a shop whose subscription lives in the platform's fake
// account, first payment due on due.
type billed struct {
	shop    *hooktest.Shop
	sub     *core.Record
	asaas   *asaas.Subscription
	payment string // the first payment's id
}

// billShop creates the shop's subscription in the platform's account and
// links the shop's record to it (what the creation delivery does).
func (h *harness) billShop(name string, n int, due asaas.Date) *billed {
	h.t.Helper()
	shop := h.lightShop(name)
	ctx := context.Background()
	c := asaas.New(h.fake.BaseURL(), platformKey)
	cust, err := c.CreateCustomer(ctx, asaas.Customer{Name: "Loja " + name, CpfCnpj: cnpjFor(n), ExternalReference: shop.ID()})
	require.NoError(h.t, err)
	s := h.reload(shop.Rec[collections.Subscriptions])
	as, err := c.CreateSubscription(ctx, asaas.SubscriptionRequest{Customer: cust.ID, BillingType: asaas.BillingUndefined,
		ValueCents: 7990, NextDueDate: due, Cycle: asaas.CycleMonthly, ExternalReference: s.Id})
	require.NoError(h.t, err)
	s.Set(collections.SubscriptionAsaasID, as.ID)
	s.Set(collections.SubscriptionAsaasCustomer, cust.ID)
	s.Set(collections.SubscriptionNextDueDate, due.Time(time.UTC))
	require.NoError(h.t, h.app.Save(s))
	var pay string
	for _, p := range h.fake.Payments(h.platform) {
		if p.Subscription == as.ID {
			pay = p.ID
		}
	}
	require.NotEmpty(h.t, pay)
	return &billed{shop: shop, sub: s, asaas: as, payment: pay}
}

// lightShop is a shop with only what billing reads: the tenant and its
// subscription (active), no staff.
func (h *harness) lightShop(name string) *hooktest.Shop {
	h.t.Helper()
	tn, err := collections.NewTenant(h.app)
	require.NoError(h.t, err)
	tn.SetName("Loja " + name)
	tn.SetCNPJ(fmt.Sprintf("%014d", hooktest.Uniq()))
	tn.SetEmail("loja" + strings.ToLower(name) + "@example.com")
	tn.SetPhone("5511987650000")
	require.NoError(h.t, h.app.Save(tn))
	s := hooktest.NewRecord(h.t, h.app, collections.Subscriptions, map[string]any{
		"tenant": tn.Id, "status": "active", "value_cents": 7990})
	return &hooktest.Shop{Tenant: tn.Record, Rec: map[string]*core.Record{collections.Subscriptions: s}}
}

func (h *harness) set(r *core.Record, data map[string]any) {
	h.t.Helper()
	fresh := h.reload(r)
	for k, v := range data {
		fresh.Set(k, v)
	}
	require.NoError(h.t, h.app.Save(fresh))
}

func (h *harness) active(tenantID string) bool {
	h.t.Helper()
	r, err := h.app.FindRecordById(collections.Tenants, tenantID)
	require.NoError(h.t, err)
	return collections.AsTenant(r).Active()
}

func ids(bs ...*billed) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = b.shop.ID()
	}
	return out
}

func TestMonitorOverAMixOfShops(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withPlatform, func(d *deps.Deps) { d.Config.PlatformWhatsAppInstance = "bancada" })
	h.app.Settings().SMTP.Enabled = true
	d := asaas.MustParseDate
	now := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC) // 06:00 in São Paulo

	upToDate := h.billShop("EmDia", 201, d("2026-12-20"))
	within := h.billShop("AtrasadaNoPrazo", 202, d("2026-12-01")) // 4 days late
	_, err := h.fake.OverduePayment(within.payment)
	require.NoError(t, err)
	past := h.billShop("AtrasadaDemais", 203, d("2026-11-24")) // 11 days late, grace is 7
	_, err = h.fake.OverduePayment(past.payment)
	require.NoError(t, err)
	h.set(past.sub, map[string]any{"status": "overdue", "overdue_since": "2026-11-24 00:00:00.000Z", "last_notified_at": "2026-12-04 09:00:00.000Z"})
	gone := h.billShop("CanceladaNoAsaas", 204, d("2026-12-10"))
	require.NoError(t, asaas.New(h.fake.BaseURL(), platformKey).DeleteSubscription(context.Background(), gone.asaas.ID))
	leaving := h.billShop("CancelouNoFimDoPeriodo", 205, d("2026-12-01"))
	h.set(leaving.sub, map[string]any{"cancel_at_period_end": true})
	recovered := h.billShop("Recuperada", 206, d("2026-11-24"))
	_, err = h.fake.ReceivePayment(recovered.payment)
	require.NoError(t, err)
	h.set(recovered.sub, map[string]any{"status": "suspended", "overdue_since": "2026-11-24 00:00:00.000Z", "deactivated_at": "2026-12-02 09:00:00.000Z"})
	h.set(recovered.shop.Tenant, map[string]any{"active": false, "inactive_reason": "Mensalidade vencida"})
	switchedOff := h.billShop("DesligadaPeloOperador", 207, d("2026-12-20"))
	h.set(switchedOff.shop.Tenant, map[string]any{"active": false, "inactive_reason": "Suspensa pelo suporte"})
	fresh := h.lightShop("Nova")
	h.set(fresh.Rec[collections.Subscriptions], map[string]any{"status": "pending", "value_cents": 7990})

	rep, err := h.subs().RunMonitor(context.Background(), now)
	require.NoError(t, err)
	require.Empty(t, rep.Errors)
	require.True(t, rep.Reconciled)
	require.Equal(t, 3, rep.AsaasPages, "three listings, not one call per shop")
	require.Equal(t, 11, rep.Checked, "A, B, C of the fixture and the eight above")
	require.Equal(t, ids(within), rep.Notified)
	require.Equal(t, ids(past), rep.Deactivated)
	require.ElementsMatch(t, ids(gone, leaving), rep.Cancelled)
	require.Equal(t, ids(recovered), rep.Reactivated)
	require.Equal(t, ids(recovered), rep.Recovered)
	require.Equal(t, []string{fresh.ID()}, rep.Created)

	for _, tc := range []struct {
		b      *billed
		active bool
		status collections.SubscriptionStatus
	}{
		{upToDate, true, collections.SubscriptionActive},
		{within, true, collections.SubscriptionOverdue},
		{past, false, collections.SubscriptionSuspended},
		{gone, false, collections.SubscriptionCancelled},
		{leaving, false, collections.SubscriptionCancelled},
		{recovered, true, collections.SubscriptionActive},
		{switchedOff, false, collections.SubscriptionActive},
	} {
		require.Equal(t, tc.active, h.active(tc.b.shop.ID()), tc.b.shop.Tenant.GetString("name"))
		require.Equal(t, string(tc.status), h.reload(tc.b.sub).GetString(collections.SubscriptionStatusField), tc.b.shop.Tenant.GetString("name"))
	}
	// The fixture's shops (no Asaas subscription) are left as they were.
	require.True(t, h.active(h.f.A.ID()))
	require.False(t, h.active(h.f.C.ID()))

	// Details: due dates, links, reasons.
	require.Equal(t, "2026-12-20", day(h.reload(upToDate.sub), collections.SubscriptionNextDueDate))
	w := h.reload(within.sub)
	require.Equal(t, "2026-12-01", day(w, collections.SubscriptionOverdueSince))
	p, _ := h.fake.Payment(within.payment)
	require.Equal(t, p.InvoiceURL, w.GetString(collections.SubscriptionPaymentLink))
	r := h.reload(recovered.sub)
	require.Equal(t, "2026-12-24", day(r, collections.SubscriptionNextDueDate), "the next payment, generated when the last was")
	require.Empty(t, day(r, collections.SubscriptionOverdueSince))
	pt, err := h.app.FindRecordById(collections.Tenants, past.shop.ID())
	require.NoError(t, err)
	require.Contains(t, collections.AsTenant(pt).InactiveReason(), "Mensalidade vencida em 24/11/2026")
	rt, err := h.app.FindRecordById(collections.Tenants, recovered.shop.ID())
	require.NoError(t, err)
	require.Empty(t, collections.AsTenant(rt).InactiveReason())
	sw, err := h.app.FindRecordById(collections.Tenants, switchedOff.shop.ID())
	require.NoError(t, err)
	require.Equal(t, "Suspensa pelo suporte", collections.AsTenant(sw).InactiveReason(), "billing never undoes an operator")

	// Who was told what, on which channel.
	told := map[string][]string{}
	for _, row := range h.outbox(messaging.KindSend) {
		require.Equal(t, messaging.PlatformLane, row.GetString(collections.OutboxLane))
		told[row.GetString(collections.OutboxTenant)] = append(told[row.GetString(collections.OutboxTenant)], row.GetString(collections.OutboxPayload))
	}
	require.Len(t, told, 5, "late, deactivated, two cancelled, reactivated")
	require.Contains(t, told[within.shop.ID()][0], "venceu em 01/12/2026")
	require.Contains(t, told[within.shop.ID()][0], p.InvoiceURL)
	require.Contains(t, told[within.shop.ID()][0], "desativada em 09/12/2026")
	require.Contains(t, told[past.shop.ID()][0], "foi desativada")
	require.Contains(t, told[gone.shop.ID()][0], "assinatura")
	require.Contains(t, told[recovered.shop.ID()][0], "ativa de novo")
	require.Len(t, h.outbox(subscriptions.KindEmail), 5)
	deletes := h.outbox(subscriptions.KindSubscriptionDelete)
	require.Len(t, deletes, 1, "only the owner's cancellation is removed at Asaas; the other is gone already")
	require.Contains(t, deletes[0].GetString(collections.OutboxPayload), leaving.asaas.ID)
	require.Len(t, h.outbox(subscriptions.KindSubscriptionCreate), 1)

	// Each action is in the shop's audit log, and the run is summed up.
	require.Contains(t, h.auditActions(past.shop.ID()), subscriptions.ActionDeactivate)
	require.Contains(t, h.auditActions(recovered.shop.ID()), subscriptions.ActionReactivate)
	require.Contains(t, h.auditActions(within.shop.ID()), subscriptions.ActionBillingNotice)
	require.Contains(t, h.auditActions(gone.shop.ID()), subscriptions.ActionSubscriptionEnd)
	runs, err := h.app.FindAllRecords(collections.AuditLog, dbx.HashExp{"action": subscriptions.ActionMonitorRun})
	require.NoError(t, err)
	require.Len(t, runs, 1)
	require.Empty(t, runs[0].GetString(collections.AuditTenant))
	require.Contains(t, runs[0].GetString(collections.AuditChanges), past.shop.ID())
	require.Equal(t, now.Format(time.DateOnly), day(h.reload(upToDate.sub), collections.SubscriptionLastCheckedAt))

	// Running again the same day does nothing new.
	again, err := h.subs().RunMonitor(context.Background(), now.Add(2*time.Hour))
	require.NoError(t, err)
	require.Empty(t, again.Notified)
	require.Empty(t, again.Deactivated)
	require.Empty(t, again.Cancelled)
	require.Empty(t, again.Reactivated)
	require.Len(t, h.outbox(messaging.KindSend), 5)

	// The next day the late shop is reminded; past the grace, switched off.
	next, err := h.subs().RunMonitor(context.Background(), now.Add(24*time.Hour))
	require.NoError(t, err)
	require.Equal(t, ids(within), next.Notified)
	last, err := h.subs().RunMonitor(context.Background(), time.Date(2026, 12, 9, 9, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	require.Equal(t, ids(within), last.Deactivated)
	require.False(t, h.active(within.shop.ID()))

	// It pays: the webhook reactivates it at once.
	hooks := h.fake.Webhooks(h.platform)
	require.Empty(t, hooks)
	status, body := h.call(http.MethodPost, "/api/bancada/ops/billing/webhook", h.superuser(), nil)
	require.Equal(t, http.StatusOK, status, body["_raw"])
	_, err = h.fake.ReceivePayment(within.payment)
	require.NoError(t, err)
	h.drainInbox()
	require.True(t, h.active(within.shop.ID()))
	require.Equal(t, string(collections.SubscriptionActive), h.reload(within.sub).GetString(collections.SubscriptionStatusField))
}

func TestMonitorWithoutAsaasStillAppliesTheGracePeriod(t *testing.T) {
	t.Parallel()
	h := newHarness(t) // no platform key: nothing to reconcile with
	a := h.f.A
	h.set(a.Rec[collections.Subscriptions], map[string]any{"status": "overdue", "overdue_since": "2026-11-20 00:00:00.000Z"})
	rep, err := h.subs().RunMonitor(context.Background(), time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	require.False(t, rep.Reconciled)
	require.Equal(t, []string{a.ID()}, rep.Notified, "6 days late")
	require.True(t, h.active(a.ID()))
	rep, err = h.subs().RunMonitor(context.Background(), time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	require.Equal(t, []string{a.ID()}, rep.Deactivated, "8 days late")
	require.False(t, h.active(a.ID()))
	// The bot and the staff app read the tenant: it is off, with the reason.
	status, body := h.call(http.MethodGet, "/api/collections/orders/records", a.Attend, nil)
	require.Equal(t, http.StatusOK, status)
	require.Len(t, body["items"], 0, "staff lose access")
}

func TestOperatorsRunTheMonitorOnDemand(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withPlatform)
	status, body := h.call(http.MethodPost, "/api/bancada/ops/billing/run", h.f.A.Owner, nil)
	require.Equal(t, http.StatusForbidden, status, body["_raw"])
	status, body = h.call(http.MethodPost, "/api/bancada/ops/billing/run", h.superuser(), nil)
	require.Equal(t, http.StatusOK, status, body["_raw"])
	require.Equal(t, true, body["reconciled"])
	require.EqualValues(t, 3, body["checked"])
}
