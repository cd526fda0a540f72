package reports_test

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
)

func TestMain(m *testing.M) { os.Exit(hooktest.Main(m)) }

// seededOrder creates an order of shop s with lines, then sets its status,
// dates and totals as the history left them (dates in UTC, RFC 3339).
func seededOrder(t *testing.T, app core.App, s *hooktest.Shop, lines []collections.QuoteLine, set map[string]any) *core.Record {
	t.Helper()
	cust := hooktest.NewCustomer(t, app, s.ID(), "Cliente do relatório")
	dev := hooktest.NewDevice(t, app, s.ID(), cust.Id)
	o, err := collections.NewOrder(app, s.ID(), cust.Id, dev.Id)
	require.NoError(t, err)
	o.SetProblem("Tela quebrada")
	o.SetQuoteLines(lines)
	require.NoError(t, app.Save(o))
	params := dbx.Params{}
	for k, v := range set {
		if ts, ok := v.(string); ok && strings.HasSuffix(ts, "Z") {
			tm, err := time.Parse(time.RFC3339, ts)
			require.NoError(t, err)
			v = tm.UTC().Format(types.DefaultDateLayout)
		}
		params[k] = v
	}
	_, err = app.DB().Update(collections.Orders, params, dbx.HashExp{"id": o.Id}).Execute()
	require.NoError(t, err)
	return o.Record
}

// event adds a status change to an order's history at a given instant.
func event(t *testing.T, app core.App, order *core.Record, from, to, at string) {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(collections.OrderEvents)
	require.NoError(t, err)
	r := core.NewRecord(col)
	r.Set("tenant", order.GetString("tenant"))
	r.Set("order", order.Id)
	r.Set("from", from)
	r.Set("to", to)
	tm, err := types.ParseDateTime(at)
	require.NoError(t, err)
	r.SetRaw("created", tm)
	require.NoError(t, app.Save(r))
}

type revenueAnswer struct {
	From     string `json:"from"`
	To       string `json:"to"`
	Timezone string `json:"timezone"`
	Data     struct {
		Total struct {
			Orders     int     `json:"orders"`
			Revenue    int64   `json:"revenue"`
			PartsPrice int64   `json:"parts_price"`
			Labor      int64   `json:"labor"`
			Discount   int64   `json:"discount"`
			PartsCost  int64   `json:"parts_cost"`
			Margin     int64   `json:"margin"`
			MarginPct  float64 `json:"margin_pct"`
		} `json:"total"`
	} `json:"data"`
}

