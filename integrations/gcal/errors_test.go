package gcal_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/bancada/bancada/integrations/gcal"
	"github.com/bancada/bancada/integrations/gcal/gcalfake"
)

type class struct{ notFound, conflict, gone, rateLimited, retryable, auth bool }

func classify(err error) class {
	return class{
		notFound:    gcal.IsNotFound(err),
		conflict:    gcal.IsConflict(err),
		gone:        gcal.IsGone(err),
		rateLimited: gcal.IsRateLimited(err),
		retryable:   gcal.IsRetryable(err),
		auth:        gcal.IsAuth(err),
	}
}

// TestErrorClassificationFromAPI makes the real client parse each error body
// the fake sends the way Google does.
func TestErrorClassificationFromAPI(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, cal := newConnectedCalendar(t, gcalfake.Options{})
	tests := []struct {
		status int
		reason string
		want   class
	}{
		{400, "badRequest", class{}},
		{401, "authError", class{auth: true}},
		{403, "forbidden", class{}},
		{403, "rateLimitExceeded", class{rateLimited: true, retryable: true}},
		{403, "userRateLimitExceeded", class{rateLimited: true, retryable: true}},
		{404, "notFound", class{notFound: true}},
		{409, "duplicate", class{conflict: true}},
		{410, "fullSyncRequired", class{gone: true}},
		{412, "conditionNotMet", class{}},
		{429, "rateLimitExceeded", class{rateLimited: true, retryable: true}},
		{500, "backendError", class{retryable: true}},
		{503, "backendError", class{retryable: true}},
	}
	for _, tt := range tests {
		srv.FailNext(1, tt.status, tt.reason)
		_, err := cal.GetEvent(ctx, "primary", gcal.EventID("x"))
		require.Error(t, err)
		assert.Equal(t, tt.want, classify(err), "%d %s", tt.status, tt.reason)
		assert.Equal(t, tt.reason, gcal.Reason(err))
		ge, ok := gcal.APIError(err)
		require.True(t, ok)
		assert.Equal(t, tt.status, ge.Code)
	}
}

func TestErrorClassificationOther(t *testing.T) {
	t.Parallel()
	invalidGrant := &oauth2.RetrieveError{Response: &http.Response{StatusCode: 400}, ErrorCode: "invalid_grant"}
	tokenDown := &oauth2.RetrieveError{Response: &http.Response{StatusCode: 503}}
	tests := map[string]struct {
		err     error
		want    class
		revoked bool
	}{
		"nil":                         {nil, class{}, false},
		"plain":                       {errors.New("boom"), class{}, false},
		"canceled":                    {fmt.Errorf("x: %w", context.Canceled), class{}, false},
		"invalid_grant":               {invalidGrant, class{auth: true}, true},
		"invalid_grant in url.Error":  {&url.Error{Op: "Get", URL: "u", Err: invalidGrant}, class{auth: true}, true},
		"invalid_grant wrapped twice": {fmt.Errorf("gcal: x: %w", &url.Error{Op: "Get", URL: "u", Err: invalidGrant}), class{auth: true}, true},
		"other oauth error":           {&oauth2.RetrieveError{Response: &http.Response{StatusCode: 401}, ErrorCode: "invalid_client"}, class{}, false},
		"token endpoint 503":          {&url.Error{Op: "Get", URL: "u", Err: tokenDown}, class{retryable: true}, false},
	}
	for name, tt := range tests {
		assert.Equal(t, tt.want, classify(tt.err), name)
		assert.Equal(t, tt.revoked, gcal.IsGrantRevoked(tt.err), name)
	}
}

func TestNetworkErrorIsRetryable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, cfg := startFake(t, gcalfake.Options{})
	tok := connect(t, cfg)
	cal, err := gcal.NewCalendar(ctx, cfg, cfg.TokenSource(ctx, tok, nil))
	require.NoError(t, err)
	srv.Close()
	_, err = cal.GetEvent(ctx, "primary", gcal.EventID("x"))
	require.Error(t, err)
	assert.Equal(t, class{retryable: true}, classify(err))
}

func TestNewCalendarWithClient(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, cfg := startFake(t, gcalfake.Options{})
	tok := connect(t, cfg)
	cal, err := gcal.NewCalendarWithClient(ctx, cfg, oauth2.NewClient(ctx, oauth2.StaticTokenSource(tok)))
	require.NoError(t, err)
	_, err = cal.ListCalendars(ctx)
	require.NoError(t, err)

	// Without credentials the fake answers like Google: 401 authError.
	anon, err := gcal.NewCalendarWithClient(ctx, cfg, http.DefaultClient)
	require.NoError(t, err)
	_, err = anon.ListCalendars(ctx)
	assert.True(t, gcal.IsAuth(err))

	_, err = gcal.NewCalendarWithClient(ctx, cfg, nil)
	assert.Error(t, err)
	_, err = gcal.NewCalendar(ctx, cfg, nil)
	assert.Error(t, err)
}

func TestAPIURLWithoutTrailingSlash(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, cfg := startFake(t, gcalfake.Options{})
	tok := connect(t, cfg)
	cfg.APIURL = srv.URL() + "/calendar/v3" // without "/" paths would resolve to /calendar/calendars/…
	cal, err := gcal.NewCalendar(ctx, cfg, cfg.TokenSource(ctx, tok, nil))
	require.NoError(t, err)
	_, err = cal.SyncEvents(ctx, "primary", "")
	require.NoError(t, err)
}
