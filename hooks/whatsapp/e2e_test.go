package whatsapp_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
)

// One customer message goes in as a real messages.upsert webhook over
// HTTP, and the assistant's reply comes out at the fake Evolution.
func TestWebhookToReplyOverHTTP(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.connect(r.f.A, "5511900001111")
	phone := hooktest.UniquePhone()

	r.say(r.f.A, phone, "oi")

	sent := r.sentTo(r.f.A, phone)
	require.NotEmpty(t, sent, "the assistant answered through Evolution")
	require.Contains(t, sent[0], "Loja A", "the welcome names the shop")
	conv := r.conversation(r.f.A, phone)
	msgs := r.messages(conv.Id)
	require.Equal(t, collections.DirectionIn, msgs[0].Direction())
	require.Equal(t, "oi", msgs[0].Text())
	for _, m := range msgs[1:] {
		require.Equal(t, collections.DirectionOut, m.Direction())
		require.Equal(t, collections.MessageSent, m.Status(), "delivered messages carry their WhatsApp id")
		require.NotEmpty(t, m.GetString(collections.MessageWAID))
	}
	require.Len(t, msgs, 1+len(sent))
}
