package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	evofake "github.com/bancada/bancada/integrations/evolution/fake"
)

// The busy shop: many new customers writing to one shop at once, measured
// on the built appliance (a real process on loopback) with the fake
// Evolution answering at once. Each scenario starts the appliance on a
// fresh data dir, signs a shop up, connects its WhatsApp through the
// staff route and has the fake post the customers' messages to the
// webhook; a reply counts when the fake receives the sendText call.

// busyBurstText is what every new customer writes.
const busyBurstText = "oi, bom dia"

func runBusy(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("busy", flag.ContinueOnError)
	bin := fs.String("bin", ".bench/bin/bancada", "the appliance binary")
	dir := fs.String("dir", ".bench/busy", "work dir (fresh data dirs are made under it)")
	port := fs.Int("port", 8099, "port the appliance serves on")
	resultsPath := fs.String("results", ".bench/busy-results.json", "results file to add figures to")
	docs := fs.String("write-docs", "", "also write the busy-shop table into this Markdown file (between its markers)")
	customers := fs.Int("customers", 30, "new customers in the short burst")
	window := fs.Duration("window", 2*time.Second, "the short burst's duration")
	backlog := fs.Int("backlog", 1000, "new customers in the backlog burst (pacing off)")
	crash := fs.Int("crash", 600, "inbound messages of the crash test")
	stepRates := fs.String("collapse-rates", "25,50,100,150,200,300,400", "new customers/s offered to one shop, step by step, to find its sustainable rate (empty: skip the overload scenario)")
	step := fs.Duration("collapse-step", 4*time.Second, "how long each rate is offered")
	overload := fs.Duration("overload", 12*time.Second, "how long 10× the sustainable rate is offered")
	shops := fs.Int("shops", 1000, "shops of the many-shops scenario (0: skip it)")
	shopRate := fs.Float64("shops-rate", 300, "new customers/s spread over the shops")
	shopDur := fs.Duration("shops-for", 10*time.Second, "how long the many-shops load lasts")
	if err := fs.Parse(args); err != nil {
		return err
	}
	res, err := loadResults(*resultsPath)
	if err != nil {
		return err
	}
	res.Machine = thisMachine(time.Now())
	if err := os.RemoveAll(*dir); err != nil {
		return err
	}
	evo, err := newEvoRig()
	if err != nil {
		return err
	}
	defer evo.close()
	addr := fmt.Sprintf("127.0.0.1:%d", *port)
	paced := map[string]string{}
	unpaced := map[string]string{"BANCADA_WHATSAPP_MIN_INTERVAL": "0", "BANCADA_WHATSAPP_REPLY_RATE": "0"}
	burstCond := fmt.Sprintf("%d new customers writing %q to one shop within %s", *customers, busyBurstText, *window)

	// Default settings: the short burst.
	figs, err := busyScenario(ctx, *bin, filepath.Join(*dir, "paced"), addr, evo, paced, func(a *appliance, shop *busyShopRig) ([]Figure, error) {
		lat, err := shop.burst(ctx, *customers, *window, 0)
		if err != nil {
			return nil, err
		}
		p50, p99, mx := lat.p(0.50), lat.p(0.99), lat.max()
		met := mx <= 15000 && p50 <= 3000
		return []Figure{{ID: "busy-shop-paced", Area: "whatsapp", Name: "busy shop: first reply, default pace",
			Metrics:    []Metric{{Name: "p50", Unit: "ms", Value: p50}, {Name: "p99", Unit: "ms", Value: p99}, {Name: "max", Unit: "ms", Value: mx}},
			Conditions: burstCond + ", default settings (replies: burst 10, then 3/s per number; notices 1 per 1.2 s)",
			Target:     "every first reply ≤ 15 s, median ≤ 3 s", Met: &met}}, nil
	})
	if err != nil {
		return err
	}
	for _, f := range figs {
		res.put(f)
	}

	// Pacing off: the short burst, then the backlog.
	figs, err = busyScenario(ctx, *bin, filepath.Join(*dir, "unpaced"), addr, evo, unpaced, func(a *appliance, shop *busyShopRig) ([]Figure, error) {
		lat, err := shop.burst(ctx, *customers, *window, 0)
		if err != nil {
			return nil, err
		}
		out := []Figure{{ID: "busy-shop-unpaced", Area: "whatsapp", Name: "busy shop: first reply, pacing off",
			Metrics:    []Metric{{Name: "p50", Unit: "ms", Value: lat.p(0.50)}, {Name: "p99", Unit: "ms", Value: lat.p(0.99)}, {Name: "max", Unit: "ms", Value: lat.max()}},
			Conditions: burstCond + ", BANCADA_WHATSAPP_MIN_INTERVAL=0 and BANCADA_WHATSAPP_REPLY_RATE=0"}}
		start := time.Now()
		lat, err = shop.burst(ctx, *backlog, 0, 32)
		if err != nil {
			return nil, err
		}
		drain := time.Since(start).Seconds()
		met := drain <= 60
		out = append(out, Figure{ID: "busy-shop-backlog", Area: "whatsapp", Name: "busy shop: backlog of new conversations, pacing off",
			Metrics: []Metric{{Name: "drained in", Unit: "s", Value: drain}, {Name: "rps", Unit: "conversations/s", Value: float64(*backlog) / drain},
				{Name: "first reply p50", Unit: "ms", Value: lat.p(0.50)}, {Name: "first reply p99", Unit: "ms", Value: lat.p(0.99)}},
			Conditions: fmt.Sprintf("%s new customers posted to one shop by 32 senders as fast as the webhook acknowledges; drained = first post to last first reply at the fake", groupThousands(fmt.Sprint(*backlog))),
			Target:     "≤ 60 s", Met: &met})
		return out, nil
	})
	if err != nil {
		return err
	}
	for _, f := range figs {
		res.put(f)
	}

	// No collapse: the sustainable rate, then 10× it.
	if *stepRates != "" {
		var rates []float64
		for _, r := range strings.Split(*stepRates, ",") {
			var x float64
			if _, err := fmt.Sscan(strings.TrimSpace(r), &x); err != nil || x <= 0 {
				return fmt.Errorf("busy: bad rate %q in -collapse-rates", r)
			}
			rates = append(rates, x)
		}
		figs, err = busyScenario(ctx, *bin, filepath.Join(*dir, "overload"), addr, evo, unpaced, func(a *appliance, shop *busyShopRig) ([]Figure, error) {
			return busyCollapse(ctx, a, shop, rates, *step, *overload)
		})
		if err != nil {
			return err
		}
		for _, f := range figs {
			res.put(f)
		}
	}

	// Many shops, default settings.
	if *shops > 0 {
		many := filepath.Join(*dir, "many")
		a, err := startAppliance(ctx, *bin, many, addr, evo, paced)
		if err != nil {
			return err
		}
		f, err := busyManyShops(ctx, *bin, a, evo, many, *shops, *shopRate, *shopDur)
		a.stop()
		if err != nil {
			return err
		}
		res.put(f)
	}

	// kill -9 in the middle of the inbound messages.
	f, err := busyCrash(ctx, *bin, filepath.Join(*dir, "crash"), addr, evo, unpaced, *crash)
	if err != nil {
		return err
	}
	res.put(f)
	res.Machine.LoadAfter = loadAverage()
	if err := res.save(*resultsPath); err != nil {
		return err
	}
	writeTable(os.Stdout, res)
	if *docs != "" {
		if err := writeBusyDocs(*docs, res); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "busy: wrote %s\n", *docs)
	}
	return nil
}

