package asaasfake

import (
	"fmt"
	"strings"
)

const (
	alnum      = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"
)

// randString draws n characters of set from the server's seeded generator
// (deterministic per server). Callers hold s.mu.
func (s *Server) randString(set string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = set[s.rng.IntN(len(set))]
	}
	return string(b)
}

// uuid draws a random version-4 UUID. Callers hold s.mu.
func (s *Server) uuid() string {
	a, b := s.rng.Uint64(), s.rng.Uint64()
	a = a&^0xf000 | 0x4000     // version 4
	b = b&^(0xc<<60) | 0x8<<60 // variant 10
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", a>>32, a>>16&0xffff, a&0xffff, b>>48, b&0xffffffffffff)
}

// Identifier shapes as Asaas issues them today (never validated by clients):
// cus_000005219613, pay_1_a1B2c3D4e5F6g7 (from November 2026),
// sub_m5gdy1upm25fbwgx, evt_<32 hex>&<n>.
func (s *Server) newCustomerID() string {
	s.seq++
	return fmt.Sprintf("cus_%012d", 5219612+s.seq)
}

func (s *Server) newPaymentID() string { return "pay_1_" + s.randString(alnum, 14) }

func (s *Server) newSubscriptionID() string { return "sub_" + s.randString(lowerAlnum, 16) }

func (s *Server) newEventID() string {
	s.eventSeq++
	return fmt.Sprintf("evt_%016x%016x&%d", s.rng.Uint64(), s.rng.Uint64(), 368604919+s.eventSeq)
}

// normalizeDoc keeps the letters and digits of a CPF/CNPJ, upper case.
func normalizeDoc(doc string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(doc) {
		if (r >= '0' && r <= '9') || (r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// validDoc checks a CPF (11 digits) or CNPJ (14 characters, the first 12
// alphanumeric since July 2026) by its check digits, as Asaas does.
func validDoc(doc string) bool {
	switch len(doc) {
	case 11:
		return validCPF(doc)
	case 14:
		return validCNPJ(doc)
	}
	return false
}

func validCPF(d string) bool {
	if strings.Count(d, d[:1]) == len(d) {
		return false
	}
	for _, c := range d {
		if c < '0' || c > '9' {
			return false
		}
	}
	check := func(n int) byte {
		sum := 0
		for i := range n {
			sum += int(d[i]-'0') * (n + 1 - i)
		}
		r := sum * 10 % 11
		if r == 10 {
			r = 0
		}
		return byte('0' + r)
	}
	return check(9) == d[9] && check(10) == d[10]
}

func validCNPJ(d string) bool {
	if strings.Count(d, d[:1]) == len(d) {
		return false
	}
	for i, c := range d {
		isDigit := c >= '0' && c <= '9'
		isUpper := c >= 'A' && c <= 'Z'
		if !isDigit && (i >= 12 || !isUpper) {
			return false
		}
	}
	check := func(n int) byte {
		weights := []int{6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2}[13-n:]
		sum := 0
		for i := range n {
			sum += int(d[i]-'0') * weights[i]
		}
		r := sum % 11
		if r < 2 {
			return '0'
		}
		return byte('0' + 11 - r)
	}
	return check(12) == d[12] && check(13) == d[13]
}
