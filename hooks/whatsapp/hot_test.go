package whatsapp_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
)

// The assistant keeps the shop, the conversation and the customer in
// memory between a customer's messages; whatever else changes them in
// between (staff in the app, operators, other hooks) is what the next
// message sees.
func TestAssistantSeesChangesMadeBetweenMessages(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	a := r.f.A
	r.connect(a, "5511900003333")
	phone := hooktest.UniquePhone()
	r.say(a, phone, "oi")
	require.NotEmpty(t, r.sentTo(a, phone))

	// Staff take the conversation in the app: the assistant goes silent.
	conv := r.conversation(a, phone)
	require.Equal(t, http.StatusOK, r.call(http.MethodPatch, "/api/collections/conversations/records/"+conv.Id, a.Manager,
		map[string]any{"mode": "human"}, nil))
	n := len(r.sentTo(a, phone))
	r.say(a, phone, "alô?")
	require.Len(t, r.sentTo(a, phone), n, "the conversation's mode comes from the database, not from the last message")

	// Read in the app, then a new message: one unread, not three.
	conv = r.conversation(a, phone)
	conv.Set(collections.ConversationUnread, 0)
	require.NoError(t, r.app.Save(conv))
	r.say(a, phone, "tem alguém aí?")
	require.Equal(t, 1, r.conversation(a, phone).GetInt(collections.ConversationUnread))

	// The customer record is deleted: the next message makes a new one.
	cust, err := r.app.FindFirstRecordByFilter(collections.Customers, "tenant = {:t} && phone = {:p}", dbx.Params{"t": a.ID(), "p": phone})
	require.NoError(t, err)
	require.NoError(t, r.app.Delete(cust))
	r.say(a, phone, "oi de novo")
	again, err := r.app.FindFirstRecordByFilter(collections.Customers, "tenant = {:t} && phone = {:p}", dbx.Params{"t": a.ID(), "p": phone})
	require.NoError(t, err)
	require.NotEqual(t, cust.Id, again.Id)

	// The shop is deactivated: the next customer gets the neutral answer.
	tn := r.tenant(a)
	tn.SetActive(false)
	require.NoError(t, r.app.Save(tn))
	other := hooktest.UniquePhone()
	r.say(a, other, "oi")
	require.Equal(t, []string{"No momento não conseguimos atender por aqui. Por favor, procure a loja por outro canal. Obrigado pela compreensão."},
		r.sentTo(a, other))
}
