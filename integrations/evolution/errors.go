package evolution

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Sentinel errors: classify any error returned by this package with
// errors.Is. The concrete error of an HTTP answer is an *APIError.
var (
	// ErrUnauthorized means the apikey header was missing or wrong (401).
	ErrUnauthorized = errors.New("evolution: unauthorized")
	// ErrInstanceNotFound means the named instance does not exist (404).
	ErrInstanceNotFound = errors.New("evolution: instance not found")
	// ErrNameInUse means an instance with that name already exists (403).
	ErrNameInUse = errors.New("evolution: instance name already in use")
	// ErrNotOnWhatsApp means the destination number has no WhatsApp
	// account (400 with [{"exists":false,...}]); see NumberNotOnWhatsApp.
	ErrNotOnWhatsApp = errors.New("evolution: number is not on WhatsApp")
	// ErrNotConnected means the instance's WhatsApp session is not open:
	// a send answered 500 "Connection Closed", or a logout of a closed
	// session (400 "... is not connected").
	ErrNotConnected = errors.New("evolution: instance is not connected")
	// ErrBadRequest is any other rejected request (400, or a request this
	// client refuses to send).
	ErrBadRequest = errors.New("evolution: bad request")
	// ErrRateLimited means Evolution or a proxy answered 429.
	ErrRateLimited = errors.New("evolution: rate limited")
	// ErrConnectFailed means connect or restart answered HTTP 200 with
	// {"error":true,...}: Evolution swallowed an internal failure.
	ErrConnectFailed = errors.New("evolution: connect failed")
	// ErrUnreachable means Evolution could not be reached or answered
	// something that is not its API: network error, timeout, 5xx or a
	// non-JSON body. The cause is wrapped too.
	ErrUnreachable = errors.New("evolution: unreachable")
	// ErrMalformed means a webhook body or event payload could not be
	// understood.
	ErrMalformed = errors.New("evolution: malformed payload")
	// ErrWrongEvent means a typed accessor was called on another event.
	ErrWrongEvent = errors.New("evolution: wrong event type")
)

// APIError is an HTTP answer of Evolution that reports a failure, decoded
// from its envelope {"status","error","response":{"message":...}}.
type APIError struct {
	// Status is the HTTP status code (200 for a connect/restart failure
	// reported in the body).
	Status int
	// Reason is the envelope's "error" text, e.g. "Bad Request".
	Reason string
	// Messages are the envelope's messages, flattened to strings.
	Messages []string
	// Number and JID are set when the destination is not on WhatsApp.
	Number string
	JID    string
	// NonJSON is set when the body was not JSON (a proxy's error page).
	NonJSON bool

	notOnWhatsApp bool
	connectFailed bool
}

// Error returns a short description without any credential.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP %d", e.Status)
	reason := e.Reason
	if reason == "" {
		reason = http.StatusText(e.Status)
	}
	if e.connectFailed {
		reason = "error in body"
	}
	if reason != "" {
		b.WriteString(" " + reason)
	}
	if e.NonJSON {
		b.WriteString(" (non-JSON body)")
	}
	if len(e.Messages) > 0 {
		b.WriteString(": " + strings.Join(e.Messages, "; "))
	}
	return b.String()
}

// Is classifies the error against the package sentinels.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.Status == http.StatusUnauthorized
	case ErrNameInUse:
		return e.Status == http.StatusForbidden
	case ErrInstanceNotFound:
		return (e.Status == http.StatusNotFound || e.connectFailed) && e.mentions("does not exist", "not found")
	case ErrNotOnWhatsApp:
		return e.notOnWhatsApp
	case ErrNotConnected:
		return e.Status >= 400 && !e.notOnWhatsApp && e.mentions("not connected", "connection closed")
	case ErrBadRequest:
		return e.Status == http.StatusBadRequest && !e.notOnWhatsApp && !e.mentions("not connected", "connection closed")
	case ErrRateLimited:
		return e.Status == http.StatusTooManyRequests
	case ErrConnectFailed:
		return e.connectFailed && !e.mentions("does not exist")
	case ErrUnreachable:
		return e.Status >= 500 || e.NonJSON
	}
	return false
}

func (e *APIError) mentions(subs ...string) bool {
	for _, m := range e.Messages {
		lm := strings.ToLower(m)
		if strings.HasPrefix(lm, "cannot ") { // express' unknown-route 404
			continue
		}
		for _, s := range subs {
			if strings.Contains(lm, s) {
				return true
			}
		}
	}
	return false
}

// IsRetryable reports whether repeating the call later may succeed:
// unreachable, 5xx, 429, a disconnected instance and a swallowed connect
// failure are; 400, 401, 403, 404 and not-on-WhatsApp are not.
func IsRetryable(err error) bool {
	if err == nil {
		return false
	}
	for _, s := range []error{ErrUnreachable, ErrRateLimited, ErrConnectFailed, ErrNotConnected} {
		if errors.Is(err, s) {
			return true
		}
	}
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Status >= 500 || ae.Status == http.StatusTooManyRequests
	}
	return false
}

// NumberNotOnWhatsApp returns the number Evolution reported as having no
// WhatsApp account, if err is such a failure.
func NumberNotOnWhatsApp(err error) (string, bool) {
	var ae *APIError
	if errors.As(err, &ae) && ae.notOnWhatsApp {
		return ae.Number, true
	}
	return "", false
}

// decodeAPIError builds the APIError of a failed HTTP answer.
func decodeAPIError(status int, body []byte) *APIError {
	ae := &APIError{Status: status}
	var env struct {
		Status   json.RawMessage `json:"status"`
		Error    json.RawMessage `json:"error"`
		Message  json.RawMessage `json:"message"`
		Response *struct {
			Message json.RawMessage `json:"message"`
		} `json:"response"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		ae.NonJSON = true
		return ae
	}
	var reason string
	if json.Unmarshal(env.Error, &reason) == nil {
		ae.Reason = reason
	}
	msg := env.Message
	if env.Response != nil && len(env.Response.Message) > 0 {
		msg = env.Response.Message
	}
	ae.addMessages(msg)
	return ae
}

// addMessages flattens Evolution's "message" (a string, or an array of
// strings and objects) into Messages, noting a not-on-WhatsApp answer.
func (e *APIError) addMessages(raw json.RawMessage) {
	if len(raw) == 0 || string(raw) == "null" {
		return
	}
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) != nil {
		items = []json.RawMessage{raw}
	}
	for _, it := range items {
		var s string
		if json.Unmarshal(it, &s) == nil {
			e.Messages = append(e.Messages, s)
			continue
		}
		var obj struct {
			Exists  *bool   `json:"exists"`
			JID     string  `json:"jid"`
			Number  flexStr `json:"number"`
			Message string  `json:"message"`
		}
		if json.Unmarshal(it, &obj) == nil {
			switch {
			case obj.Exists != nil && !*obj.Exists:
				e.notOnWhatsApp = true
				e.Number = string(obj.Number)
				if e.Number == "" {
					e.Number = JIDToPhone(obj.JID)
				}
				e.JID = obj.JID
				e.Messages = append(e.Messages, fmt.Sprintf("number %s is not on WhatsApp", e.Number))
				continue
			case obj.Message != "":
				e.Messages = append(e.Messages, obj.Message)
				continue
			}
		}
		e.Messages = append(e.Messages, string(it))
	}
}
