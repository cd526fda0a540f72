package calc

import (
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// TopRow is one repair or device and how often it came.
type TopRow struct {
	Label   string `json:"label"`
	Count   int    `json:"count"`
	Revenue int64  `json:"revenue"`
}

// Top is the top repairs and devices report.
type Top struct {
	// Repairs groups the labour lines of the orders delivered in the
	// period by description; Count is how many orders had it.
	Repairs []TopRow `json:"repairs"`
	// Devices groups the orders that entered in the period by brand and
	// model; Revenue sums their totals.
	Devices []TopRow `json:"devices"`
}

// ComputeTop ranks repairs and devices, at most limit of each.
func ComputeTop(d Data, p Period, limit int) Top {
	repairs := newTally()
	devices := newTally()
	for _, o := range d.Orders {
		if o.Status == "delivered" && p.Contains(o.DeliveredAt) {
			seen := map[string]bool{}
			for _, l := range o.Lines {
				if l.Kind != "labor" || strings.TrimSpace(l.Description) == "" {
					continue
				}
				k := fold(l.Description)
				repairs.add(k, strings.TrimSpace(l.Description), !seen[k], l.Total())
				seen[k] = true
			}
		}
		if p.Contains(o.EnteredAt) {
			label := strings.TrimSpace(o.Device)
			if label == "" {
				label = "Não informado"
			}
			devices.add(fold(label), label, true, o.Total)
		}
	}
	return Top{Repairs: repairs.top(limit), Devices: devices.top(limit)}
}

type tally struct {
	rows map[string]*TopRow
}

func newTally() *tally { return &tally{rows: map[string]*TopRow{}} }

func (t *tally) add(key, label string, count bool, revenue int64) {
	r := t.rows[key]
	if r == nil {
		r = &TopRow{Label: label}
		t.rows[key] = r
	}
	if count {
		r.Count++
	}
	r.Revenue += revenue
}

func (t *tally) top(limit int) []TopRow {
	out := make([]TopRow, 0, len(t.rows))
	for _, r := range t.rows {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		if out[i].Revenue != out[j].Revenue {
			return out[i].Revenue > out[j].Revenue
		}
		return out[i].Label < out[j].Label
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// fold is the grouping key of a free text: lower case, no accents, single
// spaces ("Troca de  TELA" and "troca de tela" are one repair).
func fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, strings.ToLower(s))
	if err != nil {
		out = strings.ToLower(s)
	}
	return strings.Join(strings.Fields(out), " ")
}
