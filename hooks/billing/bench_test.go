package billing_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/billing"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/integrations/asaas"
)

// Benchmarks of the payment webhooks and the billing monitor (their rows in
// docs/benchmarks.md). Run them with:
//
//	go test ./hooks/billing/ -run '^$' -bench Webhook -benchtime 2000x -timeout 30m
//	go test ./hooks/billing/ -run '^$' -bench Monitor10k -benchtime 1x -timeout 30m
//
// BenchmarkMonitor10k ignores b.N (its setup of 10,000 shops is the cost;
// with -benchtime Nx, N > 1, Go would run it twice): it times the first
// run (reconciling from scratch) and the next day's, as metrics. On a
// shared machine read the cpu-* metrics: wall time includes neighbours.

// benchClients is how many webhook senders post at once (Asaas keeps one
// queue per account; many shops post in parallel).
const benchClients = 16

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

// latencies collects request durations and reports their percentiles.
type latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

func (l *latencies) add(d time.Duration) {
	l.mu.Lock()
	l.d = append(l.d, d)
	l.mu.Unlock()
}

func (l *latencies) report(b *testing.B) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.d) == 0 {
		return
	}
	slices.Sort(l.d)
	at := func(q float64) float64 {
		return float64(l.d[min(len(l.d)-1, int(q*float64(len(l.d))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

// postAll posts bodies to path with token from benchClients senders and
// returns the elapsed time.
func postAll(b *testing.B, url, token string, bodies [][]byte, lat *latencies) time.Duration {
	b.Helper()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: benchClients}}
	var next atomic.Int64
	var failed atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	start := time.Now()
	for range benchClients {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(bodies) {
					return
				}
				req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(bodies[i]))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set(asaas.WebhookTokenHeader, token)
				t0 := time.Now()
				res, err := client.Do(req)
				if err != nil || res.StatusCode != http.StatusOK {
					if failed.Add(1) == 1 {
						if err == nil {
							err = fmt.Errorf("HTTP %d", res.StatusCode)
						}
						firstErr.Store(err.Error())
					}
				}
				if res != nil {
					res.Body.Close()
				}
				lat.add(time.Since(t0))
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	require.Zero(b, failed.Load(), "every webhook answered 200; first failure: %v", firstErr.Load())
	return elapsed
}

// benchCharges creates n pending Asaas charges of shop A, one per order,
// with their Asaas ids (as if delivered), in one transaction.
func benchCharges(b *testing.B, h *harness, n int) []*core.Record {
	b.Helper()
	a := h.f.A
	out := make([]*core.Record, 0, n)
	err := h.app.RunInTransaction(func(tx core.App) error {
		for i := range n {
			o, err := collections.NewOrder(tx, a.ID(), a.Rec[collections.Customers].Id, a.Rec[collections.Devices].Id)
			if err != nil {
				return err
			}
			o.SetProblem("Tela")
			o.SetFinalTotal(10000)
			if err := tx.Save(o); err != nil {
				return err
			}
			col, _ := tx.FindCachedCollectionByNameOrId(collections.Payments)
			p := core.NewRecord(col)
			p.Load(map[string]any{"tenant": a.ID(), "order": o.Id, "customer": a.Rec[collections.Customers].Id,
				"method": "pix", "provider": "asaas", "provider_id": fmt.Sprintf("pay_bench_%d_%d", hooktest.Uniq(), i),
				"status": "pending", "amount": 10000})
			if err := tx.Save(p); err != nil {
				return err
			}
			out = append(out, p)
		}
		return nil
	})
	require.NoError(b, err)
	return out
}

// BenchmarkWebhookIntake measures how fast a shop's webhook route takes
// events over loopback HTTP: token check, durable store (group commit),
// 200. Processing is not included.
func BenchmarkWebhookIntake(b *testing.B) {
	h := newHarness(b)
	a := h.f.A
	h.connect(a)
	tok := h.hookToken(a)
	bodies := make([][]byte, b.N)
	for i := range bodies {
		bodies[i] = paymentEvent(fmt.Sprintf("evt_intake_%d", i), "PAYMENT_RECEIVED",
			map[string]any{"id": fmt.Sprintf("pay_%d", i), "status": "RECEIVED", "value": 100, "billingType": "PIX"})
	}
	lat := &latencies{}
	b.ResetTimer()
	cpu0 := cpuTime()
	elapsed := postAll(b, h.srv.URL+billing.WebhookPath+"/"+a.ID(), tok, bodies, lat)
	cpu := cpuTime() - cpu0
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "events/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/event")
	lat.report(b)
}

// BenchmarkWebhookProcessed measures events per second end to end: each
// event marks one charge paid (the charge, its order's paid amount, the
// customer's WhatsApp message and an audit line, in one transaction),
// posted over loopback HTTP while the inbox processes them, as in
// production.
func BenchmarkWebhookProcessed(b *testing.B) {
	h := newHarness(b)
	a := h.f.A
	h.connect(a)
	tok := h.hookToken(a)
	charges := benchCharges(b, h, b.N)
	bodies := make([][]byte, b.N)
	for i, p := range charges {
		bodies[i] = paymentEvent(fmt.Sprintf("evt_proc_%d", i), "PAYMENT_RECEIVED", event(p, "RECEIVED", nil))
	}
	// Each charge marked paid (committed) counts; the last closes allPaid.
	allPaid := make(chan struct{})
	var paid atomic.Int64
	h.app.OnRecordAfterUpdateSuccess(collections.Payments).BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetString(collections.PaymentStatus) == string(collections.PaymentPaid) && paid.Add(1) == int64(b.N) {
			close(allPaid)
		}
		return e.Next()
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	defer func() { cancel(); <-done }() // before the app is cleaned up, even on failure
	lat := &latencies{}
	b.ResetTimer()
	cpu0 := cpuTime()
	start := time.Now()
	go func() { _ = h.env.Deps.Inbox.Run(ctx); close(done) }()
	intake := postAll(b, h.srv.URL+billing.WebhookPath+"/"+a.ID(), tok, bodies, lat)
	<-allPaid // the processor runs as in production; this only watches
	elapsed := time.Since(start)
	cpu := cpuTime() - cpu0
	b.StopTimer()

	n, err := h.app.CountRecords(collections.Payments, hooktest.Eq("tenant", a.ID(), "status", "paid", "provider", "asaas"))
	require.NoError(b, err)
	require.Equal(b, int64(b.N), n, "every event processed")
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "processed/s")
	b.ReportMetric(float64(b.N)/intake.Seconds(), "accepted/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/event")
	lat.report(b)
}

// BenchmarkWebhookBacklog measures processing alone: b.N events already
// stored (Asaas re-sending a queue after an outage), processed by the inbox
// until none is left.
func BenchmarkWebhookBacklog(b *testing.B) {
	h := newHarness(b)
	a := h.f.A
	h.connect(a)
	tok := h.hookToken(a)
	charges := benchCharges(b, h, b.N)
	bodies := make([][]byte, b.N)
	for i, p := range charges {
		bodies[i] = paymentEvent(fmt.Sprintf("evt_backlog_%d", i), "PAYMENT_RECEIVED", event(p, "RECEIVED", nil))
	}
	postAll(b, h.srv.URL+billing.WebhookPath+"/"+a.ID(), tok, bodies, &latencies{})
	b.ResetTimer()
	cpu0, start := cpuTime(), time.Now()
	require.NoError(b, h.env.Deps.Inbox.Drain(context.Background()))
	elapsed, cpu := time.Since(start), cpuTime()-cpu0
	b.StopTimer()
	n, err := h.app.CountRecords(collections.Payments, hooktest.Eq("tenant", a.ID(), "status", "paid", "provider", "asaas"))
	require.NoError(b, err)
	require.Equal(b, int64(b.N), n, "every event processed")
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "processed/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/event")
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

	run := func(at time.Time) (billing.Report, time.Duration, time.Duration) {
		cpu0, start := cpuTime(), time.Now()
		rep, err := billing.RunMonitor(ctx, h.app, h.env.Deps, at)
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
