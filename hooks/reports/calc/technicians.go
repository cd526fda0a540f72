package calc

import "sort"

// TechnicianRow is one technician's work in the period.
type TechnicianRow struct {
	Technician string `json:"technician"` // user id, "" for orders without one
	Name       string `json:"name"`
	// Completed counts the orders they finished (marked ready) in the
	// period; Revenue sums those orders' totals.
	Completed int   `json:"completed"`
	Revenue   int64 `json:"revenue"`
	// AvgRepairHours is the mean time from approval to ready.
	AvgRepairHours float64 `json:"avg_repair_hours"`
}

// Technicians is the productivity report, busiest first.
type Technicians struct {
	Rows []TechnicianRow `json:"rows"`
}

// ComputeTechnicians groups the orders completed in the period by their
// technician.
func ComputeTechnicians(d Data, p Period) Technicians {
	rows := map[string]*TechnicianRow{}
	hours := map[string][]float64{}
	for _, o := range d.Orders {
		if !p.Contains(o.CompletedAt) || o.Status == "cancelled" {
			continue
		}
		r := rows[o.Technician]
		if r == nil {
			name := o.TechnicianName
			if o.Technician == "" || name == "" {
				name = "Sem técnico"
			}
			r = &TechnicianRow{Technician: o.Technician, Name: name}
			rows[o.Technician] = r
		}
		r.Completed++
		r.Revenue += o.Total
		if h := hoursBetween(o.ApprovedAt, o.CompletedAt); h >= 0 {
			hours[o.Technician] = append(hours[o.Technician], h)
		}
	}
	out := Technicians{Rows: []TechnicianRow{}}
	for id, r := range rows {
		r.AvgRepairHours = round1(mean(hours[id]))
		out.Rows = append(out.Rows, *r)
	}
	sort.Slice(out.Rows, func(i, j int) bool {
		a, b := out.Rows[i], out.Rows[j]
		if a.Completed != b.Completed {
			return a.Completed > b.Completed
		}
		return a.Name < b.Name
	})
	return out
}
