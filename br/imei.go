package br

import "errors"

const imeiLength = 15

// ErrInvalidIMEI matches every IMEI validation error.
var ErrInvalidIMEI = errors.New("IMEI inválido")

// Specific IMEI errors; each also matches ErrInvalidIMEI.
var (
	// ErrIMEILength reports an IMEI without exactly 15 digits.
	ErrIMEILength = newValidationError("IMEI deve ter 15 dígitos", ErrInvalidIMEI)
	// ErrIMEICharacters reports an IMEI with characters other than digits, spaces and dashes.
	ErrIMEICharacters = newValidationError("IMEI inválido (use apenas números)", ErrInvalidIMEI)
	// ErrIMEICheckDigit reports an IMEI whose Luhn check digit does not match.
	ErrIMEICheckDigit = newValidationError("IMEI inválido (dígito verificador não confere)", ErrInvalidIMEI)
)

// ValidIMEI reports whether s is a valid IMEI: 15 digits (spaces and dashes
// allowed) whose last digit is the Luhn check digit.
func ValidIMEI(s string) bool {
	_, err := ValidateIMEI(s)
	return err == nil
}

// ValidateIMEI validates an IMEI ("35-209900-176148-1", "352099001761481")
// and returns its 15 digits.
func ValidateIMEI(s string) (string, error) {
	b := make([]byte, 0, imeiLength)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '-' || c == '\t':
		case c >= '0' && c <= '9':
			b = append(b, c)
		default:
			return "", ErrIMEICharacters
		}
	}
	if len(b) != imeiLength {
		return "", ErrIMEILength
	}
	if !luhnValid(b) {
		return "", ErrIMEICheckDigit
	}
	return string(b), nil
}

// luhnValid reports whether the last digit of digits is its Luhn check digit.
func luhnValid(digits []byte) bool {
	sum := 0
	double := false
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}
