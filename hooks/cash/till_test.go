package cash_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
)

// A day at the till with two methods: opened with R$ 100,00, an order
// paid R$ 150,00 in cash, a counter sale of 2 × R$ 49,90 by PIX, a
// withdrawal of R$ 50,00, closed with R$ 195,00 counted in the drawer and
// R$ 99,80 in PIX. Expected: cash 100 + 150 − 50 = R$ 200,00, PIX
// R$ 99,80; the drawer is R$ 5,00 short.
func TestTillClosingWithTwoMethods(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.F.A
	opened := e.Clock.Now()

	var s summary
	status, raw := e.call(t, http.MethodPost, "/api/bancada/cash/open?tenant="+a.ID(), a.Attend, map[string]any{"opening_float": 10000}, &s)
	require.Equal(t, http.StatusOK, status, raw)
	till := s.Session.ID
	assert.Equal(t, "open", s.Session.Status)
	assert.Equal(t, a.Attend.Id, s.Session.OpenedBy)

	// A second till while one is open: refused.
	status, raw = e.call(t, http.MethodPost, "/api/bancada/cash/open?tenant="+a.ID(), a.Manager, map[string]any{"opening_float": 0}, nil)
	assert.Equal(t, http.StatusConflict, status, raw)
	assert.Contains(t, raw, "já está aberto")

	e.Clock.Add(10 * time.Minute)
	status, raw = e.call(t, http.MethodPost, "/api/collections/payments/records", a.Attend, map[string]any{
		"tenant": a.ID(), "order": a.Rec[collections.Orders].Id, "method": "cash", "provider": "manual",
		"status": "paid", "amount": 15000}, nil)
	require.Equal(t, http.StatusOK, status, raw)

	e.Clock.Add(10 * time.Minute)
	capa := hooktest.NewRecord(t, e.App, collections.Parts, map[string]any{"tenant": a.ID(), "name": "Capinha", "price_cents": 4990, "quantity": 5})
	status, raw = e.call(t, http.MethodPost, "/api/bancada/sales?tenant="+a.ID(), a.Attend, map[string]any{
		"items": []map[string]any{{"part": capa.Id, "quantity": 2}}, "payments": []map[string]any{{"method": "pix", "amount": 9980}}}, nil)
	require.Equal(t, http.StatusOK, status, raw)

	e.Clock.Add(10 * time.Minute)
	status, raw = e.call(t, http.MethodPost, "/api/bancada/cash/"+till+"/moves", a.Attend,
		map[string]any{"kind": "withdrawal", "amount": 5000, "reason": "Depósito no banco"}, nil)
	require.Equal(t, http.StatusOK, status, raw)

	// Before closing: the figures so far.
	status, raw = e.call(t, http.MethodGet, "/api/bancada/cash/current?tenant="+a.ID(), a.Attend, nil, &s)
	require.Equal(t, http.StatusOK, status, raw)
	require.Len(t, s.Methods, 2, raw)
	assert.Equal(t, "cash", s.Methods[0].Method)
	assert.Equal(t, int64(15000), s.Methods[0].Entries)
	assert.Equal(t, int64(20000), s.Methods[0].Expected)
	assert.Equal(t, "pix", s.Methods[1].Method)
	assert.Equal(t, int64(9980), s.Methods[1].Expected)
	assert.Equal(t, int64(5000), s.Withdrawals)

	// Closing without the PIX count: refused, nothing changes.
	status, raw = e.call(t, http.MethodPost, "/api/bancada/cash/"+till+"/close", a.Attend, map[string]any{"counted": map[string]any{"cash": 19500}}, nil)
	require.Equal(t, http.StatusBadRequest, status, raw)
	assert.Contains(t, raw, `"pix":{"code":"required","message":"Informe o valor contado (PIX; esperado R$ 99,80)."}`)
	assert.Equal(t, "open", e.record(t, collections.CashSessions, till).GetString("status"))

	e.Clock.Add(5 * time.Hour)
	closedAt := e.Clock.Now()
	status, raw = e.call(t, http.MethodPost, "/api/bancada/cash/"+till+"/close", a.Manager,
		map[string]any{"counted": map[string]any{"cash": 19500, "pix": 9980}, "note": "Faltaram R$ 5,00"}, &s)
	require.Equal(t, http.StatusOK, status, raw)
	assert.Equal(t, "closed", s.Session.Status)
	assert.Equal(t, map[string]int64{"cash": 20000, "pix": 9980}, s.Session.Expected)
	assert.Equal(t, map[string]int64{"cash": 19500, "pix": 9980}, s.Session.Counted)
	assert.Equal(t, int64(-500), s.Session.Difference)
	assert.Equal(t, int64(29980), s.Expected)
	require.NotNil(t, s.Counted)
	assert.Equal(t, int64(29480), *s.Counted)
	assert.Equal(t, int64(-500), *s.Difference)
	assert.Equal(t, int64(-500), *s.Methods[0].Difference)
	assert.Equal(t, int64(0), *s.Methods[1].Difference)
	assert.Equal(t, a.Manager.Id, s.Session.ClosedBy)
	assert.NotEmpty(t, s.OpenedByName)
	assert.NotEmpty(t, s.ClosedByName)

	stored := e.record(t, collections.CashSessions, till)
	assert.True(t, stored.GetDateTime("opened_at").Time().Equal(opened))
	assert.True(t, stored.GetDateTime("closed_at").Time().Equal(closedAt))
	assert.Equal(t, -500, stored.GetInt("difference"))

	// Closed: no second closing, no more moves; a new till may open.
	status, _ = e.call(t, http.MethodPost, "/api/bancada/cash/"+till+"/close", a.Manager, map[string]any{"counted": map[string]any{"cash": 0, "pix": 0}}, nil)
	assert.Equal(t, http.StatusConflict, status)
	status, _ = e.call(t, http.MethodPost, "/api/bancada/cash/"+till+"/moves", a.Manager, map[string]any{"kind": "supply", "amount": 100, "reason": "troco"}, nil)
	assert.Equal(t, http.StatusConflict, status)
	// A payment after the closing does not change the closed report.
	e.Clock.Add(time.Minute)
	hooktest.NewRecord(t, e.App, collections.Payments, hooktest.PaymentBody(a.ID(), a.Rec[collections.Orders].Id, ""))
	status, raw = e.call(t, http.MethodGet, "/api/bancada/cash/"+till, a.Owner, nil, &s)
	require.Equal(t, http.StatusOK, status, raw)
	assert.Equal(t, int64(29980), s.Expected)
	status, raw = e.call(t, http.MethodPost, "/api/bancada/cash/open?tenant="+a.ID(), a.Owner, map[string]any{"opening_float": 19500}, nil)
	assert.Equal(t, http.StatusOK, status, raw)

	n, err := e.App.CountRecords(collections.AuditLog, hooktest.Eq("tenant", a.ID(), "action", "cash.close"))
	require.NoError(t, err)
	assert.Equal(t, int64(1), n)
}

