package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/availability"
	"github.com/bancada/bancada/bot"
	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/appointments"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/pricing"
)

// assistant is the actor of what the assistant does on a customer's behalf.
var assistant = audit.Actor{Label: "assistente do WhatsApp"}

// errNoCustomer means the sender is known only by a WhatsApp privacy id
// (@lid), so nothing can be booked in their name.
var errNoCustomer = errors.New("whatsapp: sender has no customer record (only an @lid is known)")

// tenantData is the assistant's bot.Data, bound to one tenant and to the
// transaction that processes one inbound message: every read and write
// goes through tx and the tenant id it holds, so the assistant answering
// on tenant A's WhatsApp cannot reach tenant B's records.
type tenantData struct {
	book         Booker
	tx           core.App
	tenant       *collections.Tenant
	conversation string
	now          time.Time
	trackingBase string
}

var _ bot.Data = (*tenantData)(nil)

// PriceRules returns the shop's price table.
func (d *tenantData) PriceRules(ctx context.Context) ([]pricing.Rule, error) {
	recs, err := scope.List(d.tx, collections.PriceRules, d.tenant.Id, "", "", 0, nil)
	if err != nil {
		return nil, fmt.Errorf("whatsapp: price rules: %w", err)
	}
	out := make([]pricing.Rule, len(recs))
	for i, r := range recs {
		p := collections.AsPriceRule(r)
		out[i] = pricing.Rule{ID: p.Id, DeviceType: string(p.DeviceType()), Brand: p.Brand(), Service: p.Service(),
			ModelContains: p.ModelContains(), PriceCents: p.PriceCents()}
	}
	return out, nil
}

// partRow is the part of a parts row the search reads.
type partRow struct {
	Name     string `db:"name"`
	Models   string `db:"compatible_models"`
	Price    int64  `db:"price_cents"`
	Quantity int    `db:"quantity"`
}

// maxPartsScanned bounds the parts one search folds in Go (SQLite cannot
// compare without accents); a shop's stock is far below it.
const maxPartsScanned = 20000

// SearchParts finds the shop's parts by name and compatible model,
// accent- and case-insensitively.
func (d *tenantData) SearchParts(ctx context.Context, q bot.PartQuery, limit int) ([]bot.Part, error) {
	var rows []partRow
	err := d.tx.DB().Select(collections.PartName, collections.PartModels, collections.PartPriceCents, collections.PartQuantity).
		From(collections.Parts).
		Where(dbx.HashExp{collections.PartTenant: d.tenant.Id}).
		OrderBy(collections.PartName).Limit(maxPartsScanned).All(&rows)
	if err != nil {
		return nil, fmt.Errorf("whatsapp: search parts: %w", err)
	}
	part := br.Fold(q.Part)
	model := compact(br.Fold(q.Model))
	var words []string
	for _, w := range strings.Fields(br.Fold(q.Text)) {
		if len(w) > 2 {
			words = append(words, w)
		}
	}
	type hit struct {
		p     bot.Part
		exact bool
	}
	var hits []hit
	for _, r := range rows {
		name := br.Fold(r.Name)
		switch {
		case part != "" && !strings.Contains(name, part):
			continue
		case part == "" && len(words) > 0 && !slices.ContainsFunc(words, func(w string) bool { return strings.Contains(name, w) }):
			continue
		case part == "" && len(words) == 0:
			continue
		}
		exact := true
		if model != "" {
			var ok bool
			if ok, exact = fits(model, name, r.Models); !ok {
				continue
			}
		}
		hits = append(hits, hit{bot.Part{Name: r.Name, PriceCents: r.Price, Quantity: max(r.Quantity, 0), Available: r.Quantity > 0}, exact})
	}
	// Exact model matches first, then available ones; stable by name.
	slices.SortStableFunc(hits, func(a, b hit) int {
		if a.exact != b.exact {
			if a.exact {
				return -1
			}
			return 1
		}
		if a.p.Available != b.p.Available {
			if a.p.Available {
				return -1
			}
			return 1
		}
		return 0
	})
	var out []bot.Part
	for _, h := range hits {
		if limit > 0 && len(out) == limit {
			break
		}
		out = append(out, h.p)
	}
	return out, nil
}

