package ops_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
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
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// asaasToken is the platform's Asaas webhook token in these tests.
const asaasToken = "e2e-asaas-webhook-token"

// proc is a `bancada serve` whose whole output is kept.
type proc struct {
	server
	mu  sync.Mutex
	log bytes.Buffer
}

// output is everything the process printed so far.
func (p *proc) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.log.String()
}

// serveWith starts `bancada serve` on dir with extra environment and
// returns once it listens.
func serveWith(t *testing.T, ctx context.Context, bin, dir string, env ...string) *proc {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	cmd := exec.CommandContext(ctx, bin, "serve", "--http", addr, "--dir", dir)
	cmd.Env = append(append(os.Environ(), "BANCADA_SECRET_KEY="+e2eKey, "BANCADA_BACKUP_CRON=off",
		"BANCADA_ASAAS_WEBHOOK_TOKEN="+asaasToken), env...)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = cmd.Stdout
	require.NoError(t, cmd.Start())
	p := &proc{server: server{url: "http://" + addr, cmd: cmd, done: make(chan error, 1)}}
	started, drained := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(drained)
		sc := bufio.NewScanner(stdout)
		var once bool
		for sc.Scan() {
			p.mu.Lock()
			p.log.WriteString(sc.Text() + "\n")
			p.mu.Unlock()
			if !once && strings.Contains(sc.Text(), "Server started at") {
				once = true
				close(started)
			}
		}
		if !once {
			close(started)
		}
	}()
	go func() {
		<-drained
		p.done <- cmd.Wait()
	}()
	select {
	case <-started:
	case <-ctx.Done():
		t.Fatal("the server did not start")
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
		}
	})
	return p
}

// signupShop creates a shop through the API and returns the owner's
// token and the tenant id.
func signupShop(t *testing.T, s *server, n int) (string, string) {
	t.Helper()
	var signup struct {
		Token  string `json:"token"`
		Tenant struct {
			ID string `json:"id"`
		} `json:"tenant"`
	}
	s.call(t, "POST", "/api/bancada/signup", "", map[string]any{
		"shop": map[string]any{"name": fmt.Sprintf("Loja %d", n), "cnpj": "11.222.333/0001-81", "email": fmt.Sprintf("loja%d@example.com", n),
			"phone": "(11) 98888-7777", "address": "Rua A, 10"},
		"owner": map[string]any{"name": "Dona Maria", "email": fmt.Sprintf("dona%d@example.com", n), "password": "senha-forte-1"},
	}, &signup)
	return signup.Token, signup.Tenant.ID
}

// outcome is what one request of a load got.
type outcome struct {
	status     int
	retryAfter string
	err        error
}

// post sends a JSON body and returns its outcome (the body is dropped).
func post(client *http.Client, url, token string, headers map[string]string, body []byte) outcome {
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := client.Do(req)
	if err != nil {
		return outcome{err: err}
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return outcome{status: res.StatusCode, retryAfter: res.Header.Get("Retry-After")}
}

// asaasEvent is a platform Asaas webhook about an unknown payment.
func asaasEvent(id string) []byte {
	b, _ := json.Marshal(map[string]any{"id": id, "event": "PAYMENT_CREATED", "dateCreated": "2026-11-24 14:05:00",
		"payment": map[string]any{"id": "pay_" + id, "status": "PENDING", "value": 10}})
	return b
}

// tally is what a load saw: acknowledged ids with the time of their
// answer, refusals and their Retry-After.
type tally struct {
	mu       sync.Mutex
	acked    map[string]time.Time
	refused  int
	noRetry  int
	statuses map[int]int
}

func newTally() *tally { return &tally{acked: map[string]time.Time{}, statuses: map[int]int{}} }

// note records the outcome of the request for id.
func (c *tally) note(id string, o outcome) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if o.err != nil {
		return
	}
	c.statuses[o.status]++
	switch o.status {
	case http.StatusOK:
		c.acked[id] = time.Now()
	case http.StatusServiceUnavailable:
		c.refused++
		if o.retryAfter == "" {
			c.noRetry++
		}
	}
}

// ackedIDs are the acknowledged ids, sorted.
func (c *tally) ackedIDs() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	ids := make([]string, 0, len(c.acked))
	for id := range c.acked {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// load runs workers goroutines sending requests made by next until stop
// is closed or the server stops answering.
func load(workers int, stop <-chan struct{}, next func(worker, i int) (string, outcome)) *sync.WaitGroup {
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if _, o := next(w, i); o.err != nil {
					return // the server is gone
				}
			}
		}()
	}
	return &wg
}

