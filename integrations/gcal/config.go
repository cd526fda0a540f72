package gcal

import (
	"context"
	"fmt"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"google.golang.org/api/calendar/v3"
)

// Google's production endpoints, used when the matching Config field is empty.
const (
	DefaultAuthURL   = "https://accounts.google.com/o/oauth2/auth"
	DefaultTokenURL  = "https://oauth2.googleapis.com/token"
	DefaultRevokeURL = "https://oauth2.googleapis.com/revoke"
	DefaultAPIURL    = "https://www.googleapis.com/calendar/v3/"
)

// DefaultScopes returns the scopes requested when Config.Scopes is empty.
//
// calendar.events allows insert/patch/delete/list/watch of events;
// calendar.readonly adds users/me/calendarList (to let the owner pick a
// calendar) and is one of the scopes that also authorize freeBusy.query
// (see calendar-api.json), so no separate freebusy scope is needed.
func DefaultScopes() []string {
	return []string{calendar.CalendarEventsScope, calendar.CalendarReadonlyScope}
}

// Config holds the platform's Google OAuth client and the endpoints to use.
// Empty endpoint fields fall back to Google's production endpoints, so the
// zero value plus ClientID/ClientSecret/RedirectURL talks to Google and a
// Config pointing at gcalfake talks to the fake.
type Config struct {
	ClientID     string
	ClientSecret string
	RedirectURL  string
	AuthURL      string
	TokenURL     string
	RevokeURL    string
	// APIURL is the Calendar API base path; a trailing "/" is added when
	// missing because the generated client resolves relative paths against it.
	APIURL string
	Scopes []string
	// Clock decides when an access token has expired (default time.Now).
	// Token expiries are stamped with it too, so a server whose clock is
	// injected (tests, the demo) and the OAuth server agree on what
	// "expired" means.
	Clock func() time.Time
}

// Enabled reports whether the Google integration is configured.
func (c Config) Enabled() bool {
	return c.ClientID != "" && c.ClientSecret != ""
}

// WithDefaults returns a copy of c with every empty field set to its default.
func (c Config) WithDefaults() Config {
	if c.AuthURL == "" {
		c.AuthURL = DefaultAuthURL
	}
	if c.TokenURL == "" {
		c.TokenURL = DefaultTokenURL
	}
	if c.RevokeURL == "" {
		c.RevokeURL = DefaultRevokeURL
	}
	if c.APIURL == "" {
		c.APIURL = DefaultAPIURL
	}
	if !strings.HasSuffix(c.APIURL, "/") {
		c.APIURL += "/"
	}
	if len(c.Scopes) == 0 {
		c.Scopes = DefaultScopes()
	}
	return c
}

// OAuth2 returns the golang.org/x/oauth2 configuration for c (with defaults).
func (c Config) OAuth2() *oauth2.Config {
	d := c.WithDefaults()
	return &oauth2.Config{
		ClientID:     d.ClientID,
		ClientSecret: d.ClientSecret,
		RedirectURL:  d.RedirectURL,
		Scopes:       append([]string(nil), d.Scopes...),
		Endpoint: oauth2.Endpoint{
			AuthURL:  d.AuthURL,
			TokenURL: d.TokenURL,
			// Google only accepts the client credentials in the form body;
			// fixing the style also avoids oauth2's probe (a second request).
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
}

// AuthCodeURL returns the consent URL for state, asking for offline access
// with a forced consent screen (so Google returns a refresh token even when
// the shop reconnects) and a PKCE S256 challenge derived from verifier.
func (c Config) AuthCodeURL(state, verifier string) string {
	return c.OAuth2().AuthCodeURL(state,
		oauth2.AccessTypeOffline,
		oauth2.ApprovalForce,
		oauth2.S256ChallengeOption(verifier),
	)
}

// Exchange trades the authorization code from the callback for a token,
// proving possession of the PKCE verifier. The HTTP client may be given in
// ctx with the oauth2.HTTPClient key.
func (c Config) Exchange(ctx context.Context, code, verifier string) (*oauth2.Token, error) {
	tok, err := c.OAuth2().Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, fmt.Errorf("gcal: exchange code: %w", err)
	}
	tok = rebaseExpiry(tok, c.now)
	if tok.RefreshToken == "" {
		return nil, fmt.Errorf("gcal: exchange code: %w", ErrNoRefreshToken)
	}
	if missing := c.MissingScopes(tok); len(missing) > 0 {
		// The token is returned too, so the caller can Revoke it.
		return tok, fmt.Errorf("gcal: exchange code: %w: %s", ErrMissingScopes, strings.Join(missing, " "))
	}
	return tok, nil
}

// MissingScopes returns the configured scopes the user did not grant.
// Google's consent screen lets the user untick single permissions and
// reports what was granted in the token response's "scope"; when the
// response has no "scope" nothing is reported missing.
func (c Config) MissingScopes(tok *oauth2.Token) []string {
	granted, _ := tok.Extra("scope").(string)
	if granted == "" {
		return nil
	}
	have := map[string]bool{}
	for _, s := range strings.Fields(granted) {
		have[s] = true
	}
	var missing []string
	for _, s := range c.WithDefaults().Scopes {
		if !have[s] {
			missing = append(missing, s)
		}
	}
	return missing
}

// TokenSource returns a token source that starts from the stored token,
// refreshes it when it expires and calls save with every new token (see
// PersistingTokenSource). ctx is used for the refresh requests for the whole
// life of the source, so it must not be a request-scoped context.
func (c Config) TokenSource(ctx context.Context, stored *oauth2.Token, save func(*oauth2.Token) error) oauth2.TokenSource {
	base := &clockedSource{ctx: ctx, conf: c.OAuth2(), now: c.now, tok: stored}
	return newPersistingSource(base, save, stored)
}

// now reads c.Clock, defaulting to time.Now.
func (c Config) now() time.Time {
	if c.Clock == nil {
		return time.Now()
	}
	return c.Clock()
}
