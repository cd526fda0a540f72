package asaas

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseWebhookTestdata(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file  string
		check func(t *testing.T, ev *WebhookEvent)
	}{
		{"payment_received.json", func(t *testing.T, ev *WebhookEvent) {
			assert.Equal(t, "evt_05b708f961d739ea7eba7e4db318f621&368604920", ev.ID)
			assert.Equal(t, EventPaymentReceived, ev.Event)
			assert.Equal(t, time.Date(2024, 6, 12, 19, 45, 3, 0, time.UTC), ev.CreatedAt())
			assert.Nil(t, ev.Account)
			p := ev.Payment
			require.NotNil(t, p)
			assert.Equal(t, "pay_080225913252", p.ID)
			assert.Equal(t, "sub_VXJBYgP2u0eO", p.Subscription)
			assert.Equal(t, int64(10000), p.ValueCents)
			assert.Equal(t, int64(9451), p.NetValueCents)
			assert.Zero(t, p.OriginalValueCents)
			assert.Equal(t, BillingCreditCard, p.BillingType)
			assert.True(t, p.Status.IsPaid())
			assert.Equal(t, MustParseDate("2021-01-01"), p.PaymentDate)
			assert.Equal(t, MustParseDate("2021-02-01"), p.EstimatedCreditDate)
			assert.Equal(t, "https://www.asaas.com/i/080225913252", p.InvoiceURL)
			assert.Empty(t, p.BankSlipURL)
			assert.Equal(t, "056984", p.ExternalReference)
			require.Len(t, p.Split, 1)
			assert.Equal(t, int64(2000), p.Split[0].FixedValueCents)
			require.NotNil(t, p.Chargeback)
			assert.Equal(t, "PROCESS_ERROR", p.Chargeback.Reason)
			assert.Nil(t, p.Refunds)
			assert.Nil(t, ev.Subscription)
		}},
		{"payment_confirmed.json", func(t *testing.T, ev *WebhookEvent) {
			assert.Equal(t, EventPaymentConfirmed, ev.Event)
			require.NotNil(t, ev.Account)
			assert.Equal(t, "6f1d2c3b-4a59-4e8d-9c7b-1a2b3c4d5e6f", ev.Account.ID)
			assert.Empty(t, ev.Account.OwnerID)
			assert.Equal(t, "pay_1_a1B2c3D4e5F6g7", ev.Payment.ID)
			assert.Equal(t, int64(35050), ev.Payment.ValueCents)
			assert.Equal(t, int64(33953), ev.Payment.NetValueCents)
			assert.Equal(t, StatusConfirmed, ev.Payment.Status)
			assert.True(t, ev.Payment.Status.IsPaid())
			assert.Empty(t, ev.Payment.Subscription)
			assert.True(t, ev.Payment.PaymentDate.IsZero())
			assert.Equal(t, "tnt_8h2k:os_1042", ev.Payment.ExternalReference)
		}},
		{"payment_overdue.json", func(t *testing.T, ev *WebhookEvent) {
			assert.Equal(t, EventPaymentOverdue, ev.Event)
			assert.Equal(t, "0c9a8b7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d", ev.Account.OwnerID)
			assert.Equal(t, StatusOverdue, ev.Payment.Status)
			assert.False(t, ev.Payment.Status.IsPaid())
			assert.Equal(t, "sub_m5gdy1upm25fbwgx", ev.Payment.Subscription)
			assert.Equal(t, int64(8990), ev.Payment.ValueCents)
			assert.Equal(t, "https://www.asaas.com/b/pdf/4w5x6y7z8a9b", ev.Payment.BankSlipURL)
			assert.Equal(t, MustParseDate("2026-11-19"), ev.Payment.DueDate)
		}},
		{"payment_refunded.json", func(t *testing.T, ev *WebhookEvent) {
			assert.Equal(t, EventPaymentRefunded, ev.Event)
			assert.Equal(t, StatusRefunded, ev.Payment.Status)
			assert.False(t, ev.Payment.Status.IsPaid())
			require.Len(t, ev.Payment.Refunds, 1)
			r := ev.Payment.Refunds[0]
			assert.Equal(t, int64(12010), r.ValueCents)
			assert.Equal(t, "DONE", r.Status)
			assert.Equal(t, "Cliente desistiu do reparo", r.Description)
		}},
		{"payment_deleted.json", func(t *testing.T, ev *WebhookEvent) {
			assert.Equal(t, EventPaymentDeleted, ev.Event)
			assert.True(t, ev.Payment.Deleted)
			assert.Equal(t, BillingUndefined, ev.Payment.BillingType)
			assert.Equal(t, int64(4500), ev.Payment.ValueCents)
		}},
		{"payment_received_in_cash.json", func(t *testing.T, ev *WebhookEvent) {
			assert.Equal(t, EventPaymentReceived, ev.Event)
			assert.Equal(t, StatusReceivedInCash, ev.Payment.Status)
			assert.True(t, ev.Payment.Status.IsPaid())
			assert.Equal(t, int64(10), ev.Payment.ValueCents)
		}},
		{"payment_chargeback_requested.json", func(t *testing.T, ev *WebhookEvent) {
			assert.Equal(t, EventPaymentChargebackRequested, ev.Event)
			assert.Equal(t, StatusChargebackRequested, ev.Payment.Status)
			assert.False(t, ev.Payment.Status.IsPaid())
			assert.Equal(t, int64(199999), ev.Payment.ValueCents)
			assert.Equal(t, "ABSENCE_OF_PRINT", ev.Payment.Chargeback.Reason)
		}},
		{"subscription_updated_legacy.json", func(t *testing.T, ev *WebhookEvent) {
			assert.Equal(t, EventSubscriptionUpdated, ev.Event)
			assert.True(t, ev.Event.IsSubscription())
			assert.Nil(t, ev.Payment)
			s := ev.Subscription
			require.NotNil(t, s)
			assert.Equal(t, MustParseDate("2024-10-16"), s.DateCreated)
			assert.Equal(t, MustParseDate("2025-11-22"), s.NextDueDate)
			assert.Equal(t, int64(1990), s.ValueCents)
			assert.Equal(t, CycleMonthly, s.Cycle)
			assert.Equal(t, SubscriptionActive, s.Status)
			require.Len(t, s.Split, 1)
			assert.Equal(t, 20.0, s.Split[0].PercentualValue)
			assert.Zero(t, s.Split[0].FixedValueCents)
		}},
		{"subscription_updated.json", func(t *testing.T, ev *WebhookEvent) {
			s := ev.Subscription
			assert.Equal(t, MustParseDate("2024-10-16"), s.DateCreated)
			assert.Equal(t, MustParseDate("2026-12-22"), s.NextDueDate)
			assert.Equal(t, int64(12990), s.ValueCents)
			assert.Equal(t, BillingPix, s.BillingType)
			assert.Equal(t, "tenant:tnt_8h2k", s.ExternalReference)
		}},
		{"subscription_deleted_legacy.json", func(t *testing.T, ev *WebhookEvent) {
			assert.Equal(t, EventSubscriptionDeleted, ev.Event)
			assert.True(t, ev.Subscription.Deleted)
			assert.Equal(t, SubscriptionInactive, ev.Subscription.Status)
			assert.Equal(t, MustParseDate("2026-02-05"), ev.Subscription.NextDueDate)
			assert.Equal(t, MustParseDate("2025-03-05"), ev.Subscription.DateCreated)
		}},
		{"subscription_deleted.json", func(t *testing.T, ev *WebhookEvent) {
			assert.True(t, ev.Subscription.Deleted)
			assert.Equal(t, MustParseDate("2026-12-05"), ev.Subscription.NextDueDate)
			assert.Equal(t, int64(8990), ev.Subscription.ValueCents)
		}},
		{"unknown_event.json", func(t *testing.T, ev *WebhookEvent) {
			assert.Equal(t, EventType("CHECKOUT_PAID"), ev.Event)
			assert.False(t, ev.Event.IsPayment())
			assert.False(t, ev.Event.IsSubscription())
			assert.Equal(t, "evt_deadbeefdeadbeefdeadbeefdeadbeef&777", ev.ID)
			assert.Nil(t, ev.Payment)
			assert.Nil(t, ev.Subscription)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			body, err := os.ReadFile(filepath.Join("testdata", tt.file))
			require.NoError(t, err)
			ev, err := ParseWebhook(body)
			require.NoError(t, err)
			assert.NotEmpty(t, ev.ID)
			if ev.Event.IsPayment() {
				require.NotNil(t, ev.Payment)
			}
			tt.check(t, ev)
		})
	}
}

