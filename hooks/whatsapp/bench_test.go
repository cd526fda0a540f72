package whatsapp_test

// Benchmarks of the WhatsApp intake and the assistant, over loopback HTTP on
// the real app:
//
//	go test ./hooks/whatsapp/ -run '^$' -bench . -benchtime 2000x
//
// BenchmarkWebhookIntake: webhooks accepted per second and the p50/p99
// of the acknowledgement (authenticated, stored durably, 200).
// BenchmarkWebhookToReply: p50/p99 from a customer's message posted by the
// fake Evolution to the assistant's reply arriving back at the fake.
// BenchmarkInboundThroughBot: inbound messages per second through the
// whole assistant (webhook → reply queued in the outbox) and p50/p99, with
// 1,000 shops and 100,000 customers in the database.
//
// The data set is seeded once per test binary (seedBench) and cloned for
// each run. Not part of the normal test run: benchmarks only.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/deps"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/hooks/messaging"
	"github.com/bancada/bancada/hooks/whatsapp"
	"github.com/bancada/bancada/inbox"
	"github.com/bancada/bancada/integrations/evolution"
	evofake "github.com/bancada/bancada/integrations/evolution/fake"
)

// Size of the benchmark data set.
const (
	benchShops            = 1000
	benchCustomersPerShop = 100
	benchOrdersEvery      = 10 // one open order per this many customers
)

// benchSeed is the seeded data dir, built once per test binary.
type benchSeed struct {
	once sync.Once
	dir  string
	err  error
	// per shop: the webhook secret and the instance token
	secrets, tokens []string
	ids             []string
}

var seeded benchSeed

// removeBenchSeed deletes the seeded data dir (TestMain calls it).
func removeBenchSeed() {
	if seeded.dir != "" {
		_ = os.RemoveAll(seeded.dir)
	}
}

func benchPhone(shop, customer int) string {
	return fmt.Sprintf("55119%08d", 10000000+shop*benchCustomersPerShop+customer)
}

