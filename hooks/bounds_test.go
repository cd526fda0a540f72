package hooks_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
)

// fieldError is one entry of a PocketBase 400's data.
type fieldError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// settingsErrors decodes the per-key errors of data.settings in a 400.
func settingsErrors(t *testing.T, raw []byte) (string, map[string]fieldError) {
	t.Helper()
	var body struct {
		Message string `json:"message"`
		Data    struct {
			Settings json.RawMessage `json:"settings"`
		} `json:"data"`
	}
	require.NoError(t, json.Unmarshal(raw, &body), string(raw))
	var whole fieldError
	if json.Unmarshal(body.Data.Settings, &whole) == nil && whole.Code != "" {
		return body.Message, map[string]fieldError{"": whole}
	}
	per := map[string]fieldError{}
	require.NoError(t, json.Unmarshal(body.Data.Settings, &per), string(raw))
	return body.Message, per
}

// maxSettings are the largest valid settings: every bound at its edge
// (and no buffer between slots: the most slots a shop can offer).
const maxSettings = `{
	"hours": {"mon":[{"from":"00:00","to":"24:00"}],"tue":[{"from":"00:00","to":"24:00"}],"wed":[{"from":"00:00","to":"24:00"}],
		"thu":[{"from":"00:00","to":"24:00"}],"fri":[{"from":"00:00","to":"24:00"}],"sat":[{"from":"00:00","to":"24:00"}],"sun":[{"from":"00:00","to":"24:00"}]},
	"holidays": ["2026-12-25"], "warranty_days": 3650, "discount_percent": 100, "discount_min_customer_days": 3650,
	"whatsapp_min_interval_ms": 60000, "handoff_timeout_minutes": 10080, "slot_minutes": 10, "buffer_minutes": 0,
	"capacity": 50, "min_notice_minutes": 0, "horizon_days": 180, "reminder_hours": [336, 1, 2, 3, 4],
	"pickup_reminder_days": 365, "tracking_expiry_days": 3650,
	"quick_replies": [{"label": "Pix", "text": "Nossa chave Pix é o CNPJ da {{LOJA}}."}],
	"texts": {"welcome": "Oi, {{CLIENTE}}!"}, "status_templates": {"ready": "Pronto, {{CLIENTE}}: {{LINK}}"}
}`

