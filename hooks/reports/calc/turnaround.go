package calc

import (
	"slices"
	"sort"
	"time"
)

// StatusTime is how long orders stayed in one status.
type StatusTime struct {
	Status string `json:"status"`
	// Count is how many stays in the status ended in the period.
	Count       int     `json:"count"`
	AvgHours    float64 `json:"avg_hours"`
	MedianHours float64 `json:"median_hours"`
}

// Turnaround is the turnaround report.
type Turnaround struct {
	// Statuses lists, in lifecycle order, the statuses orders left in the
	// period.
	Statuses []StatusTime `json:"statuses"`
	// Delivered counts the orders delivered in the period, and the days
	// from entry to delivery (mean and median).
	Delivered  int     `json:"delivered"`
	AvgDays    float64 `json:"avg_days"`
	MedianDays float64 `json:"median_days"`
}

// lifecycle is the order of statuses in the report.
var lifecycle = []string{"received", "diagnosing", "quoted", "approved", "rejected", "waiting_parts", "repairing", "ready"}

// ComputeTurnaround measures each stay in a status from the history: a
// stay starts with the change into the status and ends with the next
// change; it counts in the period when it ends there. The whole turnaround
// is entry to delivery of the orders delivered in the period.
func ComputeTurnaround(d Data, p Period) Turnaround {
	byOrder := map[string][]Event{}
	for _, e := range d.Events {
		byOrder[e.Order] = append(byOrder[e.Order], e)
	}
	stays := map[string][]float64{}
	for _, evs := range byOrder {
		sort.SliceStable(evs, func(i, j int) bool { return evs[i].At.Before(evs[j].At) })
		for i := 0; i+1 < len(evs); i++ {
			end := evs[i+1].At
			if !p.Contains(end) {
				continue
			}
			stays[evs[i].To] = append(stays[evs[i].To], end.Sub(evs[i].At).Hours())
		}
	}
	var out Turnaround
	for _, s := range lifecycle {
		v := stays[s]
		if len(v) == 0 {
			continue
		}
		out.Statuses = append(out.Statuses, StatusTime{Status: s, Count: len(v), AvgHours: round1(mean(v)), MedianHours: round1(median(v))})
	}
	var days []float64
	for _, o := range d.Orders {
		if o.Status == "delivered" && p.Contains(o.DeliveredAt) && !o.EnteredAt.IsZero() {
			days = append(days, o.DeliveredAt.Sub(o.EnteredAt).Hours()/24)
		}
	}
	out.Delivered = len(days)
	out.AvgDays = round1(mean(days))
	out.MedianDays = round1(median(slices.Clone(days)))
	return out
}

// hoursBetween is b − a in hours, or -1 when either is missing.
func hoursBetween(a, b time.Time) float64 {
	if a.IsZero() || b.IsZero() || b.Before(a) {
		return -1
	}
	return b.Sub(a).Hours()
}