// seedBench builds the data set: shops with WhatsApp connected (secrets
// sealed as provisioning stores them), price rules, parts, customers and
// open orders, written with plain inserts (hooks would take minutes).
func seedBench(b *testing.B) *benchSeed {
	b.Helper()
	seeded.once.Do(func() {
		env := hooktest.New(b)
		app := env.App
		start := time.Now()
		now := types.NowDateTime().String()
		s := &seeded
		s.err = app.RunInTransaction(func(tx core.App) error {
			db := tx.NonconcurrentDB()
			ins := func(table string, p dbx.Params) error {
				if _, ok := p["id"]; !ok {
					p["id"] = core.GenerateDefaultRandomId()
				}
				p["created"], p["updated"] = now, now
				_, err := db.Insert(table, p).Execute()
				return err
			}
			for i := range benchShops {
				id := core.GenerateDefaultRandomId()
				s.ids = append(s.ids, id)
				if err := ins(collections.Tenants, dbx.Params{"id": id, "name": fmt.Sprintf("Loja %04d", i), "cnpj": fmt.Sprintf("%014d", 90000000000000+i),
					"email": fmt.Sprintf("loja%d@bench.test", i), "phone": "551133334444", "active": true, "timezone": collections.DefaultTimezone,
					"whatsapp_status": collections.IntegrationConnected, "whatsapp_number": fmt.Sprintf("55119%08d", 90000000+i),
					"asaas_status": collections.IntegrationOff, "google_status": collections.IntegrationOff}); err != nil {
					return err
				}
				secret, token := fmt.Sprintf("segredo-%d-%s", i, id), fmt.Sprintf("TOKEN%d%s", i, strings.ToUpper(id))
				s.secrets, s.tokens = append(s.secrets, secret), append(s.tokens, token)
				for kind, value := range map[string]string{collections.SecretEvolutionHook: secret, collections.SecretEvolutionToken: token} {
					sealed, err := env.Deps.Vault.Seal("secret:"+id+":"+kind, value)
					if err != nil {
						return err
					}
					meta, _ := json.Marshal(map[string]string{"instance": whatsapp.InstanceName(id)})
					if err := ins(collections.Secrets, dbx.Params{"tenant": id, "kind": kind, "value": sealed, "meta": string(meta)}); err != nil {
						return err
					}
				}
				for _, r := range []dbx.Params{
					{"device_type": "phone", "brand": "", "price_cents": 15000 + i},
					{"device_type": "phone", "brand": "Apple", "service": "screen", "price_cents": 60000 + i},
					{"device_type": "phone", "brand": "Motorola", "service": "battery", "price_cents": 12000},
				} {
					r["tenant"] = id
					if err := ins(collections.PriceRules, r); err != nil {
						return err
					}
				}
				for _, p := range []dbx.Params{
					{"name": "Bateria Moto G8", "compatible_models": "Moto G8, G8 Plus", "price_cents": 8900, "quantity": 7},
					{"name": "Tela iPhone 11", "compatible_models": "iPhone 11", "price_cents": 60000, "quantity": 2},
					{"name": "Película de vidro", "compatible_models": "Galaxy A52", "price_cents": 2500, "quantity": 30},
				} {
					p["tenant"] = id
					if err := ins(collections.Parts, p); err != nil {
						return err
					}
				}
				// One multi-row insert per shop for its customers.
				var rows []string
				params := dbx.Params{"t": id, "now": now}
				cids := make([]string, benchCustomersPerShop)
				for j := range benchCustomersPerShop {
					cids[j] = core.GenerateDefaultRandomId()
					k := strconv.Itoa(j)
					rows = append(rows, "({:id"+k+"}, {:t}, {:name"+k+"}, {:phone"+k+"}, {:now}, {:now})")
					params["id"+k], params["name"+k], params["phone"+k] = cids[j], fmt.Sprintf("Cliente %d", j), benchPhone(i, j)
				}
				if _, err := db.NewQuery("INSERT INTO {{customers}} ([[id]], [[tenant]], [[name]], [[phone]], [[created]], [[updated]]) VALUES " +
					strings.Join(rows, ", ")).Bind(params).Execute(); err != nil {
					return err
				}
				for j := 0; j < benchCustomersPerShop; j += benchOrdersEvery {
					did := core.GenerateDefaultRandomId()
					if err := ins(collections.Devices, dbx.Params{"id": did, "tenant": id, "customer": cids[j], "type": "phone",
						"brand": "Apple", "model": "iPhone 11"}); err != nil {
						return err
					}
					if err := ins(collections.Orders, dbx.Params{"tenant": id, "number": j/benchOrdersEvery + 1, "customer": cids[j], "device": did,
						"problem": "Tela quebrada", "status": collections.StatusRepairing, "quote_total": 25000,
						"tracking_token": core.GenerateDefaultRandomId() + core.GenerateDefaultRandomId()}); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if s.err != nil {
			return
		}
		if _, err := app.NonconcurrentDB().NewQuery("ANALYZE").Execute(); err != nil {
			s.err = err
			return
		}
		s.dir, s.err = os.MkdirTemp("", "bancada_wa_bench_*")
		if s.err != nil {
			return
		}
		_, s.err = app.NonconcurrentDB().NewQuery("VACUUM INTO {:p}").Bind(dbx.Params{"p": filepath.Join(s.dir, "data.db")}).Execute()
		b.Logf("seeded %d shops, %d customers in %v", benchShops, benchShops*benchCustomersPerShop, time.Since(start).Round(time.Millisecond))
	})
	if seeded.err != nil {
		b.Fatal(seeded.err)
	}
	return &seeded
}

// benchApp is a clone of the seeded data, wired like main (real clock,
// no pacing), served on loopback.
type benchApp struct {
	app  *tests.TestApp
	deps deps.Deps
	srv  *httptest.Server
}

func newBenchApp(b *testing.B, evolutionURL, apiKey string, configure ...func(*deps.Deps)) *benchApp {
	b.Helper()
	s := seedBench(b)
	app, err := hooktest.OpenApp(s.dir)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(app.Cleanup)
	srv := httptest.NewServer(nil) // its address is the public URL, known before the wiring
	b.Cleanup(srv.Close)
	d := hooktest.Wire(b, app, func(d *deps.Deps) {
		d.Now = nil // the real clock
		d.Config.PublicURL = srv.URL
		d.Config.EvolutionURL, d.Config.EvolutionAPIKey = evolutionURL, apiKey
		for _, c := range configure {
			c(d)
		}
	}).Deps
	srv.Config.Handler = hooktest.Handler(b, app)
	return &benchApp{app: app, deps: d, srv: srv}
}

// upsert is a messages.upsert body as Evolution 2.3 posts it.
func upsert(instance, phone, id, text string, at time.Time) []byte {
	body, _ := json.Marshal(map[string]any{
		"event": "messages.upsert", "instance": instance,
		"data": map[string]any{
			"key":      map[string]any{"remoteJid": phone + "@s.whatsapp.net", "fromMe": false, "id": id, "addressingMode": "pn"},
			"pushName": "Cliente", "status": "DELIVERY_ACK", "message": map[string]any{"conversation": text},
			"messageType": "conversation", "messageTimestamp": at.Unix(), "source": "android",
		},
		"destination": "", "date_time": at.UTC().Format(time.RFC3339), "server_url": "http://evolution.bench", "apikey": nil,
	})
	return body
}

var benchTexts = []string{"oi", "quanto custa trocar a tela do iphone 11?", "meu celular ja ta pronto?", "vcs tem bateria de moto g8?"}

// cpuTime is the CPU this process has used (user + system): with other
// processes on the machine, CPU per message says more than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU used since cpu0 per unit of work.
func reportCPU(b *testing.B, cpu0 time.Duration, n int, unit string) {
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(n), "cpu-ms/"+unit)
}

// latencies collects durations safely and reports percentiles.
type latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

func (l *latencies) add(d time.Duration) {
	l.mu.Lock()
	l.d = append(l.d, d)
	l.mu.Unlock()
}

func (l *latencies) report(b *testing.B, prefix string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.d) == 0 {
		return
	}
	slices.Sort(l.d)
	p := func(q float64) float64 {
		return float64(l.d[min(len(l.d)-1, int(q*float64(len(l.d))))].Microseconds()) / 1000
	}
	b.ReportMetric(p(0.50), prefix+"p50-ms")
	b.ReportMetric(p(0.99), prefix+"p99-ms")
}

// postAll posts bodies with conc concurrent clients and records each
// acknowledgement's latency.
func postAll(b *testing.B, url string, bodies [][]byte, headers []map[string]string, conc int, lat *latencies, sent func(i int, at time.Time)) {
	b.Helper()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conc}}
	var next atomic.Int64
	var failed atomic.Int64
	var wg sync.WaitGroup
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(bodies) {
					return
				}
				req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(bodies[i]))
				req.Header.Set("Content-Type", "application/json")
				for k, v := range headers[i] {
					req.Header.Set(k, v)
				}
				t0 := time.Now()
				if sent != nil {
					sent(i, t0)
				}
				resp, err := client.Do(req)
				if err != nil {
					failed.Add(1)
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					failed.Add(1)
					continue
				}
				lat.add(time.Since(t0))
			}
		}()
	}
	wg.Wait()
	if n := failed.Load(); n > 0 {
		b.Fatalf("%d webhooks were not accepted", n)
	}
}

