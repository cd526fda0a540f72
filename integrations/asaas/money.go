package asaas

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// maxCentsDigits bounds the digits ParseReais hands to strconv (an int64 has
// at most 19); strconv then rejects the values that still overflow.
const maxCentsDigits = 19

// Reais is an amount of money held as int64 centavos that travels on the
// wire as Asaas does: a JSON number in reais ("value": 100.9). Conversion is
// done on the decimal text, never through float64, so 0.1 + 0.2 is exactly
// 30 centavos.
type Reais int64

// MarshalJSON writes the amount as a JSON number with two decimals, e.g. 123.45.
func (r Reais) MarshalJSON() ([]byte, error) {
	return []byte(CentsToReais(int64(r))), nil
}

// UnmarshalJSON reads a JSON number in reais (100, 100.9, 94.51, 1.0E7), a
// quoted decimal ("100.90") or null (zero). More than two decimals are
// rounded half-up.
func (r *Reais) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*r = 0
		return nil
	}
	s := string(b)
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("asaas: money: %w", err)
		}
	}
	cents, err := ParseReais(s)
	if err != nil {
		return err
	}
	*r = Reais(cents)
	return nil
}

// Cents returns the amount in centavos.
func (r Reais) Cents() int64 { return int64(r) }

// String returns the amount in reais with two decimals, e.g. "123.45".
func (r Reais) String() string { return CentsToReais(int64(r)) }

// CentsToReais formats centavos as a decimal string in reais with exactly two
// decimals: 12345 → "123.45", -5 → "-0.05".
func CentsToReais(cents int64) string {
	sign := ""
	u := uint64(cents)
	if cents < 0 {
		sign = "-"
		u = uint64(-(cents + 1)) + 1 // safe for math.MinInt64
	}
	return fmt.Sprintf("%s%d.%02d", sign, u/100, u%100)
}

// errBadMoney is wrapped by every ParseReais failure.
var errBadMoney = errors.New("invalid money amount")

// ParseReais parses a decimal amount in reais ("100", "100.9", "94.51",
// "0.1", "-3.5", "1.0E7") into centavos using decimal string arithmetic only.
// Digits beyond the second decimal are rounded half-up (away from zero), as
// Java's BigDecimal ROUND_HALF_UP does.
func ParseReais(s string) (int64, error) {
	orig := s
	s = strings.TrimSpace(s)
	fail := func(why string) (int64, error) {
		return 0, fmt.Errorf("asaas: %w %q: %s", errBadMoney, orig, why)
	}
	if s == "" {
		return fail("empty")
	}
	neg := false
	switch s[0] {
	case '-':
		neg = true
		s = s[1:]
	case '+':
		s = s[1:]
	}

	exp := 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.Atoi(s[i+1:])
		if err != nil || e > 40 || e < -40 {
			return fail("bad exponent")
		}
		exp = e
		s = s[:i]
	}

	intPart, fracPart, _ := strings.Cut(s, ".")
	if intPart == "" && fracPart == "" {
		return fail("no digits")
	}
	if !allDigits(intPart) || !allDigits(fracPart) {
		return fail("not a decimal number")
	}

	// value = digits × 10^shift centavos.
	digits := intPart + fracPart
	shift := exp - len(fracPart) + 2
	roundUp := false
	if shift >= 0 {
		digits += strings.Repeat("0", shift)
	} else {
		drop := -shift
		if drop > len(digits) {
			digits = strings.Repeat("0", drop-len(digits)) + digits
		}
		cut := len(digits) - drop
		roundUp = digits[cut] >= '5'
		digits = digits[:cut]
	}

	digits = strings.TrimLeft(digits, "0")
	if len(digits) > maxCentsDigits {
		return fail("too large")
	}
	var cents int64
	if digits != "" {
		v, err := strconv.ParseInt(digits, 10, 64)
		if err != nil {
			return fail("too large")
		}
		cents = v
	}
	if roundUp {
		cents++
	}
	if neg {
		cents = -cents
	}
	return cents, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
