package br

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFormatBRL(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   int64
		want string
	}{
		{0, "R$ 0,00"},
		{5, "R$ 0,05"},
		{10, "R$ 0,10"},
		{99, "R$ 0,99"},
		{100, "R$ 1,00"},
		{123450, "R$ 1.234,50"},
		{99999, "R$ 999,99"},
		{100000, "R$ 1.000,00"},
		{-1000, "-R$ 10,00"},
		{-5, "-R$ 0,05"},
		{100000000, "R$ 1.000.000,00"},
		{12345678901, "R$ 123.456.789,01"},
		{math.MaxInt64, "R$ 92.233.720.368.547.758,07"},
		{math.MinInt64, "-R$ 92.233.720.368.547.758,08"},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, FormatBRL(tc.in), "FormatBRL(%d)", tc.in)
	}
}

func TestParseBRLValid(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want int64
	}{
		{"1234,50", 123450},
		{"1.234,50", 123450},
		{"R$ 1.234,50", 123450},
		{"R$1.234,50", 123450},
		{"r$ 1.234,50", 123450},
		{"1234.50", 123450},
		{"0.05", 5},
		{"12", 1200},
		{" R$12,3 ", 1230},
		{"0,05", 5},
		{"0", 0},
		{"-0,00", 0},
		{"1.234", 123400},
		{"1.234.567", 123456700},
		{"1.234.567,89", 123456789},
		{"1000000", 100000000},
		{"-10,00", -1000},
		{"-R$ 10,00", -1000},
		{"R$ -10,00", -1000},
		{"- 10", -1000},
		{"R$\u00a01.234,50", 123450}, // non-breaking space, as Intl.NumberFormat writes it
		{"\t7,5\n", 750},
		{"007", 700},
		{"92233720368547758,07", math.MaxInt64},
	}
	for _, tc := range cases {
		got, err := ParseBRL(tc.in)
		require.NoError(t, err, "ParseBRL(%q)", tc.in)
		assert.Equal(t, tc.want, got, "ParseBRL(%q)", tc.in)
	}
}

func TestParseBRLInvalid(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want error
	}{
		{"", ErrMoneyEmpty},
		{"   ", ErrMoneyEmpty},
		{"abc", ErrMoneyFormat},
		{"R$", ErrMoneyFormat},
		{"-", ErrMoneyFormat},
		{"12,", ErrMoneyFormat},
		{",50", ErrMoneyFormat},
		{"1,2,3", ErrMoneyFormat},
		{"12,345", ErrMoneyDecimals},
		{"1.234,567", ErrMoneyDecimals},
		{"12.345.67", ErrMoneyFormat},
		{"1234.5", ErrMoneyFormat},    // one dot, one digit: ambiguous
		{"1234.567", ErrMoneyFormat},  // one dot, three digits, but a 4-digit group
		{"12.34.567", ErrMoneyFormat}, // bad grouping
		{"1.23,50", ErrMoneyFormat},
		{"0.500", ErrMoneyFormat}, // leading zero group is not thousands
		{"1,234.50", ErrMoneyFormat},
		{"1.234.50", ErrMoneyFormat},
		{"10-", ErrMoneyFormat},
		{"(10,00)", ErrMoneyFormat},
		{"--10", ErrMoneyFormat},
		{"+10", ErrMoneyFormat},
		{"1e3", ErrMoneyFormat},
		{"12,3a", ErrMoneyFormat},
		{"12,-3", ErrMoneyFormat},
		{"US$ 10", ErrMoneyFormat},
		{"10 reais", ErrMoneyFormat},
		{"1 234,50", ErrMoneyFormat},
		{"R$ 1.234,50 R$", ErrMoneyFormat},
		{"٣", ErrMoneyFormat}, // non-ASCII digit
		{"92233720368547758,08", ErrMoneyTooLarge},
		{"99999999999999999999", ErrMoneyTooLarge},
	}
	for _, tc := range cases {
		got, err := ParseBRL(tc.in)
		require.Error(t, err, "ParseBRL(%q) = %d", tc.in, got)
		assert.ErrorIs(t, err, tc.want, "ParseBRL(%q)", tc.in)
		assert.ErrorIs(t, err, ErrInvalidMoney, "ParseBRL(%q)", tc.in)
		assert.Zero(t, got)
	}
}

func TestParseBRLErrorMessagesArePortuguese(t *testing.T) {
	t.Parallel()
	_, err := ParseBRL("12,345")
	assert.EqualError(t, err, "valor inválido (no máximo 2 casas decimais)")
	_, err = ParseBRL("abc")
	assert.EqualError(t, err, "valor inválido (use o formato 1.234,50)")
}

// TestBRLRoundTrip checks FormatBRL and ParseBRL are inverses over a spread of
// values: every small value, then a geometric walk up to the int64 limits.
func TestBRLRoundTrip(t *testing.T) {
	t.Parallel()
	check := func(v int64) {
		s := FormatBRL(v)
		got, err := ParseBRL(s)
		require.NoError(t, err, "ParseBRL(FormatBRL(%d)) = ParseBRL(%q)", v, s)
		require.Equal(t, v, got, "round trip through %q", s)
	}
	for v := int64(-100_000); v <= 100_000; v++ {
		check(v)
	}
	for v := int64(1); v > 0 && v < math.MaxInt64/3; v = v*3 + 7 {
		check(v)
		check(-v)
		check(v + 99)
	}
	check(math.MaxInt64)
	check(math.MinInt64 + 1)
}
