package subscriptions_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/deps"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/hooks/subscriptions"
	"github.com/bancada/bancada/integrations/asaas"
	"github.com/bancada/bancada/integrations/asaas/asaasfake"
	"github.com/bancada/bancada/internal/testclock"
)

func TestMain(m *testing.M) {
	code := hooktest.Main(m)
	if seeded.dir != "" {
		_ = os.RemoveAll(seeded.dir)
	}
	os.Exit(code)
}

// seeded is a data dir with hooktest's three shops, seeded once per test
// binary; every harness starts from a copy of it (seeding costs a second
// of bcrypt, copying a few milliseconds). Its fixture's records are
// reloaded from each copy, so tests never share record instances.
var seeded struct {
	once sync.Once
	dir  string
	ids  map[string]map[string]string // shop → collection → id
	err  error
}

// setupTB stands in for a testing.TB while seeding outside any test.
type setupTB struct {
	testing.TB
	failed error
}

func (s *setupTB) Helper()                      {}
func (s *setupTB) Cleanup(func())               {}
func (s *setupTB) Fatal(args ...any)            { panic(fmt.Sprint(args...)) }
func (s *setupTB) Fatalf(f string, args ...any) { panic(fmt.Sprintf(f, args...)) }
func (s *setupTB) Errorf(f string, args ...any) { panic(fmt.Sprintf(f, args...)) }
func (s *setupTB) FailNow()                     { panic("FailNow") }

// seedTemplate builds the seeded data dir once.
func seedTemplate() (string, map[string]map[string]string, error) {
	seeded.once.Do(func() {
		defer func() {
			if p := recover(); p != nil {
				seeded.err = fmt.Errorf("seeding the template: %v", p)
			}
		}()
		tb := &setupTB{}
		env := hooktest.New(tb)
		f := hooktest.Seed(tb, env.App)
		seeded.ids = map[string]map[string]string{}
		for name, shop := range map[string]*hooktest.Shop{"A": f.A, "B": f.B, "C": f.C} {
			m := map[string]string{collections.Tenants: shop.Tenant.Id}
			for col, r := range shop.Rec {
				m[col] = r.Id
			}
			for role, u := range map[string]*core.Record{"owner": shop.Owner, "manager": shop.Manager, "tech": shop.Tech, "attend": shop.Attend} {
				if u != nil {
					m["user:"+role] = u.Id
				}
			}
			seeded.ids[name] = m
		}
		env.Deps.Inbox.Close()
		if err := env.App.ResetBootstrapState(); err != nil {
			seeded.err = err
			return
		}
		seeded.dir = env.App.DataDir()
	})
	return seeded.dir, seeded.ids, seeded.err
}

// newEnv is hooktest.New starting from the seeded template: an app wired
// exactly as main wires it.
func newEnv(t testing.TB, configure func(*deps.Deps)) (*hooktest.Env, *hooktest.Fixture) {
	t.Helper()
	dir, ids, err := seedTemplate()
	require.NoError(t, err)
	app, err := hooktest.OpenApp(dir)
	require.NoError(t, err)
	t.Cleanup(app.Cleanup)
	env := hooktest.Wire(t, app, configure)

	load := func(col, id string) *core.Record {
		if id == "" {
			return nil
		}
		r, err := app.FindRecordById(col, id)
		require.NoError(t, err)
		return r
	}
	shop := func(name string) *hooktest.Shop {
		m := ids[name]
		s := &hooktest.Shop{Tenant: load(collections.Tenants, m[collections.Tenants]), Rec: map[string]*core.Record{},
			Owner: load(collections.Users, m["user:owner"]), Manager: load(collections.Users, m["user:manager"]),
			Tech: load(collections.Users, m["user:tech"]), Attend: load(collections.Users, m["user:attend"])}
		for col, id := range m {
			if col != collections.Tenants && !strings.HasPrefix(col, "user:") {
				s.Rec[col] = load(col, id)
			}
		}
		return s
	}
	return env, &hooktest.Fixture{A: shop("A"), B: shop("B"), C: shop("C")}
}

