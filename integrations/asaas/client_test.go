package asaas_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"image/png"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/integrations/asaas"
)

func TestCustomers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()

	doc := cpf(249715637)
	formatted := doc[:3] + "." + doc[3:6] + "." + doc[6:9] + "-" + doc[9:]
	created, err := e.client.CreateCustomer(ctx, asaas.Customer{
		Name: "Maria da Silva", CpfCnpj: formatted, MobilePhone: "11987654321", ExternalReference: "tnt_1:cust_9",
	})
	require.NoError(t, err)
	assert.NotEmpty(t, created.ID)
	assert.Equal(t, doc, created.CpfCnpj)
	assert.Equal(t, "FISICA", created.PersonType)
	assert.Equal(t, today(), created.DateCreated)

	got, err := e.client.GetCustomer(ctx, created.ID)
	require.NoError(t, err)
	assert.Equal(t, created, got)

	found, err := e.client.FindCustomerByCpfCnpj(ctx, formatted)
	require.NoError(t, err)
	require.NotNil(t, found)
	assert.Equal(t, created.ID, found.ID)

	none, err := e.client.FindCustomerByCpfCnpj(ctx, cpf(111222333))
	require.NoError(t, err)
	assert.Nil(t, none)

	_, err = e.client.FindCustomerByCpfCnpj(ctx, " ")
	assert.Error(t, err)

	list, err := e.client.ListCustomers(ctx, asaas.CustomerFilter{ExternalReference: "tnt_1:cust_9"})
	require.NoError(t, err)
	assert.Equal(t, 1, list.TotalCount)

	_, err = e.client.GetCustomer(ctx, "")
	assert.Error(t, err)
}

func TestFindOrCreateCustomerDoesNotDuplicate(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	in := asaas.Customer{Name: "Loja do João", CpfCnpj: "11.222.333/0001-81"}

	first, err := e.client.FindOrCreateCustomer(ctx, in)
	require.NoError(t, err)
	second, err := e.client.FindOrCreateCustomer(ctx, in)
	require.NoError(t, err)
	assert.Equal(t, first.ID, second.ID)
	assert.Equal(t, "JURIDICA", first.PersonType)
	assert.Len(t, e.fake.Customers(e.acc), 1)

	// Asaas itself accepts duplicates: only the look-up prevents them.
	_, err = e.client.CreateCustomer(ctx, in)
	require.NoError(t, err)
	assert.Len(t, e.fake.Customers(e.acc), 2)
}

func TestCreateCustomerValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, err := e.client.CreateCustomer(context.Background(), asaas.Customer{CpfCnpj: "123.456.789-00"})
	require.True(t, asaas.IsValidation(err), err)
	apiErr, ok := asaas.AsAPIError(err)
	require.True(t, ok)
	assert.True(t, apiErr.HasCode("invalid_name"))
	assert.True(t, apiErr.HasCode("invalid_cpfCnpj"))
	assert.Len(t, apiErr.Errors, 2)
}

