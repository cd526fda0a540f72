package whatsapp_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/deps"
	"github.com/bancada/bancada/hooks/messaging"
	"github.com/bancada/bancada/hooks/whatsapp"
	evofake "github.com/bancada/bancada/integrations/evolution/fake"
)

// A busy shop at the default pace, on the outbox's clock: 30 new
// customers write at once while two order notices wait. Replies leave in
// a burst of 10, then 3 per second, each chat in order and none behind
// the notices, which keep their own slower pace (one per 1.2 s).
func TestBusyShopAnswersAtTheReplyPace(t *testing.T) {
	t.Parallel()
	r := newRig(t, func(d *deps.Deps) {
		d.Config.WhatsAppMinInterval = 1200 * time.Millisecond
		d.Config.WhatsAppReplyRate = 3
		d.Config.WhatsAppReplyBurst = 10
	})
	a := r.f.A
	r.connect(a, "5511900001111")
	inst := whatsapp.InstanceName(a.ID())
	for _, text := range []string{"Aviso 1", "Aviso 2"} {
		_, err := queueTo(r.app, a, text)
		require.NoError(t, err)
	}
	phones := make([]string, 30)
	for i := range phones {
		phones[i] = fmt.Sprintf("55119770%05d", i)
		status, err := r.fake.InjectMessage(inst, evofake.InboundSpec{From: phones[i], Text: "oi, bom dia", PushName: "Cliente"})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, status)
	}
	ctx := context.Background()
	for range 3 {
		require.NoError(t, r.env.Deps.Inbox.Drain(ctx))
	}
	replies, err := r.app.FindAllRecords(collections.Outbox)
	require.NoError(t, err)
	kinds := map[string]int{}
	for _, row := range replies {
		kinds[row.GetString(collections.OutboxKind)]++
	}
	require.Equal(t, map[string]int{messaging.KindReply: 30, messaging.KindSend: 2}, kinds,
		"the assistant's answers are replies, the notices proactive")

	count := func() (answered, notices int) {
		for _, m := range r.fake.Sent(inst) {
			if m.Text == "Aviso 1" || m.Text == "Aviso 2" {
				notices++
			} else {
				answered++
			}
		}
		return answered, notices
	}
	steps := []struct {
		advance          time.Duration
		answered, notice int
	}{
		{0, 10, 1},                      // the burst, and the first notice beside it
		{330 * time.Millisecond, 10, 1}, // not yet a token
		{10 * time.Millisecond, 11, 1},  // 1/3 s
		{660 * time.Millisecond, 13, 1}, // 1 s
		{200 * time.Millisecond, 13, 2}, // 1.2 s: the second notice
		{time.Second, 16, 2},            // then 3 a second
		{time.Second, 19, 2},
		{time.Second, 22, 2},
		{time.Second, 25, 2},
		{time.Second, 28, 2},
		{time.Second, 30, 2}, // 7.2 s: everyone answered
	}
	for i, st := range steps {
		r.clock.Add(st.advance)
		require.NoError(t, r.env.Deps.Outbox.Drain(ctx))
		answered, notices := count()
		require.Equal(t, [2]int{st.answered, st.notice}, [2]int{answered, notices}, "step %d", i)
	}
	for _, p := range phones {
		require.Len(t, r.sentTo(a, p), 1, p)
	}
}

// Staff typing in a conversation answer a customer who is waiting: their
// messages are replies, in the chat's lane.
func TestStaffMessagesAreReplies(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	a := r.f.A
	r.connect(a, "5511900001111")
	phone := "5511977712345"
	r.say(a, phone, "oi")
	conv := r.conversation(a, phone)
	require.Equal(t, http.StatusOK, r.call(http.MethodPost, "/api/collections/messages/records", a.Attend, map[string]any{
		"tenant": a.ID(), "conversation": conv.Id, "direction": "out", "author": "staff", "staff": a.Attend.Id,
		"text": "Oi! Sou a Ana.", "status": "queued"}, nil))
	rows, err := r.app.FindAllRecords(collections.Outbox)
	require.NoError(t, err)
	seen := 0
	for _, row := range rows {
		if row.GetString(collections.OutboxLane) != messaging.ChatLane(a.ID(), phone) {
			continue
		}
		seen++
		require.Equal(t, messaging.KindReply, row.GetString(collections.OutboxKind), row.GetString(collections.OutboxPayload))
	}
	require.GreaterOrEqual(t, seen, 2, "the assistant's answer and the attendant's, in the chat's lane")
}
