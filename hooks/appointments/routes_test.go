package appointments_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
)

const records = "/api/collections/appointments/records"

func rfc(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// TestAppointmentsThroughTheAPI: the staff app creates, reschedules,
// confirms, cancels and closes appointments through the REST API, within
// capacity, with Portuguese errors, and never in another shop.
func TestAppointmentsThroughTheAPI(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	pinSeeded(t, app, f)
	a, b := f.A, f.B
	cust := a.Rec[collections.Customers].Id
	seeded := a.Rec[collections.Appointments].Id // Thursday 14:00–14:30, holds the only place
	free := appointment(t, app, a.ID(), cust, at(25, 10, 0), 30, collections.AppointmentScheduled)
	done := appointment(t, app, a.ID(), cust, at(24, 9, 0), 30, collections.AppointmentDone)
	body := func(start time.Time, minutes int) map[string]any {
		return map[string]any{"tenant": a.ID(), "customer": cust, "kind": "dropoff",
			"start": rfc(start), "end": rfc(start.Add(time.Duration(minutes) * time.Minute))}
	}
	withOrder := body(at(25, 15, 0), 60)
	withOrder["order"] = a.Rec[collections.Orders].Id
	full := body(at(26, 14, 0), 30)
	overlap := body(at(26, 13, 45), 30)
	evening := body(at(25, 19, 0), 45) // staff may book outside the hours
	past := body(at(24, 13, 0), 30)
	backwards := body(at(25, 16, 0), -30)
	long := body(at(25, 16, 0), 25*60)
	foreign := body(at(25, 16, 0), 30)
	foreign["customer"] = b.Rec[collections.Customers].Id
	otherCustomer := body(at(25, 16, 0), 30)
	otherCustomer["customer"] = hooktest.NewCustomer(t, app, a.ID(), "Outro").Id
	otherCustomer["order"] = a.Rec[collections.Orders].Id
	cancelledNew := body(at(25, 16, 0), 30)
	cancelledNew["status"] = "cancelled"

	scenarios := []tests.ApiScenario{
		{Name: "attendant books with an order", Method: http.MethodPost, URL: records, Headers: hooktest.Auth(t, a.Attend),
			Body: hooktest.JSON(t, withOrder), ExpectedStatus: 200,
			ExpectedContent: []string{`"status":"scheduled"`, `"source":"staff"`, `"order":"` + a.Rec[collections.Orders].Id}},
		{Name: "staff books in the evening", Method: http.MethodPost, URL: records, Headers: hooktest.Auth(t, a.Tech),
			Body: hooktest.JSON(t, evening), ExpectedStatus: 200, ExpectedContent: []string{`"start":"2026-11-25 22:00:00.000Z"`}},
		{Name: "the full slot", Method: http.MethodPost, URL: records, Headers: hooktest.Auth(t, a.Owner),
			Body: hooktest.JSON(t, full), ExpectedStatus: 400,
			ExpectedContent: []string{`"code":"full"`, `"message":"Horário lotado: não há mais vagas."`}},
		{Name: "overlapping the full slot", Method: http.MethodPost, URL: records, Headers: hooktest.Auth(t, a.Owner),
			Body: hooktest.JSON(t, overlap), ExpectedStatus: 400, ExpectedContent: []string{`"code":"full"`}},
		{Name: "in the past", Method: http.MethodPost, URL: records, Headers: hooktest.Auth(t, a.Owner),
			Body: hooktest.JSON(t, past), ExpectedStatus: 400, ExpectedContent: []string{`"code":"past"`, `Não é possível agendar no passado.`}},
		{Name: "ends before it starts", Method: http.MethodPost, URL: records, Headers: hooktest.Auth(t, a.Owner),
			Body: hooktest.JSON(t, backwards), ExpectedStatus: 400, ExpectedContent: []string{`"end_before_start"`, `O fim deve ser depois do início.`}},
		{Name: "longer than a day", Method: http.MethodPost, URL: records, Headers: hooktest.Auth(t, a.Owner),
			Body: hooktest.JSON(t, long), ExpectedStatus: 400, ExpectedContent: []string{`"too_long"`}},
		{Name: "created cancelled", Method: http.MethodPost, URL: records, Headers: hooktest.Auth(t, a.Owner),
			Body: hooktest.JSON(t, cancelledNew), ExpectedStatus: 400, ExpectedContent: []string{`"invalid_status"`}},
		{Name: "for another shop's customer", Method: http.MethodPost, URL: records, Headers: hooktest.Auth(t, a.Owner),
			Body: hooktest.JSON(t, foreign), ExpectedStatus: 400, ExpectedContent: []string{`"status":400`}},
		{Name: "with another customer's order", Method: http.MethodPost, URL: records, Headers: hooktest.Auth(t, a.Owner),
			Body: hooktest.JSON(t, otherCustomer), ExpectedStatus: 400, ExpectedContent: []string{`"other_customer"`, `Esta OS é de outro cliente.`}},
		{Name: "B's owner into A", Method: http.MethodPost, URL: records, Headers: hooktest.Auth(t, b.Owner),
			Body: hooktest.JSON(t, body(at(25, 17, 0), 30)), ExpectedStatus: 400, ExpectedContent: []string{`"status":400`}},

		{Name: "reschedule into the full slot", Method: http.MethodPatch, URL: records + "/" + free.Id, Headers: hooktest.Auth(t, a.Attend),
			Body: hooktest.JSON(t, map[string]any{"start": rfc(at(26, 14, 0)), "end": rfc(at(26, 14, 30))}), ExpectedStatus: 400,
			ExpectedContent: []string{`"code":"full"`}},
		{Name: "reschedule to a free time", Method: http.MethodPatch, URL: records + "/" + free.Id, Headers: hooktest.Auth(t, a.Attend),
			Body: hooktest.JSON(t, map[string]any{"start": rfc(at(25, 11, 0)), "end": rfc(at(25, 11, 30))}), ExpectedStatus: 200,
			ExpectedContent: []string{`"start":"2026-11-25 14:00:00.000Z"`}},
		{Name: "notes need no check", Method: http.MethodPatch, URL: records + "/" + seeded, Headers: hooktest.Auth(t, a.Tech),
			Body: hooktest.JSON(t, map[string]any{"notes": "traz o carregador"}), ExpectedStatus: 200,
			ExpectedContent: []string{`"notes":"traz o carregador"`}},
		{Name: "B's owner cannot touch A's", Method: http.MethodPatch, URL: records + "/" + seeded, Headers: hooktest.Auth(t, b.Owner),
			Body: hooktest.JSON(t, map[string]any{"status": "cancelled"}), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "confirm", Method: http.MethodPatch, URL: records + "/" + seeded, Headers: hooktest.Auth(t, a.Attend),
			Body: hooktest.JSON(t, map[string]any{"status": "confirmed"}), ExpectedStatus: 200, ExpectedContent: []string{`"status":"confirmed"`}},
		{Name: "cancel", Method: http.MethodPatch, URL: records + "/" + seeded, Headers: hooktest.Auth(t, a.Attend),
			Body: hooktest.JSON(t, map[string]any{"status": "cancelled"}), ExpectedStatus: 200, ExpectedContent: []string{`"status":"cancelled"`}},
		{Name: "the cancelled place is free again", Method: http.MethodPost, URL: records, Headers: hooktest.Auth(t, a.Owner),
			Body: hooktest.JSON(t, full), ExpectedStatus: 200, ExpectedContent: []string{`"status":"scheduled"`}},
		{Name: "reviving the cancelled one is re-checked", Method: http.MethodPatch, URL: records + "/" + seeded, Headers: hooktest.Auth(t, a.Attend),
			Body: hooktest.JSON(t, map[string]any{"status": "scheduled"}), ExpectedStatus: 400, ExpectedContent: []string{`"code":"full"`}},
		{Name: "a cancelled one cannot be done", Method: http.MethodPatch, URL: records + "/" + seeded, Headers: hooktest.Auth(t, a.Attend),
			Body: hooktest.JSON(t, map[string]any{"status": "done"}), ExpectedStatus: 400,
			ExpectedContent: []string{`invalid_transition`, `Não é possível passar de cancelado para realizado.`}},
		{Name: "moving a done one", Method: http.MethodPatch, URL: records + "/" + done.Id, Headers: hooktest.Auth(t, a.Attend),
			Body: hooktest.JSON(t, map[string]any{"start": rfc(at(27, 9, 0)), "end": rfc(at(27, 9, 30))}), ExpectedStatus: 400,
			ExpectedContent: []string{`not_reschedulable`}},
		{Name: "done is corrected to no-show", Method: http.MethodPatch, URL: records + "/" + done.Id, Headers: hooktest.Auth(t, a.Attend),
			Body: hooktest.JSON(t, map[string]any{"status": "no_show"}), ExpectedStatus: 200, ExpectedContent: []string{`"status":"no_show"`}},
		{Name: "the technician cannot delete", Method: http.MethodDelete, URL: records + "/" + done.Id, Headers: hooktest.Auth(t, a.Tech),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
	}
	for _, sc := range scenarios {
		sc.TestAppFactory, sc.DisableTestAppCleanup = hooktest.Factory(app), true
		sc.Test(t)
	}
	moved := reload(t, app, free.Id)
	assert.Equal(t, at(25, 11, 0).UTC(), moved.Start())
	logged, err := app.FindAllRecords(collections.AuditLog, hooktest.Eq(collections.AuditRecord, seeded))
	require.NoError(t, err)
	assert.NotEmpty(t, logged, "API changes are audited")
}

func TestSlotsRoute(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	pinSeeded(t, app, f)
	url := "/api/bancada/slots"
	scenarios := []tests.ApiScenario{
		{Name: "a day of drop-off slots in the shop's zone", Method: http.MethodGet, URL: url + "?from=2026-11-26&to=2026-11-26",
			Headers: hooktest.Auth(t, f.A.Tech), ExpectedStatus: 200,
			ExpectedContent: []string{`"timezone":"America/Sao_Paulo"`, `"kind":"dropoff"`, `"label":"qui 26/11 às 09:00"`,
				`"start":"2026-11-26T12:00:00Z"`, `"label":"qui 26/11 às 17:30"`, `"free":1`},
			NotExpectedContent: []string{`"label":"qui 26/11 às 14:00"`, `"label":"sex 27/11`, `"label":"qua 25/11`}},
		{Name: "RFC 3339 bounds and a kind", Method: http.MethodGet,
			URL:     url + "?kind=onsite&from=2026-11-26T12:00:00Z&to=2026-11-26T13:00:00Z",
			Headers: hooktest.Auth(t, f.A.Attend), ExpectedStatus: 200,
			ExpectedContent:    []string{`"kind":"onsite"`, `"label":"qui 26/11 às 09:00"`, `"label":"qui 26/11 às 09:30"`},
			NotExpectedContent: []string{`"label":"qui 26/11 às 10:00"`}},
		{Name: "bad input", Method: http.MethodGet, URL: url + "?from=ontem&to=2026-13-01&kind=festa",
			Headers: hooktest.Auth(t, f.A.Owner), ExpectedStatus: 400,
			ExpectedContent: []string{`"from":{"code":"invalid_date"`, `"to":{"code":"invalid_date"`, `"kind":{"code":"invalid_kind"`}},
		{Name: "to before from", Method: http.MethodGet, URL: url + "?from=2026-11-27&to=2026-11-26",
			Headers: hooktest.Auth(t, f.A.Owner), ExpectedStatus: 400, ExpectedContent: []string{`before_from`}},
		{Name: "B's owner asking for A", Method: http.MethodGet, URL: url + "?tenant=" + f.A.ID(),
			Headers: hooktest.Auth(t, f.B.Owner), ExpectedStatus: 403, ExpectedContent: []string{`Você não trabalha nesta loja.`}},
		{Name: "B's owner gets B's slots", Method: http.MethodGet, URL: url + "?from=2026-11-26&to=2026-11-26",
			Headers: hooktest.Auth(t, f.B.Owner), ExpectedStatus: 200, ExpectedContent: []string{`"tenant":"` + f.B.ID() + `"`},
			NotExpectedContent: []string{`"label":"qui 26/11 às 14:00"`}},
		{Name: "deactivated shop", Method: http.MethodGet, URL: url, Headers: hooktest.Auth(t, f.C.Owner), ExpectedStatus: 403, ExpectedContent: []string{`desativada`}},
		{Name: "anonymous", Method: http.MethodGet, URL: url + "?tenant=" + f.A.ID(), ExpectedStatus: 401, ExpectedContent: []string{`"status":401`}},
	}
	for _, sc := range scenarios {
		sc.TestAppFactory, sc.DisableTestAppCleanup = hooktest.Factory(app), true
		sc.Test(t)
	}
}
