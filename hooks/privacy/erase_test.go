package privacy_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
)

// mentions lists, for every text, JSON, e-mail, URL and editor field of
// every collection of the schema, the records whose value contains one
// of needles (in any letter case).
func mentions(t *testing.T, app core.App, needles ...string) []string {
	t.Helper()
	all, err := app.FindAllCollections()
	require.NoError(t, err)
	var found []string
	for _, c := range all {
		if c.IsView() {
			continue
		}
		for _, f := range c.Fields {
			switch f.(type) {
			case *core.TextField, *core.JSONField, *core.EmailField, *core.URLField, *core.EditorField:
			default:
				continue
			}
			for _, n := range needles {
				var ids []string
				err := app.DB().NewQuery("SELECT id FROM {{" + c.Name + "}} WHERE LOWER(CAST([[" + f.GetName() + "]] AS TEXT)) LIKE {:n}").
					Bind(dbx.Params{"n": "%" + strings.ToLower(n) + "%"}).Column(&ids)
				require.NoError(t, err)
				for _, id := range ids {
					found = append(found, c.Name+"."+f.GetName()+" "+id+" has "+n)
				}
			}
		}
	}
	return found
}

var josefinaNeedles = []string{josefina, josefinaPhone, josefinaOld, josefinaCPF, josefinaCPFf, josefinaMail, josefinaIMEI}

// An erasure leaves the customer's name, phone (both forms), CPF (both
// forms), e-mail and IMEI in no field of any collection, deletes her
// photos, and keeps the fiscal records: the order's totals and the
// payments still add up. Another customer is untouched.
func TestEraseLeavesNoPersonalDataAnywhere(t *testing.T) {
	t.Parallel()
	env := hooktest.New(t)
	app := env.App
	f := hooktest.Seed(t, app)
	h := seedJosefina(t, app, f.A)
	srv := hooktest.Serve(t, app)
	require.NotEmpty(t, mentions(t, app, josefinaNeedles...), "the seed mentions her everywhere")
	fs, err := app.NewFilesystem()
	require.NoError(t, err)
	defer fs.Close()
	exists, err := fs.Exists(h.photo)
	require.NoError(t, err)
	require.True(t, exists)

	url := "/api/bancada/customers/" + h.customer.Id + "/erase"
	status, raw := hooktest.Call(t, srv.URL, http.MethodPost, url, f.A.Owner, map[string]any{"confirm": "Josefina"})
	require.Equal(t, http.StatusBadRequest, status)
	require.Contains(t, string(raw), `"confirm":{"code":"confirm_mismatch","message":"Digite o nome do cliente como está no cadastro para confirmar."}`)

	status, raw = hooktest.Call(t, srv.URL, http.MethodPost, url, f.A.Owner, map[string]any{"confirm": "  josefina  ALBUQUERQUE prado "})
	require.Equal(t, http.StatusOK, status, string(raw))
	var res struct {
		Erased, Kept map[string]int
		Receipt      string
		Protocol     string
	}
	require.NoError(t, json.Unmarshal(raw, &res))

	require.Empty(t, mentions(t, app, josefinaNeedles...))

	require.Equal(t, map[string]int{"orders": 1, "order_events": 7, "payments": 2}, res.Kept)
	require.Equal(t, map[string]int{"customers": 1, "devices": 1, "appointments": 1, "conversations": 1, "messages": 2, "quote_requests": 1}, res.Erased)
	require.Equal(t, "Olá! Conforme o seu pedido, Loja A apagou em 24/11/2026 14:00 os seus dados pessoais: nome, telefone, CPF, e-mail, endereço, observações, conversas no WhatsApp, fotos e senhas dos aparelhos."+
		"\n\nPor obrigação legal (registros fiscais e de pagamento, e garantia do serviço pelo Código de Defesa do Consumidor), mantemos sem nenhum dado que identifique você: 1 ordem de serviço e 2 pagamentos, com datas, serviços e valores."+
		"\n\nProtocolo: "+res.Protocol+". Dúvidas: (11) 3333-4444.", res.Receipt)
	line, err := app.FindRecordById(collections.AuditLog, res.Protocol)
	require.NoError(t, err)
	require.Equal(t, collections.ActionPrivacyErase, line.GetString(collections.AuditAction))
	require.Equal(t, f.A.Owner.Id, line.GetString(collections.AuditActor))

	// The customer record stays, anonymised; her device without passcode or photos.
	c, err := app.FindRecordById(collections.Customers, h.customer.Id)
	require.NoError(t, err)
	require.Equal(t, "Titular removido (LGPD)", c.GetString("name"))
	for _, field := range []string{"document", "email", "address", "notes", "whatsapp_lid"} {
		require.Empty(t, c.GetString(field), field)
	}
	require.False(t, c.GetBool("marketing_opt_in"))
	require.True(t, c.GetBool("whatsapp_opt_out"))
	require.Equal(t, "2026-11-24 17:00:00.000Z", c.GetString("erased_at"))
	d, err := app.FindRecordById(collections.Devices, h.device.Id)
	require.NoError(t, err)
	require.Empty(t, d.GetStringSlice("photos"))
	require.Empty(t, d.GetString("passcode_enc"))
	require.False(t, d.GetBool("has_passcode"))
	require.Equal(t, "Galaxy A54", d.GetString("model"))
	exists, err = fs.Exists(h.photo)
	require.NoError(t, err)
	require.False(t, exists, "the photo file is deleted")

	// The money still adds up: R$ 300,00 quoted, R$ 300,00 paid in two payments.
	o, err := app.FindRecordById(collections.Orders, h.order.Id)
	require.NoError(t, err)
	require.Equal(t, 30000, o.GetInt("quote_total"))
	require.Equal(t, 30000, o.GetInt("paid"))
	require.Equal(t, "delivered", o.GetString("status"))
	require.True(t, o.GetBool("tracking_revoked"))
	require.Empty(t, o.GetString("tracking_token"))
	var sum int
	require.NoError(t, app.DB().NewQuery("SELECT COALESCE(SUM(amount),0) FROM payments WHERE [[order]] = {:o} AND status = 'paid'").
		Bind(dbx.Params{"o": h.order.Id}).Row(&sum))
	require.Equal(t, 30000, sum)
	for _, p := range h.payments {
		_, err := app.FindRecordById(collections.Payments, p.Id)
		require.NoError(t, err, "payments are kept")
	}
	require.Equal(t, 0, count(t, app, collections.Messages, dbx.HashExp{"conversation": h.conversation.Id}))
	require.Equal(t, 0, count(t, app, collections.Outbox, dbx.Like("payload", josefinaPhone)))

	// The shop's other customer is untouched.
	other, err := app.FindRecordById(collections.Customers, f.A.Rec[collections.Customers].Id)
	require.NoError(t, err)
	require.Equal(t, "Cliente A", other.GetString("name"))
	require.Equal(t, 1, count(t, app, collections.Messages, dbx.HashExp{"conversation": f.A.Rec[collections.Conversations].Id}))

	// Twice is refused.
	status, _ = hooktest.Call(t, srv.URL, http.MethodPost, url, f.A.Owner, map[string]any{"confirm": "Titular removido (LGPD)"})
	require.Equal(t, http.StatusConflict, status)
}