// TestEverySettingIsBoundedOnTheAPI stores each out-of-bounds setting as
// the shop's owner through the REST API and expects a 400 naming the
// setting with its message; the largest valid settings are accepted.
func TestEverySettingIsBoundedOnTheAPI(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	srv := hooktest.Serve(t, app)
	path := "/api/collections/tenants/records/" + f.A.ID()

	status, raw := hooktest.Call(t, srv.URL, http.MethodPatch, path, f.A.Owner, map[string]any{"settings": json.RawMessage(maxSettings)})
	require.Equal(t, http.StatusOK, status, string(raw))

	cases := []struct {
		name, settings, key, message string
	}{
		{"negative warranty", `{"warranty_days":-5}`, "warranty_days", "A garantia deve ficar entre 0 e 3650 dias."},
		{"warranty too long", `{"warranty_days":3651}`, "warranty_days", "A garantia deve ficar entre 0 e 3650 dias."},
		{"warranty not a number", `{"warranty_days":"90"}`, "warranty_days", "Tipo de valor inválido."},
		{"warranty terms too long", `{"warranty_terms":"` + repeat("a", 4001) + `"}`, "warranty_terms", "Texto da garantia longo demais (máximo 4000 caracteres)."},
		{"hour out of range", `{"hours":{"mon":[{"from":"25:99","to":"18:00"}]}}`, "hours", "Horário inválido em segunda-feira: 25:99."},
		{"hour not HH:MM", `{"hours":{"tue":[{"from":"9h","to":"18:00"}]}}`, "hours", "Horário inválido em terça-feira: 9h."},
		{"empty span", `{"hours":{"wed":[{"from":"09:00","to":"09:00"}]}}`, "hours", "Horário vazio em quarta-feira: 09:00–09:00."},
		{"overlapping spans", `{"hours":{"thu":[{"from":"09:00","to":"12:00"},{"from":"11:00","to":"18:00"}]}}`, "hours", "Horários sobrepostos em quinta-feira: 09:00–12:00 e 11:00–18:00."},
		{"unknown weekday", `{"hours":{"mon":[],"xyz":[]}}`, "hours", `Dia da semana desconhecido: "xyz" (use mon, tue, wed, thu, fri, sat, sun).`},
		{"too many spans", `{"hours":{"fri":[{"from":"01:00","to":"02:00"},{"from":"03:00","to":"04:00"},{"from":"05:00","to":"06:00"},{"from":"07:00","to":"08:00"},{"from":"09:00","to":"10:00"},{"from":"11:00","to":"12:00"},{"from":"13:00","to":"14:00"}]}}`, "hours", "No máximo 6 períodos por dia (sexta-feira)."},
		{"holiday not a date", `{"holidays":["25/12/2026"]}`, "holidays", `Data inválida: "25/12/2026" (use AAAA-MM-DD, entre 2000 e 2100).`},
		{"holiday far future", `{"holidays":["9999-12-25"]}`, "holidays", `Data inválida: "9999-12-25" (use AAAA-MM-DD, entre 2000 e 2100).`},
		{"unknown text", `{"texts":{"nope":"oi"}}`, "texts", `Mensagem desconhecida: "nope".`},
		{"unknown placeholder", `{"texts":{"welcome":"Oi {{NOME}}"}}`, "texts", "Boas-vindas: variável desconhecida {{NOME}}; use: {{CLIENTE}}, {{LOJA}}."},
		{"template too long", `{"status_templates":{"ready":"` + repeat("a", 2001) + `"}}`, "status_templates", "Aviso de status: Pronto para retirada: texto longo demais (máximo 2000 caracteres)."},
		{"unknown status", `{"status_templates":{"lost":"oi"}}`, "status_templates", `Mensagem desconhecida: "lost".`},
		{"discount over 100", `{"discount_percent":101}`, "discount_percent", "O desconto deve ficar entre 0 e 100%."},
		{"discount days negative", `{"discount_min_customer_days":-1}`, "discount_min_customer_days", "Use de 0 a 3650 dias."},
		{"whatsapp interval", `{"whatsapp_min_interval_ms":60001}`, "whatsapp_min_interval_ms", "Use de 0 a 60000 milissegundos."},
		{"handoff timeout", `{"handoff_timeout_minutes":10081}`, "handoff_timeout_minutes", "Use de 1 a 10080 minutos (7 dias)."},
		{"slot too short", `{"slot_minutes":1}`, "slot_minutes", "A duração do horário deve ficar entre 10 e 240 minutos."},
		{"slot too long", `{"slot_minutes":241}`, "slot_minutes", "A duração do horário deve ficar entre 10 e 240 minutos."},
		{"buffer", `{"buffer_minutes":241}`, "buffer_minutes", "O intervalo entre horários deve ficar entre 0 e 240 minutos."},
		{"capacity", `{"capacity":1000}`, "capacity", "Atendimentos simultâneos: de 1 a 50."},
		{"negative capacity", `{"capacity":-1}`, "capacity", "Atendimentos simultâneos: de 1 a 50."},
		{"notice", `{"min_notice_minutes":43201}`, "min_notice_minutes", "A antecedência mínima deve ficar entre 0 e 43200 minutos (30 dias)."},
		{"horizon", `{"horizon_days":365}`, "horizon_days", "A agenda abre de 1 a 180 dias à frente."},
		{"too many reminders", `{"reminder_hours":[1,2,3,4,5,6]}`, "reminder_hours", "No máximo 5 lembretes."},
		{"reminder out of range", `{"reminder_hours":[0]}`, "reminder_hours", "Lembretes entre 1 hora e 14 dias antes."},
		{"pickup reminder", `{"pickup_reminder_days":366}`, "pickup_reminder_days", "Use de 1 a 365 dias."},
		{"tracking expiry", `{"tracking_expiry_days":3651}`, "tracking_expiry_days", "Use de 1 a 3650 dias."},
		{"too many quick replies", `{"quick_replies":[` + strings.TrimSuffix(strings.Repeat(`{"label":"a","text":"b"},`, 31), ",") + `]}`, "quick_replies", "No máximo 30 respostas rápidas."},
		{"quick reply without text", `{"quick_replies":[{"label":"Pix","text":"  "}]}`, "quick_replies", "Resposta rápida 1: preencha o nome e o texto."},
		{"quick reply label too long", `{"quick_replies":[{"label":"Pix","text":"ok"},{"label":"` + repeat("a", 41) + `","text":"ok"}]}`, "quick_replies", "Resposta rápida 2: nome longo demais (máximo 40 caracteres)."},
		{"quick reply text too long", `{"quick_replies":[{"label":"Pix","text":"` + repeat("a", 1001) + `"}]}`, "quick_replies", "Resposta rápida 1: texto longo demais (máximo 1000 caracteres)."},
		{"unknown key", `{"slots_per_day":3}`, "slots_per_day", "Configuração desconhecida."},
		{"not an object", `[1,2]`, "", "As configurações devem ser um objeto JSON."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, raw := hooktest.Call(t, srv.URL, http.MethodPatch, path, f.A.Owner, map[string]any{"settings": json.RawMessage(tc.settings)})
			require.Equal(t, http.StatusBadRequest, status, string(raw))
			_, errs := settingsErrors(t, raw)
			require.Equal(t, map[string]fieldError{tc.key: {Code: codeFor(tc.key), Message: tc.message}}, errs)
		})
	}
}