// BenchmarkWebhookIntake posts b.N distinct messages.upsert webhooks for
// random shops with 32 concurrent clients: authenticated, stored, 200.
func BenchmarkWebhookIntake(b *testing.B) {
	ba := newBenchApp(b, "http://127.0.0.1:1", "k")
	s := seedBench(b)
	bodies, headers := make([][]byte, b.N), make([]map[string]string, b.N)
	now := time.Now()
	for i := range b.N {
		shop := (i * 7919) % benchShops
		bodies[i] = upsert(whatsapp.InstanceName(s.ids[shop]), benchPhone(shop, i%benchCustomersPerShop), fmt.Sprintf("BENCH%012d", i), "oi", now)
		headers[i] = map[string]string{whatsapp.SecretHeader: s.secrets[shop]}
	}
	var lat latencies
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime()
	postAll(b, ba.srv.URL+whatsapp.WebhookPath, bodies, headers, 32, &lat, nil)
	elapsed := time.Since(start)
	b.StopTimer()
	reportCPU(b, cpu0, b.N, "webhook")
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "webhooks/s")
	lat.report(b, "ack-")
	stored, _ := ba.app.CountRecords(collections.WebhookEvents)
	if int(stored) != b.N {
		b.Fatalf("stored %d of %d", stored, b.N)
	}
}

