package asaas

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCentsToReais(t *testing.T) {
	t.Parallel()
	tests := []struct {
		cents int64
		want  string
	}{
		{0, "0.00"},
		{1, "0.01"},
		{10, "0.10"},
		{100, "1.00"},
		{12345, "123.45"},
		{-5, "-0.05"},
		{-12345, "-123.45"},
		{math.MaxInt64, "92233720368547758.07"},
		{math.MinInt64, "-92233720368547758.08"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, CentsToReais(tt.cents), "cents %d", tt.cents)
	}
}

func TestParseReais(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want int64
	}{
		{"100", 10000},
		{"100.9", 10090},
		{"100.90", 10090},
		{"94.51", 9451},
		{"0.1", 10},
		{"0.01", 1},
		{".5", 50},
		{"1.", 100},
		{"0", 0},
		{"-3.5", -350},
		{"+2", 200},
		{" 7.25 ", 725},
		{"1.0E7", 1000000000},
		{"1e2", 10000},
		{"12345e-2", 12345},
		{"0.125", 13},   // half-up
		{"0.124", 12},   // down
		{"0.1250", 13},  // half-up with trailing zero
		{"-0.125", -13}, // half away from zero
		{"0.005", 1},
		{"0.0049", 0},
		{"1e-5", 0},
		{"000123.40", 12340},
		{"92233720368547758.07", math.MaxInt64},
		{"-92233720368547758.08", math.MinInt64},
		{"1e+2", 10000},
		{"+.5", 50},
		{"-0.005", -1}, // half away from zero
		{"-0.0049", 0}, // toward zero below the half
		{"2.675", 268}, // 2.675 is not exact in float64; exact here
		{"1.005", 101}, // same
		{"0.004999999999999999999999", 0},
		{"0.005000000000000000000001", 1},
		{"1E-40", 0},
	}
	for _, tt := range tests {
		got, err := ParseReais(tt.in)
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
}

func TestParseReaisErrors(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"", "-", ".", "abc", "1,50", "1.2.3", "1e", "1e99", "--1", "1 000", "NaN", "Infinity",
		"99999999999999999999", "92233720368547758.08", "-92233720368547758.09",
		"1/2", "0x10", "0x1p3", "1_000", "1e999999999", "1e-41", "e2", "+-1", "1.5e", "−1", "0b101", "Inf", "1.5.e2"} {
		_, err := ParseReais(in)
		assert.ErrorIs(t, err, errBadMoney, "%q should fail", in)
	}
}

// TestReaisRoundTripProperty checks parse(format(c)) == c and the JSON round
// trip for random amounts, including the extremes.
func TestReaisRoundTripProperty(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	samples := []int64{0, 1, -1, 99, 100, 101, math.MaxInt64, math.MinInt64 + 1}
	for range 5000 {
		samples = append(samples, rng.Int64N(1_000_000_000_00)-50_000_000_00, rng.Int64())
	}
	for _, c := range samples {
		got, err := ParseReais(CentsToReais(c))
		require.NoError(t, err)
		require.Equal(t, c, got)

		b, err := json.Marshal(Reais(c))
		require.NoError(t, err)
		var back Reais
		require.NoError(t, json.Unmarshal(b, &back))
		require.Equal(t, c, back.Cents())

		// The same amount written as Asaas does, without trailing zeros
		// (100.9, 100), parses identically, bare or quoted.
		trimmed := strings.TrimSuffix(strings.TrimRight(CentsToReais(c), "0"), ".")
		var bare, quoted Reais
		require.NoError(t, json.Unmarshal([]byte(trimmed), &bare), trimmed)
		require.Equal(t, c, bare.Cents(), trimmed)
		require.NoError(t, json.Unmarshal([]byte(strconv.Quote(trimmed)), &quoted))
		require.Equal(t, c, quoted.Cents())
	}
}

func TestReaisSumIsExact(t *testing.T) {
	t.Parallel()
	var a, b Reais
	require.NoError(t, json.Unmarshal([]byte("0.10"), &a))
	require.NoError(t, json.Unmarshal([]byte("0.2"), &b))
	assert.Equal(t, int64(30), a.Cents()+b.Cents())
	assert.Equal(t, "0.30", CentsToReais(a.Cents()+b.Cents()))
}

func TestReaisJSON(t *testing.T) {
	t.Parallel()
	var r Reais
	require.NoError(t, json.Unmarshal([]byte(`null`), &r))
	assert.Equal(t, Reais(0), r)
	require.NoError(t, json.Unmarshal([]byte(`"100.90"`), &r))
	assert.Equal(t, Reais(10090), r)
	assert.Error(t, json.Unmarshal([]byte(`true`), &r))
	assert.Error(t, json.Unmarshal([]byte(`"1,5"`), &r))

	b, err := json.Marshal(struct {
		V Reais `json:"value"`
	}{12345})
	require.NoError(t, err)
	assert.JSONEq(t, `{"value":123.45}`, string(b))
	assert.Equal(t, "123.45", Reais(12345).String())
}
