package evolution_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bancada/bancada/integrations/evolution"
)

func TestJIDToPhone(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"5511987654321@s.whatsapp.net":   "5511987654321",
		"557391639625:75@s.whatsapp.net": "557391639625",
		"5511987654321@c.us":             "5511987654321",
		"553198296801@s.whatsapp.net":    "553198296801",
		"120363025246125888@g.us":        "",
		"209876543210987@lid":            "",
		"status@broadcast":               "",
		"+55 (11) 98765-4321":            "5511987654321",
		"":                               "",
		" 5511987654321@s.whatsapp.net ": "5511987654321",
	}
	for in, want := range cases {
		assert.Equal(t, want, evolution.JIDToPhone(in), in)
	}
}

func TestPhoneToJID(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"5511987654321":                "5511987654321@s.whatsapp.net",
		"+55 11 98765-4321":            "5511987654321@s.whatsapp.net",
		"5531998296801":                "5531998296801@s.whatsapp.net",
		"120363025246125888@g.us":      "120363025246125888@g.us",
		"209876543210987@lid":          "209876543210987@lid",
		"5511987654321@s.whatsapp.net": "5511987654321@s.whatsapp.net",
		"":                             "",
		"abc":                          "",
	}
	for in, want := range cases {
		assert.Equal(t, want, evolution.PhoneToJID(in), in)
	}
}

func TestCanonicalPhoneAndVariants(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in        string
		canonical string
		variants  []string
	}{
		{"553198296801", "5531998296801", []string{"5531998296801", "553198296801"}},
		{"5531998296801", "5531998296801", []string{"5531998296801", "553198296801"}},
		{"+55 11 98765-4321", "5511987654321", []string{"5511987654321", "551187654321"}},
		{"551133334444", "551133334444", []string{"551133334444"}},    // landline: no ninth digit
		{"14155550123", "14155550123", []string{"14155550123"}},       // not Brazil
		{"5511912345678", "5511912345678", []string{"5511912345678"}}, // 9 then 1: not a migrated mobile
		{"", "", nil},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.canonical, evolution.CanonicalPhone(tc.in), tc.in)
		assert.Equal(t, tc.variants, evolution.PhoneVariants(tc.in), tc.in)
	}
}

func TestJIDKinds(t *testing.T) {
	t.Parallel()
	assert.True(t, evolution.IsGroupJID("120363025246125888@g.us"))
	assert.False(t, evolution.IsGroupJID("5511987654321@s.whatsapp.net"))
	assert.True(t, evolution.IsLIDJID("209876543210987@lid"))
	assert.True(t, evolution.IsUserJID("5511987654321@s.whatsapp.net"))
	assert.False(t, evolution.IsUserJID("209876543210987@lid"))
}
