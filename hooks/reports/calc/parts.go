package calc

import "sort"

// PartRow is one part's consumption in the period.
type PartRow struct {
	Part     string `json:"part"` // parts record id, "" for lines typed by hand
	Name     string `json:"name"`
	Quantity int    `json:"quantity"`
	// Cost is quantity × the part's current cost; Price what the quotes
	// charged for it.
	Cost  int64 `json:"cost"`
	Price int64 `json:"price"`
	// Stock and Minimum are the part's stock now; Low says it is at or
	// below the minimum.
	Stock   int  `json:"stock"`
	Minimum int  `json:"minimum"`
	Low     bool `json:"low"`
}

// Parts is the parts consumption report, most used first.
type Parts struct {
	Rows  []PartRow `json:"rows"`
	Total PartRow   `json:"total"`
}

// ComputeParts sums the part lines of the orders approved in the period
// whose parts left the stock (an order cancelled or sent back to a new
// quote put them back, and is not counted).
func ComputeParts(d Data, p Period) Parts {
	rows := map[string]*PartRow{}
	out := Parts{Rows: []PartRow{}, Total: PartRow{Name: "Total"}}
	for _, o := range d.Orders {
		if !o.StockTaken || !p.Contains(o.ApprovedAt) {
			continue
		}
		for _, l := range o.Lines {
			if l.Kind != "part" {
				continue
			}
			key := "id:" + l.Part
			if l.Part == "" {
				key = "text:" + fold(l.Description)
			}
			r := rows[key]
			if r == nil {
				r = &PartRow{Part: l.Part, Name: l.Description}
				if part, ok := d.Parts[l.Part]; ok {
					r.Name, r.Stock, r.Minimum = part.Name, part.Quantity, part.Minimum
					r.Low = part.Quantity <= part.Minimum
				}
				rows[key] = r
			}
			r.Quantity += l.Quantity
			r.Price += l.Total()
			if part, ok := d.Parts[l.Part]; ok {
				r.Cost += int64(l.Quantity) * part.CostCents
			}
		}
	}
	for _, r := range rows {
		out.Rows = append(out.Rows, *r)
		out.Total.Quantity += r.Quantity
		out.Total.Cost += r.Cost
		out.Total.Price += r.Price
	}
	sort.Slice(out.Rows, func(i, j int) bool {
		if out.Rows[i].Quantity != out.Rows[j].Quantity {
			return out.Rows[i].Quantity > out.Rows[j].Quantity
		}
		return out.Rows[i].Name < out.Rows[j].Name
	})
	return out
}
