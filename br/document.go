package br

import "errors"

// Document kinds returned by ValidateCPFOrCNPJ.
const (
	KindCPF  = "cpf"
	KindCNPJ = "cnpj"
)

// ErrInvalidDocument matches every CPF and CNPJ validation error.
var ErrInvalidDocument = errors.New("CPF/CNPJ inválido")

// ErrDocumentLength reports input that is neither 11 (CPF) nor 14 (CNPJ)
// characters long; it matches ErrInvalidDocument.
var ErrDocumentLength = newValidationError("CPF/CNPJ deve ter 11 (CPF) ou 14 (CNPJ) caracteres", ErrInvalidDocument)

// ValidateCPFOrCNPJ validates a CPF or a CNPJ, telling them apart by length
// after punctuation is removed: 11 characters is a CPF, 14 a CNPJ. It returns
// the canonical form and KindCPF or KindCNPJ.
func ValidateCPFOrCNPJ(s string) (canonical string, kind string, err error) {
	switch len(stripDocument(s)) {
	case cpfLength:
		c, err := ValidateCPF(s)
		return c, KindCPF, err
	case cnpjLength:
		c, err := ValidateCNPJ(s)
		return c, KindCNPJ, err
	}
	return "", "", ErrDocumentLength
}

// stripDocument removes the punctuation and spaces people type in documents
// ("123.456.789-09", "12.ABC.345/01DE-35") and upper-cases ASCII letters.
// Any other character is kept, so validation can reject it.
func stripDocument(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.' || c == '-' || c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '\r':
		case c >= 'a' && c <= 'z':
			b = append(b, c-'a'+'A')
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

// allSame reports whether every byte of s is the same.
func allSame(s string) bool {
	for i := 1; i < len(s); i++ {
		if s[i] != s[0] {
			return false
		}
	}
	return true
}

// mod11DV turns a weighted sum into a check digit: remainder < 2 → 0, else 11 − remainder.
func mod11DV(sum int) byte {
	r := sum % 11
	if r < 2 {
		return '0'
	}
	return byte('0' + 11 - r)
}