func TestParseWebhookErrors(t *testing.T) {
	t.Parallel()
	for _, body := range []string{``, `{`, `[]`, `{"id":"evt_1&1"}`, `{"event":"PAYMENT_RECEIVED","payment":{"value":"abc"}}`,
		`{"event":"PAYMENT_RECEIVED","payment":{"dueDate":"31/31/2026"}}`} {
		_, err := ParseWebhook([]byte(body))
		assert.Error(t, err, body)
	}
}

func TestPaymentJSONRoundTrip(t *testing.T) {
	t.Parallel()
	body, err := os.ReadFile(filepath.Join("testdata", "payment_refunded.json"))
	require.NoError(t, err)
	ev, err := ParseWebhook(body)
	require.NoError(t, err)

	b, err := ev.Payment.MarshalJSON()
	require.NoError(t, err)
	assert.Contains(t, string(b), `"value":120.10`)
	var back Payment
	require.NoError(t, back.UnmarshalJSON(b))
	assert.Equal(t, *ev.Payment, back)
}

func TestVerifyToken(t *testing.T) {
	t.Parallel()
	tests := []struct {
		got, want string
		ok        bool
	}{
		{"s3cr3t-token-of-thirty-two-chars!", "s3cr3t-token-of-thirty-two-chars!", true},
		{"s3cr3t-token-of-thirty-two-chars", "s3cr3t-token-of-thirty-two-chars!", false},
		{"", "s3cr3t", false},
		{"", "", false},
		{"anything", "", false},
		{"S3CR3T", "s3cr3t", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.ok, VerifyToken(tt.got, tt.want), "%q vs %q", tt.got, tt.want)
	}
}

func TestPaymentStatusIsPaid(t *testing.T) {
	t.Parallel()
	paid := map[PaymentStatus]bool{StatusReceived: true, StatusConfirmed: true, StatusReceivedInCash: true}
	for _, s := range []PaymentStatus{StatusPending, StatusReceived, StatusConfirmed, StatusOverdue, StatusRefunded,
		StatusReceivedInCash, StatusRefundRequested, StatusRefundInProgress, StatusChargebackRequested,
		StatusChargebackDispute, StatusAwaitingChargebackReversal, StatusDunningRequested, StatusDunningReceived,
		StatusAwaitingRiskAnalysis, "SOMETHING_NEW"} {
		assert.Equal(t, paid[s], s.IsPaid(), s)
	}
}
