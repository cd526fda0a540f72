package br

import "errors"

const cpfLength = 11

// ErrInvalidCPF matches every CPF validation error.
var ErrInvalidCPF = errors.New("CPF inválido")

// Specific CPF errors; each also matches ErrInvalidCPF and ErrInvalidDocument.
var (
	// ErrCPFCharacters reports a CPF with characters other than digits and punctuation.
	ErrCPFCharacters = newValidationError("CPF inválido (use apenas números)", ErrInvalidCPF, ErrInvalidDocument)
	// ErrCPFLength reports a CPF without exactly 11 digits.
	ErrCPFLength = newValidationError("CPF deve ter 11 dígitos", ErrInvalidCPF, ErrInvalidDocument)
	// ErrCPFRepeated reports a CPF whose digits are all the same ("111.111.111-11").
	ErrCPFRepeated = newValidationError("CPF inválido (todos os dígitos iguais)", ErrInvalidCPF, ErrInvalidDocument)
	// ErrCPFCheckDigit reports a CPF whose check digits do not match.
	ErrCPFCheckDigit = newValidationError("CPF inválido (dígito verificador não confere)", ErrInvalidCPF, ErrInvalidDocument)
)

// ValidateCPF validates a CPF with or without punctuation ("123.456.789-09" or
// "12345678909") and returns its 11 digits.
func ValidateCPF(s string) (string, error) {
	d := stripDocument(s)
	if !allDigits(d) {
		return "", ErrCPFCharacters
	}
	if len(d) != cpfLength {
		return "", ErrCPFLength
	}
	if allSame(d) {
		return "", ErrCPFRepeated
	}
	if d[9] != cpfDV(d[:9]) || d[10] != cpfDV(d[:10]) {
		return "", ErrCPFCheckDigit
	}
	return d, nil
}

// cpfDV computes the check digit following the given 9 or 10 digits: weights
// run from len+1 down to 2.
func cpfDV(digits string) byte {
	sum := 0
	for i := 0; i < len(digits); i++ {
		sum += int(digits[i]-'0') * (len(digits) + 1 - i)
	}
	return mod11DV(sum)
}

// FormatCPF formats a CPF as "123.456.789-09". Input that is not 11 digits
// (after removing punctuation) is returned unchanged; check digits are not verified.
func FormatCPF(s string) string {
	d := stripDocument(s)
	if len(d) != cpfLength || !allDigits(d) {
		return s
	}
	return d[0:3] + "." + d[3:6] + "." + d[6:9] + "-" + d[9:11]
}
