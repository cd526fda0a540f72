package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
)

// Rows are handed to the writing goroutine batchRows at a time.
const batchRows = 20_000

// generator holds what all shops share while the data set is built.
type generator struct {
	app    core.App
	p      GenParams
	until  time.Time
	w      *writer
	out    io.Writer
	plans  []shopPlan
	pwHash string
	// planIDs are the appliance's plans, cheapest first.
	planIDs   []string
	planPrice map[string]int64
	// owners remembers each shop's owner, for chains.
	owners  map[int]*genUser
	userSeq int
	tune    genTuning
	// progress
	start      time.Time
	ordersDone int
	nextReport int
}

// genUser is a generated users record.
type genUser struct {
	id, name, email string
}

// tuning of the bulk load (not part of the data set's identity)
type genTuning struct {
	CommitRows int // rows per transaction
	CacheMB    int // SQLite page cache while loading
}

func newGenerator(app core.App, p GenParams, until time.Time, tune genTuning, out io.Writer) (*generator, error) {
	hash, err := hashPassword()
	if err != nil {
		return nil, err
	}
	ids, prices, err := planIDs(app)
	if err != nil {
		return nil, err
	}
	db, ok := app.NonconcurrentDB().(*dbx.DB)
	if !ok {
		return nil, fmt.Errorf("gen: unexpected database handle %T", app.NonconcurrentDB())
	}
	return &generator{
		app: app, p: p, until: until, out: out, pwHash: hash,
		planIDs: ids, planPrice: prices, owners: map[int]*genUser{},
		w: newWriter(db.DB(), batchRows, tune.CommitRows), tune: tune, plans: planShops(p),
	}, nil
}

// columns of every table the generator fills, in the order rows give them.
var genTables = []struct {
	name string
	cols []string
}{
	{collections.Tenants, []string{"id", "name", "cnpj", "email", "phone", "address", "logo", "active", "plan", "timezone", "settings",
		"inactive_reason", "whatsapp_status", "whatsapp_number", "asaas_status", "google_status", "google_calendar", "created", "updated"}},
	{collections.Sequences, []string{"id", "tenant", "name", "value"}},
	{collections.Users, []string{"id", "email", "emailVisibility", "verified", "password", "tokenKey", "name", "phone", "avatar", "created", "updated"}},
	{collections.Memberships, []string{"id", "tenant", "user", "role", "created", "updated"}},
	{collections.Subscriptions, []string{"id", "tenant", "plan", "status", "value_cents", "next_due_date", "overdue_since", "asaas_customer",
		"asaas_subscription", "payment_link", "cancel_at_period_end", "last_checked_at", "last_notified_at", "deactivated_at", "cancelled_at", "created", "updated"}},
	{collections.PriceRules, []string{"id", "tenant", "device_type", "brand", "service", "model_contains", "price_cents", "notes", "created", "updated"}},
	{collections.Parts, []string{"id", "tenant", "name", "sku", "compatible_models", "cost_cents", "price_cents", "quantity", "minimum", "location", "created", "updated"}},
	{collections.Customers, []string{"id", "tenant", "name", "phone", "document", "document_kind", "email", "address", "notes",
		"marketing_opt_in", "whatsapp_opt_out", "whatsapp_lid", "asaas_customer", "created", "updated"}},
	{collections.Devices, []string{"id", "tenant", "customer", "type", "brand", "model", "imei", "serial", "color", "accessories", "condition",
		"condition_notes", "photos", "passcode", "passcode_enc", "passcode_kind", "has_passcode", "created", "updated"}},
	{collections.Orders, []string{"id", "tenant", "number", "customer", "device", "problem", "diagnosis", "status", "quote_lines", "quote_total",
		"final_total", "estimate", "paid", "warranty_days", "technician", "notes", "expected_at", "entered_at", "quoted_at", "approved_at",
		"rejected_at", "completed_at", "delivered_at", "cancelled_at", "tracking_token", "tracking_revoked", "source", "status_note", "created", "updated"}},
	{collections.OrderEvents, []string{"id", "tenant", "order", "from", "to", "actor", "actor_label", "note", "ip", "user_agent", "created", "updated"}},
	{collections.Conversations, []string{"id", "tenant", "customer", "phone", "jid", "mode", "handoff_reason", "handoff_at", "assigned_to",
		"last_message_at", "last_inbound_at", "unread", "state", "preview", "created", "updated"}},
	{collections.Messages, []string{"id", "tenant", "conversation", "direction", "author", "staff", "text", "wa_id", "status", "error", "order", "created", "updated"}},
}