// A customer whose device is still in the shop (an open order) is not
// erased: the shop must be able to reach them.
func TestEraseWaitsForOpenOrders(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	srv := hooktest.Serve(t, app)
	id := f.A.Rec[collections.Customers].Id
	status, raw := hooktest.Call(t, srv.URL, http.MethodPost, "/api/bancada/customers/"+id+"/erase", f.A.Owner, map[string]any{"confirm": "Cliente A"})
	require.Equal(t, http.StatusConflict, status)
	require.Contains(t, string(raw), "Este cliente tem OS em aberto. Entregue ou cancele a OS antes de apagar os dados.")
	c, err := app.FindRecordById(collections.Customers, id)
	require.NoError(t, err)
	require.Equal(t, "Cliente A", c.GetString("name"))
}

func count(t *testing.T, app core.App, collection string, exps ...dbx.Expression) int {
	t.Helper()
	n, err := app.CountRecords(collection, exps...)
	require.NoError(t, err)
	return int(n)
}

// TestEraseRewritesTheGoogleCopyOfHerAppointments: Google keeps its own
// copy of a synced appointment, titled with the customer's name. The
// erase queues, in its transaction, the update of every appointment of
// hers that has a Google event, so Google's copy is rewritten from the
// anonymised records; the queued update survives the erase's dropping of
// the calls that named her.
func TestEraseRewritesTheGoogleCopyOfHerAppointments(t *testing.T) {
	t.Parallel()
	env := hooktest.New(t)
	app := env.App
	f := hooktest.Seed(t, app)
	h := seedJosefina(t, app, f.A)
	appt, err := app.FindFirstRecordByFilter(collections.Appointments, "customer = {:c}", dbx.Params{"c": h.customer.Id})
	require.NoError(t, err)
	_, err = app.DB().Update(collections.Appointments, dbx.Params{collections.AppointmentGoogleEventID: "evt-josefina"},
		dbx.HashExp{collections.FieldID: appt.Id}).Execute()
	require.NoError(t, err)
	_, err = app.DB().Update(collections.Tenants, dbx.Params{collections.TenantGoogleStatus: string(collections.IntegrationConnected)},
		dbx.HashExp{collections.FieldID: f.A.ID()}).Execute()
	require.NoError(t, err)
	upserts := func() int {
		return count(t, app, collections.Outbox, dbx.HashExp{collections.OutboxKind: "gcal.upsert", collections.OutboxTenant: f.A.ID()},
			dbx.Like(collections.OutboxPayload, appt.Id))
	}
	require.Equal(t, 0, upserts())

	srv := hooktest.Serve(t, app)
	status, raw := hooktest.Call(t, srv.URL, http.MethodPost, "/api/bancada/customers/"+h.customer.Id+"/erase", f.A.Owner,
		map[string]any{"confirm": josefina})
	require.Equal(t, http.StatusOK, status, string(raw))
	require.Equal(t, 1, upserts(), "one update of the Google event queued")
}
