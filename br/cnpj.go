package br

import "errors"

const cnpjLength = 14

// ErrInvalidCNPJ matches every CNPJ validation error.
var ErrInvalidCNPJ = errors.New("CNPJ inválido")

// Specific CNPJ errors; each also matches ErrInvalidCNPJ and ErrInvalidDocument.
var (
	// ErrCNPJCharacters reports a CNPJ with characters other than digits, letters A–Z and punctuation.
	ErrCNPJCharacters = newValidationError("CNPJ inválido (use apenas números e letras)", ErrInvalidCNPJ, ErrInvalidDocument)
	// ErrCNPJLength reports a CNPJ without exactly 14 characters.
	ErrCNPJLength = newValidationError("CNPJ deve ter 14 caracteres", ErrInvalidCNPJ, ErrInvalidDocument)
	// ErrCNPJCheckDigitNotNumeric reports letters in the two check digit positions.
	ErrCNPJCheckDigitNotNumeric = newValidationError("CNPJ inválido (os 2 últimos caracteres devem ser números)", ErrInvalidCNPJ, ErrInvalidDocument)
	// ErrCNPJRepeated reports a CNPJ whose characters are all the same.
	ErrCNPJRepeated = newValidationError("CNPJ inválido (todos os caracteres iguais)", ErrInvalidCNPJ, ErrInvalidDocument)
	// ErrCNPJCheckDigit reports a CNPJ whose check digits do not match.
	ErrCNPJCheckDigit = newValidationError("CNPJ inválido (dígito verificador não confere)", ErrInvalidCNPJ, ErrInvalidDocument)
)

// ValidateCNPJ validates a CNPJ, numeric or alphanumeric (in force since July
// 2026: the first 12 positions may be digits or letters A–Z, the last 2 are
// digits), with or without punctuation and in any letter case
// ("12.abc.345/01de-35"). It returns the 14 upper-case characters
// ("12ABC34501DE35").
func ValidateCNPJ(s string) (string, error) {
	d := stripDocument(s)
	for i := 0; i < len(d); i++ {
		if !isCNPJChar(d[i]) {
			return "", ErrCNPJCharacters
		}
	}
	if len(d) != cnpjLength {
		return "", ErrCNPJLength
	}
	if !allDigits(d[12:]) {
		return "", ErrCNPJCheckDigitNotNumeric
	}
	if allSame(d) {
		return "", ErrCNPJRepeated
	}
	if d[12] != cnpjDV(d[:12]) || d[13] != cnpjDV(d[:13]) {
		return "", ErrCNPJCheckDigit
	}
	return d, nil
}

func isCNPJChar(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z'
}

// cnpjDV computes the check digit following the given 12 or 13 characters.
// Each character is worth its ASCII code minus 48 ('0'..'9' → 0..9, 'A' → 17,
// 'Z' → 42); weights run 2..9 from the right, restarting at 2 after 9.
func cnpjDV(chars string) byte {
	sum := 0
	for i := 0; i < len(chars); i++ {
		weight := 2 + (len(chars)-1-i)%8
		sum += int(chars[i]-'0') * weight
	}
	return mod11DV(sum)
}

// FormatCNPJ formats a CNPJ as "12.ABC.345/01DE-35" (letters upper-cased).
// Input that is not 14 digits or letters (after removing punctuation) is
// returned unchanged; check digits are not verified.
func FormatCNPJ(s string) string {
	d := stripDocument(s)
	if len(d) != cnpjLength {
		return s
	}
	for i := 0; i < len(d); i++ {
		if !isCNPJChar(d[i]) {
			return s
		}
	}
	return d[0:2] + "." + d[2:5] + "." + d[5:8] + "/" + d[8:12] + "-" + d[12:14]
}
