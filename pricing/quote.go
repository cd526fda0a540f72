package pricing

import "time"

// Quote is a priced request: the rule that matched, the price before and
// after the discount, and whether the discount was applied.
type Quote struct {
	Rule            Rule  `json:"rule"`
	BaseCents       int64 `json:"baseCents"`
	FinalCents      int64 `json:"finalCents"`
	DiscountApplied bool  `json:"discountApplied"`
}

// Compute matches q against rules and applies d for a customer registered
// at customerSince. It returns false when no rule matches.
func Compute(rules []Rule, q Query, d Discount, customerSince, now time.Time) (Quote, bool) {
	r, ok := Match(rules, q)
	if !ok {
		return Quote{}, false
	}
	final, applied := Apply(r.PriceCents, d, customerSince, now)
	return Quote{Rule: r, BaseCents: r.PriceCents, FinalCents: final, DiscountApplied: applied}, true
}
