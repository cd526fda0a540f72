package whatsapp_test

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/whatsapp"
	"github.com/bancada/bancada/outbox"
)

// outboxRowOf returns the outbox row delivering message id.
func outboxRowOf(t *testing.T, r *rig, messageID string) map[string]string {
	t.Helper()
	rows, err := r.app.FindAllRecords(collections.Outbox)
	require.NoError(t, err)
	for _, row := range rows {
		if row.GetString(collections.OutboxIdempotencyKey) == "msg:"+messageID {
			return map[string]string{"status": row.GetString(collections.OutboxStatus), "last_error": row.GetString(collections.OutboxLastError)}
		}
	}
	t.Fatalf("no outbox row for message %s", messageID)
	return nil
}

// The process dies after Evolution accepted a send and before the outbox
// row and the message were marked sent (kill -9): on restart the worker
// finds the row in flight, asks Evolution what the chat received, and
// records the send instead of repeating it. The customer gets it once.
func TestCrashAfterTheProviderAcceptedSendsOnce(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.connect(r.f.A, "5511900001111")
	inst := whatsapp.InstanceName(r.f.A.ID())
	m, err := queueTo(r.app, r.f.A, "Seu aparelho está pronto para retirada.")
	require.NoError(t, err)

	crashed := make(chan struct{}, 1)
	whatsapp.SetAfterSend(t, func(d *outbox.Delivery) {
		if d.Tenant == r.f.A.ID() {
			crashed <- struct{}{}
			runtime.Goexit() // the process is gone: nothing after the 2xx runs
		}
	})
	require.NoError(t, r.env.Deps.Outbox.Drain(context.Background()))
	<-crashed
	require.Len(t, r.fake.Sent(inst), 1, "Evolution accepted it")
	require.Equal(t, collections.OutboxSending, outboxRowOf(t, r, m.Id)["status"], "the row is left in flight")
	require.Empty(t, r.message(m.Id).GetString(collections.MessageWAID))

	// Restart: the same database, the worker recovers rows in flight.
	whatsapp.SetAfterSend(t, func(*outbox.Delivery) {})
	r.clock.Add(time.Minute)
	require.NoError(t, r.env.Deps.Outbox.Recover())
	r.drain()

	sent := r.fake.Sent(inst)
	require.Len(t, sent, 1, "the customer received the message exactly once")
	require.Equal(t, collections.OutboxSent, outboxRowOf(t, r, m.Id)["status"])
	got := r.message(m.Id)
	require.Equal(t, sent[0].ID, got.GetString(collections.MessageWAID), "the send found at Evolution is recorded")
	require.Equal(t, collections.MessageSent, got.Status())
}

// A row recovered after a crash that had not reached Evolution yet is
// sent: asking first does not lose it.
func TestCrashBeforeTheProviderCallSendsOnRestart(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.connect(r.f.A, "5511900001111")
	inst := whatsapp.InstanceName(r.f.A.ID())
	// The same text went out earlier and is recorded on its own message:
	// that send is not taken for this one.
	first, err := queueTo(r.app, r.f.A, "Olá! Recebemos sua mensagem.")
	require.NoError(t, err)
	r.drain()
	require.Len(t, r.fake.Sent(inst), 1)

	m, err := queueTo(r.app, r.f.A, "Olá! Recebemos sua mensagem.")
	require.NoError(t, err)
	row, err := r.app.FindFirstRecordByData(collections.Outbox, collections.OutboxIdempotencyKey, "msg:"+m.Id)
	require.NoError(t, err)
	row.Set(collections.OutboxStatus, collections.OutboxSending) // claimed, then killed before the call
	row.Set(collections.OutboxAttempts, 1)
	require.NoError(t, r.app.Save(row))

	require.NoError(t, r.env.Deps.Outbox.Recover())
	r.drain()
	sent := r.fake.Sent(inst)
	require.Len(t, sent, 2, "sent once on restart")
	require.Equal(t, sent[0].ID, r.message(first.Id).GetString(collections.MessageWAID))
	require.Equal(t, sent[1].ID, r.message(m.Id).GetString(collections.MessageWAID))
}