func TestPaymentLifecycle(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	cus := e.mustCustomer(t, 1)

	p, err := e.client.CreatePayment(ctx, asaas.PaymentRequest{
		Customer: cus.ID, BillingType: asaas.BillingPix, ValueCents: 15090, DueDate: today().AddDays(3),
		Description: "OS 1042 - troca de tela", ExternalReference: "tnt_1:os_1042",
	})
	require.NoError(t, err)
	assert.NotEmpty(t, p.ID)
	assert.Equal(t, int64(15090), p.ValueCents)
	assert.Equal(t, int64(15090-199), p.NetValueCents)
	assert.Equal(t, asaas.StatusPending, p.Status)
	assert.Equal(t, today().AddDays(3), p.DueDate)
	assert.Equal(t, cus.ID, p.Customer)
	assert.Empty(t, p.Subscription)
	assert.NotEmpty(t, p.InvoiceURL)
	assert.Empty(t, p.BankSlipURL)
	assert.Equal(t, "tnt_1:os_1042", p.ExternalReference)

	qr, err := e.client.PixQRCode(ctx, p.ID)
	require.NoError(t, err)
	assert.Contains(t, qr.Payload, "br.gov.bcb.pix")
	assert.Contains(t, qr.Payload, "5406150.90")
	assert.NotEmpty(t, qr.ExpirationDate)
	img, err := base64.StdEncoding.DecodeString(qr.EncodedImage)
	require.NoError(t, err)
	_, err = png.Decode(bytes.NewReader(img))
	require.NoError(t, err)

	_, err = e.fake.ReceivePayment(p.ID)
	require.NoError(t, err)
	got, err := e.client.GetPayment(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, asaas.StatusReceived, got.Status)
	assert.True(t, got.Status.IsPaid())
	assert.Equal(t, today(), got.PaymentDate)

	// A paid payment cannot be deleted, and has no QR code any more.
	err = e.client.DeletePayment(ctx, p.ID)
	assert.True(t, asaas.IsValidation(err), err)
	_, err = e.client.PixQRCode(ctx, p.ID)
	assert.True(t, asaas.IsValidation(err), err)

	partial, err := e.client.RefundPayment(ctx, p.ID, 5000, "Peça não usada")
	require.NoError(t, err)
	assert.Equal(t, asaas.StatusReceived, partial.Status)
	require.Len(t, partial.Refunds, 1)
	assert.Equal(t, int64(5000), partial.Refunds[0].ValueCents)
	assert.Equal(t, "Peça não usada", partial.Refunds[0].Description)

	_, err = e.client.RefundPayment(ctx, p.ID, 20000, "")
	assert.True(t, asaas.IsValidation(err), "refund above what is left: %v", err)

	full, err := e.client.RefundPayment(ctx, p.ID, 0, "Cliente desistiu")
	require.NoError(t, err)
	assert.Equal(t, asaas.StatusRefunded, full.Status)
	require.Len(t, full.Refunds, 2)
	assert.Equal(t, int64(10090), full.Refunds[1].ValueCents)

	// An unpaid payment can be deleted once; it still reads as deleted.
	unpaid, err := e.client.CreatePayment(ctx, asaas.PaymentRequest{
		Customer: cus.ID, BillingType: asaas.BillingBoleto, ValueCents: 4500, DueDate: today(),
	})
	require.NoError(t, err)
	assert.NotEmpty(t, unpaid.BankSlipURL)
	require.NoError(t, e.client.DeletePayment(ctx, unpaid.ID))
	del, err := e.client.GetPayment(ctx, unpaid.ID)
	require.NoError(t, err)
	assert.True(t, del.Deleted)
	assert.True(t, asaas.IsNotFound(e.client.DeletePayment(ctx, unpaid.ID)))
	assert.Error(t, e.client.DeletePayment(ctx, ""))
}

func TestCreatePaymentValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	cus := e.mustCustomer(t, 2)

	tests := []struct {
		name  string
		req   asaas.PaymentRequest
		codes []string
	}{
		{"everything missing", asaas.PaymentRequest{},
			[]string{"invalid_customer", "invalid_billingType", "invalid_value", "invalid_dueDate"}},
		{"due date in the past and bad billing type",
			asaas.PaymentRequest{Customer: cus.ID, BillingType: "CHEQUE", ValueCents: 100, DueDate: today().AddDays(-1)},
			[]string{"invalid_billingType", "invalid_dueDate"}},
		{"unknown customer", asaas.PaymentRequest{Customer: "cus_999", BillingType: asaas.BillingPix, ValueCents: 100, DueDate: today()},
			[]string{"invalid_customer"}},
		{"negative value", asaas.PaymentRequest{Customer: cus.ID, BillingType: asaas.BillingPix, ValueCents: -1, DueDate: today()},
			[]string{"invalid_value"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.client.CreatePayment(ctx, tt.req)
			require.True(t, asaas.IsValidation(err), err)
			apiErr, _ := asaas.AsAPIError(err)
			var codes []string
			for _, it := range apiErr.Errors {
				codes = append(codes, it.Code)
				assert.NotEmpty(t, it.Description)
			}
			assert.ElementsMatch(t, tt.codes, codes)
			assert.False(t, asaas.IsRetryable(err))
		})
	}
	assert.Empty(t, e.fake.Payments(e.acc))
}

