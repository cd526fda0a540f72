package whatsapp_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/deps"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/hooks/messaging"
	"github.com/bancada/bancada/hooks/whatsapp"
	"github.com/bancada/bancada/integrations/evolution"
	evofake "github.com/bancada/bancada/integrations/evolution/fake"
	"github.com/bancada/bancada/internal/testclock"
)

func TestMain(m *testing.M) {
	code := hooktest.Main(m)
	removeBenchSeed()
	os.Exit(code)
}

// clock is the shared settable test clock.
type clock = testclock.Clock

// rig is the app served over real HTTP on loopback, wired to a fake
// Evolution whose webhooks post back to it, with shops A, B and C.
type rig struct {
	t     *testing.T
	env   *hooktest.Env
	app   *tests.TestApp
	fake  *evofake.Server
	srv   *httptest.Server
	clock *clock
	f     *hooktest.Fixture
}

// newRig builds a rig; configure may adjust the dependencies further.
func newRig(t *testing.T, configure ...func(*deps.Deps)) *rig {
	t.Helper()
	clk := testclock.New(hooktest.Now)
	fake := evofake.Start(evofake.WithClock(clk.Now))
	t.Cleanup(fake.Close)
	// The server's address is the public URL: known before the wiring.
	srv := httptest.NewServer(nil)
	t.Cleanup(srv.Close)
	env := hooktest.New(t, func(d *deps.Deps) {
		d.Config.PublicURL = srv.URL
		d.Config.EvolutionURL = fake.URL
		d.Config.EvolutionAPIKey = fake.APIKey()
		d.Now = clk.Now
		for _, c := range configure {
			c(d)
		}
	})
	r := &rig{t: t, env: env, app: env.App, fake: fake, clock: clk, srv: srv}
	srv.Config.Handler = hooktest.Handler(t, env.App)
	r.f = hooktest.Seed(t, env.App)
	return r
}

// call makes an HTTP request to the app as user (nil: anonymous) and
// decodes a JSON answer into out (when not nil).
func (r *rig) call(method, path string, user *core.Record, body any, out any) int {
	r.t.Helper()
	status, raw := hooktest.Call(r.t, r.srv.URL, method, path, user, body)
	if out != nil && len(raw) > 0 {
		require.NoError(r.t, json.Unmarshal(raw, out), string(raw))
	}
	return status
}

