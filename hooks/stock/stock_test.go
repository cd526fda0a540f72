package stock_test

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/hooks/stock"
)

func TestMain(m *testing.M) { os.Exit(hooktest.Main(m)) }

type env struct {
	App *tests.TestApp
	F   *hooktest.Fixture
	URL string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	app := hooktest.NewApp(t)
	return &env{App: app, F: hooktest.Seed(t, app), URL: hooktest.Serve(t, app).URL}
}

func (e *env) call(t *testing.T, method, path string, user *core.Record, body any, out any) (int, string) {
	t.Helper()
	status, raw := hooktest.Call(t, e.URL, method, path, user, body)
	if out != nil && status == http.StatusOK {
		require.NoError(t, json.Unmarshal(raw, out), string(raw))
	}
	return status, string(raw)
}

func (e *env) part(t *testing.T, id string) *core.Record {
	t.Helper()
	r, err := e.App.FindRecordById(collections.Parts, id)
	require.NoError(t, err)
	return r
}

func (e *env) movements(t *testing.T, part string) []*core.Record {
	t.Helper()
	recs, err := e.App.FindRecordsByFilter(collections.StockMovements, "part = {:p}", "created,id", 0, 0, map[string]any{"p": part})
	require.NoError(t, err)
	return recs
}

// A counter sale takes the products from stock at their registered price,
// less the discount, records its payments (one per method, counted by the
// till) and one movement per product, with who sold; selling more than
// the stock holds, or payments that do not add up, change nothing.
func TestCounterSaleLowersStock(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.F.A
	pelicula := hooktest.NewRecord(t, e.App, collections.Parts, map[string]any{"tenant": a.ID(), "name": "Película 3D", "price_cents": 3000, "quantity": 10})
	cabo := hooktest.NewRecord(t, e.App, collections.Parts, map[string]any{"tenant": a.ID(), "name": "Cabo USB-C", "price_cents": 2500, "quantity": 1})
	url := "/api/bancada/sales?tenant=" + a.ID()

	// 2 películas + 1 cabo = R$ 85,00, less R$ 5,00 = R$ 80,00: R$ 50,00 cash + R$ 30,00 debit.
	var ans struct {
		Sale struct {
			ID       string                 `json:"id"`
			Number   int                    `json:"number"`
			Subtotal int64                  `json:"subtotal"`
			Total    int64                  `json:"total"`
			Lines    []collections.SaleLine `json:"lines"`
		} `json:"sale"`
		Payments []struct {
			ID     string `json:"id"`
			Method string `json:"method"`
			Amount int64  `json:"amount"`
			Sale   string `json:"sale"`
		} `json:"payments"`
	}
	body := map[string]any{
		"id":       "vendaum00000001",
		"items":    []map[string]any{{"part": pelicula.Id, "quantity": 2}, {"part": cabo.Id, "quantity": 1}},
		"discount": 500,
		"payments": []map[string]any{{"method": "cash", "amount": 5000}, {"method": "debit_card", "amount": 3000}},
	}
	status, raw := e.call(t, http.MethodPost, url, a.Attend, body, &ans)
	require.Equal(t, http.StatusOK, status, raw)
	assert.Equal(t, 1, ans.Sale.Number)
	assert.Equal(t, int64(8500), ans.Sale.Subtotal)
	assert.Equal(t, int64(8000), ans.Sale.Total)
	assert.Equal(t, []collections.SaleLine{
		{Part: pelicula.Id, Name: "Película 3D", Quantity: 2, UnitPrice: 3000, Total: 6000},
		{Part: cabo.Id, Name: "Cabo USB-C", Quantity: 1, UnitPrice: 2500, Total: 2500},
	}, ans.Sale.Lines)
	require.Len(t, ans.Payments, 2)
	assert.Equal(t, "cash", ans.Payments[0].Method)
	assert.Equal(t, int64(5000), ans.Payments[0].Amount)
	assert.Equal(t, ans.Sale.ID, ans.Payments[1].Sale)
	assert.Equal(t, 8, e.part(t, pelicula.Id).GetInt("quantity"))
	assert.Equal(t, 0, e.part(t, cabo.Id).GetInt("quantity"))

	mv := e.movements(t, pelicula.Id)
	require.Len(t, mv, 2, "initial stock, then the sale")
	assert.Equal(t, "sale", mv[1].GetString("kind"))
	assert.Equal(t, -2, mv[1].GetInt("delta"))
	assert.Equal(t, 8, mv[1].GetInt("quantity_after"))
	assert.Equal(t, ans.Sale.ID, mv[1].GetString("sale"))
	assert.Equal(t, a.Attend.Id, mv[1].GetString("actor"))

	// The same id again (a retry after a lost answer): the same sale, no second one.
	status, raw = e.call(t, http.MethodPost, url, a.Attend, body, &ans)
	require.Equal(t, http.StatusOK, status, raw)
	assert.Equal(t, 1, ans.Sale.Number)
	assert.Equal(t, 8, e.part(t, pelicula.Id).GetInt("quantity"))

	// More than the stock: refused, nothing changes.
	status, raw = e.call(t, http.MethodPost, url, a.Attend, map[string]any{
		"items":    []map[string]any{{"part": pelicula.Id, "quantity": 1}, {"part": cabo.Id, "quantity": 1}},
		"payments": []map[string]any{{"method": "pix", "amount": 5500}}}, nil)
	require.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, raw, `"items":{"1":{"quantity":{"code":"insufficient_stock","message":"Só há 0 de Cabo USB-C em estoque."}}}`)
	assert.Equal(t, 8, e.part(t, pelicula.Id).GetInt("quantity"))

	// Payments that do not add up: refused, nothing changes.
	status, raw = e.call(t, http.MethodPost, url, a.Attend, map[string]any{
		"items": []map[string]any{{"part": pelicula.Id, "quantity": 1}}, "payments": []map[string]any{{"method": "pix", "amount": 2000}}}, nil)
	require.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, raw, "Os pagamentos somam R$ 20,00; o total da venda é R$ 30,00.")
	assert.Equal(t, 8, e.part(t, pelicula.Id).GetInt("quantity"))
	n, err := e.App.CountRecords(collections.Sales, hooktest.Eq("tenant", a.ID()))
	require.NoError(t, err)
	assert.Equal(t, int64(2), n, "the fixture's sale and this one")

	// Shape errors, one message per field.
	status, raw = e.call(t, http.MethodPost, url, a.Attend, map[string]any{
		"items": []map[string]any{{"part": "", "quantity": 0}}, "discount": -1,
		"payments": []map[string]any{{"method": "cheque", "amount": 0, "installments": 3}}}, nil)
	require.Equal(t, http.StatusBadRequest, status)
	for _, want := range []string{`"part":{"code":"required","message":"Escolha o produto."}`, `"quantity":{"code":"out_of_range"`,
		`"discount":{"code":"out_of_range"`, `"method":{"code":"invalid"`, `"installments":{"code":"invalid"`} {
		assert.Contains(t, raw, want)
	}
	// Another shop's product is unknown; technicians do not sell.
	status, raw = e.call(t, http.MethodPost, url, a.Attend, map[string]any{
		"items": []map[string]any{{"part": e.F.B.Rec[collections.Parts].Id, "quantity": 1}}, "payments": []map[string]any{{"method": "pix", "amount": 10000}}}, nil)
	require.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, raw, "Produto não encontrado no estoque desta loja.")
	assert.Equal(t, 3, e.part(t, e.F.B.Rec[collections.Parts].Id).GetInt("quantity"))
	status, _ = e.call(t, http.MethodPost, url, a.Tech, body, nil)
	assert.Equal(t, http.StatusForbidden, status)
}

