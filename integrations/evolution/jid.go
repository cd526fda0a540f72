package evolution

import "strings"

// JID server suffixes used by WhatsApp.
const (
	// ServerUser is the suffix of a phone-number addressed person.
	ServerUser = "@s.whatsapp.net"
	// ServerGroup is the suffix of a group.
	ServerGroup = "@g.us"
	// ServerLID is the suffix of a privacy ("linked") identifier.
	ServerLID = "@lid"
	// StatusBroadcastJID is the pseudo chat of WhatsApp status updates.
	StatusBroadcastJID = "status@broadcast"

	legacyServerUser = "@c.us"
)

// JIDToPhone returns the digits of a person's JID as WhatsApp spells them
// ("5511987654321:12@s.whatsapp.net" → "5511987654321"). A bare number is
// returned as its digits. Groups, @lid identifiers and broadcasts have no
// phone number and yield "".
func JIDToPhone(jid string) string {
	jid = strings.TrimSpace(jid)
	user, server, hasServer := strings.Cut(jid, "@")
	if hasServer && "@"+server != ServerUser && "@"+server != legacyServerUser {
		return ""
	}
	if i := strings.IndexByte(user, ':'); i >= 0 {
		user = user[:i]
	}
	return digitsOnly(user)
}

// PhoneToJID returns the person JID of an E.164 number
// ("+55 11 98765-4321" → "5511987654321@s.whatsapp.net"). A value that is
// already a JID is returned unchanged; an empty number yields "".
//
// The Brazilian ninth digit is left alone: Evolution itself drops it where
// WhatsApp expects that (see CanonicalPhone and PhoneVariants).
func PhoneToJID(e164 string) string {
	e164 = strings.TrimSpace(e164)
	if strings.Contains(e164, "@") {
		return e164
	}
	d := digitsOnly(e164)
	if d == "" {
		return ""
	}
	return d + ServerUser
}

// CanonicalPhone returns the E.164 digits of a phone number with the
// Brazilian mobile ninth digit restored: WhatsApp still addresses many
// mobiles of area codes 31 and above by their old 8-digit form
// ("553198296801" → "5531998296801"). Other numbers are returned as their
// digits.
func CanonicalPhone(phone string) string {
	d := digitsOnly(phone)
	if len(d) == 12 && strings.HasPrefix(d, "55") && d[4] >= '6' {
		return d[:4] + "9" + d[4:]
	}
	return d
}

// PhoneVariants returns the canonical form of a phone number first and, for
// a Brazilian mobile, the 8-digit form WhatsApp may use instead. Store the
// first and match on all of them.
func PhoneVariants(phone string) []string {
	c := CanonicalPhone(phone)
	if c == "" {
		return nil
	}
	if len(c) == 13 && strings.HasPrefix(c, "55") && c[4] == '9' && c[5] >= '6' {
		return []string{c, c[:4] + c[5:]}
	}
	return []string{c}
}

// IsGroupJID reports whether jid addresses a group.
func IsGroupJID(jid string) bool { return strings.HasSuffix(jid, ServerGroup) }

// IsLIDJID reports whether jid is a privacy identifier (@lid).
func IsLIDJID(jid string) bool { return strings.HasSuffix(jid, ServerLID) }

// IsUserJID reports whether jid is a phone-number addressed person.
func IsUserJID(jid string) bool {
	return strings.HasSuffix(jid, ServerUser) || strings.HasSuffix(jid, legacyServerUser)
}

func digitsOnly(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
