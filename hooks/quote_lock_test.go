package hooks_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
)

// The quote the customer approved binds the shop: its lines cannot change
// and the final total cannot go above it, unless the same write sends a
// new quote (the order goes back to quoted and the customer is asked again).
func TestApprovedQuoteIsLockedUntilANewQuoteIsSent(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	raised := []map[string]any{
		{"kind": "part", "description": "Tela", "quantity": 1, "unit_cents": 30000},
		{"kind": "labor", "description": "Mão de obra", "quantity": 2, "unit_cents": 8000},
	}
	approved := orderAt(t, app, f.A, collections.StatusApproved)
	approvedAt := approved.GetDateTime(collections.OrderApprovedAt).String()
	repairing := orderAt(t, app, f.A, collections.StatusRepairing)
	ready := orderAt(t, app, f.A, collections.StatusReady)
	rejected := orderAt(t, app, f.A, collections.StatusRejected)
	url := func(o *collections.Order) string { return "/api/collections/orders/records/" + o.Id }

	scenarios := []tests.ApiScenario{
		{
			Name: "raising the labour of an approved quote is refused", Method: http.MethodPatch, URL: url(approved),
			Body:           hooktest.JSON(t, map[string]any{"quote_lines": raised}),
			ExpectedStatus: 400,
			ExpectedContent: []string{`"quote_lines":{"code":"quote_locked"`,
				`O cliente já aprovou o orçamento de R$ 401,00 e ele não pode ser alterado.`, `envie um novo orçamento`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				got := reload(t, app, approved)
				require.Equal(t, collections.StatusApproved, got.Status())
				require.Equal(t, int64(40100), got.QuoteTotal())
			},
		},
		{
			Name: "a final total above the approved quote is refused", Method: http.MethodPatch, URL: url(approved),
			Body:           hooktest.JSON(t, map[string]any{"final_total": 45000}),
			ExpectedStatus: 400,
			ExpectedContent: []string{`"final_total":{"code":"over_approved_quote"`,
				`O valor final não pode passar do orçamento aprovado pelo cliente (R$ 401,00).`},
		},
		{
			Name: "a discount on the approved quote is fine", Method: http.MethodPatch, URL: url(approved),
			Body:           hooktest.JSON(t, map[string]any{"final_total": 38000}),
			ExpectedStatus: 200, ExpectedContent: []string{`"final_total":38000`, `"status":"approved"`},
		},
		{
			Name: "a ready order's quote is locked too", Method: http.MethodPatch, URL: url(ready),
			Body:           hooktest.JSON(t, map[string]any{"quote_lines": raised}),
			ExpectedStatus: 400, ExpectedContent: []string{`quote_locked`},
		},
		{
			Name: "a ready order cannot get a new quote (the repair is done)", Method: http.MethodPatch, URL: url(ready),
			Body:           hooktest.JSON(t, map[string]any{"quote_lines": raised, "status": "quoted"}),
			ExpectedStatus: 400, ExpectedContent: []string{`invalid_transition`},
		},
		{
			Name: "a refused quote can be edited before it is sent again", Method: http.MethodPatch, URL: url(rejected),
			Body:           hooktest.JSON(t, map[string]any{"quote_lines": raised}),
			ExpectedStatus: 200, ExpectedContent: []string{`"quote_total":46000`, `"status":"rejected"`},
		},
		{
			Name: "a new quote on an approved order goes back to quoted with a history row", Method: http.MethodPatch, URL: url(approved),
			Body: hooktest.JSON(t, map[string]any{"quote_lines": raised, "status": "quoted",
				"status_note": "Mão de obra maior: placa com oxidação"}),
			ExpectedStatus: 200,
			ExpectedContent: []string{`"status":"quoted"`, `"quote_total":46000`, `"approved_at":""`,
				`"final_total":0`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				ev := lastEvent(t, app, approved.Id)
				require.Equal(t, collections.StatusApproved, ev.From())
				require.Equal(t, collections.StatusQuoted, ev.To())
				require.Equal(t, "Mão de obra maior: placa com oxidação", ev.Note())
				require.Equal(t, f.A.Attend.Id, ev.GetString(collections.OrderEventActor))
				require.NotEmpty(t, approvedAt, "the first approval had a date")
			},
		},
		{
			Name: "a new quote during the repair", Method: http.MethodPatch, URL: url(repairing),
			Body:           hooktest.JSON(t, map[string]any{"quote_lines": raised, "status": "quoted"}),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"quoted"`, `"quote_total":46000`},
		},
	}
	for _, sc := range scenarios {
		sc.Headers = map[string]string{"Authorization": hooktest.Token(t, f.A.Attend)}
		sc.TestAppFactory, sc.DisableTestAppCleanup = hooktest.Factory(app), true
		sc.Test(t)
	}
}

// Parts taken from stock when the first quote was approved go back when a
// new quote replaces it, and the new quote's parts are taken when the
// customer approves it.
func TestNewQuoteReturnsTheApprovedPartsAndTakesTheNewOnes(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	part := f.A.Rec[collections.Parts] // quantity 3
	qty := func() int {
		r, err := app.FindRecordById(collections.Parts, part.Id)
		require.NoError(t, err)
		return r.GetInt(collections.PartQuantity)
	}
	o := orderAt(t, app, f.A, collections.StatusDiagnosing)
	o.SetQuoteLines([]collections.QuoteLine{{Kind: collections.LinePart, Part: part.Id, Description: "Tela", Quantity: 1, UnitCents: 10000}})
	o.SetStatus(collections.StatusQuoted)
	require.NoError(t, app.Save(o))
	o = reload(t, app, o)
	o.SetStatus(collections.StatusApproved)
	require.NoError(t, app.Save(o))
	require.Equal(t, 2, qty(), "the approval takes one")

	o = reload(t, app, o)
	o.SetQuoteLines([]collections.QuoteLine{{Kind: collections.LinePart, Part: part.Id, Description: "Tela", Quantity: 2, UnitCents: 10000}})
	o.SetStatus(collections.StatusQuoted)
	require.NoError(t, app.Save(o))
	require.Equal(t, 3, qty(), "the new quote puts the approved part back")
	require.False(t, reload(t, app, o).GetBool(collections.OrderStockTaken))

	o = reload(t, app, o)
	o.SetStatus(collections.StatusApproved)
	require.NoError(t, app.Save(o))
	require.Equal(t, 1, qty(), "approving the new quote takes its two")
}