// A send whose answer was lost (the connection dropped after Evolution
// accepted it, as a timeout does) is retried as uncertain: the retry finds
// it at Evolution and records it without sending again.
func TestSendWhoseAnswerWasLostIsNotRepeated(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.connect(r.f.A, "5511900001111")
	inst := whatsapp.InstanceName(r.f.A.ID())
	r.fake.LoseAnswers(inst, 1)
	m, err := queueTo(r.app, r.f.A, "Seu orçamento está pronto.")
	require.NoError(t, err)
	require.NoError(t, r.env.Deps.Outbox.Drain(context.Background()))
	require.Len(t, r.fake.Sent(inst), 1, "Evolution accepted it")
	row := outboxRowOf(t, r, m.Id)
	require.Equal(t, collections.OutboxPending, row["status"], "to be retried")
	require.Contains(t, row["last_error"], "uncertain: ")

	r.clock.Add(time.Hour) // past the backoff
	r.drain()
	sent := r.fake.Sent(inst)
	require.Len(t, sent, 1, "the customer received the message exactly once")
	require.Equal(t, collections.OutboxSent, outboxRowOf(t, r, m.Id)["status"])
	require.Equal(t, sent[0].ID, r.message(m.Id).GetString(collections.MessageWAID))
}

// A send that failed for sure (Evolution answered that the session is
// closed) is retried by sending, with no question asked.
func TestDefiniteFailureIsSentAgain(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.connect(r.f.A, "5511900001111")
	inst := whatsapp.InstanceName(r.f.A.ID())
	r.fake.FailNext(inst, 1, 500)
	m, err := queueTo(r.app, r.f.A, "Lembrete: sua OS aguarda aprovação.")
	require.NoError(t, err)
	require.NoError(t, r.env.Deps.Outbox.Drain(context.Background()))
	require.Empty(t, r.fake.Sent(inst))
	require.NotContains(t, outboxRowOf(t, r, m.Id)["last_error"], "uncertain")
	r.clock.Add(time.Hour)
	r.drain()
	require.Len(t, r.fake.Sent(inst), 1)
}

// When Evolution cannot say whether a send went out, a passing failure
// (5xx) keeps the delivery uncertain and asks again later; an Evolution
// that cannot answer at all (4xx: no such route) gets the message again
// rather than never: at least once.
func TestLookupFailures(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.connect(r.f.A, "5511900001111")
	inst := whatsapp.InstanceName(r.f.A.ID())

	r.fake.LoseAnswers(inst, 1)
	r.fake.FailFind(inst, 1, 503)
	m, err := queueTo(r.app, r.f.A, "Primeira")
	require.NoError(t, err)
	require.NoError(t, r.env.Deps.Outbox.Drain(context.Background()))
	r.clock.Add(time.Hour)
	require.NoError(t, r.env.Deps.Outbox.Drain(context.Background()))
	row := outboxRowOf(t, r, m.Id)
	require.Equal(t, collections.OutboxPending, row["status"])
	require.Contains(t, row["last_error"], "uncertain: ", "still uncertain after a failed lookup")
	r.clock.Add(time.Hour)
	r.drain()
	require.Len(t, r.fake.Sent(inst), 1, "found on the next lookup, not sent again")
	require.Equal(t, collections.OutboxSent, outboxRowOf(t, r, m.Id)["status"])

	r.fake.LoseAnswers(inst, 1)
	r.fake.FailFind(inst, 1, 400)
	m2, err := queueTo(r.app, r.f.A, "Segunda")
	require.NoError(t, err)
	require.NoError(t, r.env.Deps.Outbox.Drain(context.Background()))
	r.clock.Add(time.Hour)
	r.drain()
	require.Equal(t, collections.OutboxSent, outboxRowOf(t, r, m2.Id)["status"], "not a dead letter")
	require.Equal(t, []string{"Primeira", "Segunda", "Segunda"}, r.sentTo(r.f.A, r.f.A.Rec[collections.Customers].GetString("phone")))
}

// WhatsApp may address a customer's chat by @lid: Evolution then stores
// the send under the @lid with the phone in remoteJidAlt, which its
// remoteJid filter misses. The lookup finds it there too.
func TestLostAnswerToALIDAddressedChatIsNotRepeated(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.connect(r.f.A, "5511900001111")
	inst := whatsapp.InstanceName(r.f.A.ID())
	phone := r.f.A.Rec[collections.Customers].GetString("phone")
	r.fake.SetLID(phone, "13718992004451")
	r.fake.LoseAnswers(inst, 1)
	m, err := queueTo(r.app, r.f.A, "Seu aparelho chegou.")
	require.NoError(t, err)
	require.NoError(t, r.env.Deps.Outbox.Drain(context.Background()))
	sent := r.fake.Sent(inst)
	require.Len(t, sent, 1)
	require.Equal(t, "13718992004451@lid", sent[0].RemoteJID)

	r.clock.Add(time.Hour)
	r.drain()
	require.Len(t, r.fake.Sent(inst), 1, "the customer received the message exactly once")
	require.Equal(t, sent[0].ID, r.message(m.Id).GetString(collections.MessageWAID))
}
