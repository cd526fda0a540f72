package pricing_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/pricing"
)

func rules() []pricing.Rule {
	return []pricing.Rule{
		{ID: "phone", DeviceType: "phone", PriceCents: 15000},
		{ID: "phone-screen", DeviceType: "phone", Service: "screen", PriceCents: 25000},
		{ID: "apple-model", DeviceType: "phone", Brand: "Apple", ModelContains: "iPhone 8", PriceCents: 21000},
		{ID: "apple", DeviceType: "phone", Brand: "Apple", PriceCents: 30000},
		{ID: "apple-screen", DeviceType: "phone", Brand: "apple", Service: "Tela", PriceCents: 45000},
		{ID: "apple-11-screen", DeviceType: "phone", Brand: "Apple", Service: "screen", ModelContains: "iPhone 11", PriceCents: 60000},
		{ID: "apple-11pro-screen", DeviceType: "phone", Brand: "Apple", Service: "screen", ModelContains: "iphone 11 pro", PriceCents: 90000},
		{ID: "moto-model-screen", DeviceType: "phone", ModelContains: "Moto G", Service: "screen", PriceCents: 27000},
		{ID: "any-battery", Service: "battery", PriceCents: 9900},
		{ID: "console-sony", DeviceType: "console", Brand: "Sony", PriceCents: 35000},
		{ID: "camera-dup-1", DeviceType: "tablet", Service: "camera", PriceCents: 1000},
		{ID: "camera-dup-2", DeviceType: "tablet", Service: "camera", PriceCents: 2000},
	}
}

func TestMatchSpecificity(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		q    pricing.Query
		want string // rule ID, "" = no match
	}{
		{"type+brand+model+service beats everything", pricing.Query{DeviceType: "phone", Brand: "Apple", Model: "iPhone 11", Service: "screen"}, "apple-11-screen"},
		{"longer model text wins a tie", pricing.Query{DeviceType: "phone", Brand: "Apple", Model: "iPhone 11 Pro Max", Service: "screen"}, "apple-11pro-screen"},
		{"model matched without spaces", pricing.Query{DeviceType: "phone", Brand: "Apple", Model: "iphone11", Service: "screen"}, "apple-11-screen"},
		{"type+brand+service when the model has no rule", pricing.Query{DeviceType: "phone", Brand: "Apple", Model: "iPhone 13", Service: "screen"}, "apple-screen"},
		{"type+brand+service beats type+brand+model", pricing.Query{DeviceType: "phone", Brand: "Apple", Model: "iPhone 8", Service: "screen"}, "apple-screen"},
		{"type+brand+model beats type+brand", pricing.Query{DeviceType: "phone", Brand: "Apple", Model: "iPhone 8 Plus", Service: "battery"}, "apple-model"},
		{"type+brand when nothing narrower", pricing.Query{DeviceType: "phone", Brand: "Apple", Model: "iPhone 13", Service: "camera"}, "apple"},
		{"brand accent and case insensitive", pricing.Query{DeviceType: "PHONE", Brand: "ÁPPLE", Service: "camera"}, "apple"},
		{"service given as Portuguese label", pricing.Query{DeviceType: "phone", Brand: "Apple", Model: "iPhone 13", Service: "Tela"}, "apple-screen"},
		{"type+model+service beats type+service", pricing.Query{DeviceType: "phone", Brand: "Motorola", Model: "Moto G8 Power", Service: "screen"}, "moto-model-screen"},
		{"type+service for an unknown brand", pricing.Query{DeviceType: "phone", Brand: "Samsung", Model: "Galaxy A52", Service: "screen"}, "phone-screen"},
		{"type default", pricing.Query{DeviceType: "phone", Brand: "Samsung", Service: "camera"}, "phone"},
		{"typed default beats an untyped service rule", pricing.Query{DeviceType: "phone", Brand: "Samsung", Service: "battery"}, "phone"},
		{"untyped rule is a last resort", pricing.Query{DeviceType: "computer", Brand: "Dell", Service: "battery"}, "any-battery"},
		{"brand rule of another type does not apply", pricing.Query{DeviceType: "console", Brand: "Microsoft", Service: "other"}, ""},
		{"console by brand", pricing.Query{DeviceType: "console", Brand: "sony", Model: "PlayStation 5"}, "console-sony"},
		{"first of equal rules wins", pricing.Query{DeviceType: "tablet", Service: "camera"}, "camera-dup-1"},
		{"model rule needs a model", pricing.Query{DeviceType: "phone", Brand: "Motorola", Service: "screen"}, "phone-screen"},
		{"empty query type matches only untyped rules", pricing.Query{Service: "battery"}, "any-battery"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r, ok := pricing.Match(rules(), tc.q)
			if tc.want == "" {
				assert.False(t, ok, "matched %q", r.ID)
				return
			}
			require.True(t, ok)
			assert.Equal(t, tc.want, r.ID)
		})
	}
}

