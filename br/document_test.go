package br

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Check digits of the vectors below were computed with an independent
// implementation; 12ABC34501DE35 is the Receita Federal's own example.

func TestValidateCPFValid(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"123.456.789-09", "12345678909"},
		{"12345678909", "12345678909"},
		{"529.982.247-25", "52998224725"},
		{"111.444.777-35", "11144477735"},
		{"000.000.001-91", "00000000191"},
		{"935.411.347-80", "93541134780"},
		{"987.654.321-00", "98765432100"},
		{"012.345.678-90", "01234567890"},
		{"100.000.000-19", "10000000019"},
		{"999.999.998-08", "99999999808"},
		{" 123 456 789 09 ", "12345678909"},
		{"123456789-09", "12345678909"},
	}
	for _, tc := range cases {
		got, err := ValidateCPF(tc.in)
		require.NoError(t, err, "ValidateCPF(%q)", tc.in)
		assert.Equal(t, tc.want, got, "ValidateCPF(%q)", tc.in)
	}
}

func TestValidateCPFInvalid(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want error
	}{
		{"", ErrCPFLength},
		{"123.456.789-0", ErrCPFLength},
		{"123.456.789-091", ErrCPFLength},
		{"1234567890", ErrCPFLength},
		{"123.456.789-08", ErrCPFCheckDigit}, // second DV wrong
		{"123.456.789-19", ErrCPFCheckDigit}, // first DV wrong
		{"529.982.247-52", ErrCPFCheckDigit}, // DVs swapped
		{"529.982.274-25", ErrCPFCheckDigit}, // transposed digits
		{"111.111.111-11", ErrCPFRepeated},
		{"000.000.000-00", ErrCPFRepeated},
		{"99999999999", ErrCPFRepeated},
		{"123.456.789-0X", ErrCPFCharacters},
		{"ABC.DEF.GHI-JK", ErrCPFCharacters},
		{"123,456,789-09", ErrCPFCharacters},
		{"１２３４５６７８９０９", ErrCPFCharacters}, // full-width digits
	}
	for _, tc := range cases {
		got, err := ValidateCPF(tc.in)
		require.Error(t, err, "ValidateCPF(%q) = %q", tc.in, got)
		assert.ErrorIs(t, err, tc.want, "ValidateCPF(%q)", tc.in)
		assert.ErrorIs(t, err, ErrInvalidCPF)
		assert.ErrorIs(t, err, ErrInvalidDocument)
		assert.NotErrorIs(t, err, ErrInvalidCNPJ)
		assert.Empty(t, got)
	}
}

func TestCPFErrorMessages(t *testing.T) {
	t.Parallel()
	_, err := ValidateCPF("123")
	assert.EqualError(t, err, "CPF deve ter 11 dígitos")
	_, err = ValidateCPF("123.456.789-08")
	assert.EqualError(t, err, "CPF inválido (dígito verificador não confere)")
}

func TestValidateCNPJValid(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		// Alphanumeric.
		{"12.ABC.345/01DE-35", "12ABC34501DE35"},
		{"12ABC34501DE35", "12ABC34501DE35"},
		{"12.abc.345/01de-35", "12ABC34501DE35"},
		{"12abc34501De35", "12ABC34501DE35"},
		{"AB.CDE.FGH/IJKL-80", "ABCDEFGHIJKL80"},
		{"Z0.000.000/0001-84", "Z0000000000184"},
		{"00.000.000/000A-04", "00000000000A04"},
		{"1A.2B3.C4D/5E6F-34", "1A2B3C4D5E6F34"},
		{"SE.RPR.O00/0001-99", "SERPRO00000199"},
		{"AA.AAA.AAA/AAAB-26", "AAAAAAAAAAAB26"}, // repeated letters, but not all the same
		{"00.000.000/00AZ-80", "0000000000AZ80"},
		{"XP.TO1.234/0001-20", "XPTO1234000120"},
		// Numeric.
		{"11.222.333/0001-81", "11222333000181"},
		{"11222333000181", "11222333000181"},
		{"11.444.777/0001-61", "11444777000161"},
		{"00.000.000/0001-91", "00000000000191"},
		{"33.000.167/0001-01", "33000167000101"},
		{"60.701.190/0001-04", "60701190000104"},
		{" 11 222 333 0001 81 ", "11222333000181"},
	}
	for _, tc := range cases {
		got, err := ValidateCNPJ(tc.in)
		require.NoError(t, err, "ValidateCNPJ(%q)", tc.in)
		assert.Equal(t, tc.want, got, "ValidateCNPJ(%q)", tc.in)
	}
}

func TestValidateCNPJInvalid(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want error
	}{
		{"", ErrCNPJLength},
		{"11.222.333/0001-8", ErrCNPJLength},
		{"11.222.333/0001-811", ErrCNPJLength},
		{"12.ABC.345/01DE-3", ErrCNPJLength},
		{"12.ABC.345/01DE-34", ErrCNPJCheckDigit},
		{"12.ABC.345/01DE-45", ErrCNPJCheckDigit},
		{"12.ABD.345/01DE-35", ErrCNPJCheckDigit}, // one letter changed
		{"12.CBA.345/01DE-35", ErrCNPJCheckDigit}, // letters transposed
		{"11.222.333/0001-80", ErrCNPJCheckDigit},
		{"11.222.333/0001-18", ErrCNPJCheckDigit},
		{"11.222.333/0002-81", ErrCNPJCheckDigit},
		{"12.ABC.345/01DE-3A", ErrCNPJCheckDigitNotNumeric},
		{"12.ABC.345/01DE-AB", ErrCNPJCheckDigitNotNumeric},
		{"12.abc.345/01de-3a", ErrCNPJCheckDigitNotNumeric},
		{"00.000.000/0000-00", ErrCNPJRepeated},
		{"11111111111111", ErrCNPJRepeated},
		{"12.ÁBC.345/01DE-35", ErrCNPJCharacters},
		{"12.ıBC.345/01DE-35", ErrCNPJCharacters}, // dotless i must not become 'I'
		{"12_ABC_345_01DE_35", ErrCNPJCharacters},
		{"12.ABC.345/01DE-35!", ErrCNPJCharacters},
	}
	for _, tc := range cases {
		got, err := ValidateCNPJ(tc.in)
		require.Error(t, err, "ValidateCNPJ(%q) = %q", tc.in, got)
		assert.ErrorIs(t, err, tc.want, "ValidateCNPJ(%q)", tc.in)
		assert.ErrorIs(t, err, ErrInvalidCNPJ)
		assert.ErrorIs(t, err, ErrInvalidDocument)
		assert.NotErrorIs(t, err, ErrInvalidCPF)
		assert.Empty(t, got)
	}
}