// fits reports whether a part named name (folded) with the compatible
// models list fits model (folded, without spaces): the model appears in
// the name or matches an entry of the list either way round ("motog8" and
// "Moto G8, G8 Plus"). exact is false when only the model's number
// matched ("g8" for "Moto G8").
func fits(model, name, models string) (ok, exact bool) {
	if strings.Contains(compact(name), model) {
		return true, true
	}
	entries := strings.FieldsFunc(br.Fold(models), func(r rune) bool { return r == ',' || r == ';' || r == '/' || r == '\n' || r == '|' })
	for _, e := range entries {
		e = compact(e)
		if e != "" && (strings.Contains(e, model) || strings.Contains(model, e) && len(e) >= 2) {
			return true, true
		}
	}
	return false, false
}

// compact removes spaces and hyphens ("Moto G-8" → "motog8").
func compact(s string) string {
	return strings.NewReplacer(" ", "", "-", "").Replace(s)
}

// OpenOrders returns the customer's open service orders, newest first.
func (d *tenantData) OpenOrders(ctx context.Context, customerID string) ([]bot.OrderSummary, error) {
	if customerID == "" {
		return nil, nil
	}
	recs, err := scope.List(d.tx, collections.Orders, d.tenant.Id,
		collections.OrderCustomer+" = {:c} && "+collections.OrderStatusField+" != {:delivered} && "+
			collections.OrderStatusField+" != {:cancelled}", "-"+collections.FieldCreated, 20,
		dbx.Params{"c": customerID, "delivered": collections.StatusDelivered, "cancelled": collections.StatusCancelled})
	if err != nil {
		return nil, fmt.Errorf("whatsapp: open orders: %w", err)
	}
	out := make([]bot.OrderSummary, 0, len(recs))
	for _, r := range recs {
		o := collections.AsOrder(r)
		s := bot.OrderSummary{
			CustomerID: o.Customer(), Number: o.Number(), Status: string(o.Status()), StatusLabel: o.Status().Label(),
			DueCents: o.Balance(),
		}
		if dr, err := scope.Find(d.tx, collections.Devices, d.tenant.Id, o.Device()); err == nil {
			s.Device = collections.AsDevice(dr).Label()
		}
		if exp := o.ExpectedAt(); !exp.IsZero() {
			s.Expected = &exp
		}
		if tok := o.TrackingToken(); tok != "" && !o.TrackingRevoked() {
			s.TrackingURL = d.trackingBase + "/" + tok
		}
		out = append(out, s)
	}
	return out, nil
}

// kindOf is the kind of an appointment the assistant books: the
// assistant speaks the collection's vocabulary; "drop-off" is its old
// word, still in conversations saved before, and anything unknown is a
// visit to the shop.
func kindOf(k string) collections.AppointmentKindValue {
	if k == "drop-off" {
		return collections.KindDropOff
	}
	if kind := collections.AppointmentKindValue(k); kind.Valid() {
		return kind
	}
	return collections.KindVisit
}

// botKind is an appointment's kind as the assistant keeps it (a
// reschedule keeps the kind).
func botKind(k collections.AppointmentKindValue) string { return string(k) }

// FreeSlots returns up to n free slots from the shop's appointments.
func (d *tenantData) FreeSlots(ctx context.Context, from time.Time, n int) ([]bot.Slot, error) {
	slots, err := d.book.FreeSlots(d.tx, d.tenant.Id, d.now, from, time.Time{}, collections.KindDropOff, n)
	if err != nil {
		return nil, fmt.Errorf("whatsapp: free slots: %w", err)
	}
	out := make([]bot.Slot, len(slots))
	for i, s := range slots {
		out[i] = botSlot(s)
	}
	return out, nil
}

func botSlot(s availability.Slot) bot.Slot { return bot.Slot{Start: s.Start.UTC(), End: s.End.UTC()} }

