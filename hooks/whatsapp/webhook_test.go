package whatsapp_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/deps"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/hooks/whatsapp"
	evofake "github.com/bancada/bancada/integrations/evolution/fake"
)

// payload reads a recorded Evolution webhook and addresses it to instance.
func payload(t *testing.T, file, instance string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "integrations", "evolution", "testdata", file))
	require.NoError(t, err)
	var body map[string]any
	require.NoError(t, json.Unmarshal(raw, &body))
	body["instance"] = instance
	out, err := json.Marshal(body)
	require.NoError(t, err)
	return out
}

// lastEvent is the webhook stored last.
func (r *rig) lastEvent() *core.Record {
	r.t.Helper()
	rec := &core.Record{}
	require.NoError(r.t, r.app.RecordQuery(collections.WebhookEvents).OrderBy("rowid DESC").Limit(1).One(rec))
	return rec
}

func (r *rig) events() int {
	return r.count(collections.WebhookEvents, dbx.HashExp{collections.WebhookProvider: whatsapp.Provider})
}

func TestWebhookAuthentication(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.connect(r.f.A, "5511900001111")
	r.connect(r.f.B, "5511900002222")
	instA := whatsapp.InstanceName(r.f.A.ID())
	secretA, secretB := r.webhookSecret(r.f.A), r.webhookSecret(r.f.B)
	require.NotEmpty(t, secretA)
	require.NotEqual(t, secretA, secretB, "every instance has its own secret")
	body := payload(t, "upsert_v236_conversation.json", instA)
	before := r.events()

	cases := []struct {
		name    string
		body    []byte
		headers map[string]string
		want    int
	}{
		{"missing secret", body, nil, http.StatusUnauthorized},
		{"wrong secret", body, map[string]string{whatsapp.SecretHeader: "nope"}, http.StatusUnauthorized},
		{"another shop's secret", body, map[string]string{whatsapp.SecretHeader: secretB}, http.StatusUnauthorized},
		{"secret with a different case", body, map[string]string{whatsapp.SecretHeader: "X" + secretA[1:]}, http.StatusUnauthorized},
		{"unknown instance", payload(t, "upsert_v236_conversation.json", "bancada_naoexiste"), map[string]string{whatsapp.SecretHeader: secretA}, http.StatusUnauthorized},
		{"instance not made by Bancada", payload(t, "upsert_v236_conversation.json", "loja-centro"), map[string]string{whatsapp.SecretHeader: secretA}, http.StatusUnauthorized},
		{"malformed JSON", []byte(`{"event":"messages.upsert","instance":`), map[string]string{whatsapp.SecretHeader: secretA}, http.StatusBadRequest},
		{"no event", []byte(`{"instance":"` + instA + `","data":{}}`), map[string]string{whatsapp.SecretHeader: secretA}, http.StatusBadRequest},
		{"message without id", []byte(`{"event":"messages.upsert","instance":"` + instA + `","data":{"key":{"remoteJid":"5511987654321@s.whatsapp.net"}}}`),
			map[string]string{whatsapp.SecretHeader: secretA}, http.StatusBadRequest},
	}
	for _, tc := range cases {
		require.Equal(t, tc.want, r.post(tc.body, tc.headers), tc.name)
	}
	require.Equal(t, before, r.events(), "nothing rejected is stored")

	require.Equal(t, http.StatusOK, r.post(body, map[string]string{whatsapp.SecretHeader: secretA}))
	require.Equal(t, before+1, r.events())
}

