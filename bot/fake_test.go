package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/pricing"
)

// fakeHours is a weekly schedule with holidays, in the shop's zone.
type fakeHours struct {
	loc      *time.Location
	week     map[time.Weekday][][2]int // spans in minutes since midnight
	holidays map[string]bool           // "2026-12-25"
}

func (h fakeHours) spans(day time.Time) [][2]int {
	if h.holidays[day.Format("2006-01-02")] {
		return nil
	}
	return h.week[day.Weekday()]
}

// IsOpen implements Hours.
func (h fakeHours) IsOpen(t time.Time) bool {
	l := t.In(h.loc)
	m := l.Hour()*60 + l.Minute()
	for _, s := range h.spans(l) {
		if m >= s[0] && m < s[1] {
			return true
		}
	}
	return false
}

// NextOpen implements Hours.
func (h fakeHours) NextOpen(t time.Time) (time.Time, bool) {
	l := t.In(h.loc)
	for d := 0; d < 370; d++ {
		day := time.Date(l.Year(), l.Month(), l.Day()+d, 0, 0, 0, 0, h.loc)
		for _, s := range h.spans(day) {
			start := day.Add(time.Duration(s[0]) * time.Minute)
			end := day.Add(time.Duration(s[1]) * time.Minute)
			if t.Before(end) {
				if t.After(start) {
					return t, true
				}
				return start, true
			}
		}
	}
	return time.Time{}, false
}

type stockItem struct {
	Part
	fits []string
}

// fakeData is an in-memory Data bound to one tenant. It logs every action
// in Portuguese for the golden conversations.
type fakeData struct {
	loc    *time.Location
	hours  Hours
	rules  []pricing.Rule
	stock  []stockItem
	orders []OrderSummary
	appts  map[string][]Appointment // by customer id
	// taken are slots another customer books right when ours picks them.
	taken  map[time.Time]bool
	nextID int
	log    []string
	// fail makes every call return this error.
	fail error
}

func (f *fakeData) logf(format string, args ...any) {
	f.log = append(f.log, fmt.Sprintf(format, args...))
}

func (f *fakeData) PriceRules(ctx context.Context) ([]pricing.Rule, error) {
	if f.fail != nil {
		return nil, f.fail
	}
	return f.rules, nil
}

func (f *fakeData) SearchParts(ctx context.Context, q PartQuery, limit int) ([]Part, error) {
	if f.fail != nil {
		return nil, f.fail
	}
	var out []Part
	part, model := br.Fold(q.Part), strings.ReplaceAll(br.Fold(q.Model), " ", "")
	for _, it := range f.stock {
		name := br.Fold(it.Name)
		if part != "" && !strings.Contains(name, part) {
			continue
		}
		if part == "" && q.Text != "" && !anyWordIn(q.Text, name) {
			continue
		}
		if model != "" && !slices.ContainsFunc(it.fits, func(m string) bool { return strings.Contains(model, m) || strings.Contains(m, model) }) {
			continue
		}
		out = append(out, it.Part)
		if len(out) == limit {
			break
		}
	}
	return out, nil
}

func anyWordIn(text, name string) bool {
	for _, w := range strings.Fields(br.Fold(text)) {
		if len(w) > 2 && strings.Contains(name, w) {
			return true
		}
	}
	return false
}

func (f *fakeData) OpenOrders(ctx context.Context, customerID string) ([]OrderSummary, error) {
	if f.fail != nil {
		return nil, f.fail
	}
	var out []OrderSummary
	for _, o := range f.orders {
		if o.CustomerID == customerID {
			out = append(out, o)
		}
	}
	return out, nil
}

func (f *fakeData) booked(s time.Time) bool {
	for _, list := range f.appts {
		for _, a := range list {
			if a.Start.Equal(s) {
				return true
			}
		}
	}
	return false
}

// FreeSlots offers 30-minute slots inside business hours, from 2 hours
// after from, skipping booked ones.
func (f *fakeData) FreeSlots(ctx context.Context, from time.Time, n int) ([]Slot, error) {
	if f.fail != nil {
		return nil, f.fail
	}
	var out []Slot
	s := from.Add(2 * time.Hour).Truncate(30 * time.Minute).Add(30 * time.Minute)
	for end := from.AddDate(0, 0, 14); s.Before(end) && len(out) < n; s = s.Add(30 * time.Minute) {
		if f.hours.IsOpen(s) && f.hours.IsOpen(s.Add(29*time.Minute)) && !f.booked(s) {
			out = append(out, Slot{Start: s.UTC(), End: s.Add(30 * time.Minute).UTC()})
		}
	}
	return out, nil
}

func (f *fakeData) Book(ctx context.Context, customerID string, s Slot, kind, note string) (Appointment, error) {
	if f.fail != nil {
		return Appointment{}, f.fail
	}
	if f.taken[s.Start] {
		delete(f.taken, s.Start)
		f.appts["outro-cliente"] = append(f.appts["outro-cliente"], Appointment{ID: "outro", Start: s.Start, End: s.End})
		f.logf("registro: horário %s já ocupado por outro cliente", br.ShortDateTime(s.Start, f.loc))
		return Appointment{}, fmt.Errorf("fake: book: %w", ErrSlotTaken)
	}
	if f.booked(s.Start) {
		return Appointment{}, fmt.Errorf("fake: book: %w", ErrSlotTaken)
	}
	f.nextID++
	a := Appointment{ID: fmt.Sprintf("ag-%d", f.nextID), Start: s.Start, End: s.End, Kind: kind}
	f.appts[customerID] = append(f.appts[customerID], a)
	what := map[string]string{KindDropOff: "entrega do aparelho", KindVisit: "visita"}[kind]
	line := fmt.Sprintf("registro: agendamento %s (%s)", br.ShortDateTime(s.Start, f.loc), what)
	if note != "" {
		line += " — " + note
	}
	f.log = append(f.log, line)
	return a, nil
}

func (f *fakeData) Appointments(ctx context.Context, customerID string) ([]Appointment, error) {
	if f.fail != nil {
		return nil, f.fail
	}
	out := slices.Clone(f.appts[customerID])
	slices.SortFunc(out, func(a, b Appointment) int { return a.Start.Compare(b.Start) })
	return out, nil
}

func (f *fakeData) CancelAppointment(ctx context.Context, customerID, appointmentID string) error {
	if f.fail != nil {
		return f.fail
	}
	list := f.appts[customerID]
	i := slices.IndexFunc(list, func(a Appointment) bool { return a.ID == appointmentID })
	if i < 0 {
		return fmt.Errorf("fake: appointment %s of customer %s not found", appointmentID, customerID)
	}
	f.logf("registro: cancelamento %s", br.ShortDateTime(list[i].Start, f.loc))
	f.appts[customerID] = slices.Delete(list, i, i+1)
	return nil
}

func (f *fakeData) RecordQuoteRequest(ctx context.Context, q QuoteRequest) error {
	if f.fail != nil {
		return f.fail
	}
	fields := []string{pricing.DeviceTypeLabel(q.DeviceType), orDash(q.Brand), orDash(q.Model), pricing.ServiceLabel(q.Service)}
	price := "sem preço"
	if q.Priced {
		price = br.FormatBRL(q.FinalCents)
		if q.DiscountApplied {
			price += " com desconto (de " + br.FormatBRL(q.BaseCents) + ")"
		}
	}
	f.logf("registro: orçamento %s — %s", strings.Join(fields, " | "), price)
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "?"
	}
	return s
}
