package evofake

import (
	"bytes"
	"encoding/base64"
	"image/png"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCreateJID(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"5511987654321":                   "5511987654321@s.whatsapp.net", // DDD 11 keeps the 9
		"5531998296801":                   "553198296801@s.whatsapp.net",  // DDD 31, next digit 8: dropped
		"5531936296801":                   "5531936296801@s.whatsapp.net", // next digit 3 (< 7): kept
		"+55 (21) 99887-7665":             "5521998877665@s.whatsapp.net",
		"5511987654321:12@s.whatsapp.net": "5511987654321@s.whatsapp.net",
		"120363025246125888@g.us":         "120363025246125888@g.us",
		"209876543210987@lid":             "209876543210987@lid",
		"status@broadcast":                "status@broadcast",
		"120363025246125888":              "120363025246125888@g.us", // 18 digits: a group
		"14155550123":                     "14155550123@s.whatsapp.net",
	}
	for in, want := range cases {
		assert.Equal(t, want, createJID(in), in)
	}
	// Mexico drops the "1" after its country code in 13-digit numbers.
	assert.Equal(t, "525512345678@s.whatsapp.net", createJID("5215512345678"))
}

func TestPhoneKeyMatchesBothBrazilianForms(t *testing.T) {
	t.Parallel()
	assert.Equal(t, phoneKey("5531998296801"), phoneKey("553198296801@s.whatsapp.net"))
	assert.Equal(t, "5511987654321", phoneKey("5511987654321:3@s.whatsapp.net"))
}

func TestNewQR(t *testing.T) {
	t.Parallel()
	q := newQR("5511912345678", 3)
	assert.True(t, strings.HasPrefix(q.code, "2@"))
	assert.Equal(t, 3, q.count)
	assert.Len(t, q.pairingCode, 8)
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(q.base64, "data:image/png;base64,"))
	require.NoError(t, err)
	img, err := png.Decode(bytes.NewReader(raw))
	require.NoError(t, err)
	assert.Equal(t, 37*8, img.Bounds().Dx())
	assert.Empty(t, newQR("", 1).pairingCode)
	assert.NotEqual(t, newQR("", 1).code, newQR("", 1).code)
}
