package evolution

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// EventName is the name of a webhook event, normalised to Evolution's
// wire form (lower-case, dotted).
type EventName string

// Events Bancada handles. Names of other events are kept as received.
const (
	EventMessagesUpsert   EventName = "messages.upsert"
	EventMessagesUpdate   EventName = "messages.update"
	EventMessagesDelete   EventName = "messages.delete"
	EventSendMessage      EventName = "send.message"
	EventConnectionUpdate EventName = "connection.update"
	EventQRCodeUpdated    EventName = "qrcode.updated"
	EventLogoutInstance   EventName = "logout.instance"
	EventRemoveInstance   EventName = "remove.instance"
)

// NormalizeEventName maps the spellings Evolution uses for an event
// (wire "messages.upsert", config "MESSAGES_UPSERT", by-events URL
// "messages-upsert") to the known EventName; unknown names are returned
// unchanged.
func NormalizeEventName(s string) EventName {
	key := strings.Map(func(r rune) rune {
		if r == '_' || r == '-' {
			return '.'
		}
		return r
	}, strings.ToLower(strings.TrimSpace(s)))
	for _, n := range [...]EventName{EventMessagesUpsert, EventMessagesUpdate, EventMessagesDelete, EventSendMessage,
		EventConnectionUpdate, EventQRCodeUpdated, EventLogoutInstance, EventRemoveInstance} {
		if key == string(n) {
			return n
		}
	}
	return EventName(s)
}

// Event is one webhook delivery of Evolution.
type Event struct {
	// Name is the normalised event name; RawName as received.
	Name    EventName
	RawName string
	// Instance is the instance name: the tenant's WhatsApp.
	Instance string
	// Data is the event payload; read it with the typed accessors.
	Data json.RawMessage
	// Destination is the URL Evolution posted to.
	Destination string
	// DateTime is Evolution's send time (its local wall clock marked
	// UTC; only right when the server runs in UTC). Zero when absent.
	DateTime time.Time
	// Sender is the JID of the connected account (not the author of a
	// message); empty before the first connection.
	Sender    string
	ServerURL string
	// APIKey is the instance token when the server exposes it.
	APIKey string
}

// ParseWebhook decodes the body of an Evolution webhook POST. A body that
// is not JSON or lacks "event" or "instance" fails with ErrMalformed;
// unknown events are not errors.
func ParseWebhook(body []byte) (*Event, error) {
	var w struct {
		Event       string          `json:"event"`
		Instance    flexStr         `json:"instance"`
		Data        json.RawMessage `json:"data"`
		Destination string          `json:"destination"`
		DateTime    json.RawMessage `json:"date_time"`
		Sender      string          `json:"sender"`
		ServerURL   string          `json:"server_url"`
		APIKey      flexStr         `json:"apikey"`
	}
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, fmt.Errorf("evolution: parse webhook: %w: %w", ErrMalformed, err)
	}
	if strings.TrimSpace(w.Event) == "" || strings.TrimSpace(string(w.Instance)) == "" {
		return nil, fmt.Errorf("evolution: parse webhook: %w: missing event or instance", ErrMalformed)
	}
	return &Event{
		Name:        NormalizeEventName(w.Event),
		RawName:     w.Event,
		Instance:    string(w.Instance),
		Data:        w.Data,
		Destination: w.Destination,
		DateTime:    parseFlexTime(w.DateTime),
		Sender:      w.Sender,
		ServerURL:   w.ServerURL,
		APIKey:      string(w.APIKey),
	}, nil
}

// decodeData unmarshals the payload of an expected event.
func (e *Event) decodeData(op string, v any, want ...EventName) error {
	ok := false
	for _, n := range want {
		ok = ok || e.Name == n
	}
	if !ok {
		return fmt.Errorf("evolution: %s: %w: got %q", op, ErrWrongEvent, e.RawName)
	}
	if len(e.Data) == 0 || string(e.Data) == "null" {
		return fmt.Errorf("evolution: %s: %w: no data", op, ErrMalformed)
	}
	if err := json.Unmarshal(e.Data, v); err != nil {
		return fmt.Errorf("evolution: %s: %w: %w", op, ErrMalformed, err)
	}
	return nil
}
