package asaas_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/integrations/asaas"
	"github.com/bancada/bancada/integrations/asaas/asaasfake"
)

func TestAuthenticationErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		name, key, code string
		env             bool
	}{
		{"unknown key", "$aact_hmlg_not_registered", asaas.CodeInvalidAccessToken, false},
		{"production key on the sandbox", "$aact_prod_000000000000", asaas.CodeInvalidEnvironment, true},
		{"no key", "", asaas.CodeAccessTokenNotFound, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := asaas.New(e.fake.BaseURL(), tt.key)
			_, err := c.MyAccount(context.Background())
			require.True(t, asaas.IsUnauthorized(err), err)
			assert.Equal(t, tt.env, asaas.IsInvalidEnvironment(err))
			apiErr, _ := asaas.AsAPIError(err)
			assert.True(t, apiErr.HasCode(tt.code), err)
			assert.False(t, asaas.IsRetryable(err))
			if tt.key != "" {
				assert.NotContains(t, err.Error(), tt.key, "the key must never appear in errors")
			}
		})
	}

	prod := asaasfake.Start(asaasfake.WithEnvironment(asaasfake.Production))
	t.Cleanup(prod.Close)
	err := asaas.New(prod.BaseURL(), "$aact_hmlg_sandbox_key").Ping(context.Background())
	assert.True(t, asaas.IsInvalidEnvironment(err), err)
}

// TestAccountsAreIsolated checks that each client only ever uses its own
// key and cannot see another account's objects (Asaas answers 404).
func TestAccountsAreIsolated(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	accB := e.fake.AddAccount("$aact_hmlg_shop_b")
	clientB := asaas.New(e.fake.BaseURL(), accB.APIKey)

	cusA := e.mustCustomer(t, 10)
	payA, err := e.client.CreatePayment(ctx, asaas.PaymentRequest{Customer: cusA.ID, BillingType: asaas.BillingPix,
		ValueCents: 1000, DueDate: today()})
	require.NoError(t, err)

	_, err = clientB.GetPayment(ctx, payA.ID)
	assert.True(t, asaas.IsNotFound(err), err)
	_, err = clientB.GetCustomer(ctx, cusA.ID)
	assert.True(t, asaas.IsNotFound(err), err)
	_, err = clientB.CreatePayment(ctx, asaas.PaymentRequest{Customer: cusA.ID, BillingType: asaas.BillingPix,
		ValueCents: 1000, DueDate: today()})
	assert.True(t, asaas.IsValidation(err), "B cannot charge A's customer: %v", err)
	list, err := clientB.ListPayments(ctx, asaas.PaymentFilter{})
	require.NoError(t, err)
	assert.Zero(t, list.TotalCount)

	for _, c := range e.fake.Calls() {
		if strings.Contains(c.Path, payA.ID) || strings.Contains(c.Path, cusA.ID) || c.Method == http.MethodPost {
			if c.Status == http.StatusOK {
				assert.Equal(t, e.acc.APIKey, c.APIKey, "%s %s", c.Method, c.Path)
			}
		}
	}
	assert.Len(t, e.fake.Payments(e.acc), 1)
	assert.Empty(t, e.fake.Payments(accB))
}

func TestNotFound(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	_, err := e.client.GetPayment(ctx, "pay_1_doesNotExist00")
	require.True(t, asaas.IsNotFound(err), err)
	assert.False(t, asaas.IsRetryable(err))
	assert.Equal(t, "asaas: get payment: HTTP 404 Not Found", err.Error())
	_, err = e.client.GetSubscription(ctx, "sub_nope")
	assert.True(t, asaas.IsNotFound(err))
	_, err = e.client.PixQRCode(ctx, "pay_nope")
	assert.True(t, asaas.IsNotFound(err))
	_, err = e.client.RefundPayment(ctx, "pay_nope", 0, "")
	assert.True(t, asaas.IsNotFound(err))
}