func TestListPaymentsPagingAndFilters(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	a, b := e.mustCustomer(t, 3), e.mustCustomer(t, 4)

	const total = 205
	for i := range total {
		cus := a
		if i%5 == 0 {
			cus = b
		}
		_, err := e.client.CreatePayment(ctx, asaas.PaymentRequest{
			Customer: cus.ID, BillingType: asaas.BillingUndefined, ValueCents: int64(1000 + i), DueDate: today(),
		})
		require.NoError(t, err)
	}

	page, err := e.client.ListPayments(ctx, asaas.PaymentFilter{Limit: 500})
	require.NoError(t, err)
	assert.Equal(t, "list", page.Object)
	assert.Equal(t, total, page.TotalCount)
	assert.Equal(t, 100, page.Limit)
	assert.Len(t, page.Data, 100)
	assert.True(t, page.HasMore)

	last, err := e.client.ListPayments(ctx, asaas.PaymentFilter{Offset: 200, Limit: 100})
	require.NoError(t, err)
	assert.Len(t, last.Data, 5)
	assert.False(t, last.HasMore)

	all, err := asaas.Collect(e.client.ListAllPayments(ctx, asaas.PaymentFilter{}))
	require.NoError(t, err)
	require.Len(t, all, total)
	seen := map[string]bool{}
	for _, p := range all {
		seen[p.ID] = true
	}
	assert.Len(t, seen, total, "paging must neither repeat nor skip")

	ofB, err := asaas.Collect(e.client.ListAllPayments(ctx, asaas.PaymentFilter{Customer: b.ID}))
	require.NoError(t, err)
	assert.Len(t, ofB, 41)

	_, err = e.fake.ReceivePayment(all[7].ID)
	require.NoError(t, err)
	received, err := e.client.ListPayments(ctx, asaas.PaymentFilter{Status: asaas.StatusReceived})
	require.NoError(t, err)
	require.Len(t, received.Data, 1)
	assert.Equal(t, all[7].ID, received.Data[0].ID)

	// Stopping early and cancelling both end the iteration.
	n := 0
	for range e.client.ListAllPayments(ctx, asaas.PaymentFilter{}) {
		n++
		if n == 3 {
			break
		}
	}
	assert.Equal(t, 3, n)

	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var gotErr error
	count := 0
	for _, err := range e.client.ListAllPayments(cctx, asaas.PaymentFilter{}) {
		if err != nil {
			gotErr = err
			break
		}
		count++
		if count == 1 {
			cancel()
		}
	}
	assert.ErrorIs(t, gotErr, context.Canceled)
	assert.Equal(t, 100, count, "the page in hand is finished, the next one is not fetched")
}

func TestSubscriptions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	shop := e.mustCustomer(t, 5)

	sub, err := e.client.CreateSubscription(ctx, asaas.SubscriptionRequest{
		Customer: shop.ID, BillingType: asaas.BillingPix, ValueCents: 8990, NextDueDate: asaas.MustParseDate("2026-12-31"),
		Cycle: asaas.CycleMonthly, Description: "Bancada - plano Oficina", ExternalReference: "tenant:tnt_1",
	})
	require.NoError(t, err)
	assert.Equal(t, asaas.SubscriptionActive, sub.Status)
	assert.Equal(t, int64(8990), sub.ValueCents)
	// The first payment is generated at once; nextDueDate moves a cycle
	// (clamped to the end of February).
	assert.Equal(t, asaas.MustParseDate("2027-01-31"), sub.NextDueDate)

	pays, err := e.client.SubscriptionPayments(ctx, sub.ID, "")
	require.NoError(t, err)
	require.Len(t, pays.Data, 1)
	first := pays.Data[0]
	assert.Equal(t, sub.ID, first.Subscription)
	assert.Equal(t, asaas.MustParseDate("2026-12-31"), first.DueDate)
	assert.Equal(t, "tenant:tnt_1", first.ExternalReference)

	next, _, err := e.fake.GenerateNextPayment(sub.ID)
	require.NoError(t, err)
	assert.Equal(t, "2027-01-31", next.DueDate)
	got, err := e.client.GetSubscription(ctx, sub.ID)
	require.NoError(t, err)
	assert.Equal(t, asaas.MustParseDate("2027-02-28"), got.NextDueDate)

	_, err = e.fake.ReceivePayment(first.ID)
	require.NoError(t, err)
	pending, err := e.client.SubscriptionPayments(ctx, sub.ID, asaas.StatusPending)
	require.NoError(t, err)
	require.Len(t, pending.Data, 1)
	assert.Equal(t, next.ID, pending.Data[0].ID)

	upd, err := e.client.UpdateSubscription(ctx, sub.ID, asaas.SubscriptionUpdate{
		ValueCents: 12990, Description: "Bancada - plano Rede", UpdatePendingPayments: true,
	})
	require.NoError(t, err)
	assert.Equal(t, int64(12990), upd.ValueCents)
	assert.Equal(t, asaas.BillingPix, upd.BillingType, "fields not sent stay")
	repriced, err := e.client.GetPayment(ctx, next.ID)
	require.NoError(t, err)
	assert.Equal(t, int64(12990), repriced.ValueCents)
	paid, err := e.client.GetPayment(ctx, first.ID)
	require.NoError(t, err)
	assert.Equal(t, int64(8990), paid.ValueCents, "paid payments keep their value")

	_, err = e.client.UpdateSubscription(ctx, sub.ID, asaas.SubscriptionUpdate{NextDueDate: today().AddDays(-3)})
	assert.True(t, asaas.IsValidation(err), err)

	list, err := e.client.ListSubscriptions(ctx, asaas.SubscriptionFilter{Customer: shop.ID})
	require.NoError(t, err)
	assert.Equal(t, 1, list.TotalCount)
	all, err := asaas.Collect(e.client.ListAllSubscriptions(ctx, asaas.SubscriptionFilter{Status: asaas.SubscriptionActive}))
	require.NoError(t, err)
	assert.Len(t, all, 1)

	require.NoError(t, e.client.DeleteSubscription(ctx, sub.ID))
	gone, err := e.client.GetSubscription(ctx, sub.ID)
	require.NoError(t, err)
	assert.True(t, gone.Deleted)
	deletedPay, err := e.client.GetPayment(ctx, next.ID)
	require.NoError(t, err)
	assert.True(t, deletedPay.Deleted, "pending payments go with the subscription")
	list, err = e.client.ListSubscriptions(ctx, asaas.SubscriptionFilter{})
	require.NoError(t, err)
	assert.Zero(t, list.TotalCount)

	_, err = e.client.CreateSubscription(ctx, asaas.SubscriptionRequest{Customer: shop.ID, BillingType: asaas.BillingPix,
		ValueCents: 100, NextDueDate: today()})
	require.True(t, asaas.IsValidation(err), err)
	apiErr, _ := asaas.AsAPIError(err)
	assert.True(t, apiErr.HasCode("invalid_cycle"))
}

