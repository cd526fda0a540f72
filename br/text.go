package br

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// FirstName returns the first word of a full name, capitalized
// ("maria  souza" → "Maria", "JOÃO PEDRO" → "João", "ana-clara lima" →
// "Ana-Clara"). Public pages show only this (LGPD).
func FirstName(fullName string) string {
	fields := strings.Fields(fullName)
	if len(fields) == 0 {
		return ""
	}
	parts := strings.Split(strings.ToLower(fields[0]), "-")
	for i, p := range parts {
		r, size := utf8.DecodeRuneInString(p)
		if size > 0 {
			parts[i] = string(unicode.ToTitle(r)) + p[size:]
		}
	}
	return strings.Join(parts, "-")
}

// Fold lower-cases s, strips accents and collapses whitespace, for
// accent-insensitive search and matching ("Ótimo  Célula ÇÃO" → "otimo celula cao").
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	stripped, _, err := transform.String(t, strings.ToLower(s))
	if err != nil {
		// These transformers do not fail, even on invalid UTF-8; be safe anyway.
		stripped = strings.ToLower(s)
	}
	return strings.Join(strings.Fields(stripped), " ")
}

// UpperFirst upper-cases the first letter of s ("olá" → "Olá"), leaving
// the rest as it is.
func UpperFirst(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+utf8.RuneLen(r):]
	}
	return s
}
