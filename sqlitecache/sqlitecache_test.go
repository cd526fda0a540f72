package sqlitecache_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/sqlitecache"
)

func open(t *testing.T) *dbx.DB {
	t.Helper()
	db, err := sqlitecache.Connect(filepath.Join(t.TempDir(), "data.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	_, err = db.NewQuery("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)").Execute()
	require.NoError(t, err)
	return db
}

type item struct {
	ID   int    `db:"id"`
	Name string `db:"name"`
}

func TestStatementsAreReusedCorrectly(t *testing.T) {
	t.Parallel()
	db := open(t)
	insert := "INSERT INTO items (name) VALUES ({:name})"
	for i := 0; i < 200; i++ { // far more than the cache holds: evictions too
		_, err := db.NewQuery(insert).Bind(dbx.Params{"name": string(rune('a'+i%26)) + string(rune('0'+i/26))}).Execute()
		require.NoError(t, err)
	}
	var n int
	require.NoError(t, db.NewQuery("SELECT COUNT(*) FROM items").Row(&n))
	require.Equal(t, 200, n)

	// The same statement, bound differently, gives each its own answer.
	for _, name := range []string{"a0", "b0", "z6"} {
		var it item
		require.NoError(t, db.NewQuery("SELECT * FROM items WHERE name = {:n}").Bind(dbx.Params{"n": name}).One(&it))
		require.Equal(t, name, it.Name)
	}

	// A failed statement (unique violation) leaves the connection usable.
	_, err := db.NewQuery(insert).Bind(dbx.Params{"name": "a0"}).Execute()
	require.Error(t, err)
	_, err = db.NewQuery(insert).Bind(dbx.Params{"name": "novo"}).Execute()
	require.NoError(t, err)
}

func TestTheSameQueryWhileItsRowsAreOpen(t *testing.T) {
	t.Parallel()
	db := open(t)
	for _, n := range []string{"x", "y", "z"} {
		_, err := db.NewQuery("INSERT INTO items (name) VALUES ({:n})").Bind(dbx.Params{"n": n}).Execute()
		require.NoError(t, err)
	}
	q := "SELECT * FROM items ORDER BY id"
	// In one transaction (one connection), iterate a query and run the
	// very same SQL inside the loop: the busy statement must not be reused.
	err := db.Transactional(func(tx *dbx.Tx) error {
		rows, err := tx.NewQuery(q).Rows()
		require.NoError(t, err)
		defer rows.Close()
		outer := 0
		for rows.Next() {
			var it item
			require.NoError(t, rows.ScanStruct(&it))
			var inner []item
			require.NoError(t, tx.NewQuery(q).All(&inner))
			require.Len(t, inner, 3)
			outer++
		}
		require.Equal(t, 3, outer)
		return nil
	})
	require.NoError(t, err)
}

func TestCachedStatementsFollowSchemaChanges(t *testing.T) {
	t.Parallel()
	db := open(t)
	_, err := db.NewQuery("INSERT INTO items (name) VALUES ('a')").Execute()
	require.NoError(t, err)
	var before []dbx.NullStringMap
	require.NoError(t, db.NewQuery("SELECT * FROM items").All(&before))
	require.Len(t, before[0], 2)
	_, err = db.NewQuery("ALTER TABLE items ADD COLUMN color TEXT DEFAULT 'azul'").Execute()
	require.NoError(t, err)
	var after []dbx.NullStringMap
	require.NoError(t, db.NewQuery("SELECT * FROM items").All(&after))
	require.Len(t, after[0], 3, "the cached SELECT * sees the new column")
	require.Equal(t, "azul", after[0]["color"].String)
}

func TestConcurrentUseAcrossConnections(t *testing.T) {
	t.Parallel()
	db := open(t)
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				_, err := db.NewQuery("INSERT INTO items (name) VALUES ({:n})").WithContext(context.Background()).
					Bind(dbx.Params{"n": string(rune('A'+w)) + "-" + string(rune('0'+i%10)) + string(rune('0'+i/10))}).Execute()
				require.NoError(t, err)
				var n int
				require.NoError(t, db.NewQuery("SELECT COUNT(*) FROM items").Row(&n))
			}
		}(w)
	}
	wg.Wait()
	var n int
	require.NoError(t, db.NewQuery("SELECT COUNT(*) FROM items").Row(&n))
	require.Equal(t, 400, n)
}
