package asaas

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
)

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
// rounded half away from zero.
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

// decimalSyntax is the only text ParseReais accepts: an optionally signed
// decimal with at least one digit, an optional fraction and an optional
// base-10 exponent. It keeps out what big.Rat would also read (fractions
// "1/2", hexadecimal "0x1p3", underscores).
var decimalSyntax = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

// maxExponent bounds the exponent, so a hostile "1e999999999" never asks
// big.Rat for a billion-digit number.
const maxExponent = 40

// ParseReais parses a decimal amount in reais ("100", "100.9", "94.51",
// "0.1", "-3.5", "1.0E7") into centavos exactly (math/big.Rat, never
// float64). Digits beyond the second decimal are rounded half away from
// zero, as Java's BigDecimal ROUND_HALF_UP does.
func ParseReais(s string) (int64, error) {
	fail := func(why string) (int64, error) {
		return 0, fmt.Errorf("asaas: %w %q: %s", errBadMoney, s, why)
	}
	text := strings.TrimSpace(s)
	m := decimalSyntax.FindStringSubmatch(text)
	if m == nil {
		return fail("not a decimal number")
	}
	if m[2] != "" {
		e, err := strconv.Atoi(strings.TrimPrefix(m[2][1:], "+"))
		if err != nil || e > maxExponent || e < -maxExponent {
			return fail("bad exponent")
		}
	}
	r, ok := new(big.Rat).SetString(text)
	if !ok {
		return fail("not a decimal number")
	}
	cents := roundHalfAway(r.Mul(r, big.NewRat(100, 1)))
	if !cents.IsInt64() {
		return fail("too large")
	}
	return cents.Int64(), nil
}

// roundHalfAway rounds r to the nearest integer, halves away from zero.
func roundHalfAway(r *big.Rat) *big.Int {
	q, rem := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	// |rem| / denom >= 1/2  ⇔  2·|rem| >= denom
	if rem.Abs(rem).Lsh(rem, 1).Cmp(r.Denom()) >= 0 {
		if r.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}