func TestWebhookConfig(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	token := "tok_0123456789abcdef0123456789abcdef"

	wh, err := e.client.CreateWebhook(ctx, asaas.WebhookConfig{
		Name: "Bancada", URL: "https://bancada.example/webhooks/asaas/tnt_1", Email: "ops@bancada.example",
		Enabled: true, AuthToken: token,
		Events: []asaas.EventType{asaas.EventPaymentReceived, asaas.EventPaymentConfirmed},
	})
	require.NoError(t, err)
	assert.NotEmpty(t, wh.ID)
	assert.True(t, wh.HasAuthToken)
	assert.Empty(t, wh.AuthToken, "Asaas never returns the token")
	assert.Equal(t, asaas.SendSequentially, wh.SendType)
	assert.Equal(t, 3, wh.APIVersion)
	assert.Equal(t, token, e.fake.Webhooks(e.acc)[0].AuthToken)

	list, err := e.client.ListWebhooks(ctx)
	require.NoError(t, err)
	require.Len(t, list, 1)

	off, err := e.client.UpdateWebhook(ctx, wh.ID, asaas.WebhookUpdate{Enabled: new(false)})
	require.NoError(t, err)
	assert.False(t, off.Enabled)
	assert.Equal(t, "Bancada", off.Name, "fields not sent stay")
	on, err := e.client.UpdateWebhook(ctx, wh.ID, asaas.WebhookUpdate{Enabled: new(true), Interrupted: new(false)})
	require.NoError(t, err)
	assert.True(t, on.Enabled)

	one, err := e.client.GetWebhook(ctx, wh.ID)
	require.NoError(t, err)
	assert.Equal(t, on, one)

	_, err = e.client.CreateWebhook(ctx, asaas.WebhookConfig{Name: "x", URL: "ftp://nope", Enabled: true, AuthToken: "short"})
	require.True(t, asaas.IsValidation(err), err)
	apiErr, _ := asaas.AsAPIError(err)
	assert.True(t, apiErr.HasCode("invalid_url"))
	assert.True(t, apiErr.HasCode("invalid_authToken"))
	assert.True(t, apiErr.HasCode("invalid_events"))

	require.NoError(t, e.client.DeleteWebhook(ctx, wh.ID))
	list, err = e.client.ListWebhooks(ctx)
	require.NoError(t, err)
	assert.Empty(t, list)
	assert.True(t, asaas.IsNotFound(e.client.DeleteWebhook(ctx, wh.ID)))
}

func TestMyAccountAndPing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	info, err := e.client.MyAccount(context.Background())
	require.NoError(t, err)
	assert.Equal(t, e.acc.Name, info.Name)
	assert.Equal(t, "APPROVED", info.Status)
	require.NoError(t, e.client.Ping(context.Background()))

	calls := e.fake.Calls()
	require.Len(t, calls, 2)
	assert.Equal(t, "/v3/myAccount/commercialInfo", calls[0].Path)
	assert.Equal(t, "/v3/customers", calls[1].Path)
	assert.Equal(t, "limit=1", calls[1].RawQuery)
}
