package charges_test

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
	"github.com/bancada/bancada/hooks/charges"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/integrations/asaas"
)

// Benchmarks of the payment webhooks (their rows in docs/benchmarks.md).
// Run them with:
//
//	go test ./hooks/charges/ -run '^$' -bench Webhook -benchtime 2000x -timeout 30m
//
// On a shared machine read the cpu-* metrics: wall time includes
// neighbours.

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
	elapsed := postAll(b, h.srv.URL+charges.WebhookPath+"/"+a.ID(), tok, bodies, lat)
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
	pending := benchCharges(b, h, b.N)
	bodies := make([][]byte, b.N)
	for i, p := range pending {
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
	intake := postAll(b, h.srv.URL+charges.WebhookPath+"/"+a.ID(), tok, bodies, lat)
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
	pending := benchCharges(b, h, b.N)
	bodies := make([][]byte, b.N)
	for i, p := range pending {
		bodies[i] = paymentEvent(fmt.Sprintf("evt_backlog_%d", i), "PAYMENT_RECEIVED", event(p, "RECEIVED", nil))
	}
	postAll(b, h.srv.URL+charges.WebhookPath+"/"+a.ID(), tok, bodies, &latencies{})
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