// BenchmarkProcessInbound runs the processing of customer messages alone
// (the inbox handler: customer, conversation, assistant, replies queued),
// one at a time, over the 100,000-customer data set.
func BenchmarkProcessInbound(b *testing.B) {
	ba := newBenchApp(b, "http://127.0.0.1:1", "k")
	s := seedBench(b)
	handle := whatsapp.NewEventHandler(ba.app, ba.deps)
	recs := make([]*inbox.Record, b.N)
	now := time.Now()
	for i := range b.N {
		shop := (i * 7919) % benchShops
		customer := (i / benchShops) % benchCustomersPerShop
		recs[i] = &inbox.Record{Provider: whatsapp.Provider, Tenant: s.ids[shop], Attempt: 1,
			Payload: upsert(whatsapp.InstanceName(s.ids[shop]), benchPhone(shop, customer), fmt.Sprintf("P%012d", i), benchTexts[i%len(benchTexts)], now)}
	}
	ctx := context.Background()
	b.ResetTimer()
	cpu0 := cpuTime()
	for _, rec := range recs {
		if err := handle(ctx, rec); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	reportCPU(b, cpu0, b.N, "msg")
}

// BenchmarkConversationInbound runs the processing of customer messages
// alone, as in a conversation: 200 customers of 20 shops write in turns
// (each customer's next message after the other customers' ones), so
// every message after a customer's first finds the shop, the
// conversation and the customer in memory ("cached") — or reads them
// again ("uncached", what the path did before).
func BenchmarkConversationInbound(b *testing.B) {
	for _, v := range []struct {
		name string
		new  func(core.App, deps.Deps) func(context.Context, *inbox.Record) error
	}{{"cached", whatsapp.NewEventHandler}, {"uncached", whatsapp.NewEventHandlerWithoutCache}} {
		b.Run(v.name, func(b *testing.B) {
			ba := newBenchApp(b, "http://127.0.0.1:1", "k")
			s := seedBench(b)
			handle := v.new(ba.app, ba.deps)
			texts := []string{"oi", "1", "iphone 11", "tela", "ok", "obrigado"}
			recs := make([]*inbox.Record, b.N)
			now := time.Now()
			for i := range b.N {
				shop, customer := i%20, (i/20)%10
				recs[i] = &inbox.Record{Provider: whatsapp.Provider, Tenant: s.ids[shop], Attempt: 1,
					Payload: upsert(whatsapp.InstanceName(s.ids[shop]), benchPhone(shop, customer), fmt.Sprintf("C%s%011d", v.name[:1], i), texts[(i/200)%len(texts)], now)}
			}
			ctx := context.Background()
			b.ResetTimer()
			cpu0 := cpuTime()
			for _, rec := range recs {
				if err := handle(ctx, rec); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			reportCPU(b, cpu0, b.N, "msg")
		})
	}
}

// replyWatch wraps the fake Evolution to note when the first reply to
// each number arrives.
type replyWatch struct {
	fake *evofake.Fake
	mu   sync.Mutex
	wait map[string]chan time.Time
}

func (w *replyWatch) expect(number string) chan time.Time {
	ch := make(chan time.Time, 1)
	w.mu.Lock()
	w.wait[number] = ch
	w.mu.Unlock()
	return ch
}

func (w *replyWatch) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.URL.Path, "/message/sendText/") {
		w.fake.ServeHTTP(rw, r)
		return
	}
	raw, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(raw))
	w.fake.ServeHTTP(rw, r)
	at := time.Now()
	var body struct {
		Number string `json:"number"`
	}
	_ = json.Unmarshal(raw, &body)
	w.mu.Lock()
	ch := w.wait[body.Number]
	delete(w.wait, body.Number)
	w.mu.Unlock()
	if ch != nil {
		ch <- at
	}
}

