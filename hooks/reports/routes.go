package reports

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/reports/calc"
	"github.com/bancada/bancada/hooks/scope"
)

// Bounds of a request.
const (
	// maxDays is the longest period one request covers.
	maxDays = 731
	// maxBuckets bounds the bars of a chart (a year by day is 366).
	maxBuckets = 400
	// topLimit is how many repairs and devices the top report lists.
	topLimit = 10
)

// Report names, as in the URL.
var reportNames = []string{"revenue", "turnaround", "technicians", "quotes", "top", "parts"}

// who may read reports.
var readers = []collections.Role{collections.RoleOwner, collections.RoleManager}

// response is the JSON of every report.
type response struct {
	Report   string     `json:"report"`
	From     string     `json:"from"` // AAAA-MM-DD, the first day
	To       string     `json:"to"`   // AAAA-MM-DD, the last day (inclusive)
	Group    calc.Group `json:"group"`
	Timezone string     `json:"timezone"`
	Data     any        `json:"data"`
}

// serve answers GET /api/bancada/reports/{report}?tenant=&from=&to=&group=&format=csv.
func serve(e *core.RequestEvent, d Deps) error {
	sc, err := scope.RequireStaff(e, "", readers)
	if err != nil {
		return err
	}
	name := e.Request.PathValue("report")
	if !slices.Contains(reportNames, name) {
		return e.NotFoundError("Relatório não encontrado.", nil)
	}
	loc := br.LoadLocation(sc.Tenant.Timezone())
	p, err := period(e, loc, d.Now())
	if err != nil {
		return err
	}
	data, err := load(e.App, sc.Tenant.Id, p.From, p.To)
	if err != nil {
		return e.InternalServerError("", err)
	}
	var out any
	switch name {
	case "revenue":
		out = calc.ComputeRevenue(data, p)
	case "turnaround":
		out = calc.ComputeTurnaround(data, p)
	case "technicians":
		out = calc.ComputeTechnicians(data, p)
	case "quotes":
		out = calc.ComputeQuotes(data, p)
	case "top":
		out = calc.ComputeTop(data, p, topLimit)
	case "parts":
		out = calc.ComputeParts(data, p)
	}
	last := p.To.In(loc).AddDate(0, 0, -1)
	if e.Request.URL.Query().Get("format") == "csv" {
		filename := fmt.Sprintf("relatorio-%s-%s-a-%s.csv", fileNames[name], p.From.In(loc).Format("2006-01-02"), last.Format("2006-01-02"))
		e.Response.Header().Set("Content-Type", "text/csv; charset=utf-8")
		e.Response.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
		e.Response.WriteHeader(http.StatusOK)
		return writeCSV(e.Response, out)
	}
	return e.JSON(http.StatusOK, response{Report: name, From: p.From.In(loc).Format(time.DateOnly), To: last.Format(time.DateOnly),
		Group: p.Group, Timezone: loc.String(), Data: out})
}

// period reads from, to (AAAA-MM-DD, both inclusive, in the shop's zone)
// and group; the default is the current month up to today, by day.
func period(e *core.RequestEvent, loc *time.Location, now time.Time) (calc.Period, error) {
	q := e.Request.URL.Query()
	errs := apierr.Fields{}
	today := now.In(loc)
	from := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, loc)
	to := time.Date(today.Year(), today.Month(), today.Day()+1, 0, 0, 0, 0, loc)
	day := func(field string, into *time.Time, next bool) {
		v := q.Get(field)
		if v == "" {
			return
		}
		t, err := time.ParseInLocation(time.DateOnly, v, loc)
		if err != nil {
			errs.Add(field, "invalid_date", "Data inválida: use AAAA-MM-DD.")
			return
		}
		if next {
			t = t.AddDate(0, 0, 1)
		}
		*into = t
	}
	day("from", &from, false)
	day("to", &to, true)
	group := calc.Group(q.Get("group"))
	if group == "" {
		group = calc.Day
	}
	if group != calc.Day && group != calc.Week && group != calc.Month {
		errs.Add("group", "invalid_group", "Agrupe por dia (day), semana (week) ou mês (month).")
	}
	if err := errs.Err(); err != nil {
		return calc.Period{}, apierr.BadRequest(apierr.CheckFields, err)
	}
	if !to.After(from) {
		return calc.Period{}, apierr.BadRequest(apierr.CheckFields, apierr.Field("to", "invalid_period", "A data final deve ser igual ou posterior à inicial."))
	}
	if to.Sub(from) > maxDays*24*time.Hour+time.Hour {
		return calc.Period{}, apierr.BadRequest(apierr.CheckFields, apierr.Field("to", "period_too_long",
			"O período pode ter no máximo "+strconv.Itoa(maxDays)+" dias."))
	}
	p := calc.Period{From: from, To: to, Loc: loc, Group: group}
	if len(p.Buckets()) > maxBuckets {
		return calc.Period{}, apierr.BadRequest(apierr.CheckFields, apierr.Field("group", "too_many_buckets",
			"Período longo demais para agrupar por dia: agrupe por semana ou mês."))
	}
	return p, nil
}