func TestCNPJErrorMessages(t *testing.T) {
	t.Parallel()
	_, err := ValidateCNPJ("12.ABC.345/01DE-34")
	assert.EqualError(t, err, "CNPJ inválido (dígito verificador não confere)")
	_, err = ValidateCNPJ("123")
	assert.EqualError(t, err, "CNPJ deve ter 14 caracteres")
}

// TestCNPJCharacterValues pins the value of letters (ASCII code − 48) by
// checking every letter in one position changes the check digits as computed.
func TestCNPJCharacterValues(t *testing.T) {
	t.Parallel()
	// Weight of position 0 is 5 for the 1st DV; "A" is worth 17, "Z" 42.
	sumRest := 0
	rest := "0000000001" // positions 2..11 after "X0"
	w1 := []int{5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2}
	for i, c := range rest {
		sumRest += int(c-'0') * w1[i+2]
	}
	for c := byte('A'); c <= 'Z'; c++ {
		sum := int(c-48)*5 + sumRest
		r := sum % 11
		want := byte('0')
		if r >= 2 {
			want = byte('0' + 11 - r)
		}
		base := string(c) + "0" + rest
		assert.Equal(t, want, cnpjDV(base), "first DV of %s", base)
	}
}

func TestValidateCPFOrCNPJ(t *testing.T) {
	t.Parallel()
	valid := []struct{ in, want, kind string }{
		{"123.456.789-09", "12345678909", KindCPF},
		{"52998224725", "52998224725", KindCPF},
		{"11.222.333/0001-81", "11222333000181", KindCNPJ},
		{"12.abc.345/01de-35", "12ABC34501DE35", KindCNPJ},
	}
	for _, tc := range valid {
		got, kind, err := ValidateCPFOrCNPJ(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, got, tc.in)
		assert.Equal(t, tc.kind, kind, tc.in)
	}

	invalid := []struct {
		in   string
		want error
		kind string
	}{
		{"", ErrDocumentLength, ""},
		{"123", ErrDocumentLength, ""},
		{"123.456.789-0", ErrDocumentLength, ""},
		{"1234567890123", ErrDocumentLength, ""},
		{"123.456.789-08", ErrCPFCheckDigit, KindCPF},
		{"111.111.111-11", ErrCPFRepeated, KindCPF},
		{"1234567890A", ErrCPFCharacters, KindCPF},
		{"11.222.333/0001-80", ErrCNPJCheckDigit, KindCNPJ},
		{"12.ABC.345/01DE-AB", ErrCNPJCheckDigitNotNumeric, KindCNPJ},
	}
	for _, tc := range invalid {
		got, kind, err := ValidateCPFOrCNPJ(tc.in)
		assert.ErrorIs(t, err, tc.want, tc.in)
		assert.ErrorIs(t, err, ErrInvalidDocument, tc.in)
		assert.Equal(t, tc.kind, kind, tc.in)
		assert.Empty(t, got, tc.in)
	}
}

func TestFormatCPF(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"12345678909", "123.456.789-09"},
		{"123.456.789-09", "123.456.789-09"},
		{"123456789-09", "123.456.789-09"},
		{"00000000191", "000.000.001-91"},
		{"1234567890", "1234567890"},
		{"1234567890A", "1234567890A"},
		{"", ""},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, FormatCPF(tc.in), "FormatCPF(%q)", tc.in)
	}
}

func TestFormatCNPJ(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"12ABC34501DE35", "12.ABC.345/01DE-35"},
		{"12abc34501de35", "12.ABC.345/01DE-35"},
		{"12.ABC.345/01DE-35", "12.ABC.345/01DE-35"},
		{"11222333000181", "11.222.333/0001-81"},
		{"1122233300018", "1122233300018"},
		{"11222333000181x", "11222333000181x"},
		{"12ÁBC34501DE35", "12ÁBC34501DE35"},
		{"", ""},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, FormatCNPJ(tc.in), "FormatCNPJ(%q)", tc.in)
	}
}

// TestDocumentFormatRoundTrip checks that formatted documents validate back
// to their canonical form.
func TestDocumentFormatRoundTrip(t *testing.T) {
	t.Parallel()
	for _, c := range []string{"12345678909", "52998224725", "00000000191"} {
		got, err := ValidateCPF(FormatCPF(c))
		require.NoError(t, err)
		assert.Equal(t, c, got)
	}
	for _, c := range []string{"12ABC34501DE35", "11222333000181", "ABCDEFGHIJKL80", "00000000000A04"} {
		got, err := ValidateCNPJ(FormatCNPJ(c))
		require.NoError(t, err)
		assert.Equal(t, c, got)
	}
}