// BenchmarkWebhookToReply measures a customer's message from the moment
// the fake Evolution posts it to the moment the assistant's first reply
// reaches the fake, with the inbox and outbox workers running as in
// production (no pacing), 8 customers writing at once.
func BenchmarkWebhookToReply(b *testing.B) {
	const shops, conc = 20, 8
	fake := evofake.NewHandler()
	watch := &replyWatch{fake: fake, wait: map[string]chan time.Time{}}
	evoSrv := httptest.NewServer(watch)
	b.Cleanup(evoSrv.Close)
	ba := newBenchApp(b, evoSrv.URL, fake.APIKey())
	s := seedBench(b)
	ctx, cancel := context.WithCancel(context.Background())
	var workers sync.WaitGroup
	workers.Add(2)
	go func() { defer workers.Done(); _ = ba.deps.Inbox.Run(ctx) }()
	go func() { defer workers.Done(); _ = ba.deps.Outbox.Run(ctx) }()
	b.Cleanup(func() { cancel(); workers.Wait() })

	// Pair shops with instances on the fake (their stored tokens and
	// secrets), as provisioning would.
	cl := evolution.New(evoSrv.URL, fake.APIKey())
	for i := range shops {
		inst := whatsapp.InstanceName(s.ids[i])
		_, err := cl.CreateInstance(ctx, evolution.CreateInstanceRequest{InstanceName: inst, Token: s.tokens[i],
			Webhook: &evolution.WebhookConfig{URL: ba.srv.URL + whatsapp.WebhookPath, Headers: map[string]string{whatsapp.SecretHeader: s.secrets[i]}}})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := fake.ScanQR(inst, fmt.Sprintf("55119%08d", 90000000+i)); err != nil {
			b.Fatal(err)
		}
	}

	var lat latencies
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime()
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= b.N {
					return
				}
				shop := i % shops
				// A customer of the shop who has not written yet, then
				// fresh numbers once they run out.
				phone := benchPhone(shop, i/shops%benchCustomersPerShop)
				if i/shops >= benchCustomersPerShop {
					phone = fmt.Sprintf("55219%08d", 10000000+i)
				}
				ch := watch.expect(phone)
				t0 := time.Now()
				status, err := fake.InjectMessage(whatsapp.InstanceName(s.ids[shop]), evofake.InboundSpec{
					From: phone, Text: benchTexts[i%len(benchTexts)], ID: fmt.Sprintf("R%015d", i), Timestamp: t0,
				})
				if err != nil || status != http.StatusOK {
					b.Errorf("inject: %d %v", status, err)
					return
				}
				select {
				case at := <-ch:
					lat.add(at.Sub(t0))
				case <-time.After(30 * time.Second):
					b.Errorf("no reply to %s", phone)
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	reportCPU(b, cpu0, b.N, "msg")
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "msgs/s")
	lat.report(b, "reply-")
}

// BenchmarkInboundThroughBot runs the whole path — webhook over HTTP,
// inbox, customer, conversation, the assistant, reply queued in the outbox
// — for b.N messages of different customers of random shops, with 16
// customers writing at once (each sends its next message once the reply
// to the previous one is queued), and measures each message from the POST
// to its first reply committed in the outbox.
func BenchmarkInboundThroughBot(b *testing.B) {
	const conc = 16
	ba := newBenchApp(b, "http://127.0.0.1:1", "k")
	s := seedBench(b)
	n := min(b.N, benchShops*benchCustomersPerShop)
	bodies, headers := make([][]byte, n), make([]map[string]string, n)
	phones := make([]string, n)
	now := time.Now()
	for i := range n {
		shop := (i * 7919) % benchShops
		customer := (i / benchShops) % benchCustomersPerShop
		phones[i] = benchPhone(shop, customer)
		bodies[i] = upsert(whatsapp.InstanceName(s.ids[shop]), phones[i], fmt.Sprintf("BOT%012d", i), benchTexts[i%len(benchTexts)], now)
		headers[i] = map[string]string{whatsapp.SecretHeader: s.secrets[shop]}
	}
	var waiting sync.Map // phone → chan struct{}
	ba.app.OnRecordAfterCreateSuccess(collections.Outbox).BindFunc(func(e *core.RecordEvent) error {
		var p messaging.Payload
		if json.Unmarshal([]byte(e.Record.GetString(collections.OutboxPayload)), &p) == nil {
			if ch, ok := waiting.LoadAndDelete(p.Number); ok {
				close(ch.(chan struct{}))
			}
		}
		return e.Next()
	})
	ctx, cancel := context.WithCancel(context.Background())
	var workers sync.WaitGroup
	workers.Add(1)
	go func() { defer workers.Done(); _ = ba.deps.Inbox.Run(ctx) }()
	b.Cleanup(func() { cancel(); workers.Wait() })

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conc}}
	url := ba.srv.URL + whatsapp.WebhookPath
	var lat latencies
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime()
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				done := make(chan struct{})
				waiting.Store(phones[i], done)
				req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(bodies[i]))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set(whatsapp.SecretHeader, headers[i][whatsapp.SecretHeader])
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					b.Errorf("webhook answered %d", resp.StatusCode)
					return
				}
				select {
				case <-done:
					lat.add(time.Since(t0))
				case <-time.After(time.Minute):
					b.Errorf("no reply queued for %s", phones[i])
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	reportCPU(b, cpu0, n, "msg")
	b.ReportMetric(float64(n)/elapsed.Seconds(), "msgs/s")
	lat.report(b, "queued-")
	customers, _ := ba.app.CountRecords(collections.Customers)
	b.ReportMetric(float64(customers), "customers")
}