// run generates every shop and returns the marker of the new data set.
func (g *generator) run(ctx context.Context) (*marker, error) {
	for _, t := range genTables {
		if err := g.w.define(t.name, t.cols...); err != nil {
			return nil, err
		}
	}
	// Bulk load: no fsync per batch. A crash leaves the "generating" file,
	// so the next run rebuilds from scratch.
	if err := g.w.exec("PRAGMA synchronous = OFF"); err != nil {
		return nil, err
	}

	// a page cache big enough to hold a transaction's dirty pages
	if err := g.w.exec(fmt.Sprintf("PRAGMA cache_size = -%d", g.tune.CacheMB*1024)); err != nil {
		return nil, err
	}
	// Secondary indexes are rebuilt once at the end (a sort instead of
	// millions of random B-tree inserts), from their exact stored SQL.
	indexes, err := g.dropIndexes()
	if err != nil {
		return nil, err
	}
	// rows are short-lived garbage; collect less often while bulk loading
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	g.start = time.Now()
	g.nextReport = g.p.Orders / 10
	m := &marker{Params: g.p}
	for _, sp := range g.plans {
		if err := ctx.Err(); err != nil {
			g.w.rollback()
			return nil, err
		}
		tenantID, err := g.shop(sp)
		if err != nil {
			g.w.rollback()
			return nil, fmt.Errorf("gen: shop %d: %w", sp.Index, err)
		}
		switch sp.Index {
		case 0:
			m.Big = tenantID
		case smallShopIndex(g.p.Shops):
			m.Small = tenantID
		case chainShopIndex(g.plans):
			m.Chain = tenantID
		}
	}
	outsider, err := g.user(newRnd(g.p.Seed, 1<<40), g.until.AddDate(-1, 0, 0))
	if err != nil {
		return nil, err
	}
	m.Outsider = outsider.id
	if err := g.w.exec("SELECT 1"); err != nil {
		return nil, err
	}
	fmt.Fprintf(g.out, "gen: rows written in %.0f s; indexing\n", time.Since(g.start).Seconds())
	for _, sql := range indexes {
		if err := g.w.exec(sql); err != nil {
			return nil, err
		}
	}
	if err := g.w.close(); err != nil {
		return nil, err
	}
	fmt.Fprintf(g.out, "gen: indexed in %.0f s; optimizing\n", time.Since(g.start).Seconds())
	// What a running appliance converges to: PocketBase runs PRAGMA
	// optimize daily (which analyses the tables it has used) and
	// checkpoints the WAL. analysis_limit keeps ANALYZE to a sample, as
	// SQLite recommends for PRAGMA optimize, instead of reading 3 GB.
	for _, q := range []string{"PRAGMA synchronous = NORMAL", "PRAGMA analysis_limit = 2000", "PRAGMA optimize=0x10002",
		"PRAGMA analysis_limit = 0", "PRAGMA wal_checkpoint(TRUNCATE)"} {
		if _, err := g.app.NonconcurrentDB().NewQuery(q).Execute(); err != nil {
			return nil, fmt.Errorf("gen: %s: %w", q, err)
		}
	}
	counts, err := countRows(g.app)
	if err != nil {
		return nil, err
	}
	m.Counts = counts
	// a random sample must read back exactly as PocketBase would write it
	if err := checkRows(g.app, 50); err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	return m, nil
}

// dropIndexes drops the secondary indexes of the generated tables and
// returns the statements that recreate them.
func (g *generator) dropIndexes() ([]string, error) {
	var idx []struct {
		Name string `db:"name"`
		SQL  string `db:"sql"`
	}
	names := make([]any, len(genTables))
	marks := make([]string, len(genTables))
	for i, t := range genTables {
		names[i], marks[i] = t.name, "?"
	}
	rows, err := g.w.db.Query("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ("+
		strings.Join(marks, ",")+")", names...)
	if err != nil {
		return nil, fmt.Errorf("gen: list indexes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var x struct {
			Name string `db:"name"`
			SQL  string `db:"sql"`
		}
		if err := rows.Scan(&x.Name, &x.SQL); err != nil {
			return nil, err
		}
		idx = append(idx, x)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var recreate []string
	for _, x := range idx {
		if err := g.w.exec("DROP INDEX `" + x.Name + "`"); err != nil {
			return nil, err
		}
		recreate = append(recreate, x.SQL)
	}
	return recreate, nil
}

// progress reports every tenth of the orders.
func (g *generator) progress(orders int) {
	g.ordersDone += orders
	if g.ordersDone >= g.nextReport {
		el := time.Since(g.start).Seconds()
		fmt.Fprintf(g.out, "gen: %s / %s orders (%.0f s)\n", groupThousands(fmt.Sprint(g.ordersDone)), groupThousands(fmt.Sprint(g.p.Orders)), el)
		for g.nextReport <= g.ordersDone {
			g.nextReport += max(g.p.Orders/10, 1)
		}
	}
}

// user inserts a users record with the shared password hash.
func (g *generator) user(r *rnd, created time.Time) (*genUser, error) {
	g.userSeq++
	u := &genUser{id: r.id(), name: r.fullName()}
	u.email = fmt.Sprintf("%s.%d@bench.bancada.app", emailLocal(u.name), g.userSeq)
	ts := pbTime(created)
	phone := r.mobile(r.pick(ddds))
	return u, g.w.insert(collections.Users, u.id, u.email, false, true, g.pwHash, r.tokenKey(), u.name, phone, "", ts, ts)
}
