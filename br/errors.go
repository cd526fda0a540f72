package br

// validationError is a user-facing validation error: its message is Brazilian
// Portuguese and it also matches a broader group sentinel with errors.Is
// (e.g. ErrCPFLength also matches ErrInvalidCPF and ErrInvalidDocument).
type validationError struct {
	msg    string
	groups []error
}

// Error returns the Portuguese message.
func (e *validationError) Error() string { return e.msg }

// Is reports whether target is one of the groups this error belongs to.
func (e *validationError) Is(target error) bool {
	for _, g := range e.groups {
		if target == g {
			return true
		}
	}
	return false
}

func newValidationError(msg string, groups ...error) error {
	return &validationError{msg: msg, groups: groups}
}