// TestReportsReadOnlyTheCallersShopInItsCalendar seeds shop A with two
// delivered orders (one at 23:30 of 30/11 in São Paulo, 02:30Z of 1/12) and
// shop B with a bigger one, and reads November 2026 through the route.
func TestReportsReadOnlyTheCallersShopInItsCalendar(t *testing.T) {
	env := hooktest.New(t)
	app := env.App
	f := hooktest.Seed(t, app)
	srv := hooktest.Serve(t, app)

	screen := hooktest.NewRecord(t, app, collections.Parts, map[string]any{
		"tenant": f.A.ID(), "name": "Tela X", "cost_cents": 12000, "price_cents": 30000, "quantity": 4, "minimum": 1})
	o1 := seededOrder(t, app, f.A, []collections.QuoteLine{
		{Kind: "part", Part: screen.Id, Description: "Tela X", Quantity: 1, UnitCents: 30000},
		{Kind: "labor", Description: "Troca de tela", Quantity: 1, UnitCents: 10000},
	}, map[string]any{"status": "delivered", "stock_taken": true, "technician": f.A.Tech.Id,
		"entered_at": "2026-11-08T15:00:00Z", "approved_at": "2026-11-09T15:00:00Z",
		"completed_at": "2026-11-10T12:00:00Z", "delivered_at": "2026-11-10T15:00:00Z"})
	event(t, app, o1, "diagnosing", "quoted", "2026-11-09 03:00:00.000Z")
	event(t, app, o1, "quoted", "approved", "2026-11-09 15:00:00.000Z")
	seededOrder(t, app, f.A, []collections.QuoteLine{{Kind: "labor", Description: "Limpeza", Quantity: 1, UnitCents: 5000}},
		map[string]any{"status": "delivered", "entered_at": "2026-11-30T12:00:00Z", "delivered_at": "2026-12-01T02:30:00Z"})
	seededOrder(t, app, f.B, []collections.QuoteLine{{Kind: "labor", Description: "Placa", Quantity: 1, UnitCents: 99900}},
		map[string]any{"status": "delivered", "entered_at": "2026-11-02T12:00:00Z", "delivered_at": "2026-11-03T12:00:00Z"})

	const nov = "from=2026-11-01&to=2026-11-30&group=month"
	get := func(user *core.Record, path string) (int, []byte) {
		t.Helper()
		return hooktest.Call(t, srv.URL, http.MethodGet, path, user, nil)
	}

	status, raw := get(f.A.Owner, "/api/bancada/reports/revenue?tenant="+f.A.ID()+"&"+nov)
	require.Equal(t, http.StatusOK, status, string(raw))
	var rev revenueAnswer
	require.NoError(t, json.Unmarshal(raw, &rev))
	require.Equal(t, "2026-11-01", rev.From)
	require.Equal(t, "2026-11-30", rev.To)
	require.Equal(t, "America/Sao_Paulo", rev.Timezone)
	// R$ 400,00 + R$ 50,00; parts R$ 300,00 at a cost of R$ 120,00
	tot := rev.Data.Total
	require.Equal(t, 2, tot.Orders)
	require.Equal(t, int64(45000), tot.Revenue)
	require.Equal(t, int64(30000), tot.PartsPrice)
	require.Equal(t, int64(15000), tot.Labor)
	require.Equal(t, int64(12000), tot.PartsCost)
	require.Equal(t, int64(33000), tot.Margin)
	require.Equal(t, 73.3, tot.MarginPct)

	status, raw = get(f.A.Manager, "/api/bancada/reports/technicians?tenant="+f.A.ID()+"&"+nov)
	require.Equal(t, http.StatusOK, status, string(raw))
	require.Contains(t, string(raw), `{"technician":"`+f.A.Tech.Id+`","name":"tecnicoA","completed":1,"revenue":40000,"avg_repair_hours":21}`)

	status, raw = get(f.A.Owner, "/api/bancada/reports/quotes?tenant="+f.A.ID()+"&"+nov)
	require.Equal(t, http.StatusOK, status, string(raw))
	require.Contains(t, string(raw), `"total":{"label":"Total","sent":1,"approved":1,"rejected":0,"cancelled":0,"pending":0,"rate":100}`)

	// CSV for Excel: BOM, ';', decimal commas, Portuguese headers
	status, raw = get(f.A.Owner, "/api/bancada/reports/revenue?tenant="+f.A.ID()+"&"+nov+"&format=csv")
	require.Equal(t, http.StatusOK, status, string(raw))
	require.Equal(t, "\uFEFF"+
		"Período;OS entregues;Receita (R$);Peças (R$);Mão de obra (R$);Descontos (R$);Custo das peças (R$);Margem (R$);Margem (%)\r\n"+
		"nov/2026;2;450,00;300,00;150,00;0,00;120,00;330,00;73,3\r\n"+
		"Total;2;450,00;300,00;150,00;0,00;120,00;330,00;73,3\r\n", string(raw))

	csv := func(report string) string {
		t.Helper()
		status, raw := get(f.A.Owner, "/api/bancada/reports/"+report+"?tenant="+f.A.ID()+"&"+nov+"&format=csv")
		require.Equal(t, http.StatusOK, status, string(raw))
		return string(raw)
	}
	require.Equal(t, "\uFEFF"+
		"Peça;Quantidade usada;Custo (R$);Cobrado (R$);Estoque atual;Estoque mínimo;Estoque baixo\r\n"+
		"Tela X;1;120,00;300,00;4;1;não\r\n"+
		"Total;1;120,00;300,00;;;\r\n", csv("parts"))
	require.Equal(t, "\uFEFF"+
		"Período;Orçamentos enviados;Aprovados;Recusados;Cancelados;Aguardando;Aprovação (%)\r\n"+
		"nov/2026;1;1;0;0;0;100,0\r\n"+
		"Total;1;1;0;0;0;100,0\r\n", csv("quotes"))
	require.Equal(t, "\uFEFF"+
		"Técnico;OS concluídas;Receita (R$);Tempo médio de reparo (horas)\r\n"+
		"tecnicoA;1;400,00;21,0\r\n", csv("technicians")) // the other order was never marked ready
	require.True(t, strings.HasPrefix(csv("turnaround"), "\uFEFFSituação;Passagens;Média (horas);Mediana (horas)\r\nOrçamento enviado;1;12,0;12,0\r\n"))
	require.Contains(t, csv("top"), "Reparo;Troca de tela;1;100,00\r\n")

	// shop B sees only its own order
	status, raw = get(f.B.Owner, "/api/bancada/reports/revenue?tenant="+f.B.ID()+"&"+nov)
	require.Equal(t, http.StatusOK, status, string(raw))
	var revB revenueAnswer
	require.NoError(t, json.Unmarshal(raw, &revB))
	require.Equal(t, int64(99900), revB.Data.Total.Revenue)
	require.Equal(t, 1, revB.Data.Total.Orders)

	// who may not
	for _, u := range []*core.Record{f.A.Tech, f.A.Attend} {
		status, raw = get(u, "/api/bancada/reports/revenue?tenant="+f.A.ID())
		require.Equal(t, http.StatusForbidden, status, string(raw))
	}
	status, _ = get(f.B.Owner, "/api/bancada/reports/revenue?tenant="+f.A.ID())
	require.Equal(t, http.StatusForbidden, status)
	status, _ = get(nil, "/api/bancada/reports/revenue?tenant="+f.A.ID())
	require.Equal(t, http.StatusUnauthorized, status)
	status, _ = get(f.A.Owner, "/api/bancada/reports/lucro?tenant="+f.A.ID())
	require.Equal(t, http.StatusNotFound, status)
}

func TestReportPeriodErrorsArePerFieldInPortuguese(t *testing.T) {
	env := hooktest.New(t)
	f := hooktest.Seed(t, env.App)
	srv := hooktest.Serve(t, env.App)
	cases := map[string]string{
		"from=2026-13-01":                         `"from":{"code":"invalid_date","message":"Data inválida: use AAAA-MM-DD."}`,
		"group=ano":                               `"group":{"code":"invalid_group","message":"Agrupe por dia (day), semana (week) ou mês (month)."}`,
		"from=2026-11-30&to=2026-11-01":           `"to":{"code":"invalid_period","message":"A data final deve ser igual ou posterior à inicial."}`,
		"from=2020-01-01&to=2026-11-01":           `"to":{"code":"period_too_long"`,
		"from=2025-01-01&to=2026-11-01&group=day": `"group":{"code":"too_many_buckets"`,
	}
	for q, want := range cases {
		status, raw := hooktest.Call(t, srv.URL, http.MethodGet, "/api/bancada/reports/revenue?tenant="+f.A.ID()+"&"+q, f.A.Owner, nil)
		require.Equal(t, http.StatusBadRequest, status, q)
		require.Contains(t, string(raw), want, q)
	}
}
