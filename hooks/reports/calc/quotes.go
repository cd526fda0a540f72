package calc

import "sort"

// QuoteRow counts the quotes sent in one bucket (or the period) by what
// became of them.
type QuoteRow struct {
	Label     string `json:"label"`
	Sent      int    `json:"sent"`
	Approved  int    `json:"approved"`
	Rejected  int    `json:"rejected"`
	Cancelled int    `json:"cancelled"`
	// Pending are quotes still waiting for the customer.
	Pending int `json:"pending"`
	// Rate is approved ÷ (approved + rejected), in percent: quotes still
	// pending or cancelled by the shop do not count.
	Rate float64 `json:"rate"`
}

// Quotes is the quote approval report.
type Quotes struct {
	Rows  []QuoteRow `json:"rows"`
	Total QuoteRow   `json:"total"`
}

// ComputeQuotes follows every quote sent in the period (each change into
// "quoted", a new quote after approval included) to the next change of its
// order: approved, rejected, cancelled, or none yet.
func ComputeQuotes(d Data, p Period) Quotes {
	bs := p.Buckets()
	out := Quotes{Rows: make([]QuoteRow, len(bs)), Total: QuoteRow{Label: "Total"}}
	for i, b := range bs {
		out.Rows[i].Label = b.Label
	}
	byOrder := map[string][]Event{}
	for _, e := range d.Events {
		byOrder[e.Order] = append(byOrder[e.Order], e)
	}
	for _, evs := range byOrder {
		sort.SliceStable(evs, func(i, j int) bool { return evs[i].At.Before(evs[j].At) })
		for i, e := range evs {
			if e.To != "quoted" || !p.Contains(e.At) {
				continue
			}
			b := bucketOf(bs, e.At)
			if b < 0 {
				continue
			}
			next := ""
			if i+1 < len(evs) {
				next = evs[i+1].To
			}
			for _, r := range []*QuoteRow{&out.Rows[b], &out.Total} {
				r.Sent++
				switch next {
				case "approved":
					r.Approved++
				case "rejected":
					r.Rejected++
				case "cancelled":
					r.Cancelled++
				default:
					r.Pending++
				}
			}
		}
	}
	for i := range out.Rows {
		out.Rows[i].Rate = percent(int64(out.Rows[i].Approved), int64(out.Rows[i].Approved+out.Rows[i].Rejected))
	}
	out.Total.Rate = percent(int64(out.Total.Approved), int64(out.Total.Approved+out.Total.Rejected))
	return out
}
