// Package sqlitecache opens SQLite for PocketBase with a cache of prepared
// statements on every connection.
//
// PocketBase prepares every statement anew, and the pure-Go SQLite parses
// it each time: a fifth of the CPU of a records list, and more of a write
// with its hooks, went to parsing the same few dozen statements (measured
// in docs/benchmarks.md). The cache keeps the last statements each
// connection prepared and reuses them; a statement in use (rows still
// open) is never shared, the SQL text is the key, and statements survive
// schema changes (SQLite re-prepares them itself).
package sqlitecache

import (
	"container/list"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"reflect"

	"github.com/pocketbase/dbx"
	"modernc.org/sqlite"
)

// Size is how many statements each connection keeps.
const Size = 64

// IdleConns is how many connections the appliance keeps open while idle
// (pocketbase.Config.DataMaxIdleConns; PocketBase's default is 15). Under
// load the pool would otherwise close and reopen connections, and each
// reopen re-runs the pragmas, parses the schema and loses its statement
// cache (measured: realtime p99 at 10,000 clients 1.3 s → 0.5 s).
const IdleConns = 120

// pragmas are PocketBase's own (core.DefaultDBConnect); the drift test
// TestConnectionsAreConfiguredAsPocketBaseConfiguresThem compares them.
//
// One addition: transactions begin IMMEDIATE (they take the write lock
// at BEGIN, waiting for it within the busy timeout). PocketBase runs its
// transactions on the single writer connection only, so this changes
// nothing while that connection is the only writer; with a second writer
// (the continuous replica records its position in the database every
// sync) a DEFERRED transaction that read first and then writes fails
// with "database is locked" (a stale snapshot, which no busy timeout
// waits out), and PocketBase retries the statement inside the doomed
// transaction for seconds: writers stalled until the process was killed.
const pragmas = "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=journal_size_limit(200000000)" +
	"&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)&_pragma=temp_store(MEMORY)&_pragma=cache_size(-32000)" +
	"&_txlock=immediate"

// Connect opens dbPath like PocketBase's default connection, with the
// statement cache. It fits pocketbase.Config.DBConnect.
func Connect(dbPath string) (*dbx.DB, error) {
	return dbx.NewFromDB(sql.OpenDB(&connector{dsn: dbPath + pragmas}), "sqlite"), nil
}

// connector opens cached connections through modernc's driver.
type connector struct{ dsn string }

func (c *connector) Connect(context.Context) (driver.Conn, error) {
	raw, err := (&sqlite.Driver{}).Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return newConn(raw), nil
}

func (c *connector) Driver() driver.Driver { return &sqlite.Driver{} }

// conn is one SQLite connection with its statement cache. database/sql
// uses a connection from one goroutine at a time, so it needs no lock.
type conn struct {
	raw   driver.Conn
	stmts map[string]*list.Element // of *entry
	lru   *list.List
}

type entry struct {
	query string
	stmt  driver.Stmt
	busy  bool
}

func newConn(raw driver.Conn) *conn {
	return &conn{raw: raw, stmts: map[string]*list.Element{}, lru: list.New()}
}

// cached returns a free cached statement for query, preparing it if
// needed; nil when the statement is busy or cannot be cached.
func (c *conn) cached(ctx context.Context, query string) *entry {
	if el, ok := c.stmts[query]; ok {
		e := el.Value.(*entry)
		if e.busy {
			return nil
		}
		c.lru.MoveToFront(el)
		return e
	}
	p, ok := c.raw.(driver.ConnPrepareContext)
	if !ok {
		return nil
	}
	st, err := p.PrepareContext(ctx, query)
	if err != nil {
		return nil // let the plain path report it
	}
	e := &entry{query: query, stmt: st}
	c.stmts[query] = c.lru.PushFront(e)
	c.evict()
	return e
}

// evict closes the least recently used free statements beyond Size.
func (c *conn) evict() {
	for el := c.lru.Back(); el != nil && c.lru.Len() > Size; {
		prev := el.Prev()
		if e := el.Value.(*entry); !e.busy {
			_ = e.stmt.Close()
			delete(c.stmts, e.query)
			c.lru.Remove(el)
		}
		el = prev
	}
}