// post sends a raw webhook body with headers and returns the status.
func (r *rig) post(body []byte, headers map[string]string) int {
	r.t.Helper()
	req, err := http.NewRequest(http.MethodPost, r.srv.URL+whatsapp.WebhookPath, bytes.NewReader(body))
	require.NoError(r.t, err)
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(r.t, err)
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// drain processes stored webhooks and delivers the outbox until both are
// idle.
func (r *rig) drain() {
	r.t.Helper()
	ctx := context.Background()
	for range 5 {
		require.NoError(r.t, r.env.Deps.Inbox.Drain(ctx))
		require.NoError(r.t, r.env.Deps.Outbox.Drain(ctx))
	}
}

// connect provisions shop s through the route and pairs phone with it,
// leaving the shop connected.
func (r *rig) connect(s *hooktest.Shop, phone string) {
	r.t.Helper()
	var st whatsapp.State
	require.Equal(r.t, http.StatusOK, r.call(http.MethodPost, "/api/bancada/whatsapp/connect", s.Owner, map[string]any{"tenant": s.ID()}, &st))
	require.Equal(r.t, "waiting_qr", st.Status)
	status, err := r.fake.ScanQR(whatsapp.InstanceName(s.ID()), phone)
	require.NoError(r.t, err)
	require.Equal(r.t, http.StatusOK, status)
	r.drain()
	require.Equal(r.t, collections.IntegrationConnected, r.tenant(s).WhatsAppStatus())
}

// say makes customer phone write text to shop s, 30 s after the previous
// message (a person's pace), and processes everything.
func (r *rig) say(s *hooktest.Shop, phone, text string) {
	r.t.Helper()
	r.clock.Add(30 * time.Second)
	status, err := r.fake.InjectMessage(whatsapp.InstanceName(s.ID()), evofake.InboundSpec{From: phone, Text: text, PushName: "Maria Souza"})
	require.NoError(r.t, err)
	require.Equal(r.t, http.StatusOK, status)
	r.drain()
}

// sentTo returns the texts the fake sent from shop s to phone.
func (r *rig) sentTo(s *hooktest.Shop, phone string) []string {
	var out []string
	for _, m := range r.fake.Sent(whatsapp.InstanceName(s.ID())) {
		if m.Number == phone || m.RemoteJID == phone+"@s.whatsapp.net" {
			out = append(out, m.Text)
		}
	}
	return out
}

func (r *rig) tenant(s *hooktest.Shop) *collections.Tenant {
	r.t.Helper()
	rec, err := r.app.FindRecordById(collections.Tenants, s.ID())
	require.NoError(r.t, err)
	return collections.AsTenant(rec)
}

// count counts records of a collection matching exp.
func (r *rig) count(collection string, exps ...dbx.Expression) int {
	r.t.Helper()
	n, err := r.app.CountRecords(collection, exps...)
	require.NoError(r.t, err)
	return int(n)
}

// conversation returns shop s's conversation with phone.
func (r *rig) conversation(s *hooktest.Shop, phone string) *collections.Conversation {
	r.t.Helper()
	rec, err := r.app.FindFirstRecordByFilter(collections.Conversations, "tenant = {:t} && phone = {:p}", dbx.Params{"t": s.ID(), "p": phone})
	require.NoError(r.t, err)
	return collections.AsConversation(rec)
}

// messages returns the texts of a conversation, oldest first, as
// "in: ..." / "out: ...".
func (r *rig) messages(conversationID string) []*collections.Message {
	r.t.Helper()
	var recs []*core.Record
	require.NoError(r.t, r.app.RecordQuery(collections.Messages).
		AndWhere(dbx.HashExp{collections.MessageConversation: conversationID}).OrderBy("rowid").All(&recs))
	out := make([]*collections.Message, len(recs))
	for i, rec := range recs {
		out[i] = collections.AsMessage(rec)
	}
	return out
}

// webhookSecret returns the secret Evolution was told to send for shop s.
func (r *rig) webhookSecret(s *hooktest.Shop) string {
	r.t.Helper()
	info, err := evolution.New(r.fake.URL, r.fake.APIKey()).FindWebhook(context.Background(), whatsapp.InstanceName(s.ID()))
	require.NoError(r.t, err)
	require.NotNil(r.t, info)
	return info.Headers[whatsapp.SecretHeader]
}

// evolutionClient talks to the fake with the global key.
func evolutionClient(r *rig) *evolution.Client { return evolution.New(r.fake.URL, r.fake.APIKey()) }

// queueTo queues a bot message to shop s's seeded customer.
func queueTo(app core.App, s *hooktest.Shop, text string) (*collections.Message, error) {
	return messaging.Queue(app, messaging.Outgoing{Tenant: s.ID(), Customer: s.Rec[collections.Customers].Id, Text: text,
		Author: collections.AuthorBot})
}

// newCustomer creates a customer of the tenant with a unique phone.
func newCustomer(t *testing.T, app core.App, tenantID string) *core.Record {
	t.Helper()
	return hooktest.NewCustomer(t, app, tenantID, "Joana Lima")
}

func mustFind(t *testing.T, r *rig, collection, id string) *core.Record {
	t.Helper()
	rec, err := r.app.FindRecordById(collection, id)
	require.NoError(t, err)
	return rec
}

func whatsappInstance(s *hooktest.Shop) string { return whatsapp.InstanceName(s.ID()) }
