package hooks_test

import (
	"fmt"
	"net/http"
	"sort"
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
)

// pathTo is a way to reach each status from "received".
var pathTo = map[collections.OrderStatus][]collections.OrderStatus{
	collections.StatusReceived:     nil,
	collections.StatusDiagnosing:   {collections.StatusDiagnosing},
	collections.StatusQuoted:       {collections.StatusDiagnosing, collections.StatusQuoted},
	collections.StatusApproved:     {collections.StatusDiagnosing, collections.StatusQuoted, collections.StatusApproved},
	collections.StatusRejected:     {collections.StatusDiagnosing, collections.StatusQuoted, collections.StatusRejected},
	collections.StatusWaitingParts: {collections.StatusDiagnosing, collections.StatusQuoted, collections.StatusApproved, collections.StatusWaitingParts},
	collections.StatusRepairing:    {collections.StatusDiagnosing, collections.StatusQuoted, collections.StatusApproved, collections.StatusRepairing},
	collections.StatusReady:        {collections.StatusDiagnosing, collections.StatusQuoted, collections.StatusApproved, collections.StatusRepairing, collections.StatusReady},
	collections.StatusDelivered:    {collections.StatusDiagnosing, collections.StatusQuoted, collections.StatusApproved, collections.StatusRepairing, collections.StatusReady, collections.StatusDelivered},
	collections.StatusCancelled:    {collections.StatusCancelled},
}

var quoteLines = []collections.QuoteLine{
	{Kind: collections.LinePart, Description: "Tela", Quantity: 1, UnitCents: 30000},
	{Kind: collections.LineLabor, Description: "Mão de obra", Quantity: 2, UnitCents: 5050},
}

// orderAt creates an order of shop s and drives it to status through Go
// saves (the hooks run for Go writes too).
func orderAt(t testing.TB, app core.App, s *hooktest.Shop, status collections.OrderStatus) *collections.Order {
	t.Helper()
	rec := hooktest.NewOrder(t, app, s.ID(), s.Rec[collections.Customers].Id, s.Rec[collections.Devices].Id)
	o := collections.AsOrder(rec)
	for _, st := range pathTo[status] {
		o = reload(t, app, o)
		if st == collections.StatusQuoted {
			o.SetQuoteLines(quoteLines)
		}
		if st == collections.StatusDelivered {
			o.Set(collections.OrderStatusNote, "paga na retirada")
		}
		o.SetStatus(st)
		require.NoError(t, app.Save(o), "driving to %s", st)
	}
	return reload(t, app, o)
}

func reload(t testing.TB, app core.App, o *collections.Order) *collections.Order {
	t.Helper()
	r, err := app.FindRecordById(collections.Orders, o.Id)
	require.NoError(t, err)
	return collections.AsOrder(r)
}

// orderMoves are the order lifecycle's moves, written out by hand (not
// read from the state machine under test).
var orderMoves = map[string]bool{
	"received→diagnosing": true, "received→cancelled": true,
	"diagnosing→quoted": true, "diagnosing→cancelled": true,
	"quoted→approved": true, "quoted→rejected": true, "quoted→cancelled": true,
	"approved→waiting_parts": true, "approved→repairing": true, "approved→quoted": true, "approved→cancelled": true,
	"rejected→quoted": true, "rejected→ready": true, "rejected→delivered": true, "rejected→cancelled": true,
	"waiting_parts→repairing": true, "waiting_parts→quoted": true, "waiting_parts→cancelled": true,
	"repairing→waiting_parts": true, "repairing→ready": true, "repairing→quoted": true, "repairing→cancelled": true,
	"ready→delivered": true, "ready→cancelled": true,
}