func codeFor(key string) string {
	if key == "" {
		return "invalid_settings"
	}
	return "invalid_setting"
}

func repeat(s string, n int) string {
	b := make([]byte, 0, n*len(s))
	for range n {
		b = append(b, s...)
	}
	return string(b)
}

// TestSettingsAreBoundedForGoWrites saves bad settings and a bad time zone
// from Go (as the demo seed, signup and jobs do) and expects the save to
// fail; an unrelated save of a tenant keeps working.
func TestSettingsAreBoundedForGoWrites(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	tn := collections.AsTenant(f.A.Tenant)

	tn.SetSettings(collections.TenantSettings{SlotMinutes: 1, HorizonDays: 365, Capacity: 1000})
	err := app.Save(tn)
	require.ErrorContains(t, err, "capacity: Atendimentos simultâneos: de 1 a 50.")
	require.ErrorContains(t, err, "horizon_days: A agenda abre de 1 a 180 dias à frente.")
	require.ErrorContains(t, err, "slot_minutes: A duração do horário deve ficar entre 10 e 240 minutos.")

	tn = reloadTenant(t, app, f.A.ID())
	tn.SetTimezone("Marte/Olympus")
	require.ErrorContains(t, app.Save(tn), "timezone: Fuso horário desconhecido: use um nome IANA, como America/Sao_Paulo.")
	tn.SetTimezone("Local")
	require.ErrorContains(t, app.Save(tn), "timezone: Fuso horário desconhecido")
	tn.SetTimezone("America/Manaus")
	require.NoError(t, app.Save(tn))

	tn = reloadTenant(t, app, f.A.ID())
	tn.SetName("Loja A renomeada")
	require.NoError(t, app.Save(tn), "a save that leaves settings alone")
}

func reloadTenant(t *testing.T, app core.App, id string) *collections.Tenant {
	t.Helper()
	r, err := app.FindRecordById(collections.Tenants, id)
	require.NoError(t, err)
	return collections.AsTenant(r)
}

