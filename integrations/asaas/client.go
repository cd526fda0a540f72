package asaas

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Base URLs of the two Asaas environments. Keys are per environment: a
// sandbox key against ProductionURL answers 401 invalid_environment.
const (
	ProductionURL = "https://api.asaas.com/v3"
	SandboxURL    = "https://api-sandbox.asaas.com/v3"
)

// Defaults of a new Client.
const (
	DefaultUserAgent  = "Bancada/1.0"
	DefaultMaxRetries = 3
	// DefaultMaxWait caps how long one 429 is waited out inside a call; a
	// longer RateLimit-Reset (e.g. the 12-hour quota) is returned as an
	// error with RetryAfter for the caller's queue to honour.
	DefaultMaxWait = time.Minute
	// DefaultTimeout is the HTTP timeout of the default http.Client. Asaas
	// recommends at least 60 s for card charges.
	DefaultTimeout = 60 * time.Second
)

// maxBody bounds how much of a response is read.
const maxBody = 8 << 20

// Client calls the Asaas v3 API with one API key. It is safe for concurrent
// use. Create one Client per key (each shop's own, or the platform's); a
// Client never changes key.
type Client struct {
	baseURL    string
	apiKey     string
	httpClient *http.Client
	userAgent  string
	sleep      func(ctx context.Context, d time.Duration) error
	maxRetries int
	maxWait    time.Duration
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient sets the http.Client used for calls (timeouts, transport).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil {
			c.httpClient = hc
		}
	}
}

// WithUserAgent sets the mandatory User-Agent header (default "Bancada/1.0").
func WithUserAgent(ua string) Option {
	return func(c *Client) {
		if ua != "" {
			c.userAgent = ua
		}
	}
}

// WithSleep replaces the wait used between 429 retries; tests inject one
// that records the duration and returns at once. It must return ctx.Err()
// when ctx ends first.
func WithSleep(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(c *Client) {
		if sleep != nil {
			c.sleep = sleep
		}
	}
}

// WithMaxRetries sets how many times a rate-limited (429) call is retried
// (default 3; 0 disables retries). Other failures are never retried inside
// the client: a POST that hit a 5xx may have been processed.
func WithMaxRetries(n int) Option {
	return func(c *Client) {
		if n >= 0 {
			c.maxRetries = n
		}
	}
}

// WithMaxWait sets the longest RateLimit-Reset the client waits out itself
// (default one minute).
func WithMaxWait(d time.Duration) Option {
	return func(c *Client) {
		if d >= 0 {
			c.maxWait = d
		}
	}
}

// New returns a Client for baseURL (ProductionURL, SandboxURL or a fake's
// URL, including the "/v3" suffix) authenticating with apiKey.
func New(baseURL, apiKey string, opts ...Option) *Client {
	c := &Client{
		baseURL:    strings.TrimRight(baseURL, "/"),
		apiKey:     apiKey,
		httpClient: &http.Client{Timeout: DefaultTimeout},
		userAgent:  DefaultUserAgent,
		sleep:      sleepCtx,
		maxRetries: DefaultMaxRetries,
		maxWait:    DefaultMaxWait,
	}
	for _, o := range opts {
		o(c)
	}
	return c
}

// BaseURL returns the base URL the client calls.
func (c *Client) BaseURL() string { return c.baseURL }

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// do performs one API call. op names the operation in errors ("create
// payment"); in, when not nil, is sent as the JSON body (never on GET); out,
// when not nil, receives the decoded 2xx body. 429 answers are retried after
// RateLimit-Reset seconds, up to maxRetries times.
func (c *Client) do(ctx context.Context, op, method, path string, query url.Values, in, out any) error {
	u := c.baseURL + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	var payload []byte
	if in != nil && method != http.MethodGet {
		var err error
		if payload, err = json.Marshal(in); err != nil {
			return fmt.Errorf("asaas: %s: encode request: %w", op, err)
		}
	}

	for attempt := 0; ; attempt++ {
		status, header, body, err := c.roundTrip(ctx, method, u, payload)
		if err != nil {
			return fmt.Errorf("asaas: %s: %w", op, err)
		}

		if status == http.StatusTooManyRequests {
			wait := resetAfter(header)
			if attempt < c.maxRetries && wait <= c.maxWait {
				if err := c.sleep(ctx, wait); err != nil {
					return fmt.Errorf("asaas: %s: waiting for rate limit: %w", op, err)
				}
				continue
			}
			apiErr := newAPIError(status, body)
			apiErr.RetryAfter = wait
			return fmt.Errorf("asaas: %s: %w", op, apiErr)
		}

		if status < 200 || status > 299 {
			return fmt.Errorf("asaas: %s: %w", op, newAPIError(status, body))
		}
		if out == nil {
			return nil
		}
		if err := json.Unmarshal(body, out); err != nil {
			return fmt.Errorf("asaas: %s: %w: unexpected response body: %v", op, ErrUnreachable, err)
		}
		return nil
	}
}

// roundTrip sends one request and reads the whole response. Transport
// errors come back wrapped in ErrUnreachable, except the caller's own
// context cancellation.
func (c *Client) roundTrip(ctx context.Context, method, u string, payload []byte) (int, http.Header, []byte, error) {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("access_token", c.apiKey)
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}

	resp, err := c.httpClient.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return 0, nil, nil, ctx.Err()
		}
		// *url.Error repeats the URL (with query parameters such as a
		// cpfCnpj); keep only the cause.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return 0, nil, nil, fmt.Errorf("%w: %v", ErrUnreachable, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		if ctx.Err() != nil {
			return 0, nil, nil, ctx.Err()
		}
		return 0, nil, nil, fmt.Errorf("%w: read response: %v", ErrUnreachable, err)
	}
	return resp.StatusCode, resp.Header, data, nil
}

// resetAfter reads RateLimit-Reset (seconds until the window resets). A
// missing or malformed header means one second.
func resetAfter(h http.Header) time.Duration {
	v := strings.TrimSpace(h.Get("RateLimit-Reset"))
	if v == "" {
		v = strings.TrimSpace(h.Get("Retry-After"))
	}
	secs, err := strconv.ParseFloat(v, 64)
	if err != nil || secs < 0 {
		return time.Second
	}
	return time.Duration(secs * float64(time.Second))
}

// idPath escapes an Asaas identifier for use as one path segment.
func idPath(prefix, id string) string {
	return prefix + "/" + url.PathEscape(id)
}

// errEmptyID is returned instead of calling a list endpoint by accident
// ("GET /payments/" with an empty id).
var errEmptyID = errors.New("empty id")

func checkID(op, id string) error {
	if strings.TrimSpace(id) == "" {
		return fmt.Errorf("asaas: %s: %w", op, errEmptyID)
	}
	return nil
}

// deleted is the body Asaas answers to DELETE.
type deleted struct {
	Deleted bool   `json:"deleted"`
	ID      string `json:"id"`
}

// deleteObject calls DELETE and checks the {"deleted":true} answer.
func (c *Client) deleteObject(ctx context.Context, op, path string) error {
	var out deleted
	if err := c.do(ctx, op, http.MethodDelete, path, nil, nil, &out); err != nil {
		return err
	}
	if !out.Deleted {
		return fmt.Errorf("asaas: %s: Asaas did not confirm the deletion", op)
	}
	return nil
}