func TestEveryTransitionOfTheOrderStateMachine(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)

	allowed, forbidden := 0, 0
	for _, from := range collections.OrderStatuses {
		for _, to := range collections.OrderStatuses {
			if from == to {
				continue
			}
			name := fmt.Sprintf("%s→%s", from, to)
			o := orderAt(t, app, f.A, from)
			eventsBefore := countEvents(t, app, o.Id)
			if to == collections.StatusQuoted {
				o.SetQuoteLines(quoteLines)
			}
			if to == collections.StatusDelivered {
				o.Set(collections.OrderStatusNote, "paga na retirada")
			}
			o.SetStatus(to)
			err := app.Save(o)
			if orderMoves[name] {
				allowed++
				require.NoError(t, err, name)
				got := reload(t, app, o)
				require.Equal(t, to, got.Status(), name)
				require.Equal(t, eventsBefore+1, countEvents(t, app, o.Id), "%s writes one history row", name)
				last := lastEvent(t, app, o.Id)
				require.Equal(t, from, last.From(), name)
				require.Equal(t, to, last.To(), name)
				require.Equal(t, hooktest.Now, last.GetDateTime(collections.FieldCreated).Time(), "%s stamps its history row with the app's clock", name)
				if field := collections.DateFor(to); field != "" {
					require.Equal(t, hooktest.Now, got.GetDateTime(field).Time(), "%s sets %s", name, field)
				}
			} else {
				forbidden++
				require.Error(t, err, name)
				require.Contains(t, err.Error(), "status", name)
				got := reload(t, app, o)
				require.Equal(t, from, got.Status(), "%s leaves the order as it was", name)
				require.Equal(t, eventsBefore, countEvents(t, app, o.Id), "%s writes no history", name)
			}
		}
	}
	require.Equal(t, 24, allowed, "the state machine has 24 transitions")
	require.Equal(t, 66, forbidden)
}

