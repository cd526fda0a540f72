package br

// validationError is a user-facing validation error: its message is Brazilian
// Portuguese and it also matches a broader group sentinel with errors.Is.
type validationError struct {
	msg   string
	group error
}

// Error returns the Portuguese message.
func (e *validationError) Error() string { return e.msg }

// Is reports whether target is the group this error belongs to.
func (e *validationError) Is(target error) bool { return target == e.group }

func newValidationError(group error, msg string) error {
	return &validationError{msg: msg, group: group}
}
