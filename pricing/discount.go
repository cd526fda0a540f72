package pricing

import "time"

// Discount is a shop's loyalty rule: Percent off for customers registered
// more than MinCustomerDays days ago. Percent 0 turns it off; values above
// 100 count as 100. MinCustomerDays 0 gives the discount to everyone.
type Discount struct {
	Percent         int `json:"percent"`
	MinCustomerDays int `json:"minCustomerDays"`
}

// Eligible reports whether a customer registered at customerSince gets the
// discount at now: the rule is on and more than MinCustomerDays full days
// (of 24 h) have passed. An unknown (zero) customerSince is only eligible
// when MinCustomerDays is 0.
func (d Discount) Eligible(customerSince, now time.Time) bool {
	if d.Percent <= 0 {
		return false
	}
	if d.MinCustomerDays <= 0 {
		return true
	}
	if customerSince.IsZero() {
		return false
	}
	return now.Sub(customerSince) > time.Duration(d.MinCustomerDays)*24*time.Hour
}

// Apply returns the price after the discount and whether it was applied.
//
// The final price is price × (100 − Percent) / 100 rounded half-up to the
// centavo, in integers only (R$ 10,05 with 10% off is R$ 9,05: 904,5
// centavos round up to 905). Non-positive prices are returned unchanged.
func Apply(price int64, d Discount, customerSince, now time.Time) (final int64, applied bool) {
	if price <= 0 || !d.Eligible(customerSince, now) {
		return price, false
	}
	pct := int64(min(d.Percent, 100))
	return (price*(100-pct) + 50) / 100, true
}
