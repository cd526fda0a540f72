package evolution_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/integrations/evolution"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func TestParseWebhookMessages(t *testing.T) {
	t.Parallel()
	cases := []struct {
		file string
		want evolution.InboundMessage
	}{
		{"upsert_v236_conversation.json", evolution.InboundMessage{
			ID: "A5561E44C2A63682E4295B52F484C14E", RemoteJID: "5511987654321@s.whatsapp.net", RemoteJIDAlt: "209876543210987@lid",
			AddressingMode: "pn", PushName: "Maria Souza", Text: "Oi, meu iPhone 13 já está pronto?", MessageType: "conversation",
			Timestamp: time.Unix(1753622400, 0).UTC(), Phone: "5511987654321", LID: "209876543210987@lid",
			ReplyTo: "5511987654321@s.whatsapp.net", Status: "DELIVERY_ACK", InstanceID: "0b0e4c5e-7d1a-4a77-9a51-2f3c7f1d9e10", Source: "android",
		}},
		{"upsert_v2_extended_text.json", evolution.InboundMessage{
			ID: "3EB0C4F2A1B9D8E7F6A5", RemoteJID: "5521998877665@s.whatsapp.net", PushName: "João Pereira",
			Text: "Quanto fica a troca de tela do Galaxy A54? https://exemplo.com/foto", MessageType: "extendedTextMessage",
			Timestamp: time.Unix(1722950000, 0).UTC(), Phone: "5521998877665", ReplyTo: "5521998877665@s.whatsapp.net",
			Status: "DELIVERY_ACK", InstanceID: "0b0e4c5e-7d1a-4a77-9a51-2f3c7f1d9e10", Source: "ios",
		}},
		{"upsert_v18_conversation.json", evolution.InboundMessage{
			ID: "3A554E20ECABF3D45BB2", RemoteJID: "5511976543210@s.whatsapp.net", PushName: "Giovanna Lima",
			Text: "Olá! Vocês consertam notebook Dell?", MessageType: "conversation", Timestamp: time.Unix(1717607420, 0).UTC(),
			Phone: "5511976543210", ReplyTo: "5511976543210@s.whatsapp.net", Owner: "loja-centro", Source: "ios",
		}},
		{"upsert_v18_extended_text.json", evolution.InboundMessage{
			ID: "BAE5F1C2D3E4A5B6", RemoteJID: "553198296801@s.whatsapp.net", PushName: "Carlos",
			Text: "Bom dia, o orçamento do Moto G ficou pronto?", MessageType: "extendedTextMessage",
			Timestamp: time.Unix(1709290800, 0).UTC(),
			// WhatsApp's 8-digit JID: the phone gets its ninth digit back,
			// the reply goes to the JID as WhatsApp spells it.
			Phone: "5531998296801", ReplyTo: "553198296801@s.whatsapp.net", Owner: "loja-bh", Source: "android",
		}},
		{"upsert_lid_with_alt.json", evolution.InboundMessage{
			ID: "3AF29D1E0B7C4A5E8F61", RemoteJID: "146284935712345@lid", RemoteJIDAlt: "5511955554444@s.whatsapp.net",
			AddressingMode: "lid", PushName: "Ana", Text: "Vocês abrem sábado?", MessageType: "conversation",
			Timestamp: time.Unix(1760000000, 0).UTC(), IsLID: true, Phone: "5511955554444", LID: "146284935712345@lid",
			ReplyTo: "5511955554444@s.whatsapp.net", Status: "DELIVERY_ACK", InstanceID: "0b0e4c5e-7d1a-4a77-9a51-2f3c7f1d9e10", Source: "android",
		}},
		{"upsert_lid_only.json", evolution.InboundMessage{
			ID: "3A0C8F7E6D5B4A392817", RemoteJID: "13718992004451@lid", PushName: "Rodrigo", Text: "Oi", MessageType: "conversation",
			Timestamp: time.Unix(1773027345, 0).UTC(), IsLID: true, Phone: "", LID: "13718992004451@lid",
			ReplyTo: "13718992004451@lid", Status: "DELIVERY_ACK", InstanceID: "bae4c1d2-0000-4000-8000-000000000001", Source: "android",
		}},
		{"upsert_v230_senderpn.json", evolution.InboundMessage{
			ID: "3EB05E5A1F2B3C4D5E6F70", RemoteJID: "99887766554433@lid", PushName: "Beatriz",
			Text: "Preciso trocar a bateria do meu celular", MessageType: "conversation", Timestamp: time.Unix(1752000000, 0).UTC(),
			IsLID: true, Phone: "5541988776655", LID: "99887766554433@lid", ReplyTo: "5541988776655@s.whatsapp.net",
			Status: "DELIVERY_ACK", InstanceID: "0b0e4c5e-7d1a-4a77-9a51-2f3c7f1d9e10", Source: "web",
		}},
		{"upsert_group.json", evolution.InboundMessage{
			ID: "ABCD1234EF567890ABCD", RemoteJID: "120363025246125888@g.us", Participant: "5511944443333@s.whatsapp.net",
			ParticipantAlt: "55667788990011@lid", AddressingMode: "pn", PushName: "Pedro (grupo)",
			Text: "Alguém indica assistência técnica?", MessageType: "conversation", Timestamp: time.Unix(1753622500, 0).UTC(),
			IsGroup: true, Phone: "5511944443333", LID: "55667788990011@lid", ReplyTo: "120363025246125888@g.us",
			Status: "DELIVERY_ACK", InstanceID: "0b0e4c5e-7d1a-4a77-9a51-2f3c7f1d9e10", Source: "android",
		}},
		{"upsert_from_me.json", evolution.InboundMessage{
			ID: "3EB0F00DBABE12345678", RemoteJID: "5511987654321@s.whatsapp.net", FromMe: true, PushName: "Você",
			Text: "Pode vir buscar, está pronto.", MessageType: "conversation", Timestamp: time.Unix(1753622600, 0).UTC(),
			Phone: "5511987654321", ReplyTo: "5511987654321@s.whatsapp.net", Status: "SERVER_ACK",
			InstanceID: "0b0e4c5e-7d1a-4a77-9a51-2f3c7f1d9e10", Source: "desktop",
		}},
		{"upsert_status_broadcast.json", evolution.InboundMessage{
			ID: "3AB1C2D3E4F5061728394A", RemoteJID: "status@broadcast", Participant: "5511987654321@s.whatsapp.net",
			PushName: "Maria Souza", Text: "Promoção de películas!", MessageType: "imageMessage", Timestamp: time.Unix(1753622700, 0).UTC(),
			IsStatusBroadcast: true, Phone: "5511987654321", ReplyTo: "5511987654321@s.whatsapp.net", Status: "DELIVERY_ACK",
			InstanceID: "0b0e4c5e-7d1a-4a77-9a51-2f3c7f1d9e10", Source: "android",
		}},
		{"upsert_list_response.json", evolution.InboundMessage{
			ID: "3EB0LISTREPLY0001", RemoteJID: "5511987654321@s.whatsapp.net", PushName: "Maria Souza", Text: "Agendar visita",
			MessageType: "listResponseMessage", Timestamp: time.Unix(1753622800, 0).UTC(), Phone: "5511987654321",
			ReplyTo: "5511987654321@s.whatsapp.net", Status: "DELIVERY_ACK", InstanceID: "0b0e4c5e-7d1a-4a77-9a51-2f3c7f1d9e10", Source: "android",
		}},
		{"send_message.json", evolution.InboundMessage{
			ID: "3EB0A1B2C3D4E5F6A7B8C9", RemoteJID: "5511987654321@s.whatsapp.net", FromMe: true, PushName: "Você",
			Text: "Seu aparelho está pronto!", MessageType: "conversation", Timestamp: time.Unix(1753622500, 0).UTC(),
			Phone: "5511987654321", ReplyTo: "5511987654321@s.whatsapp.net", Status: "PENDING",
			InstanceID: "0b0e4c5e-7d1a-4a77-9a51-2f3c7f1d9e10", Source: "web",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			ev, err := evolution.ParseWebhook(readFixture(t, tc.file))
			require.NoError(t, err)
			assert.NotEmpty(t, ev.Instance)
			msg, err := ev.Message()
			require.NoError(t, err)
			assert.Equal(t, tc.want, *msg)
		})
	}
}

