package asaas_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/bancada/bancada/integrations/asaas"
	"github.com/bancada/bancada/integrations/asaas/asaasfake"
)

// testNow is the fake's clock: 2026-11-29 09:00 in Brasília.
var testNow = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

// today is testNow's civil date.
func today() asaas.Date { return asaas.DateOf(testNow) }

// sleeps records the waits the client asked for instead of sleeping.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	return ctx.Err()
}

func (s *sleeps) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

type env struct {
	fake   *asaasfake.Server
	acc    *asaasfake.Account
	client *asaas.Client
	sleeps *sleeps
}

// newEnv starts a sandbox fake with one account and a client for its key.
func newEnv(t *testing.T, opts ...asaas.Option) *env {
	t.Helper()
	fake := asaasfake.Start(asaasfake.WithClock(func() time.Time { return testNow }))
	t.Cleanup(fake.Close)
	acc := fake.AddAccount("$aact_hmlg_shop_a")
	sl := &sleeps{}
	opts = append([]asaas.Option{asaas.WithSleep(sl.sleep)}, opts...)
	return &env{fake: fake, acc: acc, client: asaas.New(fake.BaseURL(), acc.APIKey, opts...), sleeps: sl}
}

// cpf returns a CPF with valid check digits built from a 9-digit base.
func cpf(base int) string {
	d := fmt.Sprintf("%09d", base%1_000_000_000)
	for _, n := range []int{9, 10} {
		sum := 0
		for i := range n {
			sum += int(d[i]-'0') * (n + 1 - i)
		}
		r := sum * 10 % 11
		if r == 10 {
			r = 0
		}
		d += fmt.Sprint(r)
	}
	return d
}

// mustCustomer creates a customer with a valid CPF derived from n.
func (e *env) mustCustomer(t *testing.T, n int) *asaas.Customer {
	t.Helper()
	c, err := e.client.CreateCustomer(context.Background(), asaas.Customer{Name: fmt.Sprintf("Cliente %d", n), CpfCnpj: cpf(100_000_000 + n)})
	if err != nil {
		t.Fatalf("create customer: %v", err)
	}
	return c
}
