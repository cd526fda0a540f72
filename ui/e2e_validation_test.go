package ui_test

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
)

// TestFormValidationMessages: sign-in and the counter explain, in
// Portuguese, what to fix.
func TestFormValidationMessages(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	b := newTab(t, env, 1280, 900)

	// sign-in through the form (the only test that types a password)
	b.open("/entrar")
	b.waitText("h1", "Entrar")
	b.screenshot("signin")
	// the reset link never says whether an e-mail is registered
	b.clickText("Esqueci minha senha")
	b.typeInto("#email", "ninguem@exemplo.com.br")
	b.clickText("Enviar link")
	b.waitText("h1", "Confira seu e-mail")
	b.clickText("Voltar para entrar")
	b.do(clearInput("#email"))

	b.click("button[type=submit]")
	b.waitText("#email-error", "Informe o e-mail.")
	b.waitText("#password-error", "Informe a senha.")
	b.typeInto("#email", demoManager)
	b.typeInto("#password", "senha-errada")
	b.click("button[type=submit]")
	b.waitText("[data-testid=signin-error]", "E-mail ou senha incorretos")
	b.do(clearInput("#password"))
	b.typeInto("#password", demoPassword)
	b.click("button[type=submit]")
	b.waitText("[data-testid=shop-name]", demoShop)
	assert.Equal(t, "/quadro", eval[string](b, `location.pathname`), "signed in, on the board")
	assert.Equal(t, demoManager, eval[string](b, `localStorage.getItem('bancada.email')`), "the e-mail is remembered for next time")

	// the counter refuses an empty order and says what is missing (F2 opens it)
	b.do(chromedp.KeyEvent(kb.F2))
	b.waitText("h1", "Nova OS")
	b.click("[data-testid=save-order]")
	b.waitText("[data-testid=form-error]", "Faltam dados")
	b.waitText("#cust-error", "Busque o cliente pelo telefone, nome ou CPF")
	b.waitText("#problem-error", "Descreva o defeito")
	b.waitText("#d-model-error", "Informe a marca ou o modelo")

	// field by field, as the attendant leaves each one
	b.click("[data-testid=new-customer-direct]")
	b.typeInto("#c-phone", "1234")
	b.typeInto("#c-document", "111.111.111-11")
	b.typeInto("#d-imei", "352099001761482")
	b.click("#d-color") // leave the IMEI field
	b.waitText("#c-phone-error", "Telefone incompleto")
	b.waitText("#c-document-error", "CPF inválido")
	b.waitText("#d-imei-error", "dígito verificador")
	b.click("[data-testid=save-order]")
	b.waitText("#c-name-error", "Informe o nome do cliente")
	assert.Equal(t, "/nova-os", eval[string](b, `location.pathname`), "nothing was saved")
	b.screenshot("counter-validation")

	// a phone that already belongs to a customer: offer that customer
	b.do(clearInput("#c-phone"), clearInput("#c-document"), clearInput("#d-imei"))
	b.typeInto("#c-name", "Maria Repetida")
	b.typeInto("#c-phone", "(11) 98765-4321") // the demo's Maria Souza
	b.typeInto("#d-brand", "Apple")
	b.typeInto("#d-model", "iPhone X")
	b.typeInto("#problem", "Não liga")
	b.click("[data-testid=save-order]")
	b.waitText("#c-phone-error", "Já existe um cliente com este telefone")
	b.waitText("[role=alert]", "Este telefone já está no cadastro de Maria Souza")
	b.clickText("Usar Maria Souza")
	b.waitText("[data-testid=chosen-customer]", "Maria Souza")
}
