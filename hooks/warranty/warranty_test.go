package warranty_test

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
)

func TestMain(m *testing.M) { os.Exit(hooktest.Main(m)) }

// delivered creates an order of shop s (R$ 401,00, paid on delivery by
// reason) and drives it to delivered with Go saves; deliveredAt, when not
// zero, then replaces the delivery date.
func delivered(t testing.TB, app core.App, s *hooktest.Shop, deliveredAt time.Time) *collections.Order {
	t.Helper()
	rec := hooktest.NewOrder(t, app, s.ID(), s.Rec[collections.Customers].Id, s.Rec[collections.Devices].Id)
	for _, st := range []collections.OrderStatus{collections.StatusDiagnosing, collections.StatusQuoted,
		collections.StatusApproved, collections.StatusRepairing, collections.StatusReady, collections.StatusDelivered} {
		o := reload(t, app, rec.Id)
		if st == collections.StatusQuoted {
			o.SetQuoteLines([]collections.QuoteLine{{Kind: collections.LineLabor, Description: "Troca de tela", Quantity: 1, UnitCents: 40100}})
		}
		if st == collections.StatusDelivered {
			o.Set(collections.OrderStatusNote, "paga na retirada")
		}
		o.SetStatus(st)
		require.NoError(t, app.Save(o), "driving to %s", st)
	}
	o := reload(t, app, rec.Id)
	if !deliveredAt.IsZero() {
		o.Set(collections.OrderDeliveredAt, deliveredAt)
		require.NoError(t, app.Save(o))
	}
	return reload(t, app, rec.Id)
}

func reload(t testing.TB, app core.App, id string) *collections.Order {
	t.Helper()
	r, err := app.FindRecordById(collections.Orders, id)
	require.NoError(t, err)
	return collections.AsOrder(r)
}

// events are the notes of an order's history, oldest first.
func events(t testing.TB, app core.App, orderID string) []string {
	t.Helper()
	var recs []*core.Record
	err := app.RecordQuery(collections.OrderEvents).AndWhere(dbx.HashExp{"order": orderID}).
		OrderBy("created ASC", "rowid ASC").All(&recs)
	require.NoError(t, err)
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.GetString(collections.OrderEventFrom) + "→" + r.GetString(collections.OrderEventTo) + ": " + r.GetString(collections.OrderEventNote)
	}
	return out
}

func url(o *collections.Order) string { return "/api/bancada/orders/" + o.Id + "/warranty" }

// A delivered order inside its warranty opens a warranty return: a new
// order for the same customer and device, linked to the original, free,
// with a history row on each and an audit line. A second one while the
// first is open is refused.
func TestOpenWarrantyReturn(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	orig := delivered(t, app, f.A, time.Time{}) // delivered at hooktest.Now: 24/11/2026, 90 days

	var created map[string]any
	sc := tests.ApiScenario{
		Name: "attendant opens the warranty", Method: http.MethodPost, URL: url(orig),
		Body:    hooktest.JSON(t, map[string]any{"problem": "  A tela voltou a piscar  "}),
		Headers: hooktest.Auth(t, f.A.Attend), ExpectedStatus: 200,
		ExpectedContent: []string{`"warranty_of":"` + orig.Id + `"`, `"status":"received"`, `"quote_total":0`,
			`"problem":"A tela voltou a piscar"`, `"warranty_days":90`},
		TestAppFactory: hooktest.Factory(app), DisableTestAppCleanup: true,
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			require.NoError(t, json.NewDecoder(res.Body).Decode(&created))
		},
	}
	sc.Test(t)
	ret := reload(t, app, created["id"].(string))
	require.Equal(t, orig.Customer(), ret.Customer())
	require.Equal(t, orig.Device(), ret.Device())
	require.Equal(t, orig.Number()+1, ret.Number())
	require.Equal(t, []string{"→received: Retorno em garantia da OS nº 2 (entregue em 24/11/2026, garantia até 22/02/2027)."},
		events(t, app, ret.Id))
	origEvents := events(t, app, orig.Id)
	require.Equal(t, "delivered→delivered: Garantia aberta na OS nº 3: A tela voltou a piscar", origEvents[len(origEvents)-1])
	note, err := app.FindFirstRecordByFilter(collections.OrderEvents, "order = {:o} && note ~ 'Garantia aberta'", dbx.Params{"o": orig.Id})
	require.NoError(t, err)
	require.Equal(t, hooktest.Now, note.GetDateTime(collections.FieldCreated).Time(), "the note carries the app's clock")
	audit, err := app.FindFirstRecordByData(collections.AuditLog, collections.AuditAction, collections.ActionWarrantyOpen)
	require.NoError(t, err)
	require.Equal(t, f.A.ID(), audit.GetString(collections.AuditTenant))
	require.Equal(t, f.A.Attend.Id, audit.GetString(collections.AuditActor))
	require.Equal(t, ret.Id, audit.GetString(collections.AuditRecord))
	require.JSONEq(t, `{"warranty_of":"`+orig.Id+`","warranty_of_number":2,"number":3,"problem":"A tela voltou a piscar"}`,
		audit.GetString(collections.AuditChanges))

	again := tests.ApiScenario{
		Name: "a second return while the first is open", Method: http.MethodPost, URL: url(orig),
		Body:    hooktest.JSON(t, map[string]any{"problem": "De novo"}),
		Headers: hooktest.Auth(t, f.A.Owner), ExpectedStatus: 400,
		ExpectedContent: []string{`"message":"A garantia desta OS já está aberta na OS nº 3."`, `"order":{"code":"warranty_open"`},
		TestAppFactory:  hooktest.Factory(app), DisableTestAppCleanup: true,
	}
	again.Test(t)
}

