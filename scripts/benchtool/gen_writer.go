package main

import (
	"database/sql"
	"fmt"
	"strings"
)

// table is one collection's insert: its columns in a fixed order and the
// statement prepared once on the database. (Multi-row INSERTs measured
// slower with modernc's parameter binding, so one row per statement.)
type table struct {
	name string
	cols []string
	stmt *sql.Stmt
	rows int
}

// batch is a transaction's worth of rows: per table, the values of its
// rows one after the other.
type batch struct {
	values map[*table][]any
	rows   int
	// query, when set, is a statement to run instead (after the rows before it).
	query string
	done  chan error
}

// writer inserts rows in batched transactions with prepared statements,
// straight through PocketBase's non-concurrent (single writer) database
// handle. The caller builds the next batch while a second goroutine writes
// the previous one: generating and writing overlap.
type writer struct {
	db     *sql.DB
	tables map[string]*table
	cur    *batch
	// per is how many rows the caller hands over at once.
	per int
	// commitRows is how many rows one transaction holds. Big transactions
	// matter: random record ids dirty pages all over the primary-key
	// indexes, and each commit writes every dirty page to the WAL (and a
	// checkpoint writes it again); fewer commits write each page fewer times.
	commitRows int
	// the open transaction and its row count (writing goroutine only)
	tx      *sql.Tx
	txStmts map[*table]*sql.Stmt
	written int

	queue  chan *batch
	errc   chan error
	err    error
	closed bool
}

func newWriter(db *sql.DB, per, commitRows int) *writer {
	w := &writer{db: db, tables: map[string]*table{}, per: per, commitRows: commitRows,
		txStmts: map[*table]*sql.Stmt{}, queue: make(chan *batch, 2), errc: make(chan error, 1)}
	go w.loop()
	return w
}

// define prepares the inserts of a table with the given columns.
func (w *writer) define(name string, cols ...string) error {
	quoted := make([]string, len(cols))
	marks := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = "`" + c + "`"
		marks[i] = "?"
	}
	q := fmt.Sprintf("INSERT INTO `%s` (%s) VALUES (%s)", name, strings.Join(quoted, ","), strings.Join(marks, ","))
	stmt, err := w.db.Prepare(q)
	if err != nil {
		return fmt.Errorf("gen: prepare %s: %w", name, err)
	}
	w.tables[name] = &table{name: name, cols: cols, stmt: stmt}
	return nil
}

// insert adds one row; values follow the columns given to define.
func (w *writer) insert(name string, values ...any) error {
	if w.err != nil {
		return w.err
	}
	t := w.tables[name]
	if t == nil {
		return fmt.Errorf("gen: table %s not defined", name)
	}
	if len(values) != len(t.cols) {
		return fmt.Errorf("gen: %s: %d values for %d columns", name, len(values), len(t.cols))
	}
	if w.cur == nil {
		w.cur = &batch{values: map[*table][]any{}}
	}
	w.cur.values[t] = append(w.cur.values[t], values...)
	w.cur.rows++
	t.rows++
	if w.cur.rows >= w.per {
		return w.ship()
	}
	return nil
}

// ship hands the current batch to the writing goroutine.
func (w *writer) ship() error {
	if w.cur == nil {
		return w.err
	}
	select {
	case w.queue <- w.cur:
	case err := <-w.errc:
		w.err = err
	}
	w.cur = nil
	return w.err
}

// exec runs a statement after every row inserted so far, and waits for it.
func (w *writer) exec(query string) error {
	if err := w.ship(); err != nil {
		return err
	}
	b := &batch{query: query, done: make(chan error, 1)}
	select {
	case w.queue <- b:
	case err := <-w.errc:
		w.err = err
		return err
	}
	select {
	case err := <-b.done:
		return err
	case err := <-w.errc:
		w.err = err
		return err
	}
}

// close writes what is left, stops the writing goroutine and releases the
// statements.
func (w *writer) close() error {
	if w.closed {
		return w.err
	}
	err := w.exec("SELECT 1")
	w.stop()
	return err
}

// rollback abandons the rows not yet written (on error) and stops.
func (w *writer) rollback() {
	w.cur = nil
	if !w.closed {
		w.stop()
	}
}

func (w *writer) stop() {
	w.closed = true
	close(w.queue)
	for _, t := range w.tables {
		_ = t.stmt.Close()
	}
}

// loop writes batches in order until the queue closes or a write fails.
func (w *writer) loop() {
	for b := range w.queue {
		if b.query != "" {
			err := w.commit()
			if err == nil {
				_, err = w.db.Exec(b.query)
			}
			if err != nil {
				err = fmt.Errorf("gen: %s: %w", b.query, err)
			}
			b.done <- err
			if err != nil {
				w.fail(err)
				return
			}
			continue
		}
		if err := w.write(b); err != nil {
			w.fail(err)
			return
		}
	}
}

func (w *writer) fail(err error) {
	w.errc <- err
	// drain so senders never block; their batches are dropped
	for b := range w.queue {
		if b.done != nil {
			b.done <- err
		}
	}
}

// write inserts one batch into the open transaction, committing when it
// holds commitRows rows.
func (w *writer) write(b *batch) error {
	if w.tx == nil {
		tx, err := w.db.Begin()
		if err != nil {
			return fmt.Errorf("gen: begin: %w", err)
		}
		w.tx = tx
	}
	for t, vals := range b.values {
		n := len(t.cols)
		stmt := w.txStmts[t]
		if stmt == nil {
			stmt = w.tx.Stmt(t.stmt)
			w.txStmts[t] = stmt
		}
		for ; len(vals) > 0; vals = vals[n:] {
			if _, err := stmt.Exec(vals[:n]...); err != nil {
				_ = w.tx.Rollback()
				w.tx = nil
				return fmt.Errorf("gen: insert %s: %w", t.name, err)
			}
		}
	}
	w.written += b.rows
	if w.written >= w.commitRows {
		return w.commit()
	}
	return nil
}

// commit ends the open transaction, if any (writing goroutine only).
func (w *writer) commit() error {
	if w.tx == nil {
		return nil
	}
	for t, s := range w.txStmts {
		_ = s.Close()
		delete(w.txStmts, t)
	}
	err := w.tx.Commit()
	w.tx, w.written = nil, 0
	if err != nil {
		return fmt.Errorf("gen: commit: %w", err)
	}
	return nil
}
