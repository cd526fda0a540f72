package hooks

import "errors"

// errNotFound marks a record that does not exist in the caller's tenant.
var errNotFound = errors.New("not found")