// Every shape Evolution posts: what is stored, what the processing does.
func TestWebhookPayloadVariants(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.connect(r.f.A, "5511900001111")
	inst := whatsapp.InstanceName(r.f.A.ID())
	auth := map[string]string{whatsapp.SecretHeader: r.webhookSecret(r.f.A)}

	cases := []struct {
		file string
		// stored: kept in the inbox; status after processing.
		stored bool
		status string
		// customer: the phone of the customer the message comes from ("" = none).
		customer string
		text     string
	}{
		{"upsert_v236_conversation.json", true, collections.WebhookProcessed, "", ""},
		{"upsert_v2_extended_text.json", true, collections.WebhookProcessed, "", ""},
		{"upsert_v18_conversation.json", true, collections.WebhookProcessed, "", ""},
		{"upsert_v18_extended_text.json", true, collections.WebhookProcessed, "5531998296801", "Bom dia, o orçamento do Moto G ficou pronto?"},
		{"upsert_v230_senderpn.json", true, collections.WebhookProcessed, "", ""},
		{"upsert_lid_with_alt.json", true, collections.WebhookProcessed, "", ""},
		{"upsert_lid_only.json", true, collections.WebhookProcessed, "", "Oi"},
		{"upsert_list_response.json", true, collections.WebhookProcessed, "", ""},
		{"upsert_group.json", true, collections.WebhookIgnored, "", ""},
		{"upsert_from_me.json", true, collections.WebhookIgnored, "", ""},
		{"upsert_status_broadcast.json", true, collections.WebhookIgnored, "", ""},
		{"connection_open.json", true, collections.WebhookProcessed, "", ""},
		{"qrcode_updated.json", true, collections.WebhookProcessed, "", ""},
		{"messages_update.json", true, collections.WebhookIgnored, "", ""},
		{"unknown_event.json", false, "", "", ""},
		{"send_message.json", false, "", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			before := r.events()
			require.Equal(t, http.StatusOK, r.post(payload(t, tc.file, inst), auth))
			if !tc.stored {
				require.Equal(t, before, r.events(), "not stored")
				return
			}
			require.Equal(t, before+1, r.events())
			for range 5 { // receipts of unknown messages are retried a few times
				r.drain()
				r.clock.Add(time.Minute)
			}
			last := r.lastEvent()
			require.Equal(t, tc.status, last.GetString(collections.WebhookStatus), last.GetString(collections.WebhookError))
			if tc.customer != "" {
				c, err := r.app.FindFirstRecordByFilter(collections.Customers, "tenant = {:t} && phone = {:p}", dbx.Params{"t": r.f.A.ID(), "p": tc.customer})
				require.NoError(t, err, "the customer is found or created by phone, with the ninth digit")
				require.Equal(t, "Carlos", c.GetString(collections.CustomerName))
			}
			if tc.text != "" {
				require.Equal(t, 1, r.count(collections.Messages, dbx.HashExp{collections.MessageTenant: r.f.A.ID(), collections.MessageText: tc.text}))
			}
		})
	}
	// Groups, broadcasts and the shop's own messages leave no trace.
	for _, text := range []string{"Promoção de películas!"} {
		require.Zero(t, r.count(collections.Messages, dbx.HashExp{collections.MessageText: text}))
	}
}

// A sender WhatsApp identifies only by @lid is answered at the @lid; once
// a message reveals their phone, the @lid is remembered on the customer.
func TestLIDSenders(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.connect(r.f.A, "5511900001111")
	inst := whatsapp.InstanceName(r.f.A.ID())

	_, err := r.fake.InjectMessage(inst, evofake.InboundSpec{LID: "13718992004451", Text: "oi", PushName: "Rodrigo"})
	require.NoError(t, err)
	r.drain()
	conv := r.conversation(r.f.A, "lid:13718992004451")
	require.Equal(t, "13718992004451@lid", conv.JID())
	require.Empty(t, conv.Customer(), "no phone, no customer record")
	sent := r.fake.Sent(inst)
	require.NotEmpty(t, sent)
	require.Equal(t, "13718992004451@lid", sent[len(sent)-1].Number, "the reply goes to the @lid")

	phone := hooktest.UniquePhone()
	r.clock.Add(60e9)
	_, err = r.fake.InjectMessage(inst, evofake.InboundSpec{From: phone, LID: "99887766554433", Text: "oi", PushName: "Paula"})
	require.NoError(t, err)
	r.drain()
	c, err := r.app.FindFirstRecordByFilter(collections.Customers, "tenant = {:t} && phone = {:p}", dbx.Params{"t": r.f.A.ID(), "p": phone})
	require.NoError(t, err)
	require.Equal(t, "99887766554433@lid", c.GetString(collections.CustomerWhatsAppLID))

	// A number that is not a valid phone: answered, without a customer.
	r.clock.Add(60e9)
	_, err = r.fake.InjectMessage(inst, evofake.InboundSpec{From: "12345", Text: "oi"})
	require.NoError(t, err)
	r.drain()
	odd := r.conversation(r.f.A, "12345")
	require.Empty(t, odd.Customer())
	require.Equal(t, "12345", r.fake.Sent(inst)[len(r.fake.Sent(inst))-1].Number)

	// Later the same person writes with only the @lid: same customer.
	r.clock.Add(60e9)
	_, err = r.fake.InjectMessage(inst, evofake.InboundSpec{LID: "99887766554433", Text: "ainda estou aqui", PushName: "Paula"})
	require.NoError(t, err)
	r.drain()
	require.Equal(t, 1, r.count(collections.Messages, dbx.HashExp{collections.MessageConversation: r.conversation(r.f.A, phone).Id,
		collections.MessageText: "ainda estou aqui"}))
}