// busyScenario starts the appliance on a fresh data dir with env, sets up
// a shop and runs measure.
func busyScenario(ctx context.Context, bin, dir, addr string, evo *evoRig, env map[string]string,
	measure func(*appliance, *busyShopRig) ([]Figure, error)) ([]Figure, error) {
	a, err := startAppliance(ctx, bin, dir, addr, evo, env)
	if err != nil {
		return nil, err
	}
	defer a.stop()
	shop, err := setupBusyShop(ctx, a, evo)
	if err != nil {
		return nil, err
	}
	return measure(a, shop)
}

// busyCrash posts n messages of n new customers, kills the appliance with
// SIGKILL once half are acknowledged, restarts it on the same data dir,
// posts again the messages whose webhook failed (as Evolution would
// retry them), and counts: acknowledged, acknowledged but never answered
// (missing), answered twice with the same text (doubled).
func busyCrash(ctx context.Context, bin, dir, addr string, evo *evoRig, env map[string]string, n int) (Figure, error) {
	a, err := startAppliance(ctx, bin, dir, addr, evo, env)
	if err != nil {
		return Figure{}, err
	}
	shop, err := setupBusyShop(ctx, a, evo)
	if err != nil {
		a.stop()
		return Figure{}, err
	}
	phones := make([]string, n)
	ids := make([]string, n)
	for i := range phones {
		phones[i] = shop.nextPhone()
		ids[i] = fmt.Sprintf("3ACRASH%011d", i)
	}
	acked := make([]atomic.Bool, n)
	var ackedN atomic.Int64
	killed := make(chan struct{})
	var once sync.Once
	post := func(i int) {
		status, err := evo.fake.InjectMessage(shop.instance, evofake.InboundSpec{ID: ids[i], From: phones[i], Text: busyBurstText})
		if err == nil && status == http.StatusOK {
			acked[i].Store(true)
			if ackedN.Add(1) == int64(n/2) {
				once.Do(func() { a.kill(); close(killed) })
			}
		}
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				post(i)
			}
		}()
	}
	wg.Wait()
	<-killed
	ackedBefore := int(ackedN.Load())

	a, err = startAppliance(ctx, bin, dir, addr, evo, env)
	if err != nil {
		return Figure{}, err
	}
	defer a.stop()
	for i := range n {
		if !acked[i].Load() {
			post(i)
		}
	}
	// Wait until every acknowledged customer is answered and the sends
	// have been quiet for 3 s (a doubled reply would come late), at most
	// two minutes.
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		answered := 0
		for i := range n {
			if acked[i].Load() && evo.firstReply(phones[i]) != (time.Time{}) {
				answered++
			}
		}
		if answered == int(ackedN.Load()) && time.Since(evo.lastSend()) > 3*time.Second {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	missing, doubled := 0, 0
	for i := range n {
		if !acked[i].Load() {
			continue
		}
		if evo.firstReply(phones[i]).IsZero() {
			missing++
		}
		if evo.repeated(phones[i]) {
			doubled++
		}
	}
	met := missing == 0 && doubled == 0
	return Figure{ID: "busy-shop-crash", Area: "whatsapp", Name: "kill -9 under inbound messages",
		Metrics: []Metric{{Name: "acked", Unit: "messages", Value: float64(ackedN.Load())}, {Name: "missing", Unit: "messages", Value: float64(missing)},
			{Name: "doubled", Unit: "messages", Value: float64(doubled)}},
		Conditions: fmt.Sprintf("%d new customers write once to one shop (16 senders, pacing off); SIGKILL once %d were acknowledged (%d by the time it died); restart on the same data dir; "+
			"webhooks that failed are posted again; missing = acknowledged and never answered, doubled = the same text sent twice to one customer", n, n/2, ackedBefore),
		Target: "0 missing, 0 doubled", Met: &met}, nil
}