// Keys and tokens of the tests.
const (
	platformKey   = "$aact_hmlg_plataforma"
	platformToken = "token-da-plataforma-0123456789abcdef"
)

// Valid documents for customers.
const (
	cpfA  = "52998224725"
	cpfA2 = "11144477735"
	cpfB  = "39053344705"
)

// clock is the shared settable test clock.
type clock = testclock.Clock

// harness is an app wired as main wires it, served over real HTTP, with a
// fake Asaas (real HTTP too) whose webhooks reach the app.
type harness struct {
	t     testing.TB
	env   *hooktest.Env
	app   *tests.TestApp
	fake  *asaasfake.Server
	srv   *httptest.Server
	f     *hooktest.Fixture
	clock *clock
	// accounts of the shops in the fake, by tenant id.
	accounts map[string]*asaasfake.Account
	keys     map[string]string
	platform *asaasfake.Account
}

type option func(*deps.Deps)

// withPlatform turns SaaS billing on (the platform's Asaas key).
func withPlatform(d *deps.Deps) { d.Config.AsaasAPIKey = platformKey }

func newHarness(t testing.TB, opts ...option) *harness {
	t.Helper()
	clk := testclock.New(hooktest.Now)
	fake := asaasfake.Start(asaasfake.WithClock(clk.Now))
	t.Cleanup(fake.Close)
	// The server's address is the public URL: known before the wiring.
	srv := httptest.NewServer(nil)
	t.Cleanup(srv.Close)
	env, f := newEnv(t, func(d *deps.Deps) {
		d.Now = clk.Now
		d.Config.PublicURL = srv.URL
		d.Config.AsaasURL = fake.BaseURL()
		d.Config.AsaasWebhookToken = platformToken
		d.Config.BillingGraceDays = 7
		d.Config.Timezone = "America/Sao_Paulo"
		for _, o := range opts {
			o(d)
		}
	})
	h := &harness{t: t, env: env, app: env.App, fake: fake, clock: clk, f: f,
		accounts: map[string]*asaasfake.Account{}, keys: map[string]string{}}
	h.platform = fake.AddAccount(platformKey)
	srv.Config.Handler = hooktest.Handler(t, env.App)
	h.srv = srv
	return h
}

// call makes a request to the app as user (nil: anonymous) and returns the
// status and decoded body.
func (h *harness) call(method, path string, user *core.Record, body any) (int, map[string]any) {
	h.t.Helper()
	status, raw := hooktest.Call(h.t, h.srv.URL, method, path, user, body)
	out := map[string]any{}
	_ = json.Unmarshal(raw, &out)
	out["_raw"] = string(raw)
	return status, out
}

// post sends a raw webhook body with a token.
func (h *harness) post(path, token string, body []byte) int {
	h.t.Helper()
	req, err := http.NewRequest(http.MethodPost, h.srv.URL+path, bytes.NewReader(body))
	require.NoError(h.t, err)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set(asaas.WebhookTokenHeader, token)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(h.t, err)
	res.Body.Close()
	return res.StatusCode
}

// connect connects the shop to its own fake Asaas account.
func (h *harness) connect(shop *hooktest.Shop) *asaasfake.Account {
	h.t.Helper()
	key := "$aact_hmlg_loja_" + shop.ID()
	acc := h.fake.AddAccount(key)
	status, body := h.call(http.MethodPost, "/api/bancada/asaas/connect", shop.Owner, map[string]any{"tenant": shop.ID(), "apiKey": key})
	require.Equal(h.t, http.StatusOK, status, body["_raw"])
	h.accounts[shop.ID()], h.keys[shop.ID()] = acc, key
	return acc
}

// hookToken is the webhook token the fake holds for the shop's account.
func (h *harness) hookToken(shop *hooktest.Shop) string {
	hooks := h.fake.Webhooks(h.accounts[shop.ID()])
	require.Len(h.t, hooks, 1)
	return hooks[0].AuthToken
}