// TestEveryAmountIsBounded saves each bounded amount or quantity one past
// its bound (from Go, the wall every write path meets) and expects the
// field's message; the bound itself is accepted.
func TestEveryAmountIsBounded(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	plan := hooktest.NewRecord(t, app, collections.Plans, map[string]any{"name": "Plano teste", "price_cents": 7990, "active": true})
	recs := map[string]*core.Record{
		collections.Orders: f.A.Rec[collections.Orders], collections.Parts: f.A.Rec[collections.Parts],
		collections.PriceRules: f.A.Rec[collections.PriceRules], collections.Payments: f.A.Rec[collections.Payments],
		collections.Plans: plan, collections.QuoteRequests: f.A.Rec[collections.QuoteRequests],
		collections.Subscriptions: f.A.Rec[collections.Subscriptions],
		collections.Sales:         f.A.Rec[collections.Sales], collections.Refunds: f.A.Rec[collections.Refunds],
		collections.CashSessions: f.A.Rec[collections.CashSessions], collections.CashMoves: f.A.Rec[collections.CashMoves],
		collections.StockMovements: f.A.Rec[collections.StockMovements],
	}
	const money = "O valor deve ficar entre R$ 0,00 e R$ 1.000.000,00."
	const money1 = "O valor deve ficar entre R$ 0,01 e R$ 1.000.000,00."
	cases := []struct {
		collection, field string
		ok, bad           int64
		message           string
	}{
		{collections.Orders, "final_total", 100_000_000, 100_000_001, money},
		{collections.Orders, "estimate", 100_000_000, 100_000_001, money},
		{collections.Orders, "warranty_days", 3650, 3651, "A garantia deve ficar entre 0 e 3650 dias."},
		{collections.Parts, "cost_cents", 100_000_000, 100_000_001, money},
		{collections.Parts, "price_cents", 100_000_000, 4611686018427387904, money},
		{collections.Parts, "quantity", 99_999, 100_000, "O estoque deve ficar entre -99.999 e 99.999."},
		{collections.Parts, "quantity", -99_999, -100_000, "O estoque deve ficar entre -99.999 e 99.999."},
		{collections.Parts, "minimum", 99_999, 100_000, "O estoque mínimo deve ficar entre 0 e 99.999."},
		{collections.PriceRules, "price_cents", 100_000_000, 100_000_001, money1},
		{collections.Payments, "amount", 100_000_000, 100_000_001, money1},
		{collections.Plans, "price_cents", 100_000_000, 100_000_001, money},
		{collections.Plans, "max_staff", 10_000, 10_001, "Use de 0 (sem limite) a 10.000 pessoas."},
		{collections.Plans, "max_orders_month", 10_000_000, 10_000_001, "Use de 0 (sem limite) a 10.000.000 de OS por mês."},
		{collections.QuoteRequests, "price_cents", 100_000_000, 100_000_001, money},
		{collections.Subscriptions, "value_cents", 100_000_000, 100_000_001, money},
		{collections.Payments, "installments", 12, 13, "Use de 1 a 12 parcelas."},
		{collections.Sales, "total", 100_000_000, 100_000_001, money},
		{collections.Sales, "discount", 100_000_000, 100_000_001, money},
		{collections.Refunds, "amount", 100_000_000, 100_000_001, money1},
		{collections.CashSessions, "opening_float", 100_000_000, 100_000_001, money},
		{collections.CashMoves, "amount", 100_000_000, 100_000_001, money1},
		{collections.StockMovements, "delta", -199_998, -199_999, "A movimentação deve ficar entre -199.998 e 199.998."},
		{collections.StockMovements, "unit_cost", 100_000_000, 100_000_001, money},
	}
	for _, tc := range cases {
		t.Run(tc.collection+"."+tc.field, func(t *testing.T) {
			r, err := app.FindRecordById(tc.collection, recs[tc.collection].Id)
			require.NoError(t, err)
			r.Set(tc.field, tc.bad)
			err = app.Save(r)
			require.ErrorContains(t, err, tc.field+": "+tc.message)
			r.Set(tc.field, tc.ok)
			require.NoError(t, app.Save(r))
		})
	}
}

// TestAManualPaymentTooLargeNamesItsAmount records, through the API, a
// manual payment beyond the bound: the 400 names the payment's amount
// (not the order's paid total it would have overflowed).
func TestAManualPaymentTooLargeNamesItsAmount(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	srv := hooktest.Serve(t, app)
	body := hooktest.PaymentBody(f.A.ID(), f.A.Rec[collections.Orders].Id, "")
	for _, amount := range []int64{9223372036854775807, 100_000_001} {
		body["amount"] = amount
		status, raw := hooktest.Call(t, srv.URL, http.MethodPost, "/api/collections/payments/records", f.A.Owner, body)
		require.Equal(t, http.StatusBadRequest, status, string(raw))
		require.Equal(t, map[string]fieldError{"amount": {Code: "out_of_bounds", Message: "O valor deve ficar entre R$ 0,01 e R$ 1.000.000,00."}}, dataErrors(t, raw), "amount %d", amount)
	}
}

// dataErrors decodes the flat per-field errors of a 400.
func dataErrors(t *testing.T, raw []byte) map[string]fieldError {
	t.Helper()
	var body struct {
		Data map[string]fieldError `json:"data"`
	}
	require.NoError(t, json.Unmarshal(raw, &body), string(raw))
	return body.Data
}