func TestParseWebhookEnvelope(t *testing.T) {
	t.Parallel()
	ev, err := evolution.ParseWebhook(readFixture(t, "upsert_v236_conversation.json"))
	require.NoError(t, err)
	assert.Equal(t, evolution.EventMessagesUpsert, ev.Name)
	assert.Equal(t, "messages.upsert", ev.RawName)
	assert.Equal(t, "loja-centro", ev.Instance)
	assert.Equal(t, "https://app.example.com/webhooks/evolution", ev.Destination)
	assert.Equal(t, time.Date(2025, 7, 27, 13, 20, 0, 512e6, time.UTC), ev.DateTime)
	assert.Equal(t, "5511912345678@s.whatsapp.net", ev.Sender)
	assert.Equal(t, "https://evo.example.com", ev.ServerURL)
	assert.Equal(t, "B6D9F3A2-1C4E-4F6A-9B8D-7E5C3A1F0D2B", ev.APIKey)

	ev, err = evolution.ParseWebhook(readFixture(t, "upsert_v2_extended_text.json"))
	require.NoError(t, err)
	assert.Empty(t, ev.APIKey, "apikey null")
}

func TestParseWebhookEventNames(t *testing.T) {
	t.Parallel()
	cases := []struct {
		raw  string
		want evolution.EventName
	}{
		{"messages.upsert", evolution.EventMessagesUpsert},
		{"MESSAGES_UPSERT", evolution.EventMessagesUpsert},
		{"messages-upsert", evolution.EventMessagesUpsert},
		{"messages.update", evolution.EventMessagesUpdate},
		{"CONNECTION_UPDATE", evolution.EventConnectionUpdate},
		{"connection-update", evolution.EventConnectionUpdate},
		{"qrcode.updated", evolution.EventQRCodeUpdated},
		{"QRCODE_UPDATED", evolution.EventQRCodeUpdated},
		{"send.message", evolution.EventSendMessage},
		{"SEND_MESSAGE", evolution.EventSendMessage},
		{"group-participants.update", "group-participants.update"},
		{"presence.update", "presence.update"},
	}
	for _, tc := range cases {
		body := []byte(`{"event":"` + tc.raw + `","instance":"x","data":{}}`)
		ev, err := evolution.ParseWebhook(body)
		require.NoError(t, err, tc.raw)
		assert.Equal(t, tc.want, ev.Name, tc.raw)
		assert.Equal(t, tc.raw, ev.RawName)
	}
}