// Warranty returns are refused, with a Portuguese message, for an order
// not delivered, past its last day of warranty, or without warranty, and
// without a problem; another shop's order is an unknown one.
func TestWarrantyReturnRefusals(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	saoPaulo := time.FixedZone("-03", -3*60*60)
	// hooktest.Now is 24/11/2026 14:00 in São Paulo. Delivered 26/08/2026
	// at 23:30 there: 90 days end on 24/11 (covered all day); delivered the
	// day before, they ended on 23/11.
	lastDay := delivered(t, app, f.A, time.Date(2026, 8, 26, 23, 30, 0, 0, saoPaulo))
	expired := delivered(t, app, f.A, time.Date(2026, 8, 25, 23, 30, 0, 0, saoPaulo))
	noWarranty := delivered(t, app, f.A, time.Time{})
	noWarranty.SetWarrantyDays(0)
	require.NoError(t, app.Save(noWarranty))
	shortWarranty := delivered(t, app, f.A, time.Date(2026, 10, 24, 12, 0, 0, 0, time.UTC))
	shortWarranty.SetWarrantyDays(30) // edited on the order: ended 23/11
	require.NoError(t, app.Save(shortWarranty))
	notDelivered := collections.AsOrder(f.A.Rec[collections.Orders])
	otherShop := delivered(t, app, f.B, time.Time{})
	body := func(problem string) *strings.Reader { return hooktest.JSON(t, map[string]any{"problem": problem}) }

	scenarios := []tests.ApiScenario{
		{Name: "not delivered", Method: http.MethodPost, URL: url(notDelivered), Body: body("Não liga"),
			Headers: hooktest.Auth(t, f.A.Owner), ExpectedStatus: 400,
			ExpectedContent: []string{`"message":"Só uma OS entregue ao cliente pode abrir garantia; a OS nº 1 está \"Recebido\"."`,
				`"order":{"code":"not_delivered"`}},
		{Name: "past the last day", Method: http.MethodPost, URL: url(expired), Body: body("Não liga"),
			Headers: hooktest.Auth(t, f.A.Owner), ExpectedStatus: 400,
			ExpectedContent: []string{`"message":"A garantia da OS nº 3 terminou em 23/11/2026 (90 dias após a entrega em 25/08/2026)."`,
				`"code":"warranty_expired"`}},
		{Name: "a warranty shortened on the order", Method: http.MethodPost, URL: url(shortWarranty), Body: body("Não liga"),
			Headers: hooktest.Auth(t, f.A.Owner), ExpectedStatus: 400,
			ExpectedContent: []string{`"message":"A garantia da OS nº 5 terminou em 23/11/2026 (30 dias após a entrega em 24/10/2026)."`}},
		{Name: "no warranty", Method: http.MethodPost, URL: url(noWarranty), Body: body("Não liga"),
			Headers: hooktest.Auth(t, f.A.Owner), ExpectedStatus: 400,
			ExpectedContent: []string{`"message":"A OS nº 4 foi entregue sem garantia (0 dias)."`}},
		{Name: "no problem described", Method: http.MethodPost, URL: url(lastDay), Body: body("   "),
			Headers: hooktest.Auth(t, f.A.Owner), ExpectedStatus: 400,
			ExpectedContent: []string{`"problem":{"code":"problem_required","message":"Descreva o defeito que voltou."}`}},
		{Name: "another shop's order", Method: http.MethodPost, URL: url(otherShop), Body: body("Não liga"),
			Headers: hooktest.Auth(t, f.A.Owner), ExpectedStatus: 404, ExpectedContent: []string{`"message":"OS não encontrada."`}},
		{Name: "on the last day", Method: http.MethodPost, URL: url(lastDay), Body: body("Não liga"),
			Headers: hooktest.Auth(t, f.A.Tech), ExpectedStatus: 200,
			ExpectedContent: []string{`"warranty_of":"` + lastDay.Id + `"`}},
	}
	for _, sc := range scenarios {
		sc.TestAppFactory, sc.DisableTestAppCleanup = hooktest.Factory(app), true
		sc.Test(t)
	}
	n, err := app.CountRecords(collections.Orders, dbx.HashExp{"warranty_of": expired.Id})
	require.NoError(t, err)
	require.Zero(t, n)
}

