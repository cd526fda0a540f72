package br

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNormalizePhoneValid(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want string
	}{
		{"(11) 98765-4321", "5511987654321"},
		{"11987654321", "5511987654321"},
		{"11 98765 4321", "5511987654321"},
		{"+55 11 98765-4321", "5511987654321"},
		{"+5511987654321", "5511987654321"},
		{"5511987654321", "5511987654321"},
		{"55 (11) 98765-4321", "5511987654321"},
		{"011 98765-4321", "5511987654321"},
		{"0xx11 98765-4321", "5511987654321"},
		{"021 11 98765-4321", "5511987654321"}, // with a long-distance carrier code
		{"  (11) 98765-4321  ", "5511987654321"},
		{"(11) 3333-4444", "551133334444"},
		{"1133334444", "551133334444"},
		{"+55 11 3333-4444", "551133334444"},
		{"(55) 99123-4567", "5555991234567"}, // DDD 55 (RS) is not mistaken for the country code
		{"55991234567", "5555991234567"},
		{"(31) 99829-6801", "5531998296801"},
		{"+1 415 555 2671", "14155552671"},
		{"+44 20 7946 0958", "442079460958"},
		{"+351 912 345 678", "351912345678"},
		// WhatsApp JIDs.
		{"5511987654321@s.whatsapp.net", "5511987654321"},
		{"5511987654321:12@s.whatsapp.net", "5511987654321"},
		{"5511987654321@c.us", "5511987654321"},
		{"14155552671@s.whatsapp.net", "14155552671"},
		// The old 8-digit mobile form WhatsApp uses becomes the 9-digit form.
		{"553198296801@s.whatsapp.net", "5531998296801"},
		{"553198296801", "5531998296801"},
		{"+55 31 9829-6801", "5531998296801"},
		{"(31) 9829-6801", "5531998296801"},
	}
	for _, tc := range cases {
		got, err := NormalizePhone(tc.in)
		require.NoError(t, err, "NormalizePhone(%q)", tc.in)
		assert.Equal(t, tc.want, got, "NormalizePhone(%q)", tc.in)
	}
}

func TestNormalizePhoneInvalid(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want error
	}{
		{"", ErrPhoneEmpty},
		{"   ", ErrPhoneEmpty},
		{"abc", ErrInvalidPhone},
		{"123", ErrInvalidPhone},
		{"98765-4321", ErrInvalidPhone},       // no DDD
		{"(00) 98765-4321", ErrInvalidPhone},  // no such DDD
		{"(11) 1234-5678", ErrInvalidPhone},   // landlines start with 2-5
		{"(11) 98765-43210", ErrInvalidPhone}, // too long
		{"(11) 8765-432", ErrInvalidPhone},    // too short
		{"14155552671", ErrInvalidPhone},      // foreign without '+' is read as Brazilian
		{"+1 415 555", ErrInvalidPhone},       // too short
		{"+999 1234567", ErrInvalidPhone},     // no such country
		{"120363025246125888@g.us", ErrPhoneNotPerson},
		{"209876543210987@lid", ErrPhoneNotPerson},
		{"abc@s.whatsapp.net", ErrInvalidPhone},
		{"@s.whatsapp.net", ErrInvalidPhone},
		{"11987654321@s.whatsapp.net", ErrInvalidPhone}, // JIDs carry the country code
	}
	for _, tc := range cases {
		got, err := NormalizePhone(tc.in)
		require.Error(t, err, "NormalizePhone(%q) = %q", tc.in, got)
		assert.ErrorIs(t, err, tc.want, "NormalizePhone(%q)", tc.in)
		assert.ErrorIs(t, err, ErrInvalidPhone, "NormalizePhone(%q)", tc.in)
		assert.Empty(t, got)
	}
	_, err := NormalizePhone("123")
	assert.EqualError(t, err, "telefone inválido")
}

func TestPhoneVariants(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want []string
	}{
		{"5531998296801", []string{"5531998296801", "553198296801"}},
		{"553198296801", []string{"553198296801", "5531998296801"}},
		{"5511987654321", []string{"5511987654321", "551187654321"}},
		{"551187654321", []string{"551187654321", "5511987654321"}},
		{"5511961234567", []string{"5511961234567", "551161234567"}},
		{"551133334444", []string{"551133334444"}},     // landline
		{"551153334444", []string{"551153334444"}},     // landline
		{"5511912345678", []string{"5511912345678"}},   // removing the 9 leaves a non-mobile
		{"5511812345678", []string{"5511812345678"}},   // 9 digits not starting with 9
		{"14155552671", []string{"14155552671"}},       // foreign
		{"351912345678", []string{"351912345678"}},     // foreign mobile
		{"5501987654321", []string{"5501987654321"}},   // no such DDD
		{"550187654321", []string{"550187654321"}},     // no such DDD
		{"55119876543210", []string{"55119876543210"}}, // too long
		{"+5511987654321", []string{"+5511987654321"}}, // not digits only
		{"55", []string{"55"}},
		{"", []string{""}},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, PhoneVariants(tc.in), "PhoneVariants(%q)", tc.in)
	}
}

func TestFormatPhone(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want string
	}{
		{"5511987654321", "(11) 98765-4321"},
		{"551133334444", "(11) 3333-4444"},
		{"5531998296801", "(31) 99829-6801"},
		{"553198296801", "(31) 99829-6801"}, // old WhatsApp form shown as it is dialled today
		{"+5511987654321", "(11) 98765-4321"},
		{"14155552671", "+1 415-555-2671"},
		{"442079460958", "+44 20 7946 0958"},
		{"", ""},
		{"abc", "abc"},
		{"123", "123"},
		{"5511123", "5511123"},
		{"5511987654321@s.whatsapp.net", "5511987654321@s.whatsapp.net"},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, FormatPhone(tc.in), "FormatPhone(%q)", tc.in)
	}
}

// TestPhoneRoundTrip checks that what FormatPhone shows normalizes back.
func TestPhoneRoundTrip(t *testing.T) {
	t.Parallel()
	for _, e164 := range []string{"5511987654321", "551133334444", "5531998296801", "14155552671", "442079460958"} {
		got, err := NormalizePhone(FormatPhone(e164))
		require.NoError(t, err, e164)
		assert.Equal(t, e164, got)
	}
}
