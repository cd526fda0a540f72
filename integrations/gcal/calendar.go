package gcal

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"golang.org/x/oauth2"
	"google.golang.org/api/calendar/v3"
	"google.golang.org/api/option"
)

// Calendar is a shop's Google Calendar client. It is safe for concurrent use.
type Calendar struct {
	svc        *calendar.Service
	now        func() time.Time
	syncWindow time.Duration
	pageSize   int64
}

// CalendarOption customises a Calendar.
type CalendarOption func(*Calendar)

// WithClock sets the clock used for the full-sync window and channel
// expirations (default time.Now).
func WithClock(now func() time.Time) CalendarOption {
	return func(c *Calendar) { c.now = now }
}

// WithSyncWindow sets how far back a full sync reaches (default 30 days).
func WithSyncWindow(d time.Duration) CalendarOption {
	return func(c *Calendar) { c.syncWindow = d }
}

// WithPageSize sets maxResults for list calls (default 250, Google's
// default; at most 2500).
func WithPageSize(n int64) CalendarOption {
	return func(c *Calendar) { c.pageSize = n }
}

// NewCalendar builds a client that authenticates with ts (normally
// Config.TokenSource) against cfg's API URL.
func NewCalendar(ctx context.Context, cfg Config, ts oauth2.TokenSource, opts ...CalendarOption) (*Calendar, error) {
	if ts == nil {
		return nil, fmt.Errorf("gcal: new calendar: nil token source")
	}
	// oauth2.Transport asks ts for a token on every request. The API
	// library's own token option would wrap ts in a cache that judges expiry
	// by the real clock, overruling Config.Clock (see clockedSource).
	base := http.DefaultTransport
	if hc, ok := ctx.Value(oauth2.HTTPClient).(*http.Client); ok && hc != nil && hc.Transport != nil {
		base = hc.Transport
	}
	hc := &http.Client{Transport: &oauth2.Transport{Source: ts, Base: base}}
	return newCalendar(ctx, cfg, opts, option.WithHTTPClient(hc))
}

// NewCalendarWithClient builds a client that sends every request through hc
// as is (hc must add the Authorization header itself, e.g. oauth2.NewClient).
// Meant for tests and proxies.
func NewCalendarWithClient(ctx context.Context, cfg Config, hc *http.Client, opts ...CalendarOption) (*Calendar, error) {
	if hc == nil {
		return nil, fmt.Errorf("gcal: new calendar: nil http client")
	}
	return newCalendar(ctx, cfg, opts, option.WithHTTPClient(hc))
}

func newCalendar(ctx context.Context, cfg Config, opts []CalendarOption, auth option.ClientOption) (*Calendar, error) {
	d := cfg.WithDefaults()
	svc, err := calendar.NewService(ctx,
		option.WithEndpoint(d.APIURL), // ends in "/", see Config.WithDefaults
		option.WithScopes(d.Scopes...),
		auth,
	)
	if err != nil {
		return nil, fmt.Errorf("gcal: new calendar: %w", err)
	}
	c := &Calendar{svc: svc, now: time.Now, syncWindow: 30 * 24 * time.Hour, pageSize: 250}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

// CalendarInfo is one entry of the user's calendar list.
type CalendarInfo struct {
	ID         string
	Summary    string
	Primary    bool
	AccessRole string // owner, writer, reader, freeBusyReader
	TimeZone   string
}

// ListCalendars returns every calendar in the user's calendar list.
func (c *Calendar) ListCalendars(ctx context.Context) ([]CalendarInfo, error) {
	var out []CalendarInfo
	err := c.svc.CalendarList.List().MaxResults(min(c.pageSize, 250)).Pages(ctx, func(page *calendar.CalendarList) error {
		for _, e := range page.Items {
			summary := e.Summary
			if e.SummaryOverride != "" {
				summary = e.SummaryOverride
			}
			out = append(out, CalendarInfo{ID: e.Id, Summary: summary, Primary: e.Primary, AccessRole: e.AccessRole, TimeZone: e.TimeZone})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("gcal: list calendars: %w", err)
	}
	return out, nil
}
