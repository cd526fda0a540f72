package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// Targets for realtime (docs/benchmarks.md).
const (
	realtimeP99ms     = 100
	realtimeMaxRSSMB  = 500
	realtimeTargetN   = 10_000
	realtimeMarkerPfx = "bench-rt-"
)

// sseClient is one staff browser tab subscribed to orders over
// PocketBase's realtime SSE endpoint.
type sseClient struct {
	conn net.Conn
	user *Login
}

// deliveries collects, per update marker, when the update was sent and how
// long each subscriber took to receive it.
type deliveries struct {
	mu   sync.Mutex
	sent map[string]time.Time
	got  map[string][]time.Duration
	// arrived is signalled on each delivery
	arrived chan struct{}
}

func newDeliveries() *deliveries {
	return &deliveries{sent: map[string]time.Time{}, got: map[string][]time.Duration{}, arrived: make(chan struct{}, 1)}
}

func (d *deliveries) deliver(marker string, at time.Time) {
	d.mu.Lock()
	if t0, ok := d.sent[marker]; ok {
		d.got[marker] = append(d.got[marker], at.Sub(t0))
	}
	d.mu.Unlock()
	select {
	case d.arrived <- struct{}{}:
	default:
	}
}

func (d *deliveries) count(marker string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.got[marker])
}

// connectSSE opens the realtime stream as user, subscribes to orders/* and
// reads events until the connection closes.
func (env *Env) connectSSE(ctx context.Context, user *Login, d *deliveries) (*sseClient, error) {
	u, err := url.Parse(env.URL)
	if err != nil {
		return nil, err
	}
	conn, err := (&net.Dialer{Timeout: 10 * time.Second}).DialContext(ctx, "tcp", u.Host)
	if err != nil {
		return nil, fmt.Errorf("realtime: dial: %w", err)
	}
	fail := func(err error) (*sseClient, error) {
		_ = conn.Close()
		return nil, err
	}
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := io.WriteString(conn, "GET /api/realtime HTTP/1.1\r\nHost: "+u.Host+"\r\nAccept: text/event-stream\r\n\r\n"); err != nil {
		return fail(fmt.Errorf("realtime: connect: %w", err))
	}
	br := bufio.NewReaderSize(conn, 2048)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		return fail(fmt.Errorf("realtime: connect: %w", err))
	}
	if res.StatusCode != http.StatusOK {
		return fail(fmt.Errorf("realtime: connect: HTTP %d", res.StatusCode))
	}
	events := bufio.NewReaderSize(res.Body, 2048)
	name, data, err := readEvent(events)
	if err != nil || name != "PB_CONNECT" {
		return fail(fmt.Errorf("realtime: no PB_CONNECT (%q): %v", name, err))
	}
	var hello struct {
		ClientID string `json:"clientId"`
	}
	if err := json.Unmarshal(data, &hello); err != nil || hello.ClientID == "" {
		return fail(fmt.Errorf("realtime: PB_CONNECT: %s", data))
	}
	body, _ := json.Marshal(map[string]any{"clientId": hello.ClientID, "subscriptions": []string{"orders/*"}})
	if err := env.do(ctx, http.MethodPost, "/api/realtime", user.Token, body, nil); err != nil {
		return fail(fmt.Errorf("realtime: subscribe: %w", err))
	}
	_ = conn.SetDeadline(time.Time{})
	go func() {
		for {
			name, data, err := readEvent(events)
			if err != nil {
				return
			}
			at := time.Now()
			if name != "orders/*" {
				continue
			}
			var ev struct {
				Record struct {
					Notes string `json:"notes"`
				} `json:"record"`
			}
			if json.Unmarshal(data, &ev) == nil && strings.HasPrefix(ev.Record.Notes, realtimeMarkerPfx) {
				d.deliver(ev.Record.Notes, at)
			}
		}
	}()
	return &sseClient{conn: conn, user: user}, nil
}

// readEvent reads one server-sent event: its name and data.
func readEvent(r *bufio.Reader) (string, []byte, error) {
	var name string
	var data []byte
	for {
		line, err := r.ReadSlice('\n')
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return "", nil, err
		}
		s := strings.TrimRight(string(line), "\r\n")
		if errors.Is(err, bufio.ErrBufferFull) {
			// a long data line: gather the rest
			rest, err := r.ReadString('\n')
			if err != nil {
				return "", nil, err
			}
			s += strings.TrimRight(rest, "\r\n")
		}
		switch {
		case s == "":
			if name != "" || data != nil {
				return name, data, nil
			}
		case strings.HasPrefix(s, "event:"):
			name = strings.TrimSpace(s[len("event:"):])
		case strings.HasPrefix(s, "data:"):
			data = append(data, strings.TrimPrefix(s[len("data:"):], " ")...)
		}
	}
}

// benchRealtime connects N staff clients subscribed to orders, then
// updates orders of the biggest and the median shop and measures how long
// each update takes to reach every subscriber who may see it, and what
// each connected client costs the appliance in memory.
func benchRealtime(ctx context.Context, env *Env) ([]Figure, error) {
	var figs []Figure
	for _, n := range env.RealtimeClients {
		f, err := env.realtimeAt(ctx, n)
		figs = append(figs, f...)
		if err != nil {
			return figs, err
		}
	}
	return figs, nil
}

