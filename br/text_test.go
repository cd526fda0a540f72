package br

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFirstName(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"maria  souza", "Maria"},
		{"Maria Souza", "Maria"},
		{"  JOÃO PEDRO DA SILVA ", "João"},
		{"élida", "Élida"},
		{"ana-clara lima", "Ana-Clara"},
		{"\tzé\nbonitinho", "Zé"},
		{"X", "X"},
		{"", ""},
		{"   ", ""},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, FirstName(tc.in), "FirstName(%q)", tc.in)
	}
}

func TestFold(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"Ótimo  Célula ÇÃO", "otimo celula cao"},
		{"  Tela   Quebrada ", "tela quebrada"},
		{"ÀÁÂÃÄ àáâãä", "aaaaa aaaaa"},
		{"êéè ÍÎ õôó úü ç ñ", "eee ii ooo uu c n"},
		{"Jo\u0061\u0303o", "joao"},                    // already decomposed input
		{"João\u00a0Pedro\tSilva", "joao pedro silva"}, // NBSP and tabs
		{"iPhone 13 Pro Max", "iphone 13 pro max"},
		{"Motorola® moto g⁵", "motorola® moto g⁵"},
		{"", ""},
		{"   ", ""},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, Fold(tc.in), "Fold(%q)", tc.in)
	}
	// Folding is idempotent and makes accented and plain spellings equal.
	assert.Equal(t, Fold("Célula"), Fold(Fold("CELULA")))
}

func TestUpperFirst(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"", ""},
		{"olá, Ana", "Olá, Ana"},
		{"édson", "Édson"},
		{"çedilha", "Çedilha"},
		{"Já maiúscula", "Já maiúscula"},
		{"1 aparelho", "1 aparelho"},
		{"a", "A"},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, UpperFirst(c.in), "UpperFirst(%q)", c.in)
	}
}
