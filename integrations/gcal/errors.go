package gcal

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"

	"golang.org/x/oauth2"
	"google.golang.org/api/googleapi"
)

// ErrNoRefreshToken means the token endpoint answered without a refresh
// token, so the connection would die with the first access token.
var ErrNoRefreshToken = errors.New("gcal: token response has no refresh token")

// ErrMissingScopes means the user unticked some of the requested
// permissions on the consent screen; the shop must reconnect granting them.
var ErrMissingScopes = errors.New("gcal: permissions not granted")

// APIError returns the *googleapi.Error inside err, if any.
func APIError(err error) (*googleapi.Error, bool) {
	var ge *googleapi.Error
	if errors.As(err, &ge) {
		return ge, true
	}
	return nil, false
}

// Reason returns the first error reason Google gave (e.g. "fullSyncRequired",
// "rateLimitExceeded"), or "".
func Reason(err error) string {
	ge, ok := APIError(err)
	if !ok || len(ge.Errors) == 0 {
		return ""
	}
	return ge.Errors[0].Reason
}

func hasCode(err error, code int) bool {
	ge, ok := APIError(err)
	return ok && ge.Code == code
}

// IsNotFound reports a 404 from the Calendar API.
func IsNotFound(err error) bool { return hasCode(err, http.StatusNotFound) }

// IsConflict reports a 409, e.g. inserting an event id that already exists.
func IsConflict(err error) bool { return hasCode(err, http.StatusConflict) }

// IsGone reports a 410: an expired syncToken (reason fullSyncRequired) or an
// event that was already deleted.
func IsGone(err error) bool { return hasCode(err, http.StatusGone) }

// IsRateLimited reports 429 and 403 with reason rateLimitExceeded or
// userRateLimitExceeded; back off exponentially before retrying.
func IsRateLimited(err error) bool {
	ge, ok := APIError(err)
	if !ok {
		return false
	}
	if ge.Code == http.StatusTooManyRequests {
		return true
	}
	if ge.Code != http.StatusForbidden {
		return false
	}
	for _, item := range ge.Errors {
		if item.Reason == "rateLimitExceeded" || item.Reason == "userRateLimitExceeded" {
			return true
		}
	}
	return false
}

// IsGrantRevoked reports that the token endpoint answered invalid_grant: the
// shop revoked access, or the refresh token expired. Only a new consent fixes
// it, so the tenant must be marked "reconnect needed". It sees through the
// *url.Error the HTTP client wraps around token errors during API calls.
func IsGrantRevoked(err error) bool {
	var re *oauth2.RetrieveError
	return errors.As(err, &re) && re.ErrorCode == "invalid_grant"
}

// IsAuth reports an authentication failure: a 401 from the API or a revoked
// grant. Retry once after a token refresh; if it persists, reconnect.
func IsAuth(err error) bool {
	return hasCode(err, http.StatusUnauthorized) || IsGrantRevoked(err)
}

// IsRetryable reports errors worth retrying with backoff: rate limits, 5xx,
// and network failures (including a token endpoint that is down). Context
// cancellation, 4xx and auth errors are not retryable.
func IsRetryable(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	if ge, ok := APIError(err); ok {
		return ge.Code >= 500 || IsRateLimited(err)
	}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		if re.Response == nil {
			return false
		}
		sc := re.Response.StatusCode
		return sc >= 500 || sc == http.StatusTooManyRequests
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return true
	}
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}
