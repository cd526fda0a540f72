package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
)

var testTuning = genTuning{CommitRows: 20_000, CacheMB: 64}

// tinyParams is a data set small enough for unit tests.
func tinyParams() GenParams {
	return GenParams{Shops: 3, Customers: 40, Devices: 60, Orders: 200, Messages: 60, Seed: 7, Until: "2026-11-01", Version: genVersion}
}

func TestGeneratedRowsAreWhatPocketBaseWouldStore(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	_, err := generate(context.Background(), dir, tinyParams(), filepath.Join(dir, loginsFile), false, testTuning, io.Discard)
	require.NoError(t, err)
	app, err := openApp(dir)
	require.NoError(t, err)
	defer app.ResetBootstrapState()
	require.NoError(t, checkRows(app, 0))
}

func TestGeneratedDataIsConsistent(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	m, err := generate(context.Background(), dir, tinyParams(), filepath.Join(dir, loginsFile), false, testTuning, io.Discard)
	require.NoError(t, err)
	app, err := openApp(dir)
	require.NoError(t, err)
	defer app.ResetBootstrapState()

	zero := map[string]string{
		"order in another tenant's customer":  `SELECT COUNT(*) FROM orders o JOIN customers c ON c.id = o.customer WHERE c.tenant != o.tenant`,
		"order device of another customer":    `SELECT COUNT(*) FROM orders o JOIN devices d ON d.id = o.device WHERE d.customer != o.customer OR d.tenant != o.tenant`,
		"device of another tenant's customer": `SELECT COUNT(*) FROM devices d JOIN customers c ON c.id = d.customer WHERE c.tenant != d.tenant`,
		"technician not working there": `SELECT COUNT(*) FROM orders o WHERE o.technician != '' AND NOT EXISTS
			(SELECT 1 FROM memberships m WHERE m.tenant = o.tenant AND m.user = o.technician)`,
		"numbers not 1..n per tenant": `SELECT COUNT(*) FROM (SELECT tenant, COUNT(*) n, MAX(number) mx, MIN(number) mn FROM orders GROUP BY tenant)
			WHERE n != mx OR mn != 1`,
		"sequence not at the last number": `SELECT COUNT(*) FROM tenants t LEFT JOIN sequences s ON s.tenant = t.id AND s.name = 'orders'
			WHERE COALESCE(s.value, -1) != (SELECT MAX(number) FROM orders o WHERE o.tenant = t.id)`,
		"tracking tokens not unique": `SELECT COUNT(*) - COUNT(DISTINCT tracking_token) FROM orders`,
		"order without events":       `SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_events e WHERE e."order" = o.id)`,
		"last event is not the status": `SELECT COUNT(*) FROM orders o WHERE o.status != (SELECT e."to" FROM order_events e
			WHERE e."order" = o.id ORDER BY e.created DESC, e.rowid DESC LIMIT 1)`,
		"event in another tenant": `SELECT COUNT(*) FROM order_events e JOIN orders o ON o.id = e."order" WHERE o.tenant != e.tenant`,
		"event actor not working there": `SELECT COUNT(*) FROM order_events e WHERE e.actor != '' AND NOT EXISTS
			(SELECT 1 FROM memberships m WHERE m.tenant = e.tenant AND m.user = e.actor)`,
		"shop without exactly one owner": `SELECT COUNT(*) FROM tenants t WHERE (SELECT COUNT(*) FROM memberships m
			WHERE m.tenant = t.id AND m.role = 'owner') != 1`,
		"shop without other staff": `SELECT COUNT(*) FROM tenants t WHERE (SELECT COUNT(*) FROM memberships m
			WHERE m.tenant = t.id AND m.role != 'owner') < 1`,
		"phone not E.164": `SELECT COUNT(*) FROM customers WHERE phone NOT GLOB '55[1-9][1-9]9[6-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'`,
		"conversation of another tenant's customer": `SELECT COUNT(*) FROM conversations v JOIN customers c ON c.id = v.customer
			WHERE c.tenant != v.tenant OR c.phone != v.phone`,
		"message in another tenant's conversation": `SELECT COUNT(*) FROM messages m JOIN conversations v ON v.id = m.conversation WHERE v.tenant != m.tenant`,
		"message order of another tenant":          `SELECT COUNT(*) FROM messages m JOIN orders o ON o.id = m."order" WHERE o.tenant != m.tenant`,
		"staff message by an outsider": `SELECT COUNT(*) FROM messages x WHERE x.staff != '' AND NOT EXISTS
			(SELECT 1 FROM memberships m WHERE m.tenant = x.tenant AND m.user = x.staff)`,
	}
	for name, q := range zero {
		var n int
		require.NoError(t, app.DB().NewQuery(q).Row(&n), name)
		assert.Zero(t, n, name)
	}

	// every status change is one the state machine allows
	var events []struct {
		Order string `db:"order"`
		From  string `db:"from"`
		To    string `db:"to"`
	}
	require.NoError(t, app.DB().NewQuery(`SELECT "order", "from", "to" FROM order_events ORDER BY "order", created, rowid`).All(&events))
	prev := map[string]string{}
	for _, e := range events {
		require.Equal(t, prev[e.Order], e.From, "event chain of %s", e.Order)
		if e.From == "" {
			require.Equal(t, string(collections.StatusReceived), e.To)
		} else {
			require.NoError(t, collections.CheckTransition(collections.OrderStatus(e.From), collections.OrderStatus(e.To)))
		}
		prev[e.Order] = e.To
	}

	// documents pass the br validators
	var docs []string
	require.NoError(t, app.DB().NewQuery(`SELECT document FROM customers WHERE document != ''`).Column(&docs))
	require.NotEmpty(t, docs)
	for _, d := range docs {
		_, err := br.ValidateCPF(d)
		require.NoError(t, err, d)
	}
	var cnpjs, imeis []string
	require.NoError(t, app.DB().NewQuery(`SELECT cnpj FROM tenants`).Column(&cnpjs))
	for _, c := range cnpjs {
		_, err := br.ValidateCNPJ(c)
		require.NoError(t, err, c)
	}
	require.NoError(t, app.DB().NewQuery(`SELECT imei FROM devices WHERE imei != ''`).Column(&imeis))
	for _, i := range imeis {
		require.True(t, br.ValidIMEI(i), i)
	}

	// the marker and logins name the shops the load tool needs
	require.NotEmpty(t, m.Big)
	require.NotEmpty(t, m.Small)
	require.NotEmpty(t, m.Outsider)
	l, err := readLogins(filepath.Join(dir, loginsFile))
	require.NoError(t, err)
	require.Contains(t, l.Shops, "big")
	require.Contains(t, l.Shops, "small")
	require.NotNil(t, l.Multi)
	require.Len(t, l.Multi.Tenants, 2)
	require.Empty(t, l.Outsider.Tenants)
	require.NotEmpty(t, l.Shops["big"].Pairs)
	require.Greater(t, l.Shops["big"].Orders, l.Shops["small"].Orders)
}

