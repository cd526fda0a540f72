package gcal

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/oauth2"
)

// Revoke revokes token (a refresh token revokes the whole grant; an access
// token also revokes its refresh token) at the configured revoke URL.
// A token Google already considers invalid ("invalid_token") counts as
// revoked, so disconnecting a shop is idempotent. The HTTP client may be given
// in ctx with the oauth2.HTTPClient key.
func (c Config) Revoke(ctx context.Context, token string) error {
	if token == "" {
		return fmt.Errorf("gcal: revoke: empty token")
	}
	d := c.WithDefaults()
	form := url.Values{"token": {token}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.RevokeURL, strings.NewReader(form.Encode()))
	if err != nil {
		return fmt.Errorf("gcal: revoke: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := contextClient(ctx).Do(req)
	if err != nil {
		return fmt.Errorf("gcal: revoke: %w", err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 1<<16))
	if res.StatusCode == http.StatusOK {
		return nil
	}
	var e struct {
		Error            string `json:"error"`
		ErrorDescription string `json:"error_description"`
	}
	_ = json.Unmarshal(body, &e)
	if res.StatusCode == http.StatusBadRequest && e.Error == "invalid_token" {
		return nil
	}
	return fmt.Errorf("gcal: revoke: %w", &oauth2.RetrieveError{
		Response:         res,
		Body:             body,
		ErrorCode:        e.Error,
		ErrorDescription: e.ErrorDescription,
	})
}

// contextClient returns the *http.Client stored in ctx under
// oauth2.HTTPClient, as golang.org/x/oauth2 does, or http.DefaultClient.
func contextClient(ctx context.Context) *http.Client {
	if hc, ok := ctx.Value(oauth2.HTTPClient).(*http.Client); ok && hc != nil {
		return hc
	}
	return http.DefaultClient
}
