package outbox

import "errors"

// uncertainPrefix marks a row's last_error when its last attempt may have
// reached the provider (Delivery.Uncertain on the next attempt).
const uncertainPrefix = "uncertain: "

type uncertainError struct{ err error }

func (e *uncertainError) Error() string { return e.err.Error() }
func (e *uncertainError) Unwrap() error { return e.err }

// Uncertain wraps err, the failure of an attempt that may nevertheless
// have reached the provider (a timeout after the request left, a dropped
// connection). The delivery is retried as usual and its next attempt
// carries Delivery.Uncertain, so the handler asks the provider whether
// the call went through before making it again.
func Uncertain(err error) error {
	if err == nil {
		return nil
	}
	return &uncertainError{err}
}

// IsUncertain reports whether err was wrapped by Uncertain.
func IsUncertain(err error) bool {
	var u *uncertainError
	return errors.As(err, &u)
}
