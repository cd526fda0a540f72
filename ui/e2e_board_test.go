package ui_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestBoardTransitionSeenLive moves an order on the board in one staff
// session and watches it move in another, without a reload (realtime).
// Only the transitions of the state machine are offered.
func TestBoardTransitionSeenLive(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner := env.auth(t, demoOwner, demoPassword)
	o := env.createOrder(t, owner, env.tenantOf(t, owner), "Renata Live Quadro", "")
	card := `article[data-order="` + o.ID + `"]`

	watcher := newTab(t, env, 1400, 900)
	watcher.signIn(owner, "/quadro")
	mover := newTab(t, env, 1400, 900)
	mover.signIn(env.auth(t, demoManager, demoPassword), "/quadro")

	for _, b := range []*tab{watcher, mover} {
		b.waitJS(`document.querySelector('section[data-status=received] ` + card + `') !== null`)
	}
	offered := eval[[]string](mover, `[...document.querySelectorAll('`+card+` button[data-to]')].map((b) => b.dataset.to)`)
	assert.Equal(t, []string{"diagnosing", "cancelled"}, offered, "received → diagnosing | cancelled only")
	before := eval[string](watcher, `document.querySelector('[data-testid=count-diagnosing]').innerText`)

	mover.click(card + ` button[data-to=diagnosing]`)

	watcher.waitJS(`document.querySelector('section[data-status=diagnosing] ` + card + `') !== null`)
	watcher.waitGone(`section[data-status=received] ` + card)
	after := eval[string](watcher, `document.querySelector('[data-testid=count-diagnosing]').innerText`)
	assert.NotEqual(t, before, after, "the column count follows")
	cards := eval[int](watcher, `document.querySelectorAll('section[data-status=diagnosing] article').length`)
	assert.Equal(t, strings.TrimSpace(after), strconv.Itoa(cards))
	watcher.screenshot("board")
}