// appliance is a running `bancada serve`.
type appliance struct {
	cmd    *exec.Cmd
	base   string
	exited chan error
}

// startAppliance starts the binary on dir with the fake Evolution
// configured and env added, and waits for /api/health.
func startAppliance(ctx context.Context, bin, dir, addr string, evo *evoRig, env map[string]string) (*appliance, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	logf, err := os.OpenFile(filepath.Join(dir, "serve.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve", "--dir", dir, "--http", addr)
	cmd.Env = append(os.Environ(), "BANCADA_EVOLUTION_URL="+evo.url, "BANCADA_EVOLUTION_API_KEY="+evo.fake.APIKey(),
		"BANCADA_PUBLIC_URL=http://"+addr)
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("busy: start: %w", err)
	}
	a := &appliance{cmd: cmd, base: "http://" + addr, exited: make(chan error, 1)}
	go func() { a.exited <- cmd.Wait(); logf.Close() }()
	client := &http.Client{Timeout: time.Second}
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if err := ctx.Err(); err != nil {
			a.kill()
			return nil, err
		}
		select {
		case err := <-a.exited:
			a.exited <- err
			return nil, fmt.Errorf("busy: the appliance exited: %v (see %s)", err, filepath.Join(dir, "serve.log"))
		default:
		}
		if r, err := client.Get(a.base + "/api/health"); err == nil {
			r.Body.Close()
			if r.StatusCode == http.StatusOK {
				return a, nil
			}
		}
	}
	a.kill()
	return nil, errors.New("busy: the appliance did not answer /api/health within 2 minutes")
}

