package ui_test

import "testing"

func TestSmoke(t *testing.T) {
	env := startE2E(t)
	b := newTab(t, env, 1280, 900)
	b.signIn(env.auth(t, demoOwner, demoPassword), "/quadro")
	b.waitText("[data-testid=shop-name]", demoShop)
	b.waitJS(`document.querySelector('[data-testid=board]') !== null`)
	b.screenshot("board")
}