// Receiving from a supplier adds to stock, makes the cost the average of
// what was held and what arrived, and records the supplier; attendants
// do not receive goods.
func TestStockReceiving(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.F.A
	bateria := hooktest.NewRecord(t, e.App, collections.Parts, map[string]any{"tenant": a.ID(), "name": "Bateria iPhone 11", "cost_cents": 1000, "price_cents": 18000, "quantity": 3})
	url := "/api/bancada/stock/receive?tenant=" + a.ID()
	status, raw := e.call(t, http.MethodPost, url, a.Tech, map[string]any{"supplier": "Distribuidora Sul",
		"items": []map[string]any{{"part": bateria.Id, "quantity": 2, "unit_cost": 1600}}}, nil)
	require.Equal(t, http.StatusOK, status, raw)
	p := e.part(t, bateria.Id)
	assert.Equal(t, 5, p.GetInt("quantity"))
	assert.Equal(t, 1240, p.GetInt("cost_cents"), "(3 × R$ 10,00 + 2 × R$ 16,00) / 5")
	mv := e.movements(t, bateria.Id)
	require.Len(t, mv, 2)
	assert.Equal(t, "receiving", mv[1].GetString("kind"))
	assert.Equal(t, 2, mv[1].GetInt("delta"))
	assert.Equal(t, 1600, mv[1].GetInt("unit_cost"))
	assert.Equal(t, "Distribuidora Sul", mv[1].GetString("supplier"))
	assert.Equal(t, a.Tech.Id, mv[1].GetString("actor"))

	sc := tests.ApiScenario{Name: "bad receiving", Method: http.MethodPost, URL: url,
		Body:    strings.NewReader(`{"items":[{"part":"` + e.F.B.Rec[collections.Parts].Id + `","quantity":0}]}`),
		Headers: hooktest.Auth(t, a.Owner), ExpectedStatus: 400,
		ExpectedContent: []string{`"supplier":{"code":"required","message":"Informe o fornecedor."}`,
			`"part":{"code":"not_found"`, `"quantity":{"code":"out_of_range"`, `"unit_cost":{"code":"required"`},
		TestAppFactory: hooktest.Factory(e.App), DisableTestAppCleanup: true}
	sc.Test(t)
	status, _ = e.call(t, http.MethodPost, url, a.Attend, map[string]any{"supplier": "X",
		"items": []map[string]any{{"part": bateria.Id, "quantity": 1, "unit_cost": 0}}}, nil)
	assert.Equal(t, http.StatusForbidden, status)
	assert.Equal(t, 5, e.part(t, bateria.Id).GetInt("quantity"))
}