// The till's routes refuse technicians and bad input, with a message per
// field in Portuguese; the API never writes the cash collections.
func TestTillRulesAndValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.F.A
	open := "/api/bancada/cash/open?tenant=" + a.ID()
	scenarios := []tests.ApiScenario{
		{Name: "technician opens", Method: http.MethodPost, URL: open, Body: strings.NewReader(`{"opening_float":0}`),
			Headers: hooktest.Auth(t, a.Tech), ExpectedStatus: 403, ExpectedContent: []string{"técnico(a)"}},
		{Name: "no float", Method: http.MethodPost, URL: open, Body: strings.NewReader(`{}`),
			Headers: hooktest.Auth(t, a.Attend), ExpectedStatus: 400,
			ExpectedContent: []string{`"opening_float":{"code":"required","message":"Informe o troco inicial (pode ser R$ 0,00)."}`}},
		{Name: "negative float", Method: http.MethodPost, URL: open, Body: strings.NewReader(`{"opening_float":-1}`),
			Headers: hooktest.Auth(t, a.Attend), ExpectedStatus: 400, ExpectedContent: []string{`"opening_float":{"code":"out_of_range"`}},
		{Name: "API create refused", Method: http.MethodPost, URL: "/api/collections/cash_sessions/records",
			Body:    strings.NewReader(`{"tenant":"` + a.ID() + `","status":"open","opened_at":"2026-11-24 10:00:00.000Z"}`),
			Headers: hooktest.Auth(t, a.Owner), ExpectedStatus: 403, ExpectedContent: []string{`"status":403`}},
	}
	for _, sc := range scenarios {
		sc.TestAppFactory = hooktest.Factory(e.App)
		sc.DisableTestAppCleanup = true
		sc.Test(t)
	}
	var s summary
	status, raw := e.call(t, http.MethodPost, open, a.Attend, map[string]any{"opening_float": 0}, &s)
	require.Equal(t, http.StatusOK, status, raw)
	status, raw = e.call(t, http.MethodPost, "/api/bancada/cash/"+s.Session.ID+"/moves", a.Attend, map[string]any{"kind": "saque", "amount": 0}, nil)
	require.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, raw, `"kind":{"code":"invalid","message":"Escolha sangria (retirada) ou suprimento (entrada de dinheiro)."}`)
	assert.Contains(t, raw, `"amount":{"code":"out_of_range"`)
	assert.Contains(t, raw, `"reason":{"code":"required","message":"Informe o motivo."}`)
	status, raw = e.call(t, http.MethodPost, "/api/bancada/cash/"+s.Session.ID+"/close", a.Attend, map[string]any{"counted": map[string]any{"cash": -5, "cheque": 1}}, nil)
	require.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, raw, `"cash":{"code":"out_of_range"`)
	assert.Contains(t, raw, `"cheque":{"code":"unknown_method"`)
	// The unique index refuses a second open till whoever writes.
	col, err := e.App.FindCollectionByNameOrId(collections.CashSessions)
	require.NoError(t, err)
	second := core.NewRecord(col)
	second.Load(map[string]any{"tenant": a.ID(), "status": "open", "opened_at": e.Clock.Now()})
	require.Error(t, e.App.Save(second), "one open till per shop")
	// A technician cannot read the till either.
	status, _ = e.call(t, http.MethodGet, "/api/bancada/cash/"+s.Session.ID, a.Tech, nil, nil)
	assert.Equal(t, http.StatusForbidden, status)
}