// BenchmarkBusyShopFirstReply: 30 new customers write to one shop within
// 2 s, at the default pace (replies: a burst of 10, then 3 a second;
// notices: one per 1.2 s), with the inbox and outbox workers running as
// in production; it reports each customer's first-reply latency, from the
// fake Evolution's webhook to the reply reaching it. One burst per
// iteration, each to another shop.
func BenchmarkBusyShopFirstReply(b *testing.B) {
	busyShop(b, func(d *deps.Deps) {
		d.Config.WhatsAppMinInterval = 1200 * time.Millisecond
		d.Config.WhatsAppReplyRate = 3
		d.Config.WhatsAppReplyBurst = 10
	})
}

// BenchmarkBusyShopFirstReplyPacingOff is the same burst with pacing off:
// what the lanes themselves allow.
func BenchmarkBusyShopFirstReplyPacingOff(b *testing.B) {
	busyShop(b, func(d *deps.Deps) {
		d.Config.WhatsAppMinInterval = 0
		d.Config.WhatsAppReplyRate = 0
	})
}

// busyShop runs the bursts of the busy-shop benchmarks with the settings
// configure makes.
func busyShop(b *testing.B, configure func(*deps.Deps)) {
	const customers, window = 30, 2 * time.Second
	fake := evofake.NewHandler()
	watch := &replyWatch{fake: fake, wait: map[string]chan time.Time{}}
	evoSrv := httptest.NewServer(watch)
	b.Cleanup(evoSrv.Close)
	ba := newBenchApp(b, evoSrv.URL, fake.APIKey(), configure)
	s := seedBench(b)
	ctx, cancel := context.WithCancel(context.Background())
	var workers sync.WaitGroup
	workers.Add(2)
	go func() { defer workers.Done(); _ = ba.deps.Inbox.Run(ctx) }()
	go func() { defer workers.Done(); _ = ba.deps.Outbox.Run(ctx) }()
	b.Cleanup(func() { cancel(); workers.Wait() })
	cl := evolution.New(evoSrv.URL, fake.APIKey())

	var lat latencies
	b.ResetTimer()
	for n := range b.N {
		shop := n % len(s.ids)
		inst := whatsapp.InstanceName(s.ids[shop])
		b.StopTimer()
		_, err := cl.CreateInstance(ctx, evolution.CreateInstanceRequest{InstanceName: inst, Token: s.tokens[shop],
			Webhook: &evolution.WebhookConfig{URL: ba.srv.URL + whatsapp.WebhookPath, Headers: map[string]string{whatsapp.SecretHeader: s.secrets[shop]}}})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := fake.ScanQR(inst, fmt.Sprintf("55119%08d", 90000000+shop)); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		tick := time.NewTicker(window / customers)
		var wg sync.WaitGroup
		for c := range customers {
			phone := fmt.Sprintf("55319%08d", 10000000+n*customers+c)
			ch := watch.expect(phone)
			t0 := time.Now()
			status, err := fake.InjectMessage(inst, evofake.InboundSpec{From: phone, Text: "oi, bom dia", Timestamp: t0})
			if err != nil || status != http.StatusOK {
				b.Fatalf("inject: %d %v", status, err)
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				select {
				case at := <-ch:
					lat.add(at.Sub(t0))
				case <-time.After(60 * time.Second):
					b.Errorf("no reply to %s", phone)
				}
			}()
			<-tick.C
		}
		tick.Stop()
		wg.Wait()
	}
	b.StopTimer()
	lat.report(b, "first-reply-")
	lat.mu.Lock()
	if len(lat.d) > 0 {
		b.ReportMetric(float64(lat.d[len(lat.d)-1].Microseconds())/1000, "first-reply-max-ms")
	}
	lat.mu.Unlock()
}
