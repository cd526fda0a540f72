package ui_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestPhoneLayout opens the technician's and the counter's screens on a
// 360 px phone: nothing wider than the screen, the bottom menu instead of
// the side menu, and the board's columns scroll sideways inside the board.
func TestPhoneLayout(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner := env.auth(t, demoOwner, demoPassword)
	o := env.createOrder(t, owner, env.tenantOf(t, owner), "Paulo Celular Pequeno", "")
	b := newTab(t, env, 360, 740)
	b.signIn(env.auth(t, demoTech, demoPassword), "/quadro")
	b.waitJS(`document.querySelector('[data-testid=board]') !== null`)

	fits := func(screen string) {
		t.Helper()
		width := eval[int](b, `document.documentElement.scrollWidth`)
		assert.LessOrEqual(t, width, 360, "%s is wider than the phone", screen)
	}
	fits("board")
	assert.True(t, eval[bool](b, `document.querySelector('[data-testid=mine]').checked`), "technicians start on their own orders")
	assert.True(t, eval[bool](b, `getComputedStyle(document.querySelector('nav.bottom')).display !== 'none'`), "bottom menu on phones")
	assert.True(t, eval[bool](b, `getComputedStyle(document.querySelector('nav.side')).display === 'none'`), "no side menu on phones")
	b.click(`[data-testid=mine]`)
	b.waitJS(`document.querySelectorAll('[data-testid=board] article').length > 0`)
	b.screenshot("board-360")

	b.clickText("Nova OS")
	b.waitText("h1", "Nova OS")
	fits("counter")
	b.selectValue("#pass-kind", "pattern")
	b.waitJS(`document.querySelector('.pattern svg') !== null`)
	fits("counter with the pattern grid")
	b.screenshot("counter-360")

	b.open("/ordens/" + o.ID)
	b.waitText("h1", "OS "+o.Number)
	fits("order")
	b.screenshot("order-360")

	b.clickText("Mais")
	b.clickText("Peças")
	b.waitText("h1", "Peças e estoque")
	b.waitJS(`document.querySelector('[data-testid=parts-table] tr.low') !== null`)
	fits("parts")
}
