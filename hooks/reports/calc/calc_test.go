package calc

import (
	"reflect"
	"testing"
	"time"
)

// The seeded data set, written out: six orders of a shop in São Paulo
// (UTC−3), read for November 2026. Every expected number below was worked
// out by hand from these values.
var (
	sp = mustLoc("America/Sao_Paulo")
	// November 2026 in the shop's zone: 2026-11-01 03:00Z to 2026-12-01 03:00Z.
	november = Period{From: time.Date(2026, 11, 1, 0, 0, 0, 0, sp), To: time.Date(2026, 12, 1, 0, 0, 0, 0, sp), Loc: sp, Group: Month}
)

func mustLoc(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

func z(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func seeded() Data {
	parts := map[string]Part{
		"p1": {ID: "p1", Name: "Tela iPhone 11", CostCents: 18000, PriceCents: 35000, Quantity: 2, Minimum: 3},
		"p2": {ID: "p2", Name: "Bateria", CostCents: 6000, PriceCents: 15000, Quantity: 10, Minimum: 2},
	}
	orders := []Order{
		{ID: "o1", Number: 1, Status: "delivered", Technician: "t1", TechnicianName: "Ana", Device: "Apple iPhone 11",
			Lines: []Line{{Kind: "part", Part: "p1", Description: "Tela iPhone 11", Quantity: 1, UnitCents: 35000},
				{Kind: "labor", Description: "Troca de tela", Quantity: 1, UnitCents: 15000}},
			Total: 50000, StockTaken: true,
			EnteredAt: z("2026-11-05T12:00:00Z"), ApprovedAt: z("2026-11-06T12:00:00Z"), CompletedAt: z("2026-11-08T12:00:00Z"), DeliveredAt: z("2026-11-10T18:00:00Z")},
		// delivered at 23:30 of 30/11 in São Paulo (02:30Z of 1/12): November
		{ID: "o2", Number: 2, Status: "delivered", Technician: "t1", TechnicianName: "Ana", Device: "Samsung Galaxy S21",
			Lines: []Line{{Kind: "part", Part: "p2", Description: "Bateria", Quantity: 2, UnitCents: 15000},
				{Kind: "labor", Description: "Troca de bateria", Quantity: 1, UnitCents: 10000}},
			Total: 36000, StockTaken: true, // R$ 40,00 off the R$ 400,00 quote
			EnteredAt: z("2026-11-20T12:00:00Z"), ApprovedAt: z("2026-11-21T12:00:00Z"), CompletedAt: z("2026-11-22T00:00:00Z"), DeliveredAt: z("2026-12-01T02:30:00Z")},
		// delivered at 01:00 of 1/12 in São Paulo: December
		{ID: "o3", Number: 3, Status: "delivered", Technician: "t2", TechnicianName: "Bruno", Device: "Apple iPhone 11",
			Lines: []Line{{Kind: "labor", Description: "Troca de tela", Quantity: 1, UnitCents: 20000},
				{Kind: "part", Description: "Tela avulsa", Quantity: 1, UnitCents: 25000}},
			Total: 45000, StockTaken: true,
			EnteredAt: z("2026-11-25T12:00:00Z"), ApprovedAt: z("2026-11-26T12:00:00Z"), CompletedAt: z("2026-11-28T12:00:00Z"), DeliveredAt: z("2026-12-01T04:00:00Z")},
		{ID: "o4", Number: 4, Status: "rejected", Device: "Motorola G8",
			Lines: []Line{{Kind: "labor", Description: "Troca de conector", Quantity: 1, UnitCents: 8000}}, Total: 8000,
			EnteredAt: z("2026-11-12T12:00:00Z")},
		{ID: "o5", Number: 5, Status: "quoted", Device: "Apple iPhone 11",
			Lines: []Line{{Kind: "labor", Description: "Troca de tela", Quantity: 1, UnitCents: 18000}}, Total: 18000,
			EnteredAt: z("2026-11-27T12:00:00Z")},
		// entered in October, approved at 01:00 of 1/11 in São Paulo
		{ID: "o6", Number: 6, Status: "approved", Device: "Apple iPhone 8",
			Lines: []Line{{Kind: "part", Part: "p2", Description: "Bateria", Quantity: 1, UnitCents: 15000},
				{Kind: "labor", Description: "Troca de bateria", Quantity: 1, UnitCents: 5000}},
			Total: 20000, StockTaken: true, EnteredAt: z("2026-10-31T12:00:00Z"), ApprovedAt: z("2026-11-01T04:00:00Z")},
	}
	ev := func(order, from, to, at string) Event { return Event{Order: order, From: from, To: to, At: z(at)} }
	events := []Event{
		ev("o1", "", "received", "2026-11-05T12:00:00Z"), ev("o1", "received", "diagnosing", "2026-11-05T18:00:00Z"),
		ev("o1", "diagnosing", "quoted", "2026-11-06T00:00:00Z"), ev("o1", "quoted", "approved", "2026-11-06T12:00:00Z"),
		ev("o1", "approved", "repairing", "2026-11-07T12:00:00Z"), ev("o1", "repairing", "ready", "2026-11-08T12:00:00Z"),
		ev("o1", "ready", "delivered", "2026-11-10T18:00:00Z"),

		ev("o2", "", "received", "2026-11-20T12:00:00Z"), ev("o2", "received", "diagnosing", "2026-11-20T14:00:00Z"),
		ev("o2", "diagnosing", "quoted", "2026-11-21T00:00:00Z"), ev("o2", "quoted", "approved", "2026-11-21T12:00:00Z"),
		ev("o2", "approved", "repairing", "2026-11-21T14:00:00Z"), ev("o2", "repairing", "ready", "2026-11-22T00:00:00Z"),
		ev("o2", "ready", "delivered", "2026-12-01T02:30:00Z"),

		ev("o3", "", "received", "2026-11-25T12:00:00Z"), ev("o3", "received", "diagnosing", "2026-11-25T13:00:00Z"),
		ev("o3", "diagnosing", "quoted", "2026-11-26T00:00:00Z"), ev("o3", "quoted", "approved", "2026-11-26T12:00:00Z"),
		ev("o3", "approved", "repairing", "2026-11-27T12:00:00Z"), ev("o3", "repairing", "ready", "2026-11-28T12:00:00Z"),
		ev("o3", "ready", "delivered", "2026-12-01T04:00:00Z"),

		ev("o4", "", "received", "2026-11-12T12:00:00Z"), ev("o4", "received", "diagnosing", "2026-11-12T15:00:00Z"),
		ev("o4", "diagnosing", "quoted", "2026-11-13T00:00:00Z"), ev("o4", "quoted", "rejected", "2026-11-14T00:00:00Z"),

		ev("o5", "", "received", "2026-11-27T12:00:00Z"), ev("o5", "received", "diagnosing", "2026-11-27T16:00:00Z"),
		ev("o5", "diagnosing", "quoted", "2026-11-28T00:00:00Z"),

		ev("o6", "", "received", "2026-10-31T12:00:00Z"), ev("o6", "received", "quoted", "2026-11-01T02:00:00Z"),
		ev("o6", "quoted", "approved", "2026-11-01T04:00:00Z"),
	}
	return Data{Orders: orders, Events: events, Parts: parts}
}

func TestBucketsFollowTheShopsCalendar(t *testing.T) {
	p := november
	p.Group = Week
	var labels []string
	for _, b := range p.Buckets() {
		labels = append(labels, b.Label)
	}
	// 1/11/2026 is a Sunday: its week started on Monday 26/10
	want := []string{"sem. 26/10", "sem. 02/11", "sem. 09/11", "sem. 16/11", "sem. 23/11", "sem. 30/11"}
	if !reflect.DeepEqual(labels, want) {
		t.Fatalf("weeks %q, want %q", labels, want)
	}
	p.Group = Day
	if n := len(p.Buckets()); n != 30 {
		t.Fatalf("%d days in November, want 30", n)
	}
}

func TestRevenueAndMargin(t *testing.T) {
	got := ComputeRevenue(seeded(), november)
	// o1 and o2 (o2 at 23:30 of 30/11 in São Paulo); o3 is December's
	want := RevenueRow{Label: "Total", Orders: 2, Revenue: 86000, PartsPrice: 65000, Labor: 25000, Discount: 4000,
		PartsCost: 30000, Margin: 56000, MarginPct: 65.1}
	if got.Total != want {
		t.Fatalf("total %+v\nwant  %+v", got.Total, want)
	}
	if len(got.Rows) != 1 || got.Rows[0].Label != "nov/2026" || got.Rows[0].Revenue != 86000 {
		t.Fatalf("rows %+v", got.Rows)
	}
	weekly := november
	weekly.Group = Week
	w := ComputeRevenue(seeded(), weekly)
	byLabel := map[string]int64{}
	for _, r := range w.Rows {
		byLabel[r.Label] = r.Revenue
	}
	wantWeeks := map[string]int64{"sem. 26/10": 0, "sem. 02/11": 0, "sem. 09/11": 50000, "sem. 16/11": 0, "sem. 23/11": 0, "sem. 30/11": 36000}
	if !reflect.DeepEqual(byLabel, wantWeeks) {
		t.Fatalf("weekly %v, want %v", byLabel, wantWeeks)
	}
	december := Period{From: time.Date(2026, 12, 1, 0, 0, 0, 0, sp), To: time.Date(2027, 1, 1, 0, 0, 0, 0, sp), Loc: sp, Group: Month}
	dec := ComputeRevenue(seeded(), december)
	// o3: R$ 450,00, a hand-typed part line whose cost nobody knows
	if dec.Total.Revenue != 45000 || dec.Total.PartsCost != 0 || dec.Total.Margin != 45000 || dec.Uncosted != 1 {
		t.Fatalf("december %+v uncosted %d", dec.Total, dec.Uncosted)
	}
}

func TestTurnaroundByStatus(t *testing.T) {
	got := ComputeTurnaround(seeded(), november)
	want := Turnaround{
		Statuses: []StatusTime{
			{Status: "received", Count: 5, AvgHours: 3.2, MedianHours: 3},    // 6, 2, 1, 3, 4 (o6's ended in October)
			{Status: "diagnosing", Count: 5, AvgHours: 8.8, MedianHours: 9},  // 6, 10, 11, 9, 8
			{Status: "quoted", Count: 5, AvgHours: 12.4, MedianHours: 12},    // 12, 12, 12, 24, 2 (o5 still waiting)
			{Status: "approved", Count: 3, AvgHours: 16.7, MedianHours: 24},  // 24, 2, 24 (o6 still approved)
			{Status: "repairing", Count: 3, AvgHours: 19.3, MedianHours: 24}, // 24, 10, 24
			{Status: "ready", Count: 2, AvgHours: 136.3, MedianHours: 136.3}, // 54, 218.5 (o3 left in December)
		},
		Delivered: 2, AvgDays: 7.9, MedianDays: 7.9, // 5.25 and 10.60 days
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
}

func TestTechnicianProductivity(t *testing.T) {
	got := ComputeTechnicians(seeded(), november)
	want := Technicians{Rows: []TechnicianRow{
		{Technician: "t1", Name: "Ana", Completed: 2, Revenue: 86000, AvgRepairHours: 30}, // 48 h and 12 h
		{Technician: "t2", Name: "Bruno", Completed: 1, Revenue: 45000, AvgRepairHours: 48},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
}

func TestQuoteApprovalRate(t *testing.T) {
	got := ComputeQuotes(seeded(), november)
	// o1, o2, o3 approved, o4 rejected, o5 pending; o6's quote went out in October
	want := QuoteRow{Label: "Total", Sent: 5, Approved: 3, Rejected: 1, Pending: 1, Rate: 75}
	if got.Total != want {
		t.Fatalf("got %+v, want %+v", got.Total, want)
	}
}

func TestTopRepairsAndDevices(t *testing.T) {
	got := ComputeTop(seeded(), november, 10)
	want := Top{
		Repairs: []TopRow{{Label: "Troca de tela", Count: 1, Revenue: 15000}, {Label: "Troca de bateria", Count: 1, Revenue: 10000}},
		Devices: []TopRow{{Label: "Apple iPhone 11", Count: 3, Revenue: 113000}, {Label: "Samsung Galaxy S21", Count: 1, Revenue: 36000},
			{Label: "Motorola G8", Count: 1, Revenue: 8000}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
	if top1 := ComputeTop(seeded(), november, 1); len(top1.Devices) != 1 || len(top1.Repairs) != 1 {
		t.Fatalf("limit 1: %+v", top1)
	}
}

func TestPartsConsumption(t *testing.T) {
	got := ComputeParts(seeded(), november)
	want := Parts{
		Rows: []PartRow{
			{Part: "p2", Name: "Bateria", Quantity: 3, Cost: 18000, Price: 45000, Stock: 10, Minimum: 2}, // o2 ×2, o6 ×1
			{Part: "", Name: "Tela avulsa", Quantity: 1, Cost: 0, Price: 25000},
			{Part: "p1", Name: "Tela iPhone 11", Quantity: 1, Cost: 18000, Price: 35000, Stock: 2, Minimum: 3, Low: true},
		},
		Total: PartRow{Name: "Total", Quantity: 5, Cost: 36000, Price: 105000}, // 45000 + 25000 + 35000,
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
}