// forget drops a statement that failed, in case it is the cause.
func (c *conn) forget(e *entry) {
	if el, ok := c.stmts[e.query]; ok {
		delete(c.stmts, e.query)
		c.lru.Remove(el)
	}
	_ = e.stmt.Close()
}

// ExecContext runs query on a cached statement when one is free.
func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if e := c.cached(ctx, query); e != nil {
		if s, ok := e.stmt.(driver.StmtExecContext); ok {
			e.busy = true
			res, err := s.ExecContext(ctx, args)
			e.busy = false
			if err != nil {
				c.forget(e)
			}
			return res, err
		}
	}
	x, ok := c.raw.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	return x.ExecContext(ctx, query, args)
}

// QueryContext runs query on a cached statement when one is free; the
// statement stays taken until the rows are closed.
func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if e := c.cached(ctx, query); e != nil {
		if s, ok := e.stmt.(driver.StmtQueryContext); ok {
			e.busy = true
			rows, err := s.QueryContext(ctx, args)
			if err != nil {
				e.busy = false
				c.forget(e)
				return nil, err
			}
			return &cachedRows{rows: rows, release: func() { e.busy = false }}, nil
		}
	}
	q, ok := c.raw.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	return q.QueryContext(ctx, query, args)
}

// Prepare is database/sql's explicit preparation: not cached (the caller
// owns and closes the statement).
func (c *conn) Prepare(query string) (driver.Stmt, error) { return c.raw.Prepare(query) }

// PrepareContext is Prepare with a context.
func (c *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if p, ok := c.raw.(driver.ConnPrepareContext); ok {
		return p.PrepareContext(ctx, query)
	}
	return c.raw.Prepare(query)
}

// Begin starts a transaction.
func (c *conn) Begin() (driver.Tx, error) { return c.raw.Begin() } //nolint:staticcheck // required by driver.Conn

// BeginTx starts a transaction with options.
func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if b, ok := c.raw.(driver.ConnBeginTx); ok {
		return b.BeginTx(ctx, opts)
	}
	return nil, errors.New("sqlitecache: driver cannot begin with options")
}

// Close finalizes the cached statements, then closes the connection.
func (c *conn) Close() error {
	for el := c.lru.Front(); el != nil; el = el.Next() {
		_ = el.Value.(*entry).stmt.Close()
	}
	c.stmts, c.lru = nil, list.New()
	return c.raw.Close()
}

// Ping checks the connection.
func (c *conn) Ping(ctx context.Context) error {
	if p, ok := c.raw.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

// ResetSession is called before the connection is reused.
func (c *conn) ResetSession(ctx context.Context) error {
	if r, ok := c.raw.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

// IsValid reports whether the connection can be reused.
func (c *conn) IsValid() bool {
	if v, ok := c.raw.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

// cachedRows releases its statement when closed.
type cachedRows struct {
	rows    driver.Rows
	release func()
}

func (r *cachedRows) Columns() []string              { return r.rows.Columns() }
func (r *cachedRows) Next(dest []driver.Value) error { return r.rows.Next(dest) }

func (r *cachedRows) Close() error {
	err := r.rows.Close() // resets the statement for its next use
	r.release()
	return err
}

func (r *cachedRows) ColumnTypeDatabaseTypeName(i int) string {
	if t, ok := r.rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}

func (r *cachedRows) ColumnTypeLength(i int) (int64, bool) {
	if t, ok := r.rows.(driver.RowsColumnTypeLength); ok {
		return t.ColumnTypeLength(i)
	}
	return 0, false
}

func (r *cachedRows) ColumnTypeNullable(i int) (bool, bool) {
	if t, ok := r.rows.(driver.RowsColumnTypeNullable); ok {
		return t.ColumnTypeNullable(i)
	}
	return false, false
}

func (r *cachedRows) ColumnTypeScanType(i int) reflect.Type {
	if t, ok := r.rows.(driver.RowsColumnTypeScanType); ok {
		return t.ColumnTypeScanType(i)
	}
	return reflect.TypeFor[any]()
}

func (r *cachedRows) ColumnTypePrecisionScale(i int) (int64, int64, bool) {
	if t, ok := r.rows.(driver.RowsColumnTypePrecisionScale); ok {
		return t.ColumnTypePrecisionScale(i)
	}
	return 0, 0, false
}
