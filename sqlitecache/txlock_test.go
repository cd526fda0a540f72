package sqlitecache_test

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/sqlitecache"
)

// TestTransactionsTakeTheWriteLockAtBegin: a transaction that has only
// read so far already holds the write lock, so another writer (the
// continuous replica) cannot commit in between and turn the
// transaction's first write into "database is locked".
func TestTransactionsTakeTheWriteLockAtBegin(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "tx.db")
	db, err := sqlitecache.Connect(path)
	require.NoError(t, err)
	defer db.Close()
	_, err = db.NewQuery("CREATE TABLE t (x INTEGER)").Execute()
	require.NoError(t, err)
	other, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(0)")
	require.NoError(t, err)
	defer other.Close()

	err = db.Transactional(func(tx *dbx.Tx) error {
		var n int
		require.NoError(t, tx.NewQuery("SELECT COUNT(*) FROM t").Row(&n))
		_, otherErr := other.Exec("INSERT INTO t (x) VALUES (2)")
		require.ErrorContains(t, otherErr, "database is locked", "the other writer waits for this transaction")
		_, err := tx.NewQuery("INSERT INTO t (x) VALUES (1)").Execute()
		return err
	})
	require.NoError(t, err, "the read-then-write transaction commits")
	_, err = other.Exec("INSERT INTO t (x) VALUES (2)")
	require.NoError(t, err, "and the other writer goes after it")
}