// stop ends the appliance with SIGTERM (a graceful stop).
func (a *appliance) stop() {
	_ = a.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-a.exited:
		a.exited <- err
	case <-time.After(30 * time.Second):
		a.kill()
	}
}

// kill ends the appliance with SIGKILL, as a crash would.
func (a *appliance) kill() {
	_ = a.cmd.Process.Kill()
	err := <-a.exited
	a.exited <- err
}

// busyShopRig is the shop under test.
type busyShopRig struct {
	evo      *evoRig
	instance string
}

// nextPhone is a new customer's WhatsApp number (E.164 digits, a mobile
// of Belo Horizonte), never used before in this run.
func (s *busyShopRig) nextPhone() string {
	return fmt.Sprintf("55319%08d", 10000000+s.evo.phones.Add(1))
}

// setupBusyShop signs a shop up and connects its WhatsApp: the staff
// route creates the instance at the fake, the fake "scans" the QR code.
func setupBusyShop(ctx context.Context, a *appliance, evo *evoRig) (*busyShopRig, error) {
	var signup struct {
		Token  string `json:"token"`
		Tenant struct {
			ID string `json:"id"`
		} `json:"tenant"`
	}
	body := `{"shop":{"name":"Loja Movimentada","cnpj":"11.222.333/0001-81","email":"loja@movimentada.test","phone":"(31) 3222-1000"},` +
		`"owner":{"name":"Dona da Loja","email":"dona@movimentada.test","password":"senha-longa-1"}}`
	if err := postJSON(ctx, a.base+"/api/bancada/signup", "", body, &signup); err != nil {
		return nil, fmt.Errorf("busy: signup: %w", err)
	}
	if err := postJSON(ctx, a.base+"/api/bancada/whatsapp/connect", signup.Token, `{"tenant":"`+signup.Tenant.ID+`"}`, nil); err != nil {
		return nil, fmt.Errorf("busy: connect: %w", err)
	}
	instance := "bancada_" + signup.Tenant.ID // whatsapp.InstanceName
	if status, err := evo.fake.ScanQR(instance, "5531932221000"); err != nil || status != http.StatusOK {
		return nil, fmt.Errorf("busy: scan QR of %s: %d %v", instance, status, err)
	}
	return &busyShopRig{evo: evo, instance: instance}, nil
}

// burst has n new customers write to the shop, spread evenly over window
// (one sender each) or, with window 0, posted by conc senders as fast as
// the webhook answers; it returns each customer's first-reply latency once
// all are answered (two minutes at most).
func (s *busyShopRig) burst(ctx context.Context, n int, window time.Duration, conc int) (*durations, error) {
	phones := make([]string, n)
	sent := make([]time.Time, n)
	for i := range phones {
		phones[i] = s.nextPhone()
	}
	var failed atomic.Int64
	post := func(i int) {
		sent[i] = time.Now()
		if status, err := s.evo.fake.InjectMessage(s.instance, evofake.InboundSpec{From: phones[i], Text: busyBurstText}); err != nil || status != http.StatusOK {
			failed.Add(1)
		}
	}
	var wg sync.WaitGroup
	if window > 0 {
		tick := time.NewTicker(window / time.Duration(n))
		for i := range n {
			wg.Add(1)
			go func() { defer wg.Done(); post(i) }()
			<-tick.C
		}
		tick.Stop()
	} else {
		var next atomic.Int64
		for range conc {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
					post(i)
				}
			}()
		}
	}
	wg.Wait()
	if f := failed.Load(); f > 0 {
		return nil, fmt.Errorf("busy: %d of %d webhooks were not acknowledged", f, n)
	}
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(20 * time.Millisecond) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		d := &durations{}
		for i, p := range phones {
			if at := s.evo.firstReply(p); !at.IsZero() {
				d.add(at.Sub(sent[i]))
			}
		}
		if len(d.ms) == n {
			return d, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("busy: %d of %d customers answered within two minutes", len(d.ms), n)
		}
	}
}

// durations are latencies in milliseconds.
type durations struct{ ms []float64 }

func (d *durations) add(x time.Duration) { d.ms = append(d.ms, float64(x.Microseconds())/1000) }