// TestQuoteLinesAreBoundedAndWellFormed sends quotes through the REST API
// as staff do: malformed JSON, wrong types, out-of-bounds quantities and
// prices and a total beyond R$ 1.000.000,00 (the int64 overflow of
// 4 × 2⁶² once stored a total of R$ 153,84) are refused on quote_lines.
func TestQuoteLinesAreBoundedAndWellFormed(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	srv := hooktest.Serve(t, app)
	path := "/api/collections/orders/records/" + f.A.Rec[collections.Orders].Id
	line := func(q, cents string) string {
		return `[{"kind":"labor","description":"Mão de obra","quantity":` + q + `,"unit_cents":` + cents + `}]`
	}
	many := "["
	for i := range 101 {
		if i > 0 {
			many += ","
		}
		many += `{"kind":"labor","description":"x","quantity":1,"unit_cents":1}`
	}
	many += "]"
	cases := []struct {
		name, lines, code, message string
	}{
		{"overflowing product", line("4", "4611686018427387904"), "invalid_line", "Item 1: o valor unitário deve ficar entre R$ 0,00 e R$ 1.000.000,00."},
		{"quantity over 999", line("1000", "100"), "invalid_line", "Item 1: a quantidade deve ficar entre 1 e 999."},
		{"quantity zero", line("0", "100"), "invalid_line", "Item 1: a quantidade deve ficar entre 1 e 999."},
		{"negative price", line("1", "-1"), "invalid_line", "Item 1: o valor unitário deve ficar entre R$ 0,00 e R$ 1.000.000,00."},
		{"total over the bound", line("999", "100101"), "invalid_line", "O total do orçamento passa de R$ 1.000.000,00."},
		{"quantity as text", line(`"2"`, "100"), "invalid_lines", "Item 1: tipo, descrição, quantidade (número inteiro) e valor em centavos (número inteiro) inválidos."},
		{"fractional cents", line("1", "10.5"), "invalid_lines", "Item 1: tipo, descrição, quantidade (número inteiro) e valor em centavos (número inteiro) inválidos."},
		{"not a list", `{"kind":"labor"}`, "invalid_lines", "Os itens do orçamento devem ser uma lista."},
		{"text instead of lines", `"tela e bateria"`, "invalid_lines", "Os itens do orçamento devem ser uma lista."},
		{"too many lines", many, "invalid_lines", "No máximo 100 itens por orçamento."},
		{"unknown kind", `[{"kind":"gift","description":"x","quantity":1,"unit_cents":1}]`, "invalid_line", "Item 1: tipo deve ser peça ou mão de obra."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, raw := hooktest.Call(t, srv.URL, http.MethodPatch, path, f.A.Owner, map[string]any{"quote_lines": json.RawMessage(tc.lines)})
			require.Equal(t, http.StatusBadRequest, status, string(raw))
			require.Equal(t, map[string]fieldError{"quote_lines": {Code: tc.code, Message: tc.message}}, dataErrors(t, raw))
		})
	}
	status, raw := hooktest.Call(t, srv.URL, http.MethodPatch, path, f.A.Owner, map[string]any{"quote_lines": json.RawMessage(line("999", "100100"))})
	require.Equal(t, http.StatusOK, status, string(raw))
	var o struct {
		Total int64 `json:"quote_total"`
	}
	require.NoError(t, json.Unmarshal(raw, &o))
	require.Equal(t, int64(99_999_900), o.Total)
}

