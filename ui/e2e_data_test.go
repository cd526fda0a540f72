package ui_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/br"
)

// tenantOf returns the id of the (first) shop a signed-in user works in.
func (env *e2eEnv) tenantOf(t *testing.T, a authResponse) string {
	t.Helper()
	var res struct {
		Items []struct {
			Tenant string `json:"tenant"`
		} `json:"items"`
	}
	uid, _ := a.Record["id"].(string)
	code := env.api(t, http.MethodGet, "/api/collections/memberships/records?skipTotal=1&filter="+urlQuery(`user="`+uid+`"`), a.Token, nil, &res)
	require.Equal(t, http.StatusOK, code)
	require.NotEmpty(t, res.Items, "membership of %s", uid)
	return res.Items[0].Tenant
}

// testOrder is an order created through the REST API for a test.
type testOrder struct {
	ID, Number, Customer, Device, CustomerName string
}

// createOrder creates a customer, a device (with a PIN when pin != "")
// and an order in "received", as the counter would, through the API.
func (env *e2eEnv) createOrder(t *testing.T, a authResponse, tenant, customerName, pin string) testOrder {
	t.Helper()
	_, phone := randomMobile()
	var c, d struct {
		ID string `json:"id"`
	}
	code := env.api(t, http.MethodPost, "/api/collections/customers/records", a.Token,
		map[string]any{"tenant": tenant, "name": customerName, "phone": phone}, &c)
	require.Equal(t, http.StatusOK, code, "create customer")
	dev := map[string]any{"tenant": tenant, "customer": c.ID, "type": "phone", "brand": "Motorola", "model": "Moto G84"}
	if pin != "" {
		dev["passcode"], dev["passcode_kind"] = pin, "pin"
	}
	code = env.api(t, http.MethodPost, "/api/collections/devices/records", a.Token, dev, &d)
	require.Equal(t, http.StatusOK, code, "create device")
	var o struct {
		ID      string `json:"id"`
		Number  int    `json:"number"`
		Message string `json:"message"`
	}
	code = env.api(t, http.MethodPost, "/api/collections/orders/records", a.Token, map[string]any{
		"tenant": tenant, "customer": c.ID, "device": d.ID, "status": "received", "problem": "Não liga depois de cair na água.", "estimate": 15000,
	}, &o)
	require.Equal(t, http.StatusOK, code, "create order: %s", o.Message)
	return testOrder{ID: o.ID, Number: fmt.Sprint(o.Number), Customer: c.ID, Device: d.ID, CustomerName: customerName}
}

// validCNPJ returns a random valid numeric CNPJ.
func validCNPJ(t *testing.T) string {
	t.Helper()
	for {
		base := fmt.Sprintf("%08d0001", rand.IntN(100000000))
		dv := func(s string) int {
			sum, w := 0, 2
			for i := len(s) - 1; i >= 0; i-- {
				sum += int(s[i]-'0') * w
				w++
				if w > 9 {
					w = 2
				}
			}
			if r := sum % 11; r >= 2 {
				return 11 - r
			}
			return 0
		}
		s := base + fmt.Sprint(dv(base))
		s += fmt.Sprint(dv(s))
		if c, err := br.ValidateCNPJ(s); err == nil {
			return c
		}
	}
}

// signupShop creates a new shop and its owner through the signup route,
// on the cheapest plan or on the plan named plan.
func (env *e2eEnv) signupShop(t *testing.T, shopName string, plan ...string) (authResponse, string) {
	t.Helper()
	env.signupLimit.Do(func() { env.raiseSignupLimit(t) })
	planID := ""
	if len(plan) > 0 {
		var plans struct {
			Items []struct{ ID, Name string } `json:"items"`
		}
		require.Equal(t, http.StatusOK, env.api(t, http.MethodGet, "/api/collections/plans/records", "", nil, &plans))
		for _, p := range plans.Items {
			if p.Name == plan[0] {
				planID = p.ID
			}
		}
		require.NotEmpty(t, planID, "plan %q", plan[0])
	}
	domain := fmt.Sprintf("loja%d.test", rand.IntN(1e9))
	email := "dono@" + domain
	var res struct {
		Token  string         `json:"token"`
		Record map[string]any `json:"record"`
		Tenant struct {
			ID string `json:"id"`
		} `json:"tenant"`
	}
	code := env.api(t, http.MethodPost, "/api/bancada/signup", "", map[string]any{
		"shop":  map[string]any{"name": shopName, "cnpj": validCNPJ(t), "email": "contato@" + domain, "phone": "(21) 3222-1000", "address": "Rua B, 2"},
		"owner": map[string]any{"name": "Dona da " + shopName, "email": email, "password": "segredo123"},
		"plan":  planID,
	}, &res)
	require.Equal(t, http.StatusOK, code, "signup")
	a := authResponse{Token: res.Token, Record: res.Record}
	env.remember(email, a)
	return a, res.Tenant.ID
}

// raiseSignupLimit lets this run sign up more shops than the 5 an hour per
// IP a real installation allows (the suite's tests all come from loopback),
// as an operator would in the dashboard: the rule stays, with a higher
// ceiling.
func (env *e2eEnv) raiseSignupLimit(t *testing.T) {
	t.Helper()
	admin := env.superuser(t)
	var settings struct {
		RateLimits struct {
			Enabled bool             `json:"enabled"`
			Rules   []map[string]any `json:"rules"`
		} `json:"rateLimits"`
	}
	require.Equal(t, http.StatusOK, env.api(t, http.MethodGet, "/api/settings", admin, nil, &settings))
	raised := false
	for _, r := range settings.RateLimits.Rules {
		if r["label"] == "POST /api/bancada/signup" {
			r["maxRequests"], raised = 100, true
		}
	}
	require.True(t, raised, "the signup rate-limit rule is in the settings")
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPatch, "/api/settings", admin,
		map[string]any{"rateLimits": settings.RateLimits}, nil))
}

// superuser signs in the demo's platform operator.
func (env *e2eEnv) superuser(t *testing.T) string {
	t.Helper()
	var a authResponse
	code := env.api(t, http.MethodPost, "/api/collections/_superusers/auth-with-password", "",
		map[string]string{"identity": "admin@demo.bancada.app", "password": demoPassword}, &a)
	require.Equal(t, http.StatusOK, code)
	return a.Token
}

func urlQuery(s string) string { return url.QueryEscape(s) }
