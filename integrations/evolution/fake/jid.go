package evofake

import (
	"regexp"
	"strings"
)

// createJID mirrors Evolution's src/utils/createJid.ts: full JIDs pass
// through; numbers lose punctuation, long ones become groups, and
// Brazilian mobiles of area codes ≥ 31 whose subscriber number starts
// with 7–9 lose their ninth digit, as WhatsApp addresses them.
func createJID(number string) string {
	number = regexp.MustCompile(`:\d+`).ReplaceAllString(number, "")
	for _, s := range []string{"@g.us", "@s.whatsapp.net", "@lid", "@broadcast"} {
		if strings.Contains(number, s) {
			return number
		}
	}
	number = strings.NewReplacer(" ", "", "+", "", "(", "", ")", "").Replace(number)
	number, _, _ = strings.Cut(number, ":")
	number, _, _ = strings.Cut(number, "@")
	if strings.Contains(number, "-") && len(number) >= 23 {
		return regexp.MustCompile(`[^\d-]`).ReplaceAllString(number, "") + "@g.us"
	}
	number = regexp.MustCompile(`\D`).ReplaceAllString(number, "")
	if len(number) >= 18 {
		return number + "@g.us"
	}
	if (strings.HasPrefix(number, "52") || strings.HasPrefix(number, "54")) && len(number) == 13 {
		number = number[:2] + number[3:]
	}
	if len(number) == 13 && strings.HasPrefix(number, "55") {
		ddd := (number[2]-'0')*10 + (number[3] - '0')
		if number[5] >= '7' && ddd >= 31 {
			number = number[:4] + number[5:]
		}
	}
	return number + "@s.whatsapp.net"
}

// phoneKey returns the comparable form of a number or person JID: digits,
// with the Brazilian ninth digit restored.
func phoneKey(s string) string {
	user, _, _ := strings.Cut(s, "@")
	user, _, _ = strings.Cut(user, ":")
	d := regexp.MustCompile(`\D`).ReplaceAllString(user, "")
	if len(d) == 12 && strings.HasPrefix(d, "55") && d[4] >= '6' {
		d = d[:4] + "9" + d[4:]
	}
	return d
}

// personJID returns the JID of a phone number or passes a JID through.
func personJID(s string) string {
	if strings.Contains(s, "@") {
		return s
	}
	return createJID(s)
}
