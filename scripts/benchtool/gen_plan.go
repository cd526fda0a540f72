package main

import (
	"math"
)

// bigShare is the part of all orders the biggest shop holds (100,000 of
// the default 1,000,000).
const bigShare = 0.10

// zipfExponent finds s so that, with weights 1/k^s over n shops, the first
// holds share of the total (the top share grows with s, so bisection
// works). When even uniform weights give the top shop more than share (tiny
// sets), it returns 1, classic Zipf, so there is still a big and a small shop.
func zipfExponent(n int, share float64) float64 {
	if n <= 1 || 1/float64(n) >= share {
		return 1
	}
	top := func(s float64) float64 {
		sum := 0.0
		for k := 1; k <= n; k++ {
			sum += math.Pow(float64(k), -s)
		}
		return 1 / sum
	}
	lo, hi := 0.0, 4.0
	for range 60 {
		mid := (lo + hi) / 2
		if top(mid) < share {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// split divides total into n parts proportional to weights, each at least
// minEach (when total allows), rounding so the parts sum to total exactly.
func split(total int, weights []float64, minEach int) []int {
	n := len(weights)
	out := make([]int, n)
	if n == 0 {
		return out
	}
	if total < n*minEach {
		minEach = 0
	}
	rest := total - n*minEach
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	given := 0
	for i, w := range weights {
		out[i] = minEach + int(float64(rest)*w/sum)
		given += out[i]
	}
	// hand the rounding remainder out from the biggest down
	for i := 0; given < total; i = (i + 1) % n {
		out[i]++
		given++
	}
	return out
}

// shopWeights are the Zipf weights of n shops, biggest first.
func shopWeights(n int) []float64 {
	s := zipfExponent(n, bigShare)
	w := make([]float64, n)
	for k := range w {
		w[k] = math.Pow(float64(k+1), -s)
	}
	return w
}

// shopPlan is how much of each kind one shop gets.
type shopPlan struct {
	Index                                       int
	Orders, Customers, Devices, Messages, Staff int
	Parts, PriceRules                           int
	SharedOwnerWith                             int // index of the shop whose owner also owns this one, or -1
}

// planShops sizes every shop: orders by Zipf, the rest in proportion,
// staff growing with volume.
func planShops(p GenParams) []shopPlan {
	w := shopWeights(p.Shops)
	orders := split(p.Orders, w, 1)
	customers := split(p.Customers, w, 1)
	devices := split(p.Devices, w, 1)
	messages := split(p.Messages, w, 0)
	plans := make([]shopPlan, p.Shops)
	for i := range plans {
		sp := shopPlan{
			Index: i, Orders: orders[i], Customers: customers[i], Devices: max(devices[i], customers[i]),
			Messages: messages[i], SharedOwnerWith: -1,
		}
		// owner + at least one employee; big shops have dozens
		sp.Staff = 1 + min(max(orders[i]/2500, 1), 40)
		sp.Parts = min(max(orders[i]/500, 8), 200)
		sp.PriceRules = len(priceRuleCatalog)
		if i > 0 && (i%50 == 49 || (p.Shops < 50 && p.Shops >= 3 && i == p.Shops-1)) {
			sp.SharedOwnerWith = i - 1 // a small chain: one owner, two shops
		}
		plans[i] = sp
	}
	return plans
}

// smallShopIndex is the median shop: "most have a few hundred orders".
func smallShopIndex(n int) int { return n / 2 }

// chainShopIndex is the second shop of the first chain, or -1.
func chainShopIndex(plans []shopPlan) int {
	for _, sp := range plans {
		if sp.SharedOwnerWith >= 0 {
			return sp.Index
		}
	}
	return -1
}