// Every change of stock has its movement: an order's approval takes the
// quote's parts (and a cancellation puts them back), a hand edit is an
// adjustment, with who did it.
func TestMovementsOfOrdersAndAdjustments(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.F.A
	tela := a.Rec[collections.Parts]
	order := a.Rec[collections.Orders]
	orders := "/api/collections/orders/records/" + order.Id
	lines := []map[string]any{{"kind": "part", "part": tela.Id, "description": "Tela", "quantity": 1, "unit_cents": 10000}}
	for _, st := range []string{"diagnosing", "quoted", "approved"} {
		body := map[string]any{"status": st}
		if st == "quoted" {
			body["quote_lines"] = lines
		}
		status, raw := e.call(t, http.MethodPatch, orders, a.Attend, body, nil)
		require.Equal(t, http.StatusOK, status, raw)
	}
	assert.Equal(t, 2, e.part(t, tela.Id).GetInt("quantity"))
	status, raw := e.call(t, http.MethodPatch, orders, a.Manager, map[string]any{"status": "cancelled"}, nil)
	require.Equal(t, http.StatusOK, status, raw)
	assert.Equal(t, 3, e.part(t, tela.Id).GetInt("quantity"))

	status, raw = e.call(t, http.MethodPatch, "/api/collections/parts/records/"+tela.Id, a.Tech, map[string]any{"quantity": 7}, nil)
	require.Equal(t, http.StatusOK, status, raw)

	mv := e.movements(t, tela.Id)
	require.Len(t, mv, 4, "initial, approved, cancelled, adjusted")
	type row struct {
		kind         string
		delta, after int
		order, actor string
	}
	var got []row
	for _, m := range mv {
		got = append(got, row{m.GetString("kind"), m.GetInt("delta"), m.GetInt("quantity_after"), m.GetString("order"), m.GetString("actor")})
	}
	assert.Equal(t, []row{
		{"adjustment", 3, 3, "", ""},
		{"order", -1, 2, order.Id, a.Attend.Id},
		{"order", 1, 3, order.Id, a.Manager.Id},
		{"adjustment", 4, 7, "", a.Tech.Id},
	}, got)
}

func TestAverageCost(t *testing.T) {
	t.Parallel()
	assert.Equal(t, int64(1240), stock.AverageCost(3, 1000, 2, 1600))
	assert.Equal(t, int64(1600), stock.AverageCost(-4, 1000, 2, 1600), "stock below zero weighs nothing")
	assert.Equal(t, int64(1334), stock.AverageCost(1, 1000, 2, 1501), "(1000 + 3002) / 3 = 1334,0…")
	assert.Equal(t, int64(500), stock.AverageCost(0, 0, 1, 500))
}