func TestRateLimitIsRetriedAfterReset(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.fake.RateLimitNext(2, 7)

	c, err := e.client.CreateCustomer(context.Background(), asaas.Customer{Name: "Ana", CpfCnpj: cpf(123456789)})
	require.NoError(t, err)
	assert.NotEmpty(t, c.ID)
	assert.Equal(t, []time.Duration{7 * time.Second, 7 * time.Second}, e.sleeps.all())

	calls := e.fake.Calls()
	require.Len(t, calls, 3)
	assert.Equal(t, []int{429, 429, 200}, []int{calls[0].Status, calls[1].Status, calls[2].Status})
	assert.Len(t, e.fake.Customers(e.acc), 1, "a 429 was not processed: retrying creates exactly one")
}

func TestRateLimitGivesUp(t *testing.T) {
	t.Parallel()
	t.Run("after max retries", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, asaas.WithMaxRetries(2))
		e.fake.RateLimitNext(10, 3)
		err := e.client.Ping(context.Background())
		require.True(t, asaas.IsRateLimited(err), err)
		assert.True(t, asaas.IsRetryable(err))
		apiErr, _ := asaas.AsAPIError(err)
		assert.Equal(t, 3*time.Second, apiErr.RetryAfter)
		assert.Len(t, e.fake.Calls(), 3)
		assert.Len(t, e.sleeps.all(), 2)
	})
	t.Run("reset longer than max wait", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.fake.RateLimitNext(1, 6*60*60) // the 12-hour quota
		err := e.client.Ping(context.Background())
		require.True(t, asaas.IsRateLimited(err), err)
		apiErr, _ := asaas.AsAPIError(err)
		assert.Equal(t, 6*time.Hour, apiErr.RetryAfter)
		assert.Empty(t, e.sleeps.all(), "no wait inside the call")
	})
	t.Run("context ends while waiting", func(t *testing.T) {
		t.Parallel()
		fake := asaasfake.Start()
		t.Cleanup(fake.Close)
		acc := fake.AddAccount("$aact_hmlg_x")
		fake.RateLimitNext(1, 30)
		c := asaas.New(fake.BaseURL(), acc.APIKey) // real sleep, bounded by ctx
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		start := time.Now()
		err := c.Ping(ctx)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Less(t, time.Since(start), 10*time.Second, "the 30 s wait is cut by the context")
		assert.LessOrEqual(t, len(fake.Calls()), 1)
	})
}

func TestServerErrorsAreRetryableButNotRetried(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	cus := e.mustCustomer(t, 20)
	e.fake.FailNext(1, http.StatusBadGateway)

	_, err := e.client.CreatePayment(ctx, asaas.PaymentRequest{Customer: cus.ID, BillingType: asaas.BillingPix,
		ValueCents: 500, DueDate: today()})
	require.Error(t, err)
	assert.True(t, asaas.IsRetryable(err))
	assert.ErrorIs(t, err, asaas.ErrUnreachable)
	apiErr, ok := asaas.AsAPIError(err)
	require.True(t, ok)
	assert.Equal(t, http.StatusBadGateway, apiErr.Status)
	assert.Len(t, e.fake.Calls(), 2, "a POST that hit a 5xx is not repeated by the client")

	_, err = e.client.CreatePayment(ctx, asaas.PaymentRequest{Customer: cus.ID, BillingType: asaas.BillingPix,
		ValueCents: 500, DueDate: today()})
	require.NoError(t, err)
}