// TestNoRouteAnswersMoreThanAFewMegabytes gives shop A the largest valid
// settings (open around the clock, 10-minute slots, 50 places, 180 days
// ahead) and asks every list-like route for as much as it will give: no
// answer passes 1 MB. A window longer than 31 days is refused. (With
// 1-minute slots, capacity 1000 and 365 days, one answer was 52 MB.)
func TestNoRouteAnswersMoreThanAFewMegabytes(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	srv := hooktest.Serve(t, app)
	status, raw := hooktest.Call(t, srv.URL, http.MethodPatch, "/api/collections/tenants/records/"+f.A.ID(), f.A.Owner,
		map[string]any{"settings": json.RawMessage(maxSettings)})
	require.Equal(t, http.StatusOK, status, string(raw))

	const limit = 1 << 20
	for _, path := range []string{
		"/api/bancada/slots",
		"/api/bancada/slots?from=2026-11-24&to=2026-12-24",
		"/api/bancada/slots?from=2027-05-01T00:00:00Z&to=2027-05-31T23:00:00Z",
		"/api/bancada/slots?from=9999-01-01",
		"/api/bancada/estimate?type=phone&brand=" + repeat("x", 4000),
	} {
		status, raw := hooktest.Call(t, srv.URL, http.MethodGet, path, f.A.Owner, nil)
		require.Equal(t, http.StatusOK, status, "%s: %s", path, raw)
		require.Less(t, len(raw), limit, path)
	}
	status, raw = hooktest.Call(t, srv.URL, http.MethodGet, "/api/bancada/slots", f.A.Owner, nil)
	require.Equal(t, http.StatusOK, status)
	var answer struct {
		Slots []struct {
			Free int `json:"free"`
		} `json:"slots"`
	}
	require.NoError(t, json.Unmarshal(raw, &answer))
	// 31 days from now (24/11 14:00 in São Paulo) with the default 2 hours'
	// notice: 24/11 from 16:00 (48 slots), 25/11 to 24/12 (30 days of 144),
	// and 25/12 is a holiday.
	require.Equal(t, 48+30*144, len(answer.Slots))
	require.Equal(t, 50, answer.Slots[0].Free)

	status, raw = hooktest.Call(t, srv.URL, http.MethodGet, "/api/bancada/slots?from=2026-11-24&to=2026-12-26", f.A.Owner, nil)
	require.Equal(t, http.StatusBadRequest, status, string(raw))
	require.Equal(t, map[string]fieldError{"to": {Code: "window_too_long", Message: "Consulte no máximo 31 dias por vez."}}, dataErrors(t, raw))
}

// TestAnAppointmentInYear9999IsBeyondTheHorizon books, as staff, an
// appointment in year 9999: refused as too far ahead (it read "too soon"
// when the date overflowed nanoseconds).
func TestAnAppointmentInYear9999IsBeyondTheHorizon(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	srv := hooktest.Serve(t, app)
	body := hooktest.AppointmentBody(f.A.ID(), f.A.Rec[collections.Customers].Id)
	body["start"], body["end"] = "9999-11-30 13:00:00.000Z", "9999-11-30 13:30:00.000Z"
	status, raw := hooktest.Call(t, srv.URL, http.MethodPost, "/api/collections/appointments/records", f.A.Owner, body)
	require.Equal(t, http.StatusBadRequest, status, string(raw))
	require.Equal(t, map[string]fieldError{"start": {Code: "beyond_horizon",
		Message: "Horário muito distante: a agenda ainda não está aberta para essa data."}}, dataErrors(t, raw))
}

// TestAMalformedJSONBodyIsSaidToBeInvalidJSON sends a truncated JSON body
// to Bancada's routes and to PocketBase's record routes: each answers 400
// saying the body is not valid JSON (PocketBase's own answer read "Algo
// deu errado", like a server fault; some routes ignored the body).
func TestAMalformedJSONBodyIsSaidToBeInvalidJSON(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	srv := hooktest.Serve(t, app)
	order := f.A.Rec[collections.Orders].Id
	for _, route := range []string{
		"POST /api/bancada/signup",
		"POST /api/bancada/orders/" + order + "/charges",
		"POST /api/bancada/whatsapp/connect",
		"POST /api/bancada/subscription/cancel",
		"POST /api/collections/orders/records",
		"PATCH /api/collections/tenants/records/" + f.A.ID(),
		"PATCH /api/collections/orders/records/" + order,
	} {
		method, path, _ := strings.Cut(route, " ")
		req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(`{"tenant": `))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
		req.Header.Set("Authorization", hooktest.Token(t, f.A.Owner))
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		raw, err := io.ReadAll(res.Body)
		res.Body.Close()
		require.NoError(t, err)
		require.Equal(t, http.StatusBadRequest, res.StatusCode, "%s: %s", route, raw)
		require.JSONEq(t, `{"status":400,"message":"O corpo da requisição não é um JSON válido.","data":{}}`, string(raw), route)
	}
	// A well-formed body still reaches the route.
	status, raw := hooktest.Call(t, srv.URL, http.MethodPatch, "/api/collections/orders/records/"+order, f.A.Owner, map[string]any{"notes": "ok"})
	require.Equal(t, http.StatusOK, status, string(raw))
}
