// Package calc computes the shop's reports from plain values: no database,
// no HTTP. Package reports loads a shop's orders, their history and its
// parts into Data and serves what these functions return.
//
// Every amount is in centavos. Periods are calendar days in the shop's
// time zone: From is the first day's midnight there, To the midnight after
// the last day; an order counts in a period when the date the report is
// about (delivery, completion, approval, quote, entry) falls in it.
package calc

import (
	"math"
	"sort"
	"time"
)

// Line is one quote line of an order.
type Line struct {
	Kind        string // "part" or "labor"
	Part        string // parts record id of stock lines, or ""
	Description string
	Quantity    int
	UnitCents   int64
}

// Total is quantity × unit price.
func (l Line) Total() int64 { return int64(l.Quantity) * l.UnitCents }

// Order is what the reports read of a service order.
type Order struct {
	ID     string
	Number int
	Status string
	// Technician is the user id of the order's technician ("" when none);
	// TechnicianName is their name.
	Technician, TechnicianName string
	// Device is "brand model" of the order's device.
	Device string
	Lines  []Line
	// Total is what the customer pays: the final total when set, else the
	// quote's total.
	Total int64
	// StockTaken says the quote's parts left the stock (on approval).
	StockTaken bool
	// The dates the status machine sets (zero when never reached).
	EnteredAt, ApprovedAt, CompletedAt, DeliveredAt time.Time
}

// Event is one status change of an order's history.
type Event struct {
	Order    string
	From, To string
	At       time.Time
}

// Part is a stock item as it is now.
type Part struct {
	ID, Name              string
	CostCents, PriceCents int64
	Quantity, Minimum     int
}

// Data is everything a report reads.
type Data struct {
	Orders []Order
	Events []Event
	Parts  map[string]Part
}

// Group is how a period is split for charts.
type Group string

// Groups.
const (
	Day   Group = "day"
	Week  Group = "week" // weeks start on Monday
	Month Group = "month"
)

// Period is the range a report covers and how it is split.
type Period struct {
	From, To time.Time // [From, To), midnights in Loc
	Loc      *time.Location
	Group    Group
}

// Contains reports whether t falls in the period.
func (p Period) Contains(t time.Time) bool {
	return !t.IsZero() && !t.Before(p.From) && t.Before(p.To)
}

// Bucket is one slice of a period: a day, a week or a month.
type Bucket struct {
	Label string    `json:"label"` // "24/11", "sem. 23/11", "nov/2026"
	Start time.Time `json:"start"`
	End   time.Time `json:"-"`
}

var monthAbbr = [...]string{"jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"}

// Buckets splits the period into its days, weeks or months (the first and
// last ones cut at the period's ends).
func (p Period) Buckets() []Bucket {
	var out []Bucket
	from := p.From.In(p.Loc)
	start := from
	switch p.Group {
	case Week:
		wd := (int(start.Weekday()) + 6) % 7 // Monday = 0
		start = time.Date(start.Year(), start.Month(), start.Day()-wd, 0, 0, 0, 0, p.Loc)
	case Month:
		start = time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, p.Loc)
	}
	for start.Before(p.To) {
		var next time.Time
		var label string
		switch p.Group {
		case Week:
			next = time.Date(start.Year(), start.Month(), start.Day()+7, 0, 0, 0, 0, p.Loc)
			label = "sem. " + start.Format("02/01")
		case Month:
			next = time.Date(start.Year(), start.Month()+1, 1, 0, 0, 0, 0, p.Loc)
			label = monthAbbr[start.Month()-1] + "/" + start.Format("2006")
		default:
			next = time.Date(start.Year(), start.Month(), start.Day()+1, 0, 0, 0, 0, p.Loc)
			label = start.Format("02/01")
		}
		b := Bucket{Label: label, Start: maxTime(start, p.From), End: minTime(next, p.To)}
		out = append(out, b)
		start = next
	}
	return out
}

// bucketOf is the index of the bucket holding t, or -1.
func bucketOf(bs []Bucket, t time.Time) int {
	i := sort.Search(len(bs), func(i int) bool { return bs[i].End.After(t) })
	if i < len(bs) && !t.Before(bs[i].Start) {
		return i
	}
	return -1
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// round1 rounds to one decimal.
func round1(v float64) float64 { return math.Round(v*10) / 10 }

// percent is 100·num/den with one decimal, 0 when den is 0.
func percent(num, den int64) float64 {
	if den == 0 {
		return 0
	}
	return round1(float64(num) * 100 / float64(den))
}

// median of sorted-in-place values.
func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	sort.Float64s(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

func mean(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}