func TestDuplicateDeliveryIsProcessedOnce(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.connect(r.f.A, "5511900001111")
	inst := whatsapp.InstanceName(r.f.A.ID())
	auth := map[string]string{whatsapp.SecretHeader: r.webhookSecret(r.f.A)}
	body := payload(t, "upsert_v236_conversation.json", inst)
	sentBefore := len(r.fake.Sent(inst))

	require.Equal(t, http.StatusOK, r.post(body, auth))
	require.Equal(t, http.StatusOK, r.post(body, auth), "a re-delivery is acknowledged")
	r.drain()
	require.Equal(t, http.StatusOK, r.post(body, auth), "and so is one after processing")
	r.drain()

	require.Equal(t, 1, r.count(collections.Messages, dbx.HashExp{collections.MessageWAID: "A5561E44C2A63682E4295B52F484C14E"}))
	replies := len(r.fake.Sent(inst)) - sentBefore
	require.Positive(t, replies)

	// Even when the inbox is told to process it again (an operator, or a
	// crash after the transaction committed), nothing doubles.
	ev, err := r.app.FindFirstRecordByFilter(collections.WebhookEvents, "provider = {:p}", dbx.Params{"p": whatsapp.Provider})
	require.NoError(t, err)
	require.NoError(t, r.env.Deps.Inbox.Reprocess(ev.Id))
	r.drain()
	require.Equal(t, 1, r.count(collections.Messages, dbx.HashExp{collections.MessageWAID: "A5561E44C2A63682E4295B52F484C14E"}))
	require.Equal(t, replies, len(r.fake.Sent(inst))-sentBefore)
}

// The process dies after answering 200 and before processing: the next
// process (the same data directory, fresh workers) answers the customer.
func TestCrashBetweenStoringAndProcessing(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.connect(r.f.A, "5511900001111")
	inst := whatsapp.InstanceName(r.f.A.ID())
	phone := hooktest.UniquePhone()
	status, err := r.fake.InjectMessage(inst, evofake.InboundSpec{From: phone, Text: "oi"})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, status)
	// crash: nothing processed
	r.env.Deps.Inbox.Close()
	require.Empty(t, r.sentTo(r.f.A, phone))

	app2, err := hooktest.OpenApp(r.app.DataDir()) // the same database, a new process
	require.NoError(t, err)
	t.Cleanup(app2.Cleanup)
	cfg := r.env.Deps.Config
	d2 := hooktest.Wire(t, app2, func(d *deps.Deps) { d.Config, d.Now = cfg, r.clock.Now }).Deps
	require.NoError(t, d2.Inbox.Drain(t.Context()))
	require.NoError(t, d2.Outbox.Drain(t.Context()))
	require.NotEmpty(t, r.sentTo(r.f.A, phone), "the restarted process answered")
}
