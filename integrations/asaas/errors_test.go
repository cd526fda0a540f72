package asaas

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAPIErrorMessageAndHelpers(t *testing.T) {
	t.Parallel()
	e := newAPIError(400, []byte(`{"errors":[{"code":"invalid_value","description":"O campo value deve ser informado"},`+
		`{"code":"invalid_customer","description":"O campo customer deve ser informado"}]}`))
	wrapped := fmt.Errorf("asaas: create payment: %w", e)
	assert.Equal(t, "asaas: create payment: HTTP 400: O campo value deve ser informado (invalid_value); "+
		"O campo customer deve ser informado (invalid_customer)", wrapped.Error())
	assert.True(t, IsValidation(wrapped))
	assert.False(t, IsRetryable(wrapped))
	assert.Equal(t, []string{"O campo value deve ser informado", "O campo customer deve ser informado"}, e.Descriptions())
	assert.True(t, e.HasCode("invalid_customer"))

	tests := []struct {
		status                                           int
		body                                             string
		unauth, env, notFound, limited, retry, forbidden bool
	}{
		{401, `{"errors":[{"code":"invalid_environment","description":"x"}]}`, true, true, false, false, false, false},
		{401, `{"errors":[{"code":"invalid_access_token","description":"x"}]}`, true, false, false, false, false, false},
		{404, ``, false, false, true, false, false, false},
		{429, `{}`, false, false, false, true, true, false},
		{403, `<html>CloudFront</html>`, false, false, false, false, false, true},
		{500, `<html>oops</html>`, false, false, false, false, true, false},
		{503, ``, false, false, false, false, true, false},
	}
	for _, tt := range tests {
		err := fmt.Errorf("op: %w", newAPIError(tt.status, []byte(tt.body)))
		assert.Equal(t, tt.unauth, IsUnauthorized(err), tt.status)
		assert.Equal(t, tt.env, IsInvalidEnvironment(err), tt.status)
		assert.Equal(t, tt.notFound, IsNotFound(err), tt.status)
		assert.Equal(t, tt.limited, IsRateLimited(err), tt.status)
		assert.Equal(t, tt.retry, IsRetryable(err), tt.status)
		assert.Equal(t, tt.forbidden, IsForbidden(err), tt.status)
		assert.Equal(t, tt.status >= 500, errors.Is(err, ErrUnreachable), tt.status)
	}
	assert.Equal(t, "HTTP 404 Not Found", newAPIError(http.StatusNotFound, nil).Error())
	assert.True(t, IsRetryable(fmt.Errorf("x: %w", ErrUnreachable)))
	assert.False(t, IsRetryable(errors.New("other")))
	assert.False(t, IsNotFound(nil))
}
