package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
)

// ordersList is the staff app's board query: the 20 newest orders.
const ordersList = "/api/collections/orders/records?sort=-created&perPage=20&skipTotal=1"

// Targets for the list of the biggest shop at concurrency 10 (docs/benchmarks.md).
const (
	listP99ms  = 20
	listMinRPS = 2000
)

// shopAndStaff returns a shop of the data set and a staff member who works
// the counter there (an attendant, as the board is the counter's screen).
func (env *Env) shopAndStaff(key string) (*ShopLogins, *Login, error) {
	s := env.Logins.Shops[key]
	if s == nil {
		return nil, nil, fmt.Errorf("shop %q: %w", key, errNoLogin)
	}
	l := s.byRole("attendant")
	if l == nil {
		return nil, nil, fmt.Errorf("staff of shop %q: %w", key, errNoLogin)
	}
	return s, l, nil
}

// checkList asks path once and verifies the answer is a non-empty list of
// the shop's records, so a broken token or rule cannot pass for a fast
// empty list.
func (env *Env) checkList(ctx context.Context, path, token, tenant string) error {
	var body []byte
	if err := env.do(ctx, http.MethodGet, path, token, nil, &body); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	var page struct {
		Items []struct {
			Tenant string `json:"tenant"`
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &page); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if len(page.Items) == 0 {
		return fmt.Errorf("%s: empty list (check the token and the data set)", path)
	}
	for _, it := range page.Items {
		if it.Tenant != tenant {
			return fmt.Errorf("%s: got a record of tenant %s, want only %s", path, it.Tenant, tenant)
		}
	}
	return nil
}

func tenantFilter(tenant string) string {
	return "&filter=" + url.QueryEscape(`tenant="`+tenant+`"`)
}

// benchRESTList measures the board query for the biggest and a median
// shop, with the client filter the staff app sends and rule-only (as a
// custom frontend sends it), at concurrency 10 and 50.
func benchRESTList(ctx context.Context, env *Env) ([]Figure, error) {
	var figs []Figure
	for _, shop := range []string{"big", "small"} {
		s, l, err := env.shopAndStaff(shop)
		if err != nil {
			return figs, err
		}
		for _, mode := range []string{"filter", "rule"} {
			path := ordersList
			modeName := "rule only"
			if mode == "filter" {
				path += tenantFilter(s.Tenant)
				modeName = `with filter tenant="…"`
			}
			if err := env.checkList(ctx, path, l.Token, s.Tenant); err != nil {
				return figs, err
			}
			for _, c := range []int{10, 50} {
				runs, err := env.closedLoop(ctx, c, func(ctx context.Context, _, _ int) error {
					return env.get(ctx, path, l.Token)
				})
				if err != nil {
					return figs, err
				}
				var p99, rps float64
				if shop == "big" && c == 10 {
					p99, rps = listP99ms, listMinRPS
				}
				figs = append(figs, latencyFigure(
					fmt.Sprintf("list-%s-%s-c%d", shop, mode, c), "rest",
					fmt.Sprintf("orders list, %s shop, %s, c=%d", shopWord(shop), modeName, c),
					fmt.Sprintf("20 newest (sort=-created, skipTotal), %s orders in the shop, staff token; %s",
						groupThousands(fmt.Sprint(s.Orders)), env.runWords()),
					runs, p99, rps))
			}
		}
	}
	return figs, nil
}

// benchRESTFiltered measures the board filtered by status and searched by
// customer name, as the staff app sends them (with the tenant filter).
func benchRESTFiltered(ctx context.Context, env *Env) ([]Figure, error) {
	var figs []Figure
	for _, shop := range []string{"big", "small"} {
		s, l, err := env.shopAndStaff(shop)
		if err != nil {
			return figs, err
		}
		cases := []struct{ id, name, filter string }{
			{"status", "filtered by status (open orders)", `tenant="` + s.Tenant + `" && status != "delivered" && status != "cancelled"`},
			{"search", `search customer.name ~ "maria"`, `tenant="` + s.Tenant + `" && customer.name ~ "maria"`},
		}
		for _, cs := range cases {
			path := ordersList + "&filter=" + url.QueryEscape(cs.filter)
			if err := env.checkList(ctx, path, l.Token, s.Tenant); err != nil {
				return figs, err
			}
			runs, err := env.closedLoop(ctx, 10, func(ctx context.Context, _, _ int) error {
				return env.get(ctx, path, l.Token)
			})
			if err != nil {
				return figs, err
			}
			figs = append(figs, latencyFigure(
				fmt.Sprintf("list-%s-%s-c10", shop, cs.id), "rest",
				fmt.Sprintf("orders %s, %s shop, c=10", cs.name, shopWord(shop)),
				fmt.Sprintf("20 newest matching, %s orders in the shop; %s", groupThousands(fmt.Sprint(s.Orders)), env.runWords()),
				runs, 0, 0))
		}
	}
	return figs, nil
}

// benchRESTView measures opening one order with its customer and device.
func benchRESTView(ctx context.Context, env *Env) ([]Figure, error) {
	s, l, err := env.shopAndStaff("big")
	if err != nil {
		return nil, err
	}
	if len(s.OrderIDs) == 0 {
		return nil, fmt.Errorf("no sample orders: %w", errNoLogin)
	}
	path := func(i int) string {
		return "/api/collections/orders/records/" + s.OrderIDs[i%len(s.OrderIDs)] + "?expand=customer,device"
	}
	if err := env.get(ctx, path(0), l.Token); err != nil {
		return nil, err
	}
	runs, err := env.closedLoop(ctx, 10, func(ctx context.Context, w, seq int) error {
		return env.get(ctx, path(w*7919+seq), l.Token)
	})
	if err != nil {
		return nil, err
	}
	return []Figure{latencyFigure("view-big-expand-c10", "rest", "view one order with expand=customer,device, c=10",
		fmt.Sprintf("%d recent orders of the biggest shop in turn; %s", len(s.OrderIDs), env.runWords()), runs, 0, 0)}, nil
}

func shopWord(key string) string {
	switch key {
	case "big":
		return "biggest"
	case "small":
		return "median"
	}
	return key
}

// runWords describes how figures were taken: "median of 3 runs of 3 s".
func (env *Env) runWords() string {
	return fmt.Sprintf("median of %d × %s runs", env.Runs, env.Duration)
}