func TestParseWebhookMalformed(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		``, `not json`, `{"event":`, `[]`, `{"instance":"x","data":{}}`, `{"event":"messages.upsert","data":{}}`,
		`{"event":"  ","instance":"x"}`,
	} {
		_, err := evolution.ParseWebhook([]byte(body))
		require.ErrorIs(t, err, evolution.ErrMalformed, body)
	}
}

func TestUnknownEventIsNotAnError(t *testing.T) {
	t.Parallel()
	ev, err := evolution.ParseWebhook(readFixture(t, "unknown_event.json"))
	require.NoError(t, err)
	assert.Equal(t, evolution.EventName("presence.update"), ev.Name)
	assert.NotEmpty(t, ev.Data)
	_, err = ev.Message()
	require.ErrorIs(t, err, evolution.ErrWrongEvent)
}

func TestAccessorsRejectOtherEvents(t *testing.T) {
	t.Parallel()
	ev, err := evolution.ParseWebhook(readFixture(t, "connection_open.json"))
	require.NoError(t, err)
	_, err = ev.Message()
	require.ErrorIs(t, err, evolution.ErrWrongEvent)
	_, err = ev.MessageUpdate()
	require.ErrorIs(t, err, evolution.ErrWrongEvent)
	_, err = ev.QRCode()
	require.ErrorIs(t, err, evolution.ErrWrongEvent)

	ev, err = evolution.ParseWebhook(readFixture(t, "upsert_group.json"))
	require.NoError(t, err)
	_, err = ev.Connection()
	require.ErrorIs(t, err, evolution.ErrWrongEvent)
}

