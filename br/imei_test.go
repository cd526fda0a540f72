package br

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValidateIMEI(t *testing.T) {
	t.Parallel()
	valid := []struct{ in, want string }{
		{"490154203237518", "490154203237518"},
		{"35-209900-176148-1", "352099001761481"},
		{"35 209900 176148 1", "352099001761481"},
		{"35209900 176148-1", "352099001761481"},
		{" 356938035643809 ", "356938035643809"},
		{"000000000000000", "000000000000000"},
	}
	for _, tc := range valid {
		got, err := ValidateIMEI(tc.in)
		require.NoError(t, err, "ValidateIMEI(%q)", tc.in)
		assert.Equal(t, tc.want, got)
		assert.True(t, ValidIMEI(tc.in), "ValidIMEI(%q)", tc.in)
	}

	invalid := []struct {
		in   string
		want error
	}{
		{"", ErrIMEILength},
		{"49015420323751", ErrIMEILength},
		{"4901542032375180", ErrIMEILength}, // IMEISV-length
		{"490154203237517", ErrIMEICheckDigit},
		{"490154203237519", ErrIMEICheckDigit},
		{"940154203237518", ErrIMEICheckDigit}, // transposed digits
		{"35-209900-176148-2", ErrIMEICheckDigit},
		{"49015420323751A", ErrIMEICharacters},
		{"490154.203237518", ErrIMEICharacters},
		{"IMEI 490154203237518", ErrIMEICharacters},
	}
	for _, tc := range invalid {
		got, err := ValidateIMEI(tc.in)
		assert.ErrorIs(t, err, tc.want, "ValidateIMEI(%q)", tc.in)
		assert.ErrorIs(t, err, ErrInvalidIMEI)
		assert.Empty(t, got)
		assert.False(t, ValidIMEI(tc.in), "ValidIMEI(%q)", tc.in)
	}
	_, err := ValidateIMEI("123")
	assert.EqualError(t, err, "IMEI deve ter 15 dígitos")
}
