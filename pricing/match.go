package pricing

import "strings"

// Rule is one line of a shop's price table: "a phone screen from Apple,
// model containing 'iPhone 11', costs R$ 600,00".
//
// DeviceType is required for a rule to be useful (an empty DeviceType
// matches any type, below every typed rule). An empty Brand is the type's
// default; an empty Service means any service; an empty ModelContains
// means any model. Text fields are compared accent- and case-insensitively.
type Rule struct {
	ID            string `json:"id"`
	DeviceType    string `json:"deviceType"`
	Brand         string `json:"brand"`
	Service       string `json:"service"`
	ModelContains string `json:"modelContains"`
	PriceCents    int64  `json:"priceCents"`
}

// Query is what the customer wants priced.
type Query struct {
	DeviceType string `json:"deviceType"`
	Brand      string `json:"brand"`
	Model      string `json:"model"`
	Service    string `json:"service"`
}

// Match returns the most specific rule that applies to q, and false when
// none does.
//
// Specificity, most specific first:
//
//	type+brand+model+service > type+brand+service > type+brand+model >
//	type+brand > type+model+service > type+service > type+model > type
//
// which contains the required order (type,brand,model,service) >
// (type,brand,service) > (type,brand) > (type,service) > (type default):
// the brand weighs most, then the service, then the model, because prices
// differ far more between services than between models of one brand.
// Among equally specific rules the longer ModelContains wins
// ("iPhone 11 Pro" over "iPhone 11"), then the earlier rule in the slice.
func Match(rules []Rule, q Query) (Rule, bool) {
	qt, qb, qs := fold(q.DeviceType), fold(q.Brand), serviceOf(q.Service)
	qm := compact(fold(q.Model))

	best, bestScore, bestModelLen, found := Rule{}, -1, -1, false
	for _, r := range rules {
		score := 0
		if t := fold(r.DeviceType); t != "" {
			if t != qt {
				continue
			}
			score += 8
		}
		if b := fold(r.Brand); b != "" {
			if b != qb {
				continue
			}
			score += 4
		}
		if s := serviceOf(r.Service); s != "" {
			if s != qs {
				continue
			}
			score += 2
		}
		modelLen := 0
		if m := compact(fold(r.ModelContains)); m != "" {
			if qm == "" || !strings.Contains(qm, m) {
				continue
			}
			score++
			modelLen = len(m)
		}
		if score > bestScore || (score == bestScore && modelLen > bestModelLen) {
			best, bestScore, bestModelLen, found = r, score, modelLen, true
		}
	}
	return best, found
}

// serviceOf folds a service given as key or label to its key, keeping
// unknown values folded so that custom services still compare equal.
func serviceOf(s string) string {
	if k := ServiceKey(s); k != "" {
		return k
	}
	return fold(s)
}

// compact removes spaces and hyphens so "iphone11", "iPhone 11" and
// "iphone-11" compare equal.
func compact(s string) string {
	return strings.NewReplacer(" ", "", "-", "").Replace(s)
}
