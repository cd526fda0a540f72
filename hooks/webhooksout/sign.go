package webhooksout

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"

	"github.com/bancada/bancada/token"
)

// Header names of a signed delivery.
const (
	HeaderID        = "Bancada-Webhook-Id"
	HeaderTimestamp = "Bancada-Webhook-Timestamp"
	HeaderSignature = "Bancada-Webhook-Signature"
)

// secretPrefix marks Bancada's endpoint secrets, so a leaked one is
// recognisable.
const secretPrefix = "whsec_"

// Sign returns the signature header value of body sent at ts (Unix
// seconds) to an endpoint with secret: "v1=" and the hex HMAC-SHA256 of
// "ts.body".
func Sign(secret string, ts int64, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(strconv.FormatInt(ts, 10)))
	mac.Write([]byte("."))
	mac.Write(body)
	return "v1=" + hex.EncodeToString(mac.Sum(nil))
}

// newSecret returns a fresh endpoint secret: the prefix and 32 random
// bytes in hex.
func newSecret() string { return secretPrefix + token.Hex(32) }

// newEventID returns an event id ("evt_" and 24 hex digits).
func newEventID() string { return "evt_" + token.Hex(12) }

// sealContext binds a sealed secret to its endpoint: a value copied into
// another endpoint's row does not open.
func sealContext(tenantID, endpointID string) string {
	return "webhook_endpoint:" + tenantID + ":" + endpointID
}
