package subscriptions_test

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/subscriptions"
	"github.com/bancada/bancada/integrations/asaas"
)

// Benchmark of the billing monitor (its row in docs/benchmarks.md). Run
// it with:
//
//	go test ./hooks/subscriptions/ -run '^$' -bench Monitor10k -benchtime 1x -timeout 30m
//
// BenchmarkMonitor10k ignores b.N (its setup of 10,000 shops is the cost;
// with -benchtime Nx, N > 1, Go would run it twice): it times the first
// run (reconciling from scratch) and the next day's, as metrics. On a
// shared machine read the cpu-* metrics: wall time includes neighbours.

// cpuTime is the CPU time this process has used (user + system): on a
// shared, busy machine it measures the work, where wall time measures the
// neighbours too.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkMonitor10k measures one run of the billing monitor over 10,000
// shops billed in the platform's (fake) Asaas account over real HTTP:
// 9,000 up to date, 500 late within the grace period, 300 late beyond it,
// 100 removed at Asaas and 100 that paid after being deactivated.
func BenchmarkMonitor10k(b *testing.B) {
	const shops = 10000
	h := newHarness(b, withPlatform)
	ctx := context.Background()
	c := asaas.New(h.fake.BaseURL(), platformKey)
	d := asaas.MustParseDate

	type plan struct {
		due  asaas.Date
		kind string
	}
	kindOf := func(i int) plan {
		switch {
		case i < 500:
			return plan{d("2026-12-01"), "within"}
		case i < 800:
			return plan{d("2026-11-24"), "past"}
		case i < 900:
			return plan{d("2026-12-10"), "gone"}
		case i < 1000:
			return plan{d("2026-11-24"), "recovered"}
		}
		return plan{d("2026-12-20"), "ok"}
	}
	subsCol, err := h.app.FindCollectionByNameOrId(collections.Subscriptions)
	require.NoError(b, err)
	type made struct{ tenant, sub, asaasSub, kind string }
	all := make([]made, 0, shops)
	err = h.app.RunInTransaction(func(tx core.App) error {
		for i := range shops {
			tn, err := collections.NewTenant(tx)
			if err != nil {
				return err
			}
			tn.SetName(fmt.Sprintf("Loja %d", i))
			tn.SetCNPJ(fmt.Sprintf("%014d", 90000000+i))
			tn.SetEmail(fmt.Sprintf("loja%d@example.com", i))
			tn.SetPhone("5511987650000")
			if err := tx.Save(tn); err != nil {
				return err
			}
			s := core.NewRecord(subsCol)
			s.Load(map[string]any{"tenant": tn.Id, "status": "active", "value_cents": 7990})
			if err := tx.Save(s); err != nil {
				return err
			}
			all = append(all, made{tenant: tn.Id, sub: s.Id, kind: kindOf(i).kind})
		}
		return nil
	})
	require.NoError(b, err)

	for i := range all {
		p := kindOf(i)
		cust, err := c.CreateCustomer(ctx, asaas.Customer{Name: "Loja", CpfCnpj: cnpjFor(500000 + i)})
		require.NoError(b, err)
		as, err := c.CreateSubscription(ctx, asaas.SubscriptionRequest{Customer: cust.ID, BillingType: asaas.BillingUndefined,
			ValueCents: 7990, NextDueDate: p.due, Cycle: asaas.CycleMonthly, ExternalReference: all[i].sub})
		require.NoError(b, err)
		all[i].asaasSub = as.ID
	}
	pays := map[string]string{}
	for _, p := range h.fake.Payments(h.platform) {
		pays[p.Subscription] = p.ID
	}
	err = h.app.RunInTransaction(func(tx core.App) error {
		for _, m := range all {
			s, err := tx.FindRecordById(collections.Subscriptions, m.sub)
			if err != nil {
				return err
			}
			s.Set(collections.SubscriptionAsaasID, m.asaasSub)
			switch m.kind {
			case "past":
				s.Set(collections.SubscriptionStatusField, "overdue")
				s.Set(collections.SubscriptionOverdueSince, "2026-11-24 00:00:00.000Z")
			case "recovered":
				s.Set(collections.SubscriptionStatusField, "suspended")
				s.Set(collections.SubscriptionDeactivatedAt, "2026-12-02 09:00:00.000Z")
				t, err := tx.FindRecordById(collections.Tenants, m.tenant)
				if err != nil {
					return err
				}
				t.Set(collections.TenantActive, false)
				if err := tx.Save(t); err != nil {
					return err
				}
			}
			if err := tx.Save(s); err != nil {
				return err
			}
		}
		return nil
	})
	require.NoError(b, err)
	for _, m := range all {
		switch m.kind {
		case "within", "past":
			_, err = h.fake.OverduePayment(pays[m.asaasSub])
		case "recovered":
			_, err = h.fake.ReceivePayment(pays[m.asaasSub])
		case "gone":
			err = c.DeleteSubscription(ctx, m.asaasSub)
		}
		require.NoError(b, err)
	}

	run := func(at time.Time) (subscriptions.Report, time.Duration, time.Duration) {
		cpu0, start := cpuTime(), time.Now()
		rep, err := h.subs().RunMonitor(ctx, at)
		require.NoError(b, err)
		require.Empty(b, rep.Errors)
		return rep, time.Since(start), cpuTime() - cpu0
	}
	b.ResetTimer()
	// The first run reconciles from scratch (every next due date and link
	// is new); the next day's is the steady state.
	rep, elapsed, cpu := run(time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC))
	rep2, elapsed2, cpu2 := run(time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC))
	b.StopTimer()
	require.Equal(b, shops+3, rep.Checked) // and the fixture's three
	require.Len(b, rep.Notified, 500)
	require.Len(b, rep.Deactivated, 300)
	require.Len(b, rep.Cancelled, 100)
	require.Len(b, rep.Reactivated, 100)
	require.Len(b, rep2.Notified, 500, "reminded the next day")
	require.Empty(b, rep2.Deactivated)
	b.ReportMetric(elapsed.Seconds(), "s/first-run")
	b.ReportMetric(cpu.Seconds(), "cpu-s/first-run")
	b.ReportMetric(elapsed2.Seconds(), "s/next-run")
	b.ReportMetric(cpu2.Seconds(), "cpu-s/next-run")
	b.ReportMetric(float64(rep.AsaasPages), "asaas-pages")
}
