// Package apierr builds the 400 errors Bancada's routes and hooks return:
// PocketBase-shaped ({"status","message","data":{field:{code,message}}})
// with a Portuguese message per field, so staff and customers read what to
// fix.
package apierr

import (
	"errors"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/tools/router"
)

// Field is a validation error for one field with a Portuguese message.
func Field(field, code, message string) error {
	return validation.Errors{field: validation.NewError(code, message)}
}

// Nested is a validation error on a field of a nested object ("shop.cnpj").
func Nested(object, field, code, message string) error {
	return validation.Errors{object: validation.Errors{field: validation.NewError(code, message)}}
}

// Fields collects per-field validation errors; Nest adds a nested object.
type Fields validation.Errors

// Add records an error for field unless it already has one.
func (f Fields) Add(field, code, message string) {
	if _, taken := f[field]; !taken {
		f[field] = validation.NewError(code, message)
	}
}

// Nest adds the errors of a nested object, if any.
func (f Fields) Nest(field string, inner Fields) {
	if len(inner) > 0 {
		f[field] = validation.Errors(inner)
	}
}

// Err returns the collected errors, or nil when there are none.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return validation.Errors(f)
}

// BadRequest is a 400 with a Portuguese message and per-field data.
func BadRequest(message string, err error) *router.ApiError {
	return router.NewBadRequestError(message, err)
}

// CheckFields is the message of a 400 whose details are per field.
const CheckFields = "Confira os campos destacados."

// AsValidation reports whether err is (or wraps) validation errors.
func AsValidation(err error) (validation.Errors, bool) {
	var ve validation.Errors
	if errors.As(err, &ve) {
		return ve, true
	}
	return nil, false
}