// ready gives the shop's order a total and its customer a CPF, and
// removes the fixture's cash payment, so the whole total is owed.
func (h *harness) ready(shop *hooktest.Shop, total int64, cpf string) (*collections.Order, *collections.Customer) {
	h.t.Helper()
	if r, err := h.app.FindRecordById(collections.Payments, shop.Rec[collections.Payments].Id); err == nil {
		require.NoError(h.t, h.app.Delete(r))
	}
	c := collections.AsCustomer(shop.Rec[collections.Customers])
	c.SetDocument(cpf, collections.DocumentCPF)
	require.NoError(h.t, h.app.Save(c))
	o := collections.AsOrder(h.reload(shop.Rec[collections.Orders]))
	o.SetFinalTotal(total)
	require.NoError(h.t, h.app.Save(o))
	return o, c
}

// charge asks for a charge through the route and returns the payment.
func (h *harness) charge(shop *hooktest.Shop, user *core.Record, orderID string, body map[string]any) *core.Record {
	h.t.Helper()
	status, out := h.call(http.MethodPost, "/api/bancada/orders/"+orderID+"/charges", user, body)
	require.Equal(h.t, http.StatusOK, status, out["_raw"])
	r, err := h.app.FindRecordById(collections.Payments, out["id"].(string))
	require.NoError(h.t, err)
	return r
}

func (h *harness) drainOutbox() {
	h.t.Helper()
	require.NoError(h.t, h.env.Deps.Outbox.Drain(context.Background()))
}

func (h *harness) drainInbox() {
	h.t.Helper()
	require.NoError(h.t, h.env.Deps.Inbox.Drain(context.Background()))
}

// reload reads a record again.
func (h *harness) reload(r *core.Record) *core.Record {
	h.t.Helper()
	fresh, err := h.app.FindRecordById(r.Collection().Name, r.Id)
	require.NoError(h.t, err)
	return fresh
}

// outbox returns the outbox rows of a kind.
func (h *harness) outbox(kind string) []*core.Record {
	h.t.Helper()
	rows, err := h.app.FindAllRecords(collections.Outbox, dbx.HashExp{collections.OutboxKind: kind})
	require.NoError(h.t, err)
	return rows
}

// messagesTo returns the texts queued to the customer, oldest first.
func (h *harness) messagesTo(tenantID, customerID string) []string {
	h.t.Helper()
	conv, err := h.app.FindFirstRecordByFilter(collections.Conversations, "tenant = {:t} && customer = {:c}",
		dbx.Params{"t": tenantID, "c": customerID})
	if err != nil {
		return nil
	}
	rows, err := h.app.FindRecordsByFilter(collections.Messages, "conversation = {:c} && direction = 'out'", "created", 0, 0,
		dbx.Params{"c": conv.Id})
	require.NoError(h.t, err)
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.GetString(collections.MessageText))
	}
	return out
}

// webhookRows returns the stored Asaas webhook events.
func (h *harness) webhookRows() []*core.Record {
	h.t.Helper()
	rows, err := h.app.FindAllRecords(collections.WebhookEvents, dbx.HashExp{collections.WebhookProvider: collections.ProviderAsaasHook})
	require.NoError(h.t, err)
	return rows
}

// auditActions returns the audit actions written for a tenant.
func (h *harness) auditActions(tenantID string) []string {
	h.t.Helper()
	rows, err := h.app.FindRecordsByFilter(collections.AuditLog, "tenant = {:t}", "created", 0, 0, dbx.Params{"t": tenantID})
	require.NoError(h.t, err)
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.GetString(collections.AuditAction))
	}
	return out
}

// paymentEvent builds a PAYMENT_* webhook body.
func paymentEvent(id, event string, payment map[string]any) []byte {
	b, err := json.Marshal(map[string]any{
		"id": id, "event": event, "dateCreated": "2026-11-24 14:05:00",
		"account": map[string]any{"id": "acc", "ownerId": nil}, "payment": payment,
	})
	if err != nil {
		panic(err)
	}
	return b
}

// subs is the subscriptions' service the wiring built.
func (h *harness) subs() *subscriptions.Service { return h.env.Wired.Services.Subscriptions }