func TestUnreachable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	err := asaas.New(deadURL+"/v3", "$aact_hmlg_secret").Ping(ctx)
	require.ErrorIs(t, err, asaas.ErrUnreachable)
	assert.True(t, asaas.IsRetryable(err))
	assert.NotContains(t, err.Error(), "secret")

	html := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, "<html>captive portal</html>")
	}))
	t.Cleanup(html.Close)
	_, err = asaas.New(html.URL, "k").MyAccount(ctx)
	require.ErrorIs(t, err, asaas.ErrUnreachable)

	forbidden := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(w, "<html>CloudFront</html>")
	}))
	t.Cleanup(forbidden.Close)
	err = asaas.New(forbidden.URL, "k").Ping(ctx)
	assert.True(t, asaas.IsForbidden(err), err)
	assert.False(t, asaas.IsRetryable(err))
}

// TestRequestShape checks the headers and bodies the client puts on the wire.
func TestRequestShape(t *testing.T) {
	t.Parallel()
	type seen struct {
		method, path, query, key, ua, contentType string
		body                                      []byte
	}
	var mu sync.Mutex
	var got []seen
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, seen{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, r.Header.Get("access_token"),
			r.Header.Get("User-Agent"), r.Header.Get("Content-Type"), b})
		mu.Unlock()
		_, _ = io.WriteString(w, `{"object":"list","data":[]}`)
	}))
	t.Cleanup(srv.Close)
	ctx := context.Background()

	c := asaas.New(srv.URL+"/v3/", "$aact_hmlg_k1")
	_, err := c.CreatePayment(ctx, asaas.PaymentRequest{Customer: "cus_1", BillingType: asaas.BillingPix, ValueCents: 12345,
		DueDate: asaas.MustParseDate("2026-12-01"), Description: "OS 1"})
	require.NoError(t, err)
	_, err = c.FindCustomerByCpfCnpj(ctx, "123.456.789-09")
	require.NoError(t, err)
	_, err = asaas.New(srv.URL, "k2", asaas.WithUserAgent("Bancada/2.0 (demo)")).ListPayments(ctx, asaas.PaymentFilter{
		Subscription: "sub_1", Status: asaas.StatusOverdue, Offset: 100, Limit: 100})
	require.NoError(t, err)
	_, err = c.UpdateSubscription(ctx, "sub/../x", asaas.SubscriptionUpdate{ValueCents: 100})
	require.NoError(t, err)

	require.Len(t, got, 4)
	post := got[0]
	assert.Equal(t, "POST", post.method)
	assert.Equal(t, "/v3/payments", post.path)
	assert.Equal(t, "$aact_hmlg_k1", post.key)
	assert.Equal(t, asaas.DefaultUserAgent, post.ua)
	assert.Equal(t, "application/json", post.contentType)
	assert.JSONEq(t, `{"customer":"cus_1","billingType":"PIX","value":123.45,"dueDate":"2026-12-01","description":"OS 1"}`,
		string(post.body))

	get := got[1]
	assert.Equal(t, "GET", get.method)
	assert.Equal(t, "/v3/customers", get.path)
	assert.Equal(t, "cpfCnpj=12345678909&limit=10", get.query)
	assert.Empty(t, get.body, "never a body on GET")
	assert.Empty(t, get.contentType)

	assert.Equal(t, "Bancada/2.0 (demo)", got[2].ua)
	assert.Equal(t, "k2", got[2].key)
	assert.Equal(t, "limit=100&offset=100&status=OVERDUE&subscription=sub_1", got[2].query)

	assert.Equal(t, "PUT", got[3].method)
	assert.Equal(t, "/v3/subscriptions/sub%2F..%2Fx", got[3].path, "ids are one escaped path segment")
	var put map[string]any
	require.NoError(t, json.Unmarshal(got[3].body, &put))
	assert.Equal(t, map[string]any{"value": 1.0, "updatePendingPayments": false}, put)
}

func TestDeleteMustBeConfirmed(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{"deleted":false,"id":"pay_1"}`)
	}))
	t.Cleanup(srv.Close)
	err := asaas.New(srv.URL, "k").DeletePayment(context.Background(), "pay_1")
	require.Error(t, err)
	assert.False(t, errors.Is(err, asaas.ErrUnreachable))
}