func TestMessageMalformedData(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"event":"messages.upsert","instance":"x"}`,
		`{"event":"messages.upsert","instance":"x","data":null}`,
		`{"event":"messages.upsert","instance":"x","data":"oops"}`,
		`{"event":"messages.upsert","instance":"x","data":{"key":{"remoteJid":"5511@s.whatsapp.net"}}}`,
	} {
		ev, err := evolution.ParseWebhook([]byte(body))
		require.NoError(t, err)
		_, err = ev.Message()
		require.ErrorIs(t, err, evolution.ErrMalformed, body)
	}
}

func TestMessageTimestampFallsBackToDateTime(t *testing.T) {
	t.Parallel()
	body := `{"event":"messages.upsert","instance":"x","date_time":"2025-01-02T03:04:05.000Z",
	  "data":{"key":{"id":"1","remoteJid":"5511987654321@s.whatsapp.net"},"message":{"conversation":"oi"}}}`
	ev, err := evolution.ParseWebhook([]byte(body))
	require.NoError(t, err)
	msg, err := ev.Message()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), msg.Timestamp)
	assert.Equal(t, "conversation", msg.MessageType, "derived from the content key")
}

func TestMessageTextExtractionOrder(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, message, want string
	}{
		{"conversation wins", `{"conversation":"a","extendedTextMessage":{"text":"b"}}`, "a"},
		{"extended text", `{"extendedTextMessage":{"text":"b"}}`, "b"},
		{"image caption", `{"imageMessage":{"caption":"c","mimetype":"image/jpeg"}}`, "c"},
		{"video caption", `{"videoMessage":{"caption":"d"}}`, "d"},
		{"document caption", `{"documentMessage":{"caption":"e","fileName":"os.pdf"}}`, "e"},
		{"document with caption envelope", `{"documentWithCaptionMessage":{"message":{"documentMessage":{"caption":"e2"}}}}`, "e2"},
		{"button reply", `{"buttonsResponseMessage":{"selectedButtonId":"1","selectedDisplayText":"Sim"}}`, "Sim"},
		{"list reply", `{"listResponseMessage":{"title":"Opção 2"}}`, "Opção 2"},
		{"disappearing", `{"ephemeralMessage":{"message":{"extendedTextMessage":{"text":"f"}}}}`, "f"},
		{"empty conversation falls through", `{"conversation":"","imageMessage":{"caption":"g"}}`, "g"},
		{"sticker has no text", `{"stickerMessage":{"mimetype":"image/webp"}}`, ""},
	}
	for _, tc := range cases {
		body := `{"event":"messages.upsert","instance":"x","data":{"key":{"id":"1","remoteJid":"5511987654321@s.whatsapp.net"},"message":` + tc.message + `}}`
		ev, err := evolution.ParseWebhook([]byte(body))
		require.NoError(t, err, tc.name)
		msg, err := ev.Message()
		require.NoError(t, err, tc.name)
		assert.Equal(t, tc.want, msg.Text, tc.name)
	}
}

func TestMessageUpdate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		file string
		want evolution.MessageUpdate
	}{
		{"messages_update.json", evolution.MessageUpdate{
			KeyID: "3EB0A1B2C3D4E5F6A7B8C9", RemoteJID: "5511987654321@s.whatsapp.net", FromMe: true,
			Participant: "5511987654321@s.whatsapp.net", Status: evolution.StatusDelivered, RawStatus: "DELIVERY_ACK",
			InstanceID: "0b0e4c5e-7d1a-4a77-9a51-2f3c7f1d9e10", MessageID: "cmfyoow42000hov4xwkdug3lv",
		}},
		{"messages_update_v18.json", evolution.MessageUpdate{
			KeyID: "3EB0AA11BB22CC33DD44", RemoteJID: "553198296801@s.whatsapp.net", FromMe: true,
			Status: evolution.StatusRead, RawStatus: "READ",
		}},
	}
	for _, tc := range cases {
		ev, err := evolution.ParseWebhook(readFixture(t, tc.file))
		require.NoError(t, err)
		u, err := ev.MessageUpdate()
		require.NoError(t, err)
		assert.Equal(t, tc.want, *u, tc.file)
	}
}

func TestParseMessageStatus(t *testing.T) {
	t.Parallel()
	cases := map[string]evolution.MessageStatus{
		"SERVER_ACK": evolution.StatusSent, "DELIVERY_ACK": evolution.StatusDelivered, "READ": evolution.StatusRead,
		"PLAYED": evolution.StatusRead, "ERROR": evolution.StatusFailed, "DELETED": evolution.StatusDeleted,
		"PENDING": evolution.StatusPending, "3": evolution.StatusDelivered, "read": evolution.StatusRead,
		"": evolution.StatusUnknown, "WHATEVER": evolution.StatusUnknown,
	}
	for in, want := range cases {
		assert.Equal(t, want, evolution.ParseMessageStatus(in), in)
	}
}

func TestConnectionUpdate(t *testing.T) {
	t.Parallel()
	ev, err := evolution.ParseWebhook(readFixture(t, "connection_open.json"))
	require.NoError(t, err)
	c, err := ev.Connection()
	require.NoError(t, err)
	assert.Equal(t, evolution.ConnectionUpdate{
		Instance: "loja-centro", State: evolution.StateOpen, StatusReason: 200, WUID: "5511912345678@s.whatsapp.net",
		Phone: "5511912345678", ProfileName: "Assistência Centro", ProfilePictureURL: "https://pps.whatsapp.net/v/t61.24694-24/123.jpg",
	}, *c)
	assert.False(t, c.LoggedOut())

	ev, err = evolution.ParseWebhook(readFixture(t, "connection_close.json"))
	require.NoError(t, err)
	c, err = ev.Connection()
	require.NoError(t, err)
	assert.Equal(t, evolution.StateClose, c.State)
	assert.Equal(t, 401, c.StatusReason)
	assert.Empty(t, c.Phone)
	assert.True(t, c.LoggedOut())
}

func TestQRCodeUpdate(t *testing.T) {
	t.Parallel()
	ev, err := evolution.ParseWebhook(readFixture(t, "qrcode_updated.json"))
	require.NoError(t, err)
	q, err := ev.QRCode()
	require.NoError(t, err)
	assert.False(t, q.LimitReached)
	assert.Equal(t, "loja-centro", q.Instance)
	assert.Contains(t, q.Base64, "data:image/png;base64,")
	assert.Contains(t, q.Code, "2@")
	assert.Empty(t, q.PairingCode)
	assert.Empty(t, ev.Sender, "absent before the first connection")

	ev, err = evolution.ParseWebhook(readFixture(t, "qrcode_limit.json"))
	require.NoError(t, err)
	q, err = ev.QRCode()
	require.NoError(t, err)
	assert.True(t, q.LimitReached)
	assert.Equal(t, 500, q.StatusCode)
	assert.Equal(t, "QR code limit reached, please login again", q.Message)
	assert.Empty(t, q.Code)

	ev, err = evolution.ParseWebhook([]byte(`{"event":"qrcode.updated","instance":"x","data":{}}`))
	require.NoError(t, err)
	_, err = ev.QRCode()
	require.ErrorIs(t, err, evolution.ErrMalformed)
}

// TestEveryFixtureParses keeps testdata/ honest: every file is a valid
// webhook and its typed accessor (if any) accepts it.
func TestEveryFixtureParses(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 15)
	for _, f := range files {
		ev, err := evolution.ParseWebhook(readFixture(t, filepath.Base(f)))
		require.NoError(t, err, f)
		switch ev.Name {
		case evolution.EventMessagesUpsert, evolution.EventSendMessage:
			_, err = ev.Message()
		case evolution.EventMessagesUpdate:
			_, err = ev.MessageUpdate()
		case evolution.EventConnectionUpdate:
			_, err = ev.Connection()
		case evolution.EventQRCodeUpdated:
			_, err = ev.QRCode()
		}
		require.NoError(t, err, f)
	}
}
