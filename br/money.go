package br

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// ErrInvalidMoney matches every error returned by ParseBRL.
var ErrInvalidMoney = errors.New("valor inválido")

// Specific ParseBRL errors; each also matches ErrInvalidMoney.
var (
	// ErrMoneyEmpty reports an empty amount.
	ErrMoneyEmpty = newValidationError("valor não informado", ErrInvalidMoney)
	// ErrMoneyFormat reports an amount that is not a Brazilian number.
	ErrMoneyFormat = newValidationError("valor inválido (use o formato 1.234,50)", ErrInvalidMoney)
	// ErrMoneyDecimals reports more than two decimal places.
	ErrMoneyDecimals = newValidationError("valor inválido (no máximo 2 casas decimais)", ErrInvalidMoney)
	// ErrMoneyTooLarge reports an amount that does not fit in int64 centavos.
	ErrMoneyTooLarge = newValidationError("valor muito alto", ErrInvalidMoney)
)

// FormatBRL formats centavos as Brazilian reais: "R$ 1.234,50", "R$ 0,05", "-R$ 10,00".
func FormatBRL(centavos int64) string {
	neg := centavos < 0
	// uint64 keeps math.MinInt64 representable.
	u := uint64(centavos)
	if neg {
		u = -u
	}
	reais, cents := u/100, u%100

	digits := strconv.FormatUint(reais, 10)
	var b strings.Builder
	b.Grow(len(digits) + len(digits)/3 + 8)
	if neg {
		b.WriteByte('-')
	}
	b.WriteString("R$ ")
	for i := 0; i < len(digits); i++ {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteByte(digits[i])
	}
	b.WriteByte(',')
	b.WriteByte(byte('0' + cents/10))
	b.WriteByte(byte('0' + cents%10))
	return b.String()
}

// ParseBRL parses an amount typed by a person into centavos, exactly (no floats).
//
// It accepts an optional leading '-', an optional "R$" prefix, '.' as the
// thousands separator and ',' as the decimal separator ("1.234,50",
// "R$ 1.234,50", " R$12,3 " → 1230, "12" → 1200). Without a comma, a single dot
// followed by exactly two digits is a decimal point ("1234.50"). Thousands
// groups must have three digits and at most two decimals are allowed.
func ParseBRL(s string) (int64, error) {
	s = strings.TrimFunc(s, unicode.IsSpace)
	if s == "" {
		return 0, ErrMoneyEmpty
	}

	neg := false
	if strings.HasPrefix(s, "-") {
		neg = true
		s = strings.TrimLeftFunc(s[1:], unicode.IsSpace)
	}
	if len(s) >= 2 && (s[0] == 'R' || s[0] == 'r') && s[1] == '$' {
		s = strings.TrimLeftFunc(s[2:], unicode.IsSpace)
		if !neg && strings.HasPrefix(s, "-") {
			neg = true
			s = strings.TrimLeftFunc(s[1:], unicode.IsSpace)
		}
	}
	if s == "" {
		return 0, ErrMoneyFormat
	}

	intPart, fracPart, hasFrac, err := splitDecimal(s)
	if err != nil {
		return 0, err
	}

	intDigits, err := stripThousands(intPart)
	if err != nil {
		return 0, err
	}
	if hasFrac {
		if fracPart == "" || !allDigits(fracPart) {
			return 0, ErrMoneyFormat
		}
		if len(fracPart) > 2 {
			return 0, ErrMoneyDecimals
		}
	}
	for len(fracPart) < 2 {
		fracPart += "0"
	}

	var v uint64
	for _, c := range intDigits + fracPart {
		d := uint64(c - '0')
		if v > (math.MaxInt64-d)/10 {
			return 0, ErrMoneyTooLarge
		}
		v = v*10 + d
	}
	if neg {
		return -int64(v), nil
	}
	return int64(v), nil
}

// splitDecimal splits s at its decimal separator: the only comma, or else a
// single dot followed by exactly two digits.
func splitDecimal(s string) (intPart, fracPart string, hasFrac bool, err error) {
	switch strings.Count(s, ",") {
	case 0:
	case 1:
		i := strings.IndexByte(s, ',')
		return s[:i], s[i+1:], true, nil
	default:
		return "", "", false, ErrMoneyFormat
	}
	if strings.Count(s, ".") == 1 {
		i := strings.IndexByte(s, '.')
		if len(s)-i-1 == 2 {
			return s[:i], s[i+1:], true, nil
		}
	}
	return s, "", false, nil
}

// stripThousands validates the integer part (digits with optional '.' every
// three digits) and returns its digits.
func stripThousands(s string) (string, error) {
	if s == "" {
		return "", ErrMoneyFormat
	}
	if !strings.Contains(s, ".") {
		if !allDigits(s) {
			return "", ErrMoneyFormat
		}
		return s, nil
	}
	groups := strings.Split(s, ".")
	for i, g := range groups {
		if !allDigits(g) || g == "" {
			return "", ErrMoneyFormat
		}
		// A leading zero group ("0.500") is ambiguous, not a thousands form.
		if i == 0 && (len(g) > 3 || g[0] == '0') || i > 0 && len(g) != 3 {
			return "", ErrMoneyFormat
		}
	}
	return strings.Join(groups, ""), nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
