package hooks_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
)

// Delivering a repaired device while money is owed needs a reason, which
// goes to the history and to the audit log; a paid order or a device
// returned unrepaired is delivered without one.
func TestDeliveryWithAnOpenBalanceNeedsAReason(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	owed := orderAt(t, app, f.A, collections.StatusReady) // R$ 401,00, nothing paid
	paid := orderAt(t, app, f.A, collections.StatusReady)
	body := hooktest.PaymentBody(f.A.ID(), paid.Id, "")
	body["amount"] = 40100
	hooktest.NewRecord(t, app, collections.Payments, body)
	returned := orderAt(t, app, f.A, collections.StatusRejected)
	url := func(o *collections.Order) string { return "/api/collections/orders/records/" + o.Id }
	openBalanceAudits := func(t testing.TB, app core.App, orderID string) []*core.Record {
		recs, err := app.FindAllRecords(collections.AuditLog, dbxAction(collections.ActionDeliverOpenBalance))
		require.NoError(t, err)
		var out []*core.Record
		for _, r := range recs {
			if r.GetString(collections.AuditRecord) == orderID {
				out = append(out, r)
			}
		}
		return out
	}

	scenarios := []tests.ApiScenario{
		{
			Name: "delivering with R$ 401,00 owed and no reason", Method: http.MethodPatch, URL: url(owed),
			Body:           hooktest.JSON(t, map[string]any{"status": "delivered"}),
			ExpectedStatus: 400,
			ExpectedContent: []string{`"status_note":{"code":"open_balance_reason_required"`,
				`Esta OS tem saldo em aberto de R$ 401,00. Registre o pagamento antes de entregar, ou informe o motivo para entregar com saldo em aberto.`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				require.Equal(t, collections.StatusReady, reload(t, app, owed).Status())
			},
		},
		{
			Name: "a blank reason is no reason", Method: http.MethodPatch, URL: url(owed),
			Body:           hooktest.JSON(t, map[string]any{"status": "delivered", "status_note": "   "}),
			ExpectedStatus: 400, ExpectedContent: []string{`open_balance_reason_required`},
		},
		{
			Name: "delivering with the balance open on purpose", Method: http.MethodPatch, URL: url(owed),
			Body:           hooktest.JSON(t, map[string]any{"status": "delivered", "status_note": "Cliente paga na sexta"}),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"delivered"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				ev := lastEvent(t, app, owed.Id)
				require.Equal(t, collections.StatusDelivered, ev.To())
				require.Equal(t, "Entregue com saldo em aberto de R$ 401,00. Motivo: Cliente paga na sexta", ev.Note())
				audits := openBalanceAudits(t, app, owed.Id)
				require.Len(t, audits, 1)
				require.Equal(t, f.A.Attend.Id, audits[0].GetString(collections.AuditActor))
				require.JSONEq(t, `{"open_balance":40100,"note":"Entregue com saldo em aberto de R$ 401,00. Motivo: Cliente paga na sexta"}`,
					audits[0].GetString(collections.AuditChanges))
			},
		},
		{
			Name: "a paid order is delivered without a reason", Method: http.MethodPatch, URL: url(paid),
			Body:           hooktest.JSON(t, map[string]any{"status": "delivered"}),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"delivered"`, `"paid":40100`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				require.Empty(t, openBalanceAudits(t, app, paid.Id))
			},
		},
		{
			Name: "a device returned unrepaired owes nothing for the refused quote", Method: http.MethodPatch, URL: url(returned),
			Body:           hooktest.JSON(t, map[string]any{"status": "delivered"}),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"delivered"`},
		},
	}
	for _, sc := range scenarios {
		sc.Headers = map[string]string{"Authorization": hooktest.Token(t, f.A.Attend)}
		sc.TestAppFactory, sc.DisableTestAppCleanup = hooktest.Factory(app), true
		sc.Test(t)
	}
}