func TestGenerationIsReproducibleAndReused(t *testing.T) {
	t.Parallel()
	dump := func(dir string) []string {
		app, err := openApp(dir)
		require.NoError(t, err)
		defer app.ResetBootstrapState()
		var rows []string
		require.NoError(t, app.DB().NewQuery(`SELECT id || number || customer || status || created || tracking_token FROM orders ORDER BY id`).Column(&rows))
		return rows
	}
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		_, err := generate(context.Background(), dir, tinyParams(), filepath.Join(dir, loginsFile), false, testTuning, io.Discard)
		require.NoError(t, err)
	}
	require.Equal(t, dump(a), dump(b))

	// same parameters: reused, the rows stay; other parameters: rebuilt
	before := dump(a)
	_, err := generate(context.Background(), a, tinyParams(), filepath.Join(a, loginsFile), false, testTuning, io.Discard)
	require.NoError(t, err)
	require.Equal(t, before, dump(a))
	p := tinyParams()
	p.Seed++
	_, err = generate(context.Background(), a, p, filepath.Join(a, loginsFile), false, testTuning, io.Discard)
	require.NoError(t, err)
	require.NotEqual(t, before, dump(a))
}

func TestGenRefusesToWipeAForeignDataDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "data.db"), []byte("precious"), 0o644))
	_, err := generate(context.Background(), dir, tinyParams(), filepath.Join(dir, loginsFile), false, testTuning, io.Discard)
	require.ErrorContains(t, err, "--force")
	b, err := os.ReadFile(filepath.Join(dir, "data.db"))
	require.NoError(t, err)
	require.Equal(t, "precious", string(b))
}

func TestShopSizesAreSkewed(t *testing.T) {
	t.Parallel()
	p := GenParams{Shops: 1000, Customers: 100_000, Devices: 150_000, Orders: 1_000_000, Messages: 200_000}
	plans := planShops(p)
	total := 0
	for _, sp := range plans {
		total += sp.Orders
	}
	assert.Equal(t, p.Orders, total)
	assert.InDelta(t, 100_000, plans[0].Orders, 2_000, "the biggest shop")
	small := plans[smallShopIndex(p.Shops)].Orders
	assert.True(t, small >= 100 && small < 1000, "the median shop has a few hundred orders, got %d", small)
	assert.Greater(t, plans[0].Staff, 20)
}