func TestMatchNoRules(t *testing.T) {
	t.Parallel()
	_, ok := pricing.Match(nil, pricing.Query{DeviceType: "phone"})
	assert.False(t, ok)
}

func TestApply(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 1, 13, 0, 0, 0, time.UTC)
	old := now.AddDate(-1, 0, 0)
	justOver := now.Add(-180*24*time.Hour - time.Second)
	exactly := now.Add(-180 * 24 * time.Hour)
	ten := pricing.Discount{Percent: 10, MinCustomerDays: 180}
	cases := []struct {
		name    string
		price   int64
		d       pricing.Discount
		since   time.Time
		want    int64
		applied bool
	}{
		{"10% of R$ 500,00", 50000, ten, old, 45000, true},
		{"half a centavo rounds up", 1005, ten, old, 905, true},                  // 904,5
		{"below half rounds down", 1004, ten, old, 904, true},                    // 903,6 → 904
		{"0,4 rounds down", 1009, pricing.Discount{Percent: 15}, old, 858, true}, // 857,65 → 858
		{"7% of R$ 1,50", 150, pricing.Discount{Percent: 7}, old, 140, true},     // 139,5 → 140
		{"7% of R$ 1,49", 149, pricing.Discount{Percent: 7}, old, 139, true},     // 138,57 → 139
		{"33% of R$ 0,01", 1, pricing.Discount{Percent: 33}, old, 1, true},       // 0,67 → 1
		{"50% of R$ 0,01", 1, pricing.Discount{Percent: 50}, old, 1, true},       // 0,5 → 1
		{"60% of R$ 0,01", 1, pricing.Discount{Percent: 60}, old, 0, true},       // 0,4 → 0
		{"large price stays exact", 123456789012, pricing.Discount{Percent: 3}, old, 119753085342, true},
		{"more than 100% is 100%", 50000, pricing.Discount{Percent: 150}, old, 0, true},
		{"customer just over the limit", 50000, ten, justOver, 45000, true},
		{"customer exactly at the limit is not older", 50000, ten, exactly, 50000, false},
		{"new customer pays full price", 50000, ten, now.AddDate(0, -1, 0), 50000, false},
		{"unknown registration date", 50000, ten, time.Time{}, 50000, false},
		{"no minimum days: everyone, even unknown date", 50000, pricing.Discount{Percent: 5}, time.Time{}, 47500, true},
		{"rule off", 50000, pricing.Discount{Percent: 0, MinCustomerDays: 180}, old, 50000, false},
		{"negative percent is off", 50000, pricing.Discount{Percent: -10}, old, 50000, false},
		{"zero price untouched", 0, ten, old, 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, applied := pricing.Apply(tc.price, tc.d, tc.since, now)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.applied, applied)
		})
	}
}

func TestCompute(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 1, 13, 0, 0, 0, time.UTC)
	d := pricing.Discount{Percent: 10, MinCustomerDays: 180}
	q, ok := pricing.Compute(rules(), pricing.Query{DeviceType: "phone", Brand: "Apple", Model: "iPhone 11", Service: "screen"}, d, now.AddDate(-2, 0, 0), now)
	require.True(t, ok)
	assert.Equal(t, pricing.Quote{Rule: rules()[5], BaseCents: 60000, FinalCents: 54000, DiscountApplied: true}, q)

	_, ok = pricing.Compute(rules(), pricing.Query{DeviceType: "other"}, d, now, now)
	assert.False(t, ok)
}

func TestLabelsAndKeys(t *testing.T) {
	t.Parallel()
	assert.Len(t, pricing.DeviceTypes(), 5)
	assert.Len(t, pricing.Services(), 10)
	assert.Equal(t, "Conector de carga", pricing.ServiceLabel(pricing.ServiceCharging))
	assert.Equal(t, "Computador/notebook", pricing.DeviceTypeLabel(pricing.TypeComputer))
	assert.Equal(t, "xyz", pricing.ServiceLabel("xyz"))
	for in, want := range map[string]string{"Câmera": "camera", "CAMERA": "camera", " tela ": "screen", "Dano por liquido": "water", "nada": "", "": ""} {
		assert.Equal(t, want, pricing.ServiceKey(in), in)
	}
	assert.Equal(t, "phone", pricing.DeviceTypeKey("celular"))
	assert.Equal(t, "console", pricing.DeviceTypeKey("console"))
}

func TestFoldShortcutAgreesWithBr(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"apple", "Apple", "ÁPPLE", " apple", "apple ", "a  b", "a b", "câmera", "iphone 11", "\tx", ""} {
		r1, ok1 := pricing.Match([]pricing.Rule{{ID: "x", Brand: s}}, pricing.Query{Brand: s})
		assert.True(t, ok1, "%q matches itself", s)
		assert.Equal(t, "x", r1.ID)
	}
	_, ok := pricing.Match([]pricing.Rule{{Brand: "Apple"}}, pricing.Query{Brand: " apple  "})
	assert.True(t, ok)
}
