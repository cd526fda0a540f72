package sqlitecache_test

import (
	"path/filepath"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/sqlitecache"
)

// TestConnectionsAreConfiguredAsPocketBaseConfiguresThem: sqlitecache
// copies PocketBase's connection pragmas (core.DefaultDBConnect). A
// PocketBase upgrade that changes them must fail here, not silently leave
// the appliance on the old settings.
func TestConnectionsAreConfiguredAsPocketBaseConfiguresThem(t *testing.T) {
	t.Parallel()
	settings := func(db *dbx.DB) map[string]string {
		out := map[string]string{}
		// Every pragma a connection string could set that a reader can read back.
		for _, p := range []string{"busy_timeout", "journal_mode", "journal_size_limit", "synchronous",
			"foreign_keys", "temp_store", "cache_size", "mmap_size", "locking_mode", "auto_vacuum",
			"wal_autocheckpoint", "cache_spill", "recursive_triggers", "secure_delete", "query_only",
			"automatic_index", "cell_size_check", "trusted_schema", "defer_foreign_keys", "reverse_unordered_selects",
			"ignore_check_constraints", "page_size", "threads", "soft_heap_limit", "hard_heap_limit"} {
			var v string
			require.NoError(t, db.NewQuery("PRAGMA "+p).Row(&v), p)
			out[p] = v
		}
		return out
	}
	ours, err := sqlitecache.Connect(filepath.Join(t.TempDir(), "ours.db"))
	require.NoError(t, err)
	defer ours.Close()
	theirs, err := core.DefaultDBConnect(filepath.Join(t.TempDir(), "theirs.db"))
	require.NoError(t, err)
	defer theirs.Close()
	got := settings(ours)
	require.Equal(t, settings(theirs), got)
	// And the settings are PocketBase's, not the driver's defaults.
	require.Equal(t, "wal", got["journal_mode"])
	require.Equal(t, "10000", got["busy_timeout"])
	require.Equal(t, "-32000", got["cache_size"])
}
