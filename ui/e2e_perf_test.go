package ui_test

import (
	"fmt"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBoardRendersFast fills a new shop with 200 open orders and checks the
// board is on screen within 300 ms of the data arriving (the board's
// budget at a busy counter), and that the whole app loaded is small.
func TestBoardRendersFast(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner, tenant := env.signupShop(t, "Loja Cheia D", "Profissional") // no monthly order limit
	const orders = 200
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i := range orders {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			env.createOrder(t, owner, tenant, fmt.Sprintf("Cliente Número %03d", i), "")
		})
	}
	wg.Wait()

	// The machine running the suite is shared, so take the best of three
	// loads: a slow board is slow every time, a busy machine is not.
	b := newTab(t, env, 1400, 900)
	b.signIn(owner, "/quadro")
	var times []float64
	for range 3 {
		b.waitJS(`document.querySelector('[data-testid=board]')?.dataset.renderMs > 0`)
		ms, err := strconv.ParseFloat(eval[string](b, `document.querySelector('[data-testid=board]').dataset.renderMs`), 64)
		require.NoError(t, err)
		times = append(times, ms)
		if ms < 300 {
			break
		}
		b.open("/quadro")
	}
	assert.Equal(t, strconv.Itoa(orders), b.text("[data-testid=count-received]"))
	t.Logf("board with %d orders rendered in %v ms after the data arrived", orders, times)
	assert.Less(t, slices.Min(times), 300.0)

	// what the browser transferred to get here (scripts and styles; gzip when the server compresses)
	kb := eval[float64](b, `performance.getEntriesByType('resource').filter((e) => /\/assets\//.test(e.name)).reduce((n, e) => n + (e.encodedBodySize || e.transferSize), 0) / 1024`)
	t.Logf("app assets for the board: %.1f KB as sent", kb)
	assert.Less(t, kb, 200.0, "first load under 200 KB (even uncompressed it should not be far)")
}