// p is the q-quantile (nearest rank).
func (d *durations) p(q float64) float64 {
	s := append([]float64(nil), d.ms...)
	sort.Float64s(s)
	if len(s) == 0 {
		return 0
	}
	i := int(q*float64(len(s))+0.5) - 1
	return s[min(max(i, 0), len(s)-1)]
}

func (d *durations) max() float64 { return d.p(1) }

// evoRig is the fake Evolution on loopback, noting every text it accepts.
type evoRig struct {
	fake *evofake.Fake
	srv  *http.Server
	url  string
	// phones numbers the customers of every scenario.
	phones atomic.Int64

	mu    sync.Mutex
	first map[string]time.Time // number → first reply
	texts map[string]int       // number + "\x00" + text → times sent
	multi map[string]bool      // numbers that got one text twice
	sends map[string]int       // number → texts sent
	last  time.Time
}

func newEvoRig() (*evoRig, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	r := &evoRig{url: "http://" + ln.Addr().String(), first: map[string]time.Time{}, texts: map[string]int{}, multi: map[string]bool{}, sends: map[string]int{}}
	r.fake = evofake.NewHandler(evofake.WithServerURL(r.url), evofake.WithWebhookClient(&http.Client{
		Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}))
	r.srv = &http.Server{Handler: r}
	go func() { _ = r.srv.Serve(ln) }()
	return r, nil
}

func (r *evoRig) close() { _ = r.srv.Close() }

// ServeHTTP passes every call to the fake and notes the texts it accepts.
func (r *evoRig) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if !strings.HasPrefix(req.URL.Path, "/message/sendText/") {
		r.fake.ServeHTTP(w, req)
		return
	}
	raw, _ := io.ReadAll(req.Body)
	req.Body = io.NopCloser(bytes.NewReader(raw))
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	r.fake.ServeHTTP(rec, req)
	if rec.status >= 300 {
		return
	}
	at := time.Now()
	var body struct {
		Number string `json:"number"`
		Text   string `json:"text"`
	}
	_ = json.Unmarshal(raw, &body)
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.first[body.Number]; !ok {
		r.first[body.Number] = at
	}
	r.sends[body.Number]++
	k := body.Number + "\x00" + body.Text
	if r.texts[k]++; r.texts[k] > 1 {
		r.multi[body.Number] = true
	}
	r.last = at
}

func (r *evoRig) firstReply(number string) time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.first[number]
}

func (r *evoRig) repeated(number string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.multi[number]
}

// sent is how many texts number received.
func (r *evoRig) sent(number string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.sends[number]
}

func (r *evoRig) lastSend() time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) { s.status = code; s.ResponseWriter.WriteHeader(code) }

// postJSON posts body (with a staff token when set) and decodes a 2xx
// answer into into.
func postJSON(ctx context.Context, url, token, body string, into any) error {
	return doJSON(ctx, http.MethodPost, url, token, body, into)
}

// doJSON sends body with method (with a token when set) and decodes a 2xx
// answer into into.
func doJSON(ctx context.Context, method, url, token, body string, into any) error {
	req, err := http.NewRequestWithContext(ctx, method, url, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s: %d %s", url, resp.StatusCode, raw)
	}
	if into != nil {
		return json.Unmarshal(raw, into)
	}
	return nil
}

// Markers around the busy-shop section of docs/benchmarks.md.
const (
	busyDocsBegin = "<!-- bench:busy:begin (written by scripts/bench --write-docs; edit outside these markers) -->"
	busyDocsEnd   = "<!-- bench:busy:end -->"
)

// writeBusyDocs replaces the busy-shop section of path (appending it when
// missing).
func writeBusyDocs(path string, r *Results) error {
	section := busyDocsBegin + "\n" + markdownTable(r) + busyDocsEnd + "\n"
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("busy: %w", err)
	}
	s := string(old)
	i, j := strings.Index(s, busyDocsBegin), strings.Index(s, busyDocsEnd)
	if i >= 0 && j > i {
		s = s[:i] + section + strings.TrimPrefix(s[j+len(busyDocsEnd):], "\n")
	} else {
		s = strings.TrimRight(s, "\n") + "\n\n" + section
	}
	return os.WriteFile(path, []byte(s), 0o644)
}
