package bot

import (
	"context"
	"errors"
	"time"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/pricing"
)

// Data is everything the engine reads or writes, implemented by the glue
// and ALREADY BOUND TO ONE TENANT: no method takes a tenant id, so the
// engine cannot even ask for another shop's data. Methods that concern a
// customer take the customer's id and must return or touch only that
// customer's records.
//
// Compared with the first sketch, Price became PriceRules: the engine
// matches and discounts itself (package pricing), so the glue only lists
// the shop's rules and the whole quote logic is tested here.
type Data interface {
	// PriceRules returns the shop's price table.
	PriceRules(ctx context.Context) ([]pricing.Rule, error)
	// SearchParts finds up to limit parts by name and compatible model.
	SearchParts(ctx context.Context, q PartQuery, limit int) ([]Part, error)
	// OpenOrders returns the customer's service orders that are not
	// closed (delivered or cancelled), newest first.
	OpenOrders(ctx context.Context, customerID string) ([]OrderSummary, error)
	// FreeSlots returns up to n free appointment slots starting at or
	// after from, sorted.
	FreeSlots(ctx context.Context, from time.Time, n int) ([]Slot, error)
	// Book books slot s for the customer. It returns an error wrapping
	// ErrSlotTaken when the slot was taken in the meantime.
	Book(ctx context.Context, customerID string, s Slot, kind, note string) (Appointment, error)
	// Appointments returns the customer's upcoming, not cancelled
	// appointments, sorted.
	Appointments(ctx context.Context, customerID string) ([]Appointment, error)
	// CancelAppointment cancels one of the customer's appointments; it
	// must refuse an appointment of another customer.
	CancelAppointment(ctx context.Context, customerID, appointmentID string) error
	// RecordQuoteRequest stores a quote request so the staff see it.
	RecordQuoteRequest(ctx context.Context, q QuoteRequest) error
}

// ErrSlotTaken is returned (wrapped) by Data.Book when someone else took
// the slot after it was offered.
var ErrSlotTaken = errors.New("bot: slot already taken")

// Appointment kinds the assistant books through Data.Book: the
// collection's own values (one vocabulary, see collections.AppointmentKinds).
const (
	KindDropOff = string(collections.KindDropOff) // bring the device in after a quote
	KindVisit   = string(collections.KindVisit)   // any other visit to the shop
)

// PartQuery is what the customer is looking for, already picked apart:
// Part is the part name in Portuguese ("bateria"), Brand and Model the
// device it must fit ("Motorola", "Moto G8"); Text is the customer's
// message without filler words, for a full-text fallback.
type PartQuery struct {
	Part  string
	Brand string
	Model string
	Text  string
}

// Part is a stock item as the customer may see it.
type Part struct {
	Name       string
	PriceCents int64
	Quantity   int
	Available  bool
}

// OrderSummary is a customer's open service order.
type OrderSummary struct {
	// CustomerID must be the customer the orders were asked for; the
	// engine drops any other order (defence in depth).
	CustomerID string
	Number     int
	Device     string
	// Status is the order's status key; StatusLabel its words for the
	// customer ("Em reparo"). The label is shown when set.
	Status      string
	StatusLabel string
	Expected    *time.Time
	DueCents    int64
	// TrackingURL is the public tracking page; when empty the engine
	// builds one from Tenant.TrackingBaseURL and TrackingToken.
	TrackingURL   string
	TrackingToken string
}

// Slot is a bookable period.
type Slot struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// Appointment is a booked slot.
type Appointment struct {
	ID    string    `json:"id"`
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	Kind  string    `json:"kind,omitempty"`
}

// QuoteRequest is a quote the customer asked for, priced or not.
type QuoteRequest struct {
	CustomerID string
	DeviceType string
	Brand      string
	Model      string
	Service    string
	// Problem is the customer's own description, when they gave one.
	Problem string
	// Priced is false when no price rule matched: a technician must
	// evaluate.
	Priced          bool
	RuleID          string
	BaseCents       int64
	FinalCents      int64
	DiscountApplied bool
	At              time.Time
}
