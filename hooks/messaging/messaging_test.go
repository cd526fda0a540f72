package messaging_test

import (
	"errors"
	"net/http"
	"os"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/hooks/messaging"
)

func TestMain(m *testing.M) { os.Exit(hooktest.Main(m)) }

func outboxRows(t *testing.T, app core.App) []*core.Record {
	t.Helper()
	rows, err := app.FindAllRecords(collections.Outbox)
	require.NoError(t, err)
	return rows
}

func TestQueueStoresTheMessageAndEnqueuesItsDelivery(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	newCustomer := hooktest.NewCustomer(t, app, f.A.ID(), "Joana")

	msg, err := messaging.Queue(app, messaging.Outgoing{Tenant: f.A.ID(), Customer: newCustomer.Id,
		Text: "Seu aparelho está pronto!", Author: collections.AuthorSystem, Key: "order:1:ready"})
	require.NoError(t, err)
	require.Equal(t, collections.MessageQueued, msg.Status())

	conv, err := app.FindRecordById(collections.Conversations, msg.GetString(collections.MessageConversation))
	require.NoError(t, err)
	require.Equal(t, newCustomer.GetString("phone"), conv.GetString(collections.ConversationPhone), "a conversation is opened for the customer")
	require.Equal(t, "Seu aparelho está pronto!", conv.GetString(collections.ConversationPreview))

	rows := outboxRows(t, app)
	require.Len(t, rows, 1)
	require.Equal(t, messaging.KindSend, rows[0].GetString(collections.OutboxKind))
	require.Equal(t, "whatsapp:"+f.A.ID()+"/"+newCustomer.GetString("phone"), rows[0].GetString(collections.OutboxLane), "one lane per chat")
	require.Equal(t, "order:1:ready", rows[0].GetString(collections.OutboxIdempotencyKey))
	require.Contains(t, rows[0].GetString(collections.OutboxPayload), newCustomer.GetString("phone"))
	require.Contains(t, rows[0].GetString(collections.OutboxPayload), msg.Id)

	// The same key is sent once, and stored once.
	again, err := messaging.Queue(app, messaging.Outgoing{Tenant: f.A.ID(), Customer: newCustomer.Id,
		Text: "Seu aparelho está pronto!", Author: collections.AuthorSystem, Key: "order:1:ready"})
	require.NoError(t, err)
	require.Equal(t, msg.Id, again.Id)
	require.Len(t, outboxRows(t, app), 1)
	n, err := app.CountRecords(collections.Messages, hooktest.Eq(collections.MessageConversation, conv.Id))
	require.NoError(t, err)
	require.EqualValues(t, 1, n)
}

func TestOptedOutCustomersGetNoNotifications(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	c := collections.AsCustomer(f.A.Rec[collections.Customers])
	c.SetWhatsAppOptOut(true)
	require.NoError(t, app.Save(c))

	note, err := messaging.Queue(app, messaging.Outgoing{Tenant: f.A.ID(), Customer: c.Id, Text: "Promoção!", Author: collections.AuthorSystem})
	require.NoError(t, err)
	require.Equal(t, collections.MessageSkipped, note.Status())
	reply, err := messaging.Queue(app, messaging.Outgoing{Tenant: f.A.ID(), Customer: c.Id, Text: "Respondendo sua pergunta", Author: collections.AuthorBot})
	require.NoError(t, err)
	require.Equal(t, collections.MessageQueued, reply.Status(), "a reply to the customer's own message still goes")
	require.Len(t, outboxRows(t, app), 1)
}

func TestQueueIsPartOfTheCallersTransaction(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	boom := errors.New("boom")
	err := app.RunInTransaction(func(tx core.App) error {
		_, err := messaging.Queue(tx, messaging.Outgoing{Tenant: f.A.ID(), Customer: f.A.Rec[collections.Customers].Id, Text: "x", Author: collections.AuthorBot})
		require.NoError(t, err)
		return boom
	})
	require.ErrorIs(t, err, boom)
	require.Empty(t, outboxRows(t, app))
	_, err = messaging.Queue(app, messaging.Outgoing{Tenant: f.B.ID(), Customer: f.A.Rec[collections.Customers].Id, Text: "x", Author: collections.AuthorBot})
	require.Error(t, err, "a customer of another shop is not found")
}

func TestStaffMessagesThroughTheAPIAreDelivered(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	sc := tests.ApiScenario{
		Name: "attendant replies", Method: http.MethodPost, URL: "/api/collections/messages/records",
		Headers: hooktest.Auth(t, f.A.Attend),
		Body: hooktest.JSON(t, map[string]any{"tenant": f.A.ID(), "conversation": f.A.Rec[collections.Conversations].Id,
			"direction": "out", "author": "staff", "staff": f.A.Attend.Id, "text": "Já estamos vendo!", "status": "queued"}),
		ExpectedStatus: 200, ExpectedContent: []string{`"status":"queued"`},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			rows, err := app.FindAllRecords(collections.Outbox)
			require.NoError(t, err)
			require.Len(t, rows, 1)
			require.Contains(t, rows[0].GetString(collections.OutboxPayload), "Já estamos vendo!")
		},
		TestAppFactory: hooktest.Factory(app), DisableTestAppCleanup: true,
	}
	sc.Test(t)
}