// openRO opens the SQLite database at path read-only.
func openRO(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

// TestSIGTERMUnderLoadDrains sends SIGTERM to the built binary while
// customers are created and Asaas webhooks arrive, with one request
// still uploading its body: new requests get 503 with Retry-After, the
// slow one finishes with 200, the process exits 0 without a panic, and
// after a restart every webhook that was acknowledged is processed and
// every acknowledged customer is there.
func TestSIGTERMUnderLoadDrains(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the appliance")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	bin := builtBancada(t, ctx)
	dir := filepath.Join(t.TempDir(), "pb_data")
	srv := serveWith(t, ctx, bin, dir, "BANCADA_SHUTDOWN_TIMEOUT=30s")
	token, tenant := signupShop(t, &srv.server, 1)
	client := &http.Client{Timeout: 30 * time.Second}

	hooks, customers := newTally(), newTally()
	stop := make(chan struct{})
	hookLoad := load(2, stop, func(w, i int) (string, outcome) {
		id := fmt.Sprintf("evt_e2e_%d_%05d", w, i)
		o := post(client, srv.url+"/api/webhooks/asaas", "", map[string]string{"asaas-access-token": asaasToken}, asaasEvent(id))
		hooks.note(id, o)
		return id, o
	})
	customerLoad := load(2, stop, func(w, i int) (string, outcome) {
		name := fmt.Sprintf("Cliente %d-%05d", w, i)
		body, _ := json.Marshal(map[string]any{"tenant": tenant, "name": name, "phone": fmt.Sprintf("+55119%d%07d", 6+w, i)})
		o := post(client, srv.url+"/api/collections/customers/records", token, nil, body)
		customers.note(name, o)
		return name, o
	})
	// Let the load run until a few dozen webhooks are in.
	for tick := time.NewTicker(20 * time.Millisecond); len(hooks.ackedIDs()) < 40; {
		select {
		case <-tick.C:
		case <-ctx.Done():
			t.Fatal("no webhook acknowledged")
		}
	}

	// A request in flight when SIGTERM comes: its body is still arriving.
	pr, pw := io.Pipe()
	slowReq, _ := http.NewRequest(http.MethodPost, srv.url+"/api/collections/customers/records", pr)
	slowReq.Header.Set("Content-Type", "application/json")
	slowReq.Header.Set("Authorization", token)
	slow := make(chan outcome, 1)
	go func() {
		res, err := client.Do(slowReq)
		if err != nil {
			slow <- outcome{err: err}
			return
		}
		res.Body.Close()
		slow <- outcome{status: res.StatusCode}
	}()
	_, err := io.WriteString(pw, `{"tenant":"`+tenant+`",`)
	require.NoError(t, err)
	// A full round trip after the slow request's headers went out: the
	// server has counted it in.
	probe := post(client, srv.url+"/api/webhooks/asaas", "", map[string]string{"asaas-access-token": asaasToken}, asaasEvent("evt_e2e_probe"))
	require.Equal(t, http.StatusOK, probe.status)
	hooks.note("evt_e2e_probe", probe)

	require.NoError(t, srv.cmd.Process.Signal(syscall.SIGTERM))
	var refused outcome
	for i := 0; ; i++ {
		id := fmt.Sprintf("evt_e2e_after_%05d", i)
		o := post(client, srv.url+"/api/webhooks/asaas", "", map[string]string{"asaas-access-token": asaasToken}, asaasEvent(id))
		hooks.note(id, o)
		require.NoError(t, o.err, "the server listens while the request in flight runs")
		if o.status == http.StatusServiceUnavailable {
			refused = o
			break
		}
	}
	assert.NotEmpty(t, refused.retryAfter, "a 503 while draining says when to come back")

	_, err = io.WriteString(pw, `"name":"Cliente lento","phone":"+5511955554444"}`)
	require.NoError(t, err)
	require.NoError(t, pw.Close())
	s := <-slow
	require.NoError(t, s.err)
	assert.Equal(t, http.StatusOK, s.status, "the request in flight finished")
	customers.note("Cliente lento", s)

	var exit error
	select {
	case exit = <-srv.done:
	case <-ctx.Done():
		t.Fatal("the server did not exit")
	}
	close(stop)
	hookLoad.Wait()
	customerLoad.Wait()
	assert.NoError(t, exit, "exit status 0")
	out := srv.output()
	for _, bad := range []string{"panic", "goroutine ", "database is closed", "SQLITE_BUSY"} {
		assert.NotContains(t, out, bad)
	}
	assert.Zero(t, hooks.noRetry+customers.noRetry, "every 503 carries Retry-After")
	t.Logf("SIGTERM under load: %d webhooks and %d customers acknowledged, %d+%d refused with 503 while draining; statuses %v %v",
		len(hooks.ackedIDs()), len(customers.ackedIDs()), hooks.refused, customers.refused, hooks.statuses, customers.statuses)

	// Restart: every acknowledged webhook gets processed, every
	// acknowledged customer is there.
	srv2 := serveWith(t, ctx, bin, dir)
	db := openRO(t, filepath.Join(dir, "data.db"))
	ids := hooks.ackedIDs()
	var pending []string
	for tick := time.NewTicker(50 * time.Millisecond); ; {
		pending = pending[:0]
		rows, err := db.QueryContext(ctx, "SELECT event_key, status FROM webhook_events WHERE provider = 'asaas'")
		require.NoError(t, err)
		status := map[string]string{}
		for rows.Next() {
			var key, st string
			require.NoError(t, rows.Scan(&key, &st))
			status[strings.TrimPrefix(key, "platform:")] = st
		}
		require.NoError(t, rows.Close())
		for _, id := range ids {
			if st := status[id]; st == "" || st == "pending" {
				pending = append(pending, id+"="+st)
			}
		}
		if len(pending) == 0 {
			break
		}
		select {
		case <-tick.C:
		case <-ctx.Done():
			t.Fatalf("acknowledged webhooks not processed after the restart: %d, e.g. %v", len(pending), pending[:min(5, len(pending))])
		}
	}
	names := map[string]bool{}
	rows, err := db.QueryContext(ctx, "SELECT name FROM customers")
	require.NoError(t, err)
	for rows.Next() {
		var n string
		require.NoError(t, rows.Scan(&n))
		names[n] = true
	}
	require.NoError(t, rows.Close())
	for _, n := range customers.ackedIDs() {
		assert.True(t, names[n], "acknowledged customer %s is there", n)
	}
	require.NoError(t, srv2.cmd.Process.Signal(syscall.SIGTERM))
	assert.NoError(t, <-srv2.done)
	assert.NotContains(t, srv2.output(), "panic")
}

var _ = errors.New
