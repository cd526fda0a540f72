package br

import (
	"errors"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// ErrInvalidPhone is returned by NormalizePhone for anything that is not a
// valid phone number.
var ErrInvalidPhone = errors.New("telefone inválido")

// Specific NormalizePhone errors; each also matches ErrInvalidPhone.
var (
	// ErrPhoneEmpty reports an empty phone number.
	ErrPhoneEmpty = newValidationError("telefone não informado", ErrInvalidPhone)
	// ErrPhoneNotPerson reports a WhatsApp group or LID address, which carries no phone number.
	ErrPhoneNotPerson = newValidationError("telefone inválido (endereço do WhatsApp sem número de telefone)", ErrInvalidPhone)
)

const (
	defaultRegion = "BR"
	brCountryCode = 55
)

// NormalizePhone turns a phone number typed by a person, or a WhatsApp JID,
// into E.164 digits without '+' ("5511987654321").
//
// Numbers without '+' are read as Brazilian: "(11) 98765-4321", "11987654321",
// "011 98765-4321", "5511987654321" and "5511987654321@s.whatsapp.net" all give
// "5511987654321". Foreign numbers need '+' ("+1 415 555 2671" →
// "14155552671"). A Brazilian mobile in the old 8-digit form that WhatsApp
// still uses ("553198296801") is returned in its current 9-digit form
// ("5531998296801"), so one person always has one stored number; see
// PhoneVariants for matching against WhatsApp. Anything that is not a valid
// number returns an error matching ErrInvalidPhone.
func NormalizePhone(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", ErrPhoneEmpty
	}
	if at := strings.IndexByte(s, '@'); at >= 0 {
		switch strings.ToLower(s[at+1:]) {
		case "s.whatsapp.net", "c.us":
		default:
			return "", ErrPhoneNotPerson
		}
		s = s[:at]
		// A JID may name a device: "5511987654321:12@s.whatsapp.net".
		if colon := strings.IndexByte(s, ':'); colon >= 0 {
			s = s[:colon]
		}
		if s == "" || !allDigits(s) {
			return "", ErrInvalidPhone
		}
		// JIDs always carry the country code.
		s = "+" + s
	}

	num, err := phonenumbers.Parse(s, defaultRegion)
	if err != nil {
		return "", ErrInvalidPhone
	}
	addBrazilianNinthDigit(num)
	if !phonenumbers.IsValidNumber(num) {
		return "", ErrInvalidPhone
	}
	return strings.TrimPrefix(phonenumbers.Format(num, phonenumbers.E164), "+"), nil
}

// addBrazilianNinthDigit rewrites an invalid Brazilian mobile in the old
// 8-digit form (DDD + 8 digits starting with 6–9) into the current 9-digit
// form, when that form is valid.
func addBrazilianNinthDigit(num *phonenumbers.PhoneNumber) {
	if num.GetCountryCode() != brCountryCode || phonenumbers.IsValidNumber(num) {
		return
	}
	nn := num.GetNationalNumber()
	if nn < 1_000_000_000 || nn > 9_999_999_999 { // DDD + 8 digits
		return
	}
	ddd, sub := nn/100_000_000, nn%100_000_000
	if sub/10_000_000 < 6 {
		return
	}
	fixedNN := ddd*1_000_000_000 + 900_000_000 + sub
	fixed := &phonenumbers.PhoneNumber{CountryCode: num.CountryCode, NationalNumber: &fixedNN}
	if phonenumbers.IsValidNumber(fixed) {
		num.NationalNumber = &fixedNN
	}
}

// PhoneVariants returns the forms under which WhatsApp may know a phone: for a
// Brazilian mobile, the given form first and then the same number with the 9th
// digit added or removed ("5531998296801" ↔ "553198296801"); for anything
// else, just the input. A 9 is only added or removed when the result is a
// mobile (8-digit subscriber starting with 6–9).
func PhoneVariants(e164 string) []string {
	if !strings.HasPrefix(e164, "55") || !allDigits(e164) {
		return []string{e164}
	}
	ddd, sub := e164[2:min(4, len(e164))], e164[min(4, len(e164)):]
	if len(ddd) != 2 || ddd[0] == '0' || ddd[1] == '0' {
		return []string{e164}
	}
	switch {
	case len(sub) == 9 && sub[0] == '9' && isMobileLead(sub[1]):
		return []string{e164, "55" + ddd + sub[1:]}
	case len(sub) == 8 && isMobileLead(sub[0]):
		return []string{e164, "55" + ddd + "9" + sub}
	}
	return []string{e164}
}

func isMobileLead(c byte) bool { return c >= '6' && c <= '9' }

// FormatPhone formats E.164 digits for display: Brazilian numbers as
// "(11) 98765-4321" or "(11) 3333-4444", foreign ones in international form
// ("+1 415-555-2671"). Input that is not a valid number is returned unchanged.
func FormatPhone(e164 string) string {
	digits := strings.TrimPrefix(e164, "+")
	if digits == "" || !allDigits(digits) {
		return e164
	}
	num, err := phonenumbers.Parse("+"+digits, defaultRegion)
	if err != nil {
		return e164
	}
	addBrazilianNinthDigit(num)
	if !phonenumbers.IsValidNumber(num) {
		return e164
	}
	if num.GetCountryCode() == brCountryCode {
		return phonenumbers.Format(num, phonenumbers.NATIONAL)
	}
	return phonenumbers.Format(num, phonenumbers.INTERNATIONAL)
}
