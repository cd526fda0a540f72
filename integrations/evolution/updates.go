package evolution

import (
	"fmt"
	"strings"
)

// MessageStatus is the delivery state of a sent message.
type MessageStatus string

// Delivery states, from Evolution's SERVER_ACK, DELIVERY_ACK, READ/PLAYED,
// ERROR and DELETED.
const (
	StatusUnknown   MessageStatus = ""
	StatusPending   MessageStatus = "pending"
	StatusSent      MessageStatus = "sent"
	StatusDelivered MessageStatus = "delivered"
	StatusRead      MessageStatus = "read"
	StatusFailed    MessageStatus = "failed"
	StatusDeleted   MessageStatus = "deleted"
)

// ParseMessageStatus maps Evolution's status text (or Baileys' number) to
// a MessageStatus; unknown values give StatusUnknown.
func ParseMessageStatus(s string) MessageStatus {
	switch baileysStatus(strings.TrimSpace(s)) {
	case "PENDING":
		return StatusPending
	case "SERVER_ACK":
		return StatusSent
	case "DELIVERY_ACK":
		return StatusDelivered
	case "READ", "PLAYED":
		return StatusRead
	case "ERROR":
		return StatusFailed
	case "DELETED":
		return StatusDeleted
	}
	return StatusUnknown
}

// MessageUpdate is a messages.update event: a receipt for a message.
type MessageUpdate struct {
	// KeyID is the WhatsApp id of the message (SentMessage.ID).
	KeyID       string
	RemoteJID   string
	FromMe      bool
	Participant string
	Status      MessageStatus
	// RawStatus is Evolution's text, e.g. "DELIVERY_ACK".
	RawStatus  string
	InstanceID string
	// MessageID is Evolution's database id of the message.
	MessageID string
}

// MessageUpdate decodes a messages.update event (v2 "keyId"; v1 "id").
func (e *Event) MessageUpdate() (*MessageUpdate, error) {
	var w struct {
		KeyID       string  `json:"keyId"`
		ID          string  `json:"id"`
		RemoteJID   string  `json:"remoteJid"`
		FromMe      bool    `json:"fromMe"`
		Participant string  `json:"participant"`
		Status      flexStr `json:"status"`
		InstanceID  flexStr `json:"instanceId"`
		MessageID   flexStr `json:"messageId"`
	}
	if err := e.decodeData("message update", &w, EventMessagesUpdate); err != nil {
		return nil, err
	}
	u := &MessageUpdate{
		KeyID: w.KeyID, RemoteJID: w.RemoteJID, FromMe: w.FromMe, Participant: w.Participant,
		RawStatus: baileysStatus(string(w.Status)), InstanceID: string(w.InstanceID), MessageID: string(w.MessageID),
	}
	if u.KeyID == "" {
		u.KeyID = w.ID
	}
	u.Status = ParseMessageStatus(u.RawStatus)
	return u, nil
}

// ConnectionUpdate is a connection.update event.
type ConnectionUpdate struct {
	Instance string
	State    State
	// StatusReason is Baileys' code: 401 means logged out from the phone.
	StatusReason int
	// WUID is the connected account's JID (on open); Phone its number.
	WUID              string
	Phone             string
	ProfileName       string
	ProfilePictureURL string
}

// LoggedOut reports whether the session closed because the phone
// unpaired it (a new QR scan is needed).
func (c *ConnectionUpdate) LoggedOut() bool {
	return c.State == StateClose && c.StatusReason == 401
}

// Connection decodes a connection.update event.
func (e *Event) Connection() (*ConnectionUpdate, error) {
	var w struct {
		Instance          string  `json:"instance"`
		State             string  `json:"state"`
		StatusReason      flexInt `json:"statusReason"`
		WUID              string  `json:"wuid"`
		ProfileName       string  `json:"profileName"`
		ProfilePictureURL string  `json:"profilePictureUrl"`
	}
	if err := e.decodeData("connection update", &w, EventConnectionUpdate); err != nil {
		return nil, err
	}
	c := &ConnectionUpdate{
		Instance: w.Instance, State: State(w.State), StatusReason: int(w.StatusReason),
		WUID: w.WUID, Phone: CanonicalPhone(JIDToPhone(w.WUID)),
		ProfileName: w.ProfileName, ProfilePictureURL: w.ProfilePictureURL,
	}
	if c.Instance == "" {
		c.Instance = e.Instance
	}
	return c, nil
}

// QRCodeUpdate is a qrcode.updated event: a new QR code to show, or the
// notice that the retry limit was reached (LimitReached).
type QRCodeUpdate struct {
	Instance    string
	Base64      string
	Code        string
	PairingCode string
	// LimitReached is set when Evolution gave up producing QR codes;
	// Message and StatusCode carry its notice. Connect again to retry.
	LimitReached bool
	Message      string
	StatusCode   int
}

// QRCode decodes a qrcode.updated event.
func (e *Event) QRCode() (*QRCodeUpdate, error) {
	var w struct {
		QRCode *struct {
			Instance    string `json:"instance"`
			PairingCode string `json:"pairingCode"`
			Code        string `json:"code"`
			Base64      string `json:"base64"`
		} `json:"qrcode"`
		Message    string  `json:"message"`
		StatusCode flexInt `json:"statusCode"`
	}
	if err := e.decodeData("qrcode update", &w, EventQRCodeUpdated); err != nil {
		return nil, err
	}
	q := &QRCodeUpdate{Instance: e.Instance, Message: w.Message, StatusCode: int(w.StatusCode)}
	if w.QRCode != nil {
		q.Base64, q.Code, q.PairingCode = w.QRCode.Base64, w.QRCode.Code, w.QRCode.PairingCode
		if w.QRCode.Instance != "" {
			q.Instance = w.QRCode.Instance
		}
	}
	q.LimitReached = w.QRCode == nil && (w.Message != "" || w.StatusCode != 0)
	if w.QRCode == nil && !q.LimitReached {
		return nil, fmt.Errorf("evolution: qrcode update: %w: neither qrcode nor message", ErrMalformed)
	}
	return q, nil
}
