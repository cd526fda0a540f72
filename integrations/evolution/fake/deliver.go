package evofake

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
)

// envelope is the body of every webhook POST of Evolution.
type envelope struct {
	Event       string  `json:"event"`
	Instance    string  `json:"instance"`
	Data        any     `json:"data"`
	Destination string  `json:"destination"`
	DateTime    string  `json:"date_time"`
	Sender      string  `json:"sender,omitempty"`
	ServerURL   string  `json:"server_url"`
	APIKey      *string `json:"apikey"`
}

// emit posts event (wire name, e.g. "messages.upsert") with data to the
// instance's webhook, honouring its enabled flag, event list, byEvents
// and headers. It returns the status the receiver answered (0 when
// posting in the background).
func (f *Fake) emit(name, event string, data any) (int, error) {
	f.mu.Lock()
	inst := f.instances[name]
	if inst == nil {
		f.mu.Unlock()
		return 0, fmt.Errorf("%w: %q", ErrUnknownInstance, name)
	}
	row := inst.webhook
	token, sender, now, serverURL := inst.token, inst.ownerJID, f.now(), f.serverURL
	var headers map[string]string
	var rowURL string
	var byEvents bool
	if row != nil {
		rowURL, byEvents = row.URL, row.WebhookByEvents
		headers = make(map[string]string, len(row.Headers))
		for k, v := range row.Headers {
			headers[k] = v
		}
	}
	subscribed := row != nil && row.Enabled && slices.Contains(row.Events, upperSnake(event))
	f.mu.Unlock()
	if !subscribed {
		return 0, fmt.Errorf("%w: instance %q, event %s", ErrNoWebhook, name, event)
	}

	body, err := json.Marshal(envelope{
		Event: event, Instance: name, Data: data, Destination: rowURL, DateTime: isoTime(now),
		Sender: sender, ServerURL: serverURL, APIKey: &token,
	})
	if err != nil {
		return 0, fmt.Errorf("evofake: encode %s: %w", event, err)
	}
	target := rowURL
	if byEvents {
		target = strings.TrimRight(rowURL, "/") + "/" + strings.ReplaceAll(strings.ToLower(upperSnake(event)), "_", "-")
	}
	if jwtKey, ok := headers["jwt_key"]; ok {
		delete(headers, "jwt_key")
		headers["Authorization"] = "Bearer " + signJWT(jwtKey, now.Unix())
	}

	if f.async {
		f.bg.Add(1)
		go func() {
			defer f.bg.Done()
			status, err := f.post(target, headers, body)
			f.record(name, event, target, status, err)
		}()
		return 0, nil
	}
	status, err := f.post(target, headers, body)
	f.record(name, event, target, status, err)
	return status, err
}

func (f *Fake) post(target string, headers map[string]string, body []byte) (int, error) {
	req, err := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("evofake: webhook request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "axios/1.7.9")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := f.hc.Do(req)
	if err != nil {
		return 0, fmt.Errorf("evofake: webhook post: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, nil
}

func (f *Fake) record(name, event, target string, status int, err error) {
	d := Delivery{Instance: name, Event: event, URL: target, Status: status, At: f.now().UTC()}
	if err != nil {
		d.Err = err.Error()
	}
	f.mu.Lock()
	f.deliveries = append(f.deliveries, d)
	f.mu.Unlock()
}

// signJWT makes the HS256 token Evolution sends for a "jwt_key" header.
func signJWT(key string, iat int64) string {
	enc := base64.RawURLEncoding
	header := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	payload := enc.EncodeToString(fmt.Appendf(nil, `{"iat":%d,"exp":%d,"app":"evolution","action":"webhook"}`, iat, iat+600))
	mac := hmac.New(sha256.New, []byte(key))
	mac.Write([]byte(header + "." + payload))
	return header + "." + payload + "." + enc.EncodeToString(mac.Sum(nil))
}

// upperSnake turns a wire event name into its config name
// ("messages.upsert" → "MESSAGES_UPSERT").
func upperSnake(event string) string {
	return strings.ToUpper(strings.NewReplacer(".", "_", "-", "_").Replace(event))
}
