package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
)

// Targets for order creation while lists run (docs/benchmarks.md).
const (
	createP99ms  = 50
	createMinRPS = 1500
)

// benchWrites creates orders through the API in the biggest shop (each one
// numbered, with its tracking token, history row and audit line, as the
// hooks write them) while the board list is read at the same time.
func benchWrites(ctx context.Context, env *Env) ([]Figure, error) {
	s, l, err := env.shopAndStaff("big")
	if err != nil {
		return nil, err
	}
	if len(s.Pairs) == 0 {
		return nil, fmt.Errorf("no customer/device pairs: %w", errNoLogin)
	}
	bodies := make([][]byte, len(s.Pairs))
	for i, p := range s.Pairs {
		b, err := json.Marshal(map[string]any{
			"tenant": s.Tenant, "customer": p.Customer, "device": p.Device,
			"problem": "Tela trincada após queda (benchmark)", "source": "counter",
		})
		if err != nil {
			return nil, err
		}
		bodies[i] = b
	}
	create := func(ctx context.Context, w, seq int) error {
		return env.do(ctx, http.MethodPost, "/api/collections/orders/records", l.Token, bodies[(w*31+seq)%len(bodies)], nil)
	}
	if err := create(ctx, 0, 0); err != nil {
		return nil, fmt.Errorf("create an order: %w", err)
	}
	listPath := ordersList + tenantFilter(s.Tenant)
	read := func(ctx context.Context, _, _ int) error { return env.get(ctx, listPath, l.Token) }

	const writers, readers = 10, 10
	var wRuns, rRuns []runStats
	for i := 0; i < env.Runs; i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var wg sync.WaitGroup
		var w, r runStats
		wg.Add(2)
		go func() { defer wg.Done(); w = env.run(ctx, writers, create) }()
		go func() { defer wg.Done(); r = env.run(ctx, readers, read) }()
		wg.Wait()
		wRuns, rRuns = append(wRuns, w), append(rRuns, r)
	}
	// both loads ran in the one process: its CPU per request is not theirs alone
	for i := range wRuns {
		wRuns[i].CPUms, rRuns[i].CPUms = 0, 0
	}
	cond := fmt.Sprintf("%d writers creating orders in the biggest shop while %d readers list it; %s", writers, readers, env.runWords())
	return []Figure{
		latencyFigure("create-orders-c10", "writes", "create order via the API, c=10, lists running", cond, wRuns, createP99ms, createMinRPS),
		latencyFigure("create-orders-reads-c10", "writes", "orders list during those writes, c=10", cond, rRuns, 0, 0),
	}, nil
}