func TestRefusedTransitionIsAClearPortugueseError(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	received := orderAt(t, app, f.A, collections.StatusReceived)
	delivered := orderAt(t, app, f.A, collections.StatusDelivered)
	diagnosing := orderAt(t, app, f.A, collections.StatusDiagnosing)

	scenarios := []tests.ApiScenario{
		{
			Name: "skip from received to ready", Method: http.MethodPatch,
			URL: "/api/collections/orders/records/" + received.Id, Body: hooktest.JSON(t, map[string]any{"status": "ready"}),
			ExpectedStatus: 400,
			ExpectedContent: []string{`"status":{"code":"invalid_transition"`,
				`Não é possível passar de \"Recebido\" para \"Pronto para retirada\"`, `Em diagnóstico`},
		},
		{
			Name: "change a delivered order", Method: http.MethodPatch,
			URL: "/api/collections/orders/records/" + delivered.Id, Body: hooktest.JSON(t, map[string]any{"status": "repairing"}),
			ExpectedStatus: 400, ExpectedContent: []string{`já está entregue`},
		},
		{
			Name: "unknown status", Method: http.MethodPatch,
			URL: "/api/collections/orders/records/" + received.Id, Body: hooktest.JSON(t, map[string]any{"status": "lost"}),
			ExpectedStatus: 400, ExpectedContent: []string{`"status":{"code":"invalid_transition"`, `Status desconhecido`},
		},
		{
			Name: "send a quote with no value", Method: http.MethodPatch,
			URL: "/api/collections/orders/records/" + diagnosing.Id, Body: hooktest.JSON(t, map[string]any{"status": "quoted"}),
			ExpectedStatus: 400, ExpectedContent: []string{`quote_required`, `Informe os itens`},
		},
		{
			Name: "a new order cannot start delivered", Method: http.MethodPost, URL: "/api/collections/orders/records",
			Body: hooktest.JSON(t, map[string]any{"tenant": f.A.ID(), "customer": f.A.Rec[collections.Customers].Id,
				"device": f.A.Rec[collections.Devices].Id, "problem": "x", "status": "delivered"}),
			ExpectedStatus: 400, ExpectedContent: []string{`invalid_initial_status`},
		},
		{
			Name: "a status change through the API records who and the note", Method: http.MethodPatch,
			URL:            "/api/collections/orders/records/" + received.Id,
			Body:           hooktest.JSON(t, map[string]any{"status": "diagnosing", "status_note": "bancada 2"}),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"diagnosing"`, `"status_note":""`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				ev := lastEvent(t, app, received.Id)
				require.Equal(t, "bancada 2", ev.Note())
				require.Equal(t, f.A.Tech.Id, ev.GetString(collections.OrderEventActor))
				require.Equal(t, f.A.Tech.GetString("name"), ev.ActorLabel())
			},
		},
	}
	for _, sc := range scenarios {
		sc.Headers = map[string]string{"Authorization": hooktest.Token(t, f.A.Tech)}
		sc.TestAppFactory, sc.DisableTestAppCleanup = hooktest.Factory(app), true
		sc.Test(t)
	}
}

func TestOrderCreationStampsNumberTokenDateAndHistory(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	o := orderAt(t, app, f.A, collections.StatusReceived)
	require.Greater(t, o.Number(), 0)
	require.Regexp(t, `^[A-Za-z0-9]{43}$`, o.TrackingToken(), "a link token: 43 letters and digits")
	require.Equal(t, hooktest.Now, o.EnteredAt())
	require.Equal(t, collections.DefaultWarrantyDays, o.WarrantyDays(), "the tenant's default warranty")
	ev := lastEvent(t, app, o.Id)
	require.Equal(t, collections.OrderStatus(""), ev.From())
	require.Equal(t, collections.StatusReceived, ev.To())
	require.Equal(t, hooktest.Now, ev.GetDateTime(collections.FieldCreated).Time(), "the history row carries the app's clock, not the wall clock")

	// Clients cannot set the fields Bancada owns.
	sc := tests.ApiScenario{
		Name: "system fields are ignored", Method: http.MethodPatch, URL: "/api/collections/orders/records/" + o.Id,
		Headers:        map[string]string{"Authorization": hooktest.Token(t, f.A.Owner)},
		Body:           hooktest.JSON(t, map[string]any{"number": 999, "paid": 100000, "tracking_token": "chute", "quote_total": 1, "delivered_at": "2026-01-01 00:00:00Z"}),
		ExpectedStatus: 200, ExpectedContent: []string{fmt.Sprintf(`"number":%d`, o.Number()), `"paid":0`, `"tracking_token":"` + o.TrackingToken() + `"`, `"quote_total":0`, `"delivered_at":""`},
		TestAppFactory: hooktest.Factory(app), DisableTestAppCleanup: true,
	}
	sc.Test(t)

	// The quote total is the sum of its lines, whoever writes.
	o = reload(t, app, o)
	o.SetQuoteLines(quoteLines)
	require.NoError(t, app.Save(o))
	require.Equal(t, int64(30000+2*5050), reload(t, app, o).QuoteTotal())
}

func TestConcurrentOrderCreationGivesUniqueConsecutiveNumbers(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	const n = 40
	var wg sync.WaitGroup
	errs := make(chan error, 2*n)
	for i := 0; i < n; i++ {
		for _, s := range []*hooktest.Shop{f.A, f.B} {
			wg.Add(1)
			go func(s *hooktest.Shop) {
				defer wg.Done()
				o, err := collections.NewOrder(app, s.ID(), s.Rec[collections.Customers].Id, s.Rec[collections.Devices].Id)
				if err != nil {
					errs <- err
					return
				}
				o.SetProblem("concorrente")
				errs <- app.Save(o)
			}(s)
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	for _, s := range []*hooktest.Shop{f.A, f.B} {
		recs, err := app.FindAllRecords(collections.Orders, dbxTenant(s.ID()))
		require.NoError(t, err)
		var numbers []int
		for _, r := range recs {
			numbers = append(numbers, r.GetInt(collections.OrderNumber))
		}
		sort.Ints(numbers)
		require.Len(t, numbers, n+1, "the fixture's order plus the concurrent ones")
		for i, got := range numbers {
			require.Equal(t, i+1, got, "numbers of %s are 1..%d without gaps or duplicates", s.Tenant.GetString("name"), n+1)
		}
	}
}

func TestDeliveryErasesThePasscode(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	dev := collections.AsDevice(f.A.Rec[collections.Devices])
	dev.SetPasscode(collections.PasscodePIN, "2580")
	require.NoError(t, app.Save(dev))
	d, err := app.FindRecordById(collections.Devices, dev.Id)
	require.NoError(t, err)
	require.True(t, d.GetBool(collections.DeviceHasPasscode))

	orderAt(t, app, f.A, collections.StatusDelivered)

	d, err = app.FindRecordById(collections.Devices, dev.Id)
	require.NoError(t, err)
	require.False(t, d.GetBool(collections.DeviceHasPasscode))
	require.Empty(t, d.GetString(collections.DevicePasscodeEnc))
}

func countEvents(t testing.TB, app core.App, orderID string) int {
	t.Helper()
	n, err := app.CountRecords(collections.OrderEvents, dbxOrder(orderID))
	require.NoError(t, err)
	return int(n)
}

func lastEvent(t testing.TB, app core.App, orderID string) *collections.OrderEvent {
	t.Helper()
	var recs []*core.Record
	err := app.RecordQuery(collections.OrderEvents).AndWhere(dbxOrder(orderID)).
		OrderBy("created DESC", "rowid DESC").Limit(1).All(&recs)
	require.NoError(t, err)
	require.NotEmpty(t, recs)
	return collections.AsOrderEvent(recs[0])
}

func TestApprovalTakesPartsFromStockAndCancellingPutsThemBack(t *testing.T) {
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
	o.SetQuoteLines([]collections.QuoteLine{
		{Kind: collections.LinePart, Part: part.Id, Description: "Tela", Quantity: 2, UnitCents: 10000},
		{Kind: collections.LineLabor, Description: "Mão de obra", Quantity: 1, UnitCents: 5000},
	})
	o.SetStatus(collections.StatusQuoted)
	require.NoError(t, app.Save(o))
	require.Equal(t, 3, qty(), "a quote reserves nothing")

	o = reload(t, app, o)
	o.SetStatus(collections.StatusApproved)
	require.NoError(t, app.Save(o))
	require.Equal(t, 1, qty(), "approval takes the parts")
	o = reload(t, app, o)
	o.SetStatus(collections.StatusRepairing)
	require.NoError(t, app.Save(o))
	require.Equal(t, 1, qty(), "taken once")

	o = reload(t, app, o)
	o.SetStatus(collections.StatusCancelled)
	require.NoError(t, app.Save(o))
	require.Equal(t, 3, qty(), "cancelling puts them back")

	// A part of another shop in the quote is refused at approval.
	other := orderAt(t, app, f.A, collections.StatusDiagnosing)
	other.SetQuoteLines([]collections.QuoteLine{{Kind: collections.LinePart, Part: f.B.Rec[collections.Parts].Id, Description: "x", Quantity: 1, UnitCents: 100}})
	other.SetStatus(collections.StatusQuoted)
	require.NoError(t, app.Save(other))
	other = reload(t, app, other)
	other.SetStatus(collections.StatusApproved)
	require.ErrorContains(t, app.Save(other), "não encontrada")
}

// Orders saved from Go (the assistant, the tracking page, a job) open their
// own transaction in the orders hook; staff must still see them live.
func TestOrdersSavedFromGoReachStaffInRealtime(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	_, err := apis.NewRouter(app) // binds PocketBase's realtime broadcaster
	require.NoError(t, err)
	c := rtClient(t, app, f.A.Attend, "orders/*")

	o := orderAt(t, app, f.A, collections.StatusReceived) // a bare app.Save, no outer transaction
	require.Contains(t, string(receive(t, c).Data), `"action":"create"`)
	o.SetStatus(collections.StatusDiagnosing)
	require.NoError(t, app.Save(o))
	m := receive(t, c)
	require.Contains(t, string(m.Data), `"action":"update"`)
	require.Contains(t, string(m.Data), `"status":"diagnosing"`)
}
