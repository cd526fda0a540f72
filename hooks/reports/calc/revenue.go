package calc

// RevenueRow is the revenue of the orders delivered in one bucket (or the
// whole period).
type RevenueRow struct {
	Label  string `json:"label"`
	Orders int    `json:"orders"`
	// Revenue is what the customers pay for them (final totals).
	Revenue int64 `json:"revenue"`
	// PartsPrice and Labor split the quotes' lines; Discount is what the
	// final totals took off the quotes.
	PartsPrice int64 `json:"parts_price"`
	Labor      int64 `json:"labor"`
	Discount   int64 `json:"discount"`
	// PartsCost is the parts' cost (the part's current cost × quantity).
	PartsCost int64 `json:"parts_cost"`
	// Margin is Revenue − PartsCost; MarginPct its share of Revenue.
	Margin    int64   `json:"margin"`
	MarginPct float64 `json:"margin_pct"`
}

// Revenue is the revenue and margin report.
type Revenue struct {
	Rows  []RevenueRow `json:"rows"`
	Total RevenueRow   `json:"total"`
	// Uncosted counts part lines with no part of the stock behind them
	// (typed by hand): their cost is unknown and counted as zero.
	Uncosted int `json:"uncosted_lines"`
}

// ComputeRevenue sums, per bucket, the orders delivered in the period:
// what they were charged, split into parts and labour, and the margin
// over the parts' cost.
func ComputeRevenue(d Data, p Period) Revenue {
	bs := p.Buckets()
	out := Revenue{Rows: make([]RevenueRow, len(bs)), Total: RevenueRow{Label: "Total"}}
	for i, b := range bs {
		out.Rows[i].Label = b.Label
	}
	for _, o := range d.Orders {
		if o.Status != "delivered" || !p.Contains(o.DeliveredAt) {
			continue
		}
		i := bucketOf(bs, o.DeliveredAt)
		if i < 0 {
			continue
		}
		var r RevenueRow
		r.Orders = 1
		r.Revenue = o.Total
		var quote int64
		for _, l := range o.Lines {
			quote += l.Total()
			if l.Kind == "part" {
				r.PartsPrice += l.Total()
				part, ok := d.Parts[l.Part]
				if !ok {
					out.Uncosted++
					continue
				}
				r.PartsCost += int64(l.Quantity) * part.CostCents
			} else {
				r.Labor += l.Total()
			}
		}
		if quote > o.Total {
			r.Discount = quote - o.Total
		}
		addRevenue(&out.Rows[i], r)
		addRevenue(&out.Total, r)
	}
	for i := range out.Rows {
		finishRevenue(&out.Rows[i])
	}
	finishRevenue(&out.Total)
	return out
}

func addRevenue(to *RevenueRow, r RevenueRow) {
	to.Orders += r.Orders
	to.Revenue += r.Revenue
	to.PartsPrice += r.PartsPrice
	to.Labor += r.Labor
	to.Discount += r.Discount
	to.PartsCost += r.PartsCost
}

func finishRevenue(r *RevenueRow) {
	r.Margin = r.Revenue - r.PartsCost
	r.MarginPct = percent(r.Margin, r.Revenue)
}
