package evolution

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultTimeout bounds every call unless WithTimeout says otherwise.
const DefaultTimeout = 15 * time.Second

// maxBody caps how much of an answer is read (a QR code PNG is ~20 KB).
const maxBody = 8 << 20

// Client calls one Evolution API server. It is safe for concurrent use.
type Client struct {
	baseURL  string
	apiKey   string
	token    string
	tokenFor func(ctx context.Context, instance string) (string, error)
	http     *http.Client
	timeout  time.Duration
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient makes the client use hc (its transport, proxies, TLS).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil {
			c.http = hc
		}
	}
}

// WithTimeout bounds every call by d (DefaultTimeout when not set; zero or
// negative leaves only the caller's context).
func WithTimeout(d time.Duration) Option {
	return func(c *Client) { c.timeout = d }
}

// WithTokenLookup makes instance-scoped calls authenticate with the
// instance's own token returned by f; an empty token falls back to the
// global key.
func WithTokenLookup(f func(ctx context.Context, instance string) (string, error)) Option {
	return func(c *Client) { c.tokenFor = f }
}

// New returns a client of the Evolution server at baseURL
// ("https://evo.example.com") authenticated by the global API key
// (AUTHENTICATION_API_KEY).
func New(baseURL, globalAPIKey string, opts ...Option) *Client {
	c := &Client{
		baseURL: strings.TrimRight(strings.TrimSpace(baseURL), "/"),
		apiKey:  globalAPIKey,
		http:    &http.Client{},
		timeout: DefaultTimeout,
	}
	for _, o := range opts {
		o(c)
	}
	return c
}

// WithToken returns a copy of the client whose instance-scoped calls
// authenticate with an instance token (the "hash" returned at creation)
// instead of the global key. Creating and listing instances still use the
// global key.
func (c *Client) WithToken(token string) *Client {
	cp := *c
	cp.token = token
	return &cp
}

// call describes one HTTP request to Evolution.
type call struct {
	op       string // for error context, e.g. "send text"
	method   string
	path     string // already escaped
	query    url.Values
	instance string // set on instance-scoped routes
	body     any
}

// do performs the call and returns the successful answer's body.
func (c *Client) do(ctx context.Context, k call) ([]byte, error) {
	key, err := c.keyFor(ctx, k.instance)
	if err != nil {
		return nil, fmt.Errorf("evolution: %s: instance token: %w", k.op, err)
	}
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}

	var rdr io.Reader
	if k.body != nil {
		b, err := json.Marshal(k.body)
		if err != nil {
			return nil, fmt.Errorf("evolution: %s: encode body: %w", k.op, err)
		}
		rdr = bytes.NewReader(b)
	}
	u := c.baseURL + k.path
	if len(k.query) > 0 {
		u += "?" + k.query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, k.method, u, rdr)
	if err != nil {
		return nil, fmt.Errorf("evolution: %s: %w: %w", k.op, ErrBadRequest, err)
	}
	req.Header.Set("Accept", "application/json")
	if rdr != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("apikey", key)
	}

	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("evolution: %s: %w: %w", k.op, ErrUnreachable, redacted(err, c.apiKey, key))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, fmt.Errorf("evolution: %s: %w: read answer: %w", k.op, ErrUnreachable, redacted(err, c.apiKey, key))
	}
	if resp.StatusCode >= 300 {
		ae := decodeAPIError(resp.StatusCode, body)
		for i, m := range ae.Messages {
			ae.Messages[i] = redact(m, c.apiKey, key)
		}
		return nil, fmt.Errorf("evolution: %s: %w", k.op, ae)
	}
	if !json.Valid(body) {
		return nil, fmt.Errorf("evolution: %s: %w", k.op, &APIError{Status: resp.StatusCode, NonJSON: true})
	}
	return body, nil
}

// decode unmarshals a successful answer, treating garbage as unreachable.
func decode(op string, body []byte, v any) error {
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("evolution: %s: %w: unexpected answer: %w", op, ErrUnreachable, err)
	}
	return nil
}

func (c *Client) keyFor(ctx context.Context, instance string) (string, error) {
	if instance == "" {
		return c.apiKey, nil
	}
	if c.token != "" {
		return c.token, nil
	}
	if c.tokenFor != nil {
		t, err := c.tokenFor(ctx, instance)
		if err != nil {
			return "", err
		}
		if t != "" {
			return t, nil
		}
	}
	return c.apiKey, nil
}

// redact removes credentials from a text that goes into an error.
func redact(s string, keys ...string) string {
	for _, k := range keys {
		if len(k) >= 4 {
			s = strings.ReplaceAll(s, k, "[redacted]")
		}
	}
	return s
}

// instancePath returns "/{controller}/{action}/{instance}" with the name
// escaped, or an error for an empty name.
func instancePath(op, prefix, instance string) (string, error) {
	if strings.TrimSpace(instance) == "" {
		return "", fmt.Errorf("evolution: %s: %w: empty instance name", op, ErrBadRequest)
	}
	return prefix + "/" + url.PathEscape(instance), nil
}

// redactedError keeps a cause in the chain (errors.Is still sees
// context.DeadlineExceeded) while its text carries no credential.
type redactedError struct {
	msg string
	err error
}

// Error returns the redacted text.
func (e *redactedError) Error() string { return e.msg }

// Unwrap returns the original cause.
func (e *redactedError) Unwrap() error { return e.err }

func redacted(err error, keys ...string) error {
	return &redactedError{msg: redact(err.Error(), keys...), err: err}
}
