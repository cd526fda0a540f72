package appointments

import (
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/scope"
)

// bindRoutes adds the staff routes of the calendar.
func bindRoutes(app core.App, s *Service) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET("/api/bancada/slots", s.slots)
		return se.Next()
	})
}

// slotView is one free slot as the staff app shows it.
type slotView struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	Free  int       `json:"free"`
	// Label is the start in the shop's zone: "qua 25/11 às 10:00".
	Label string `json:"label"`
}

// Bounds of one slots answer: a window of at most maxSlotsWindow (31 days
// of 10-minute slots, the shortest a shop may set, is 4,464 slots, about
// half a megabyte) and at most maxSlots slots whatever the settings.
const (
	maxSlotsWindow = 31 * 24 * time.Hour
	maxSlots       = 5000
)

// slots answers GET /api/bancada/slots?from=&to=&kind=: the free slots of
// the caller's shop. from and to are RFC 3339 instants or local dates
// (YYYY-MM-DD, in the shop's zone; to is inclusive); both are optional
// (the shop's notice and horizon bound them). kind defaults to drop-off.
// One answer covers at most 31 days (from now, or from from, when to is
// not given); ask again from the last slot for more.
func (s *Service) slots(e *core.RequestEvent) error {
	staff, err := scope.RequireStaff(e, "", nil)
	if err != nil {
		return err
	}
	t := staff.Tenant
	loc := br.LoadLocation(t.Timezone())
	q := e.Request.URL.Query()
	errs := apierr.Fields{}
	from, ok := parseBound(q.Get("from"), loc, false)
	if !ok {
		errs.Add("from", "invalid_date", "Data inválida: use AAAA-MM-DD ou data e hora RFC 3339.")
	}
	to, ok := parseBound(q.Get("to"), loc, true)
	if !ok {
		errs.Add("to", "invalid_date", "Data inválida: use AAAA-MM-DD ou data e hora RFC 3339.")
	}
	now := s.now()
	lo := from
	if lo.IsZero() || lo.Before(now) {
		lo = now
	}
	switch {
	case !from.IsZero() && !to.IsZero() && !to.After(from):
		errs.Add("to", "before_from", "O fim do período deve ser depois do início.")
	case to.IsZero():
		to = lo.Add(maxSlotsWindow)
	case to.Sub(lo) > maxSlotsWindow:
		errs.Add("to", "window_too_long", "Consulte no máximo 31 dias por vez.")
	}
	kind := collections.AppointmentKindValue(q.Get("kind"))
	if kind == "" {
		kind = collections.KindDropOff
	}
	if !kind.Valid() {
		errs.Add("kind", "invalid_kind", "Tipo de agendamento inválido.")
	}
	if err := errs.Err(); err != nil {
		return apierr.BadRequest(apierr.CheckFields, err)
	}
	list, err := s.FreeSlots(e.App, t.Id, now, from, to, kind, maxSlots)
	if err != nil {
		return e.InternalServerError("Não foi possível calcular os horários livres.", err)
	}
	out := make([]slotView, len(list))
	for i, sl := range list {
		out[i] = slotView{Start: sl.Start, End: sl.End, Free: sl.Free, Label: br.ShortDateTime(sl.Start, loc)}
	}
	return e.JSON(http.StatusOK, map[string]any{"tenant": t.Id, "timezone": loc.String(), "kind": kind, "slots": out})
}

// parseBound reads a range bound: "" (none), an RFC 3339 instant or a local
// date (its midnight; the next midnight when end is set).
func parseBound(v string, loc *time.Location, end bool) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, true
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), true
	}
	d, err := time.ParseInLocation(time.DateOnly, v, loc)
	if err != nil {
		return time.Time{}, false
	}
	if end {
		d = time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc)
	}
	return d.UTC(), true
}
