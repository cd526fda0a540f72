package evofake

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// jsTypeErrorEvents is what Node says when set() reads events.length of
// a webhook sent without "events".
const jsTypeErrorEvents = "Cannot read properties of undefined (reading 'length')"

func (f *Fake) handleSetWebhook(w http.ResponseWriter, _ *http.Request, name string, body map[string]any) {
	if msgs := validateWebhookSchema(body); len(msgs) > 0 {
		writeError(w, http.StatusBadRequest, msgs)
		return
	}
	wh, _ := object(body, "webhook")
	f.mu.Lock()
	defer f.mu.Unlock()
	inst := f.instances[name]
	row, msg := webhookFromBody(wh, false, inst.id, f.now())
	if msg != "" {
		// Not caught by the controller: express' handler answers 500.
		writeError(w, http.StatusInternalServerError, msg)
		return
	}
	if inst.webhook != nil {
		row.ID, row.CreatedAt = inst.webhook.ID, inst.webhook.CreatedAt
	}
	inst.webhook = row
	writeJSON(w, http.StatusCreated, row)
}

func (f *Fake) handleFindWebhook(w http.ResponseWriter, _ *http.Request, name string, _ map[string]any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if row := f.instances[name].webhook; row != nil {
		writeJSON(w, http.StatusOK, row)
		return
	}
	writeJSON(w, http.StatusOK, nil)
}

// validateWebhookSchema applies webhookSchema of Evolution 2.3 and returns
// jsonschema's messages (with "instance." stripped as Evolution does).
func validateWebhookSchema(body map[string]any) []any {
	raw, present := body["webhook"]
	if !present {
		return []any{`instance requires property "webhook"`}
	}
	wh, ok := raw.(map[string]any)
	if !ok {
		return []any{"webhook is not of a type(s) object"}
	}
	var msgs []any
	for _, req := range []string{"enabled", "url"} {
		if _, ok := wh[req]; !ok {
			msgs = append(msgs, fmt.Sprintf(`webhook requires property "%s"`, req))
		}
	}
	if v, ok := wh["enabled"]; ok {
		if _, isBool := v.(bool); !isBool {
			msgs = append(msgs, "webhook.enabled is not of a type(s) boolean")
		}
	}
	if v, ok := wh["url"]; ok {
		if s, isStr := v.(string); !isStr {
			msgs = append(msgs, "webhook.url is not of a type(s) string")
		} else if s == "" {
			msgs = append(msgs, `The "url" cannot be empty`)
		}
	}
	for _, k := range []string{"byEvents", "base64"} {
		if v, ok := wh[k]; ok {
			if _, isBool := v.(bool); !isBool {
				msgs = append(msgs, "webhook."+k+" is not of a type(s) boolean")
			}
		}
	}
	if v, ok := wh["headers"]; ok {
		if _, isObj := v.(map[string]any); !isObj {
			msgs = append(msgs, "webhook.headers is not of a type(s) object")
		}
	}
	if v, ok := wh["events"]; ok {
		list, isList := v.([]any)
		if !isList {
			msgs = append(msgs, "webhook.events is not of a type(s) array")
		}
		for i, e := range list {
			if s, _ := e.(string); !isKnownEvent(s) {
				msgs = append(msgs, fmt.Sprintf("webhook.events[%d] is not one of enum values: %s", i, strings.Join(allEvents(), ",")))
			}
		}
	}
	return msgs
}

// webhookFromBody builds the stored row like WebhookController.set: a
// disabled webhook keeps no events, an enabled one with [] gets them all,
// and a missing "events" is the TypeError message. Inline webhooks of
// /instance/create are always enabled.
func webhookFromBody(wh map[string]any, inline bool, instanceID string, now time.Time) (*webhookRow, string) {
	enabled := inline || boolean(wh, "enabled")
	row := &webhookRow{
		ID: newCUID(), Enabled: enabled, WebhookByEvents: boolean(wh, "byEvents"), WebhookBase64: boolean(wh, "base64"),
		InstanceID: instanceID, CreatedAt: isoTime(now), UpdatedAt: isoTime(now), Headers: map[string]string{},
	}
	row.URL, _ = str(wh, "url")
	if h, ok := object(wh, "headers"); ok {
		for k, v := range h {
			row.Headers[k] = fmt.Sprint(v)
		}
	}
	raw, hasEvents := wh["events"].([]any)
	switch {
	case !enabled:
		row.Events = []string{}
	case !hasEvents:
		return nil, jsTypeErrorEvents
	case len(raw) == 0:
		row.Events = allEvents()
	default:
		for _, e := range raw {
			if s, ok := e.(string); ok {
				row.Events = append(row.Events, s)
			}
		}
	}
	return row, ""
}

// newCUID returns an id shaped like prisma's cuid().
func newCUID() string { return "cm" + strings.ToLower(randomHex(12)) }