func (env *Env) realtimeAt(ctx context.Context, n int) ([]Figure, error) {
	staff := env.Logins.Staff
	if len(staff) == 0 {
		return nil, fmt.Errorf("no staff: %w", errNoLogin)
	}
	type target struct {
		shop  *ShopLogins
		actor *Login
	}
	var targets []target
	for _, key := range []string{"big", "small"} {
		s, l, err := env.shopAndStaff(key)
		if err != nil {
			return nil, err
		}
		if len(s.OrderIDs) == 0 {
			return nil, fmt.Errorf("no sample orders: %w", errNoLogin)
		}
		targets = append(targets, target{s, l})
	}

	before := 0.0
	if env.PID > 0 {
		before, _ = rssMB(env.PID)
	}
	d := newDeliveries()
	fmt.Fprintf(env.Log, "load: realtime: connecting %d clients\n", n)
	clients := make([]*sseClient, n)
	var firstErr error
	var errMu sync.Mutex
	sem := make(chan struct{}, 64)
	var wg sync.WaitGroup
	connectStart := time.Now()
	for i := 0; i < n; i++ {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			c, err := env.connectSSE(ctx, staff[i%len(staff)], d)
			if err != nil {
				errMu.Lock()
				if firstErr == nil {
					firstErr = err
				}
				errMu.Unlock()
				return
			}
			clients[i] = c
		}()
	}
	wg.Wait()
	connectTime := time.Since(connectStart)
	defer func() {
		for _, c := range clients {
			if c != nil {
				_ = c.conn.Close()
			}
		}
	}()
	connected := 0
	expected := map[string]int{}
	for _, c := range clients {
		if c == nil {
			continue
		}
		connected++
		for _, t := range targets {
			if slices.Contains(c.user.Tenants, t.shop.Tenant) {
				expected[t.shop.Tenant]++
			}
		}
	}
	if connected < n {
		return nil, fmt.Errorf("realtime: %d of %d clients connected: %v", connected, n, firstErr)
	}
	after := 0.0
	if env.PID > 0 {
		after, _ = rssMB(env.PID)
	}

	updates := 10
	if env.Quick {
		updates = 2
	}
	var deliveryRuns, patchRuns []runStats
	missing := 0
	seq := 0
	for r := 0; r < env.Runs; r++ {
		var lat, patch []time.Duration
		for u := 0; u < updates; u++ {
			t := targets[u%len(targets)]
			seq++
			marker := fmt.Sprintf("%s%d-%d-%d", realtimeMarkerPfx, n, seq, time.Now().UnixNano())
			id := t.shop.OrderIDs[seq%len(t.shop.OrderIDs)]
			body, _ := json.Marshal(map[string]any{"notes": marker})
			d.mu.Lock()
			t0 := time.Now()
			d.sent[marker] = t0
			d.mu.Unlock()
			if err := env.do(ctx, http.MethodPatch, "/api/collections/orders/records/"+id, t.actor.Token, body, nil); err != nil {
				return nil, fmt.Errorf("realtime: update order: %w", err)
			}
			patch = append(patch, time.Since(t0))
			want := expected[t.shop.Tenant]
			deadline := time.NewTimer(10 * time.Second)
			for d.count(marker) < want {
				select {
				case <-d.arrived:
				case <-deadline.C:
				case <-ctx.Done():
					deadline.Stop()
					return nil, ctx.Err()
				}
				if time.Since(t0) > 10*time.Second {
					break
				}
			}
			deadline.Stop()
			d.mu.Lock()
			got := d.got[marker]
			lat = append(lat, got...)
			missing += max(want-len(got), 0)
			d.mu.Unlock()
		}
		deliveryRuns = append(deliveryRuns, summarize(lat, 0, "", 0))
		patchRuns = append(patchRuns, summarize(patch, 0, "", 0))
	}

	cond := fmt.Sprintf("%s clients (staff of every shop, round-robin, subscribed to orders/* with their token, connected in %.1f s); "+
		"%d updates per run alternating the biggest shop (%d subscribers may see it) and the median one (%d); median of %d runs",
		groupThousands(fmt.Sprint(n)), connectTime.Seconds(), updates, expected[targets[0].shop.Tenant], expected[targets[1].shop.Tenant], env.Runs)
	deliv := Figure{
		ID: fmt.Sprintf("realtime-delivery-%d", n), Area: "realtime",
		Name:       fmt.Sprintf("update → delivery, %s clients", groupThousands(fmt.Sprint(n))),
		Metrics:    latencyMetrics(deliveryRuns)[:2],
		Conditions: cond,
	}
	if missing > 0 {
		deliv.Note = fmt.Sprintf("%d expected deliveries never arrived (10 s timeout)", missing)
	}
	if n >= realtimeTargetN {
		p99, _ := deliv.Metric("p99")
		met := p99 <= realtimeP99ms && missing == 0
		deliv.Target, deliv.Met = "p99 ≤ 100 ms", &met
	}
	patchFig := Figure{
		ID: fmt.Sprintf("realtime-update-request-%d", n), Area: "realtime",
		Name:       fmt.Sprintf("order update request with %s clients connected", groupThousands(fmt.Sprint(n))),
		Metrics:    latencyMetrics(patchRuns)[:2],
		Conditions: "PATCH of one order (notes), sequential; PocketBase checks the List rule for every subscriber before answering",
	}
	figs := []Figure{deliv, patchFig}
	if env.PID > 0 {
		mem := Figure{
			ID: fmt.Sprintf("realtime-memory-%d", n), Area: "realtime",
			Name: fmt.Sprintf("memory with %s clients", groupThousands(fmt.Sprint(n))),
			Metrics: []Metric{
				{Name: "RSS", Unit: "MB", Value: after},
				{Name: "per client", Unit: "KB", Value: (after - before) * 1024 / float64(n)},
			},
			Conditions: fmt.Sprintf("VmRSS with every client connected and subscribed (%.0f MB before they connected)", before),
		}
		if n >= realtimeTargetN {
			met := after <= realtimeMaxRSSMB
			mem.Target, mem.Met = "≤ 500 MB RSS", &met
		}
		figs = append(figs, mem)
	}
	return figs, nil
}