// Book books a slot for the customer through the appointments.
func (d *tenantData) Book(ctx context.Context, customerID string, s bot.Slot, kind, note string) (bot.Appointment, error) {
	if customerID == "" {
		return bot.Appointment{}, errNoCustomer
	}
	a, err := d.book.Book(d.tx, appointments.BookRequest{
		Tenant: d.tenant.Id, Customer: customerID, Kind: kindOf(kind), Start: s.Start, End: s.End,
		Notes: note, Source: collections.SourceWhatsApp, Actor: assistant, Now: d.now,
	})
	if errors.Is(err, appointments.ErrSlotTaken) {
		return bot.Appointment{}, fmt.Errorf("whatsapp: book: %w (%w)", bot.ErrSlotTaken, err)
	}
	if err != nil {
		return bot.Appointment{}, fmt.Errorf("whatsapp: book: %w", err)
	}
	return bot.Appointment{ID: a.Id, Start: a.Start().UTC(), End: a.End().UTC(), Kind: botKind(a.Kind())}, nil
}

// Appointments returns the customer's upcoming appointments.
func (d *tenantData) Appointments(ctx context.Context, customerID string) ([]bot.Appointment, error) {
	if customerID == "" {
		return nil, nil
	}
	as, err := appointments.Upcoming(d.tx, d.tenant.Id, customerID, d.now)
	if err != nil {
		return nil, fmt.Errorf("whatsapp: appointments: %w", err)
	}
	out := make([]bot.Appointment, len(as))
	for i, a := range as {
		out[i] = bot.Appointment{ID: a.Id, Start: a.Start().UTC(), End: a.End().UTC(), Kind: botKind(a.Kind())}
	}
	return out, nil
}

// CancelAppointment cancels one of the customer's appointments; an
// appointment of anyone else is refused.
func (d *tenantData) CancelAppointment(ctx context.Context, customerID, appointmentID string) error {
	if customerID == "" {
		return errNoCustomer
	}
	r, err := scope.Find(d.tx, collections.Appointments, d.tenant.Id, appointmentID)
	if err != nil {
		return fmt.Errorf("whatsapp: cancel: %w", err)
	}
	if collections.AsAppointment(r).Customer() != customerID {
		return fmt.Errorf("whatsapp: cancel: appointment %s is not customer %s's: %w", appointmentID, customerID, scope.ErrNotFound)
	}
	if err := appointments.Cancel(d.tx, d.tenant.Id, appointmentID, assistant); err != nil {
		return fmt.Errorf("whatsapp: cancel: %w", err)
	}
	return nil
}

// RecordQuoteRequest stores a quote request for the staff to follow up.
func (d *tenantData) RecordQuoteRequest(ctx context.Context, q bot.QuoteRequest) error {
	col, err := d.tx.FindCachedCollectionByNameOrId(collections.QuoteRequests)
	if err != nil {
		return err
	}
	r := core.NewRecord(col)
	r.Set(collections.QuoteRequestTenant, d.tenant.Id)
	r.Set(collections.QuoteRequestCustomer, q.CustomerID)
	r.Set(collections.QuoteRequestConversation, d.conversation)
	r.Set(collections.QuoteRequestDeviceType, cut(q.DeviceType, 20))
	r.Set(collections.QuoteRequestBrand, cut(q.Brand, 60))
	r.Set(collections.QuoteRequestModel, cut(q.Model, 120))
	r.Set(collections.QuoteRequestService, cut(q.Service, 40))
	r.Set(collections.QuoteRequestProblem, cut(q.Problem, 1000))
	if q.Priced {
		r.Set(collections.QuoteRequestPriceCents, q.FinalCents)
	}
	r.Set(collections.QuoteRequestStatus, collections.QuoteNew)
	if err := d.tx.Save(r); err != nil {
		return fmt.Errorf("whatsapp: quote request: %w", err)
	}
	return nil
}

// cut shortens s to n runes.
func cut(s string, n int) string { return audit.Truncate(strings.TrimSpace(s), n) }