// A warranty return is quoted free; charging it needs a reason, which goes
// to its history. Clients cannot link an order to another themselves.
func TestWarrantyReturnIsFreeUnlessChargedWithAReason(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	srv := hooktest.Serve(t, app)
	orig := delivered(t, app, f.A, time.Time{})
	status, raw := hooktest.Call(t, srv.URL, http.MethodPost, url(orig), f.A.Attend, map[string]any{"problem": "Bateria estufou"})
	require.Equal(t, 200, status, string(raw))
	var ret struct{ ID string }
	require.NoError(t, json.Unmarshal(raw, &ret))
	free := reload(t, app, ret.ID)
	patchOrder := func(id string, who *core.Record, body map[string]any) (int, string) {
		s, r := hooktest.Call(t, srv.URL, http.MethodPatch, "/api/collections/orders/records/"+id, who, body)
		return s, string(r)
	}
	patch := func(body map[string]any) (int, string) { return patchOrder(free.Id, f.A.Attend, body) }

	s, r := patch(map[string]any{"status": "diagnosing"})
	require.Equal(t, 200, s, r)
	s, r = patch(map[string]any{"status": "quoted"})
	require.Equal(t, 200, s, "a free quote (R$ 0,00) is sent: %s", r)
	s, r = patch(map[string]any{"status": "approved"})
	require.Equal(t, 200, s, r)
	s, r = patch(map[string]any{"status": "quoted", "quote_lines": []map[string]any{{"kind": "labor", "description": "Bateria nova", "quantity": 1, "unit_cents": 15000}}})
	require.Equal(t, 400, s)
	require.Contains(t, r, `"status_note":{"code":"warranty_charge_reason_required","message":"Esta OS é um retorno em garantia e não tem custo para o cliente. Para cobrar R$ 150,00, informe o motivo."}`)
	require.Equal(t, collections.StatusApproved, reload(t, app, free.Id).Status())

	s, r = patch(map[string]any{"status": "quoted", "status_note": "Bateria estufada por carregador paralelo, fora da garantia",
		"quote_lines": []map[string]any{{"kind": "labor", "description": "Bateria nova", "quantity": 1, "unit_cents": 15000}}})
	require.Equal(t, 200, s, r)
	ev := events(t, app, free.Id)
	require.Equal(t, "approved→quoted: Garantia cobrada: R$ 150,00. Motivo: Bateria estufada por carregador paralelo, fora da garantia", ev[len(ev)-1])

	// Without a status change the charge is a history row of its own.
	second := delivered(t, app, f.A, time.Time{})
	status, raw = hooktest.Call(t, srv.URL, http.MethodPost, url(second), f.A.Attend, map[string]any{"problem": "Sem som"})
	require.Equal(t, 200, status, string(raw))
	require.NoError(t, json.Unmarshal(raw, &ret))
	s, r = patchOrder(ret.ID, f.A.Attend, map[string]any{"status_note": "Alto-falante molhado", "quote_lines": []map[string]any{{"kind": "labor", "description": "Limpeza", "quantity": 1, "unit_cents": 8000}}})
	require.Equal(t, 200, s, r)
	ev = events(t, app, ret.ID)
	require.Equal(t, "received→received: Garantia cobrada: R$ 80,00. Motivo: Alto-falante molhado", ev[len(ev)-1])

	// warranty_of is Bancada's to set.
	plain := reload(t, app, f.A.Rec[collections.Orders].Id)
	s, r = patchOrder(plain.Id, f.A.Owner, map[string]any{"warranty_of": orig.Id})
	require.Equal(t, 200, s, r)
	require.Empty(t, reload(t, app, plain.Id).WarrantyOf())
	// An ordinary order still needs a priced quote.
	s, r = patchOrder(plain.Id, f.A.Owner, map[string]any{"status": "diagnosing"})
	require.Equal(t, 200, s, r)
	s, r = patchOrder(plain.Id, f.A.Owner, map[string]any{"status": "quoted"})
	require.Equal(t, 400, s)
	require.Contains(t, string(r), "quote_required")
}
