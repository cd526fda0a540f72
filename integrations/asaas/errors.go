package asaas

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// ErrUnreachable marks failures where Asaas could not give a usable answer:
// network errors, timeouts, HTTP 5xx and bodies that are not the expected
// JSON. Such calls may be retried later (see IsRetryable); for creates,
// look the object up by externalReference first, since the request may have
// been processed before the connection broke.
var ErrUnreachable = errors.New("asaas unreachable")

// Authentication error codes Asaas answers with HTTP 401.
const (
	CodeAccessTokenNotFound      = "access_token_not_found"
	CodeInvalidAccessTokenFormat = "invalid_access_token_format"
	CodeInvalidAccessToken       = "invalid_access_token"
	// CodeInvalidEnvironment means a key of the other environment (a
	// production key against the sandbox URL, or the reverse).
	CodeInvalidEnvironment = "invalid_environment"
)

// ErrorItem is one entry of an Asaas error body.
type ErrorItem struct {
	Code        string `json:"code"`
	Description string `json:"description"`
}

// APIError is a non-2xx answer from Asaas: the HTTP status and the items of
// its {"errors":[{code,description}]} body (possibly none, e.g. a bare 404).
// Descriptions are Brazilian Portuguese, written by Asaas.
type APIError struct {
	Status int
	Errors []ErrorItem
	// RetryAfter is how long Asaas asked us to wait (RateLimit-Reset) on a 429.
	RetryAfter time.Duration
}

// Error lists the status and the descriptions. It never contains the API key.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP %d", e.Status)
	if len(e.Errors) == 0 {
		b.WriteString(" ")
		b.WriteString(http.StatusText(e.Status))
		return b.String()
	}
	for i, it := range e.Errors {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		switch {
		case it.Description != "" && it.Code != "":
			fmt.Fprintf(&b, "%s (%s)", it.Description, it.Code)
		case it.Description != "":
			b.WriteString(it.Description)
		default:
			b.WriteString(it.Code)
		}
	}
	return b.String()
}

// Is makes errors.Is(err, ErrUnreachable) true for HTTP 5xx answers.
func (e *APIError) Is(target error) bool {
	return target == ErrUnreachable && e.Status >= 500
}

// HasCode reports whether one of the error items has the given code.
func (e *APIError) HasCode(code string) bool {
	for _, it := range e.Errors {
		if it.Code == code {
			return true
		}
	}
	return false
}

// Descriptions returns the Portuguese descriptions, ready to show to a shop
// owner (e.g. why a charge was refused).
func (e *APIError) Descriptions() []string {
	out := make([]string, 0, len(e.Errors))
	for _, it := range e.Errors {
		if it.Description != "" {
			out = append(out, it.Description)
		}
	}
	return out
}

// newAPIError builds an APIError from a status and a body that may or may
// not be the Asaas error envelope (CloudFront 403 pages are HTML).
func newAPIError(status int, body []byte) *APIError {
	e := &APIError{Status: status}
	var env struct {
		Errors []ErrorItem `json:"errors"`
	}
	if json.Unmarshal(body, &env) == nil {
		e.Errors = env.Errors
	}
	return e
}

// AsAPIError returns the *APIError inside err, if any.
func AsAPIError(err error) (*APIError, bool) {
	var e *APIError
	ok := errors.As(err, &e)
	return e, ok
}

func hasStatus(err error, status int) bool {
	e, ok := AsAPIError(err)
	return ok && e.Status == status
}

// IsUnauthorized reports an HTTP 401: missing, malformed, revoked key, or a
// key of the other environment (code invalid_environment).
func IsUnauthorized(err error) bool { return hasStatus(err, http.StatusUnauthorized) }

// IsInvalidEnvironment reports a 401 because the key belongs to the other
// environment (sandbox key on production or the reverse).
func IsInvalidEnvironment(err error) bool {
	e, ok := AsAPIError(err)
	return ok && e.Status == http.StatusUnauthorized && e.HasCode(CodeInvalidEnvironment)
}

// IsNotFound reports an HTTP 404: the object does not exist or belongs to
// another account.
func IsNotFound(err error) bool { return hasStatus(err, http.StatusNotFound) }

// IsRateLimited reports an HTTP 429 that survived the client's retries.
func IsRateLimited(err error) bool { return hasStatus(err, http.StatusTooManyRequests) }

// IsValidation reports an HTTP 400: Asaas refused the request's content; the
// APIError's descriptions say why.
func IsValidation(err error) bool { return hasStatus(err, http.StatusBadRequest) }

// IsForbidden reports an HTTP 403 (abuse protection, IP allow-list, or a body
// sent on a GET).
func IsForbidden(err error) bool { return hasStatus(err, http.StatusForbidden) }

// IsRetryable reports whether the same call may succeed later without
// changing it: Asaas unreachable (network, 5xx, garbage body) or rate
// limited. Validation and authentication errors are not retryable.
func IsRetryable(err error) bool {
	return errors.Is(err, ErrUnreachable) || IsRateLimited(err)
}
