package privacy_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/hooks/privacy"
)

// Every collection that holds a customer has an erase policy: a
// collection added with a relation to customers (or orders, devices, ...)
// fails here until the erasure says what to do with it.
func TestEveryCustomerCollectionHasAnErasePolicy(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	holders := holdersOfCustomers(t, app)
	for _, name := range holders {
		require.True(t, privacy.HasErasePolicy(name), "collection %s holds customers' data but has no erase policy (hooks/privacy/erase.go)", name)
	}
}
