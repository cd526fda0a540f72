package ui_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// patchOrder changes an order through the REST API and fails on an error.
func (env *e2eEnv) patchOrder(t *testing.T, a authResponse, id string, body map[string]any) map[string]any {
	t.Helper()
	var out map[string]any
	code := env.api(t, http.MethodPatch, "/api/collections/orders/records/"+id, a.Token, body, &out)
	require.Equal(t, http.StatusOK, code, "PATCH order %v: %v", body, out)
	return out
}

// driveOrder moves an order along the given statuses; quoted sets lines.
func (env *e2eEnv) driveOrder(t *testing.T, a authResponse, id string, lines []map[string]any, path ...string) map[string]any {
	t.Helper()
	var out map[string]any
	for _, st := range path {
		body := map[string]any{"status": st}
		if st == "quoted" {
			body["quote_lines"] = lines
		}
		out = env.patchOrder(t, a, id, body)
	}
	return out
}

// connectWhatsApp connects a shop's WhatsApp as its owner does: the real
// connect route creates the instance at the demo's fake Evolution, and the
// fake's control page "scans" the QR code; the fake's webhook then marks
// the shop connected, which the Integrations screen shows. Notices go out
// at any hour (the suite runs at any time of day).
func (env *e2eEnv) connectWhatsApp(t *testing.T, b *tab, owner authResponse, tenant string) {
	t.Helper()
	var tn struct {
		Settings map[string]any `json:"settings"`
	}
	require.Equal(t, http.StatusOK, env.api(t, http.MethodGet, "/api/collections/tenants/records/"+tenant, owner.Token, nil, &tn))
	if tn.Settings == nil {
		tn.Settings = map[string]any{}
	}
	tn.Settings["notify_outside_hours"] = true
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPatch, "/api/collections/tenants/records/"+tenant, owner.Token,
		map[string]any{"settings": tn.Settings}, nil))

	var st struct {
		Status   string `json:"status"`
		Instance string `json:"instance"`
	}
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPost, "/api/bancada/whatsapp/connect", owner.Token,
		map[string]any{"tenant": tenant}, &st))
	require.Equal(t, "waiting_qr", st.Status)
	res, err := http.PostForm(env.baseURL+"/_fake/evolution/_fake/scan", url.Values{"instance": {st.Instance}, "phone": {"5521932221000"}})
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode, "the fake's scan form answers under its prefix")

	b.open("/integracoes")
	b.waitText("[data-testid=wa-status]", "Conectado")
}

// fakeSentJS is a JavaScript expression that is true once the fake
// Evolution has sent a text containing all of parts.
func fakeSentJS(parts ...string) string {
	conds := make([]string, 0, len(parts))
	for _, p := range parts {
		conds = append(conds, fmt.Sprintf("t.includes(%q)", p))
	}
	return `(() => { const x = new XMLHttpRequest(); x.open('GET', '/_fake/evolution/_fake/state.json', false); x.send();
		return (JSON.parse(x.responseText).sent || []).some((m) => { const t = m.Number + ' ' + m.Text; return ` + strings.Join(conds, " && ") + `; }); })()`
}

// TestNewQuoteAfterApproval: the customer approved R$ 2.040,00; the shop
// cannot raise it silently. "Alterar orçamento" sends a new quote: the order
// goes back to "Orçamento enviado", the history says why, the customer gets
// the new value on WhatsApp (at the fake Evolution) and the tracking page
// asks for approval again.
func TestNewQuoteAfterApproval(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner, tenant := env.signupShop(t, "Assistência Orçamento Novo")
	b := newTab(t, env, 1280, 1000)
	b.signIn(owner, "/quadro")
	env.connectWhatsApp(t, b, owner, tenant)

	o := env.createOrder(t, owner, tenant, "Rita Orçamento Refeito", "")
	lines := []map[string]any{{"kind": "labor", "description": "Troca de tela", "quantity": 1, "unit_cents": 204000}}
	env.driveOrder(t, owner, o.ID, lines, "diagnosing", "quoted", "approved")

	// the API refuses a silent change
	var refused map[string]any
	raised := []map[string]any{{"kind": "labor", "description": "Troca de tela", "quantity": 1, "unit_cents": 234000}}
	code := env.api(t, http.MethodPatch, "/api/collections/orders/records/"+o.ID, owner.Token, map[string]any{"quote_lines": raised}, &refused)
	require.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, fmt.Sprint(refused), "O cliente já aprovou o orçamento de R$ 2.040,00")

	b.open("/ordens/" + o.ID)
	b.waitText("[data-testid=approval]", "Aprovado pelo cliente")
	assert.False(t, b.exists(`tr[data-line="0"] td.price input`), "the approved quote is read-only")
	assert.False(t, b.exists(".head [data-to=quoted]"), "a new quote goes through the quote editor")
	b.click("[data-testid=requote]")
	b.waitText("[data-testid=requote-notice]", "R$ 2.040,00")
	b.do(clearInput(`tr[data-line="0"] td.price input`))
	b.typeInto(`tr[data-line="0"] td.price input`, "2340,00")
	b.waitText("[data-testid=quote-total]", "R$ 2.340,00")
	b.typeInto(`[id^=requote-reason-]`, "Placa oxidada sob a tela")
	b.screenshot("order-requote")
	b.click("[data-testid=send-requote]")
	b.waitText("h1 .badge", "Orçamento enviado")
	b.waitText("[data-testid=timeline]", "Novo orçamento: Placa oxidada sob a tela")
	assert.False(t, b.exists("[data-testid=approval]"), "no approval of the new quote yet")

	// the customer is asked again on WhatsApp, with the new value
	var cust struct {
		Phone string `json:"phone"`
	}
	require.Equal(t, http.StatusOK, env.api(t, http.MethodGet, "/api/collections/customers/records/"+o.Customer, owner.Token, nil, &cust))
	b.waitJS(fakeSentJS(cust.Phone, "R$ 2.340,00", "OS nº "+o.Number))

	// and the tracking page shows the new quote to approve
	var rec struct {
		Token string `json:"tracking_token"`
	}
	require.Equal(t, http.StatusOK, env.api(t, http.MethodGet, "/api/collections/orders/records/"+o.ID, owner.Token, nil, &rec))
	b.open("/os/" + rec.Token)
	b.waitText("body", "Aprovar orçamento")
	assert.Contains(t, b.bodyText(), "R$ 2.340,00")
	b.screenshot("tracking-new-quote")
}

// TestDeliveryWithABalance: delivering asks for confirmation, shows what
// is owed and says the passcode is erased; with money owed it takes the
// payment first or a reason, which the history keeps.
func TestDeliveryWithABalance(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner, tenant := env.signupShop(t, "Assistência Entrega Saldo")
	o := env.createOrder(t, owner, tenant, "Bruno Saldo Aberto", "1234")
	lines := []map[string]any{{"kind": "labor", "description": "Troca do conector", "quantity": 1, "unit_cents": 18000}}
	env.driveOrder(t, owner, o.ID, lines, "diagnosing", "quoted", "approved", "repairing", "ready")

	// the server refuses it without a reason
	var refused map[string]any
	code := env.api(t, http.MethodPatch, "/api/collections/orders/records/"+o.ID, owner.Token, map[string]any{"status": "delivered"}, &refused)
	require.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, fmt.Sprint(refused), "saldo em aberto de R$ 180,00")

	b := newTab(t, env, 1280, 1000)
	b.signIn(owner, "/ordens/"+o.ID)
	b.waitText("h1", "OS "+o.Number)
	b.click(".head [data-to=delivered]")
	b.waitText("[data-testid=deliver-balance]", "Saldo em aberto: R$ 180,00")
	b.waitText("[data-testid=deliver-passcode]", "senha de desbloqueio do aparelho é apagada")
	assert.True(t, eval[bool](b, `document.querySelector('[data-testid=confirm-deliver]').disabled`), "no reason, no delivery")
	b.screenshot("order-deliver-balance")

	// "Registrar pagamento" goes to the payments; after paying, delivery needs no reason
	b.click("[data-testid=pay-first]")
	b.waitGone("[data-testid=status-dialog]")
	b.clickText("Registrar pagamento")
	b.waitJS(`document.querySelector('#pa').value === '180,00'`)
	b.do(clearInput("#pa"))
	b.typeInto("#pa", "100,00")
	b.clickText("Registrar")
	b.waitText("[data-testid=balance]", "R$ 80,00")

	b.click(".head [data-to=delivered]")
	b.waitText("[data-testid=deliver-balance]", "Saldo em aberto: R$ 80,00")
	b.typeInto(`[data-testid=status-dialog] textarea`, "Cliente paga o resto na sexta")
	b.click("[data-testid=confirm-deliver]")
	b.waitJS(`document.querySelector('h1 .badge').dataset.status === 'delivered'`)
	b.waitText("[data-testid=timeline]", "Entregue com saldo em aberto de R$ 80,00. Motivo: Cliente paga o resto na sexta")

	// the board's "Entregar" asks the same, at 360 px too
	o2 := env.createOrder(t, owner, tenant, "Bia Quadro Entrega", "")
	env.driveOrder(t, owner, o2.ID, lines, "diagnosing", "quoted", "approved", "repairing", "ready")
	m := newTab(t, env, 360, 740)
	m.signIn(owner, "/quadro")
	card := fmt.Sprintf(`.card[data-order=%q]`, o2.ID)
	m.waitJS(`document.querySelector('` + card + `') !== null`)
	m.click(card + ` [data-to=delivered]`)
	m.waitText("[data-testid=deliver-balance]", "Saldo em aberto: R$ 180,00")
	m.waitText("[data-testid=deliver-passcode]", "apagada")
	m.screenshot("board-deliver-balance-360")
	m.typeInto(`[data-testid=status-dialog] textarea`, "Garantia de outra OS")
	m.click("[data-testid=confirm-deliver]")
	m.waitGone(card)
}

// TestBoardShowsTheServersMessage: a 400 whose top message is the generic
// "Confira os campos destacados" shows, on the board (where nothing is
// highlighted), what the server said about the field.
func TestBoardShowsTheServersMessage(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner, tenant := env.signupShop(t, "Assistência Quadro Mensagem")
	o := env.createOrder(t, owner, tenant, "Carla Sem Orçamento", "")
	env.driveOrder(t, owner, o.ID, nil, "diagnosing")

	b := newTab(t, env, 1280, 900)
	b.signIn(owner, "/quadro")
	card := fmt.Sprintf(`.card[data-order=%q]`, o.ID)
	b.waitJS(`document.querySelector('` + card + `') !== null`)
	b.click(card + ` [data-to=quoted]`)
	b.waitText("body", "Informe os itens e valores do orçamento antes de enviá-lo.")
	assert.NotContains(t, b.bodyText(), "Confira os campos destacados")
}

// TestDuplicateCustomerKeepsTheTypedDevice: a new customer typed with a
// phone already on file and a Galaxy S21; "Usar …" picks the customer on
// file, keeps the Galaxy S21 (not their old iPhone 11) and clears the
// stale error; the order is opened with the typed device.
func TestDuplicateCustomerKeepsTheTypedDevice(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner, tenant := env.signupShop(t, "Assistência Cliente Repetido")
	local, phone := randomMobile()
	var c, d struct {
		ID string `json:"id"`
	}
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPost, "/api/collections/customers/records", owner.Token,
		map[string]any{"tenant": tenant, "name": "Maria Souza", "phone": phone}, &c))
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPost, "/api/collections/devices/records", owner.Token,
		map[string]any{"tenant": tenant, "customer": c.ID, "type": "phone", "brand": "Apple", "model": "iPhone 11"}, &d))

	b := newTab(t, env, 1280, 1000)
	b.signIn(owner, "/nova-os")
	b.click("[data-testid=new-customer-direct]")
	b.typeInto("#c-name", "Maria S.")
	b.typeInto("#c-phone", local)
	b.typeInto("#d-brand", "Samsung")
	b.typeInto("#d-model", "Galaxy S21")
	b.typeInto("#problem", "Tela trincada.")
	b.click("[data-testid=save-order]")
	b.waitText("[role=alert]", "Este telefone já está no cadastro de Maria Souza")
	b.clickText("Usar Maria Souza")
	b.waitText("[data-testid=chosen-customer]", "Maria Souza")
	b.waitJS(`document.querySelector('#d-model') && document.querySelector('#d-model').value === 'Galaxy S21'`)
	assert.Equal(t, "", eval[string](b, `document.querySelector('#dev-pick').value`), "the typed device, not the iPhone 11")
	assert.False(t, b.exists("[data-testid=form-error]"), "no stale error")
	assert.NotContains(t, b.bodyText(), "Já existe um cliente com este telefone")
	b.click("[data-testid=save-order]")
	b.waitText("h1", "OS ")
	b.waitText("main", "Galaxy S21")
}

// TestOrderPageFitsA360pxPhone: the order page (quote, payments, history)
// has no horizontal scroll on a 360 px phone.
func TestOrderPageFitsA360pxPhone(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner, tenant := env.signupShop(t, "Assistência Tela Pequena")
	o := env.createOrder(t, owner, tenant, "Débora Telefone Pequeno", "")
	lines := []map[string]any{
		{"kind": "labor", "description": "Troca da tela com película de vidro temperado", "quantity": 1, "unit_cents": 123456},
		{"kind": "labor", "description": "Limpeza", "quantity": 2, "unit_cents": 5000},
	}
	env.driveOrder(t, owner, o.ID, lines, "diagnosing", "quoted", "approved")
	b := newTab(t, env, 360, 740)
	b.signIn(owner, "/ordens/"+o.ID)
	b.waitText("[data-testid=quote-total]", "R$ 1.334,56")
	b.waitText("[data-testid=balance]", "R$ 1.334,56")
	overflow := eval[[]string](b, `(() => {
		const w = document.documentElement.clientWidth;
		return [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > w + 1 && e.closest('.table-wrap') === null)
			.slice(0, 8).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));
	})()`)
	assert.Empty(t, overflow, "elements past the right edge")
	assert.LessOrEqual(t, eval[int](b, `document.documentElement.scrollWidth`), 360, "no horizontal scroll")
	assert.LessOrEqual(t, eval[int](b, `document.querySelector('.table-wrap').scrollWidth - document.querySelector('.table-wrap').clientWidth`), 0,
		"the quote totals are not behind a horizontal scroll")
	assert.Equal(t, "OS "+o.Number+" · Bancada", eval[string](b, `document.title`))
	b.screenshot("order-360")
	b2 := newTab(t, env, 1280, 900)
	b2.signIn(owner, "/ordens/"+o.ID)
	b2.waitText("[data-testid=quote-total]", "R$ 1.334,56")
	b2.screenshot("order-1280")
}

// TestDueDateIsACalendarDate: a boleto due on a given day shows that day
// on the order page, whatever the shop's time zone (it used to show the
// day before in São Paulo). The charge goes through the real route to the
// demo's fake Asaas.
func TestDueDateIsACalendarDate(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner, tenant := env.signupShop(t, "Assistência Vencimento Certo")
	var conn map[string]any
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPost, "/api/bancada/asaas/connect", owner.Token,
		map[string]any{"tenant": tenant, "apiKey": "demo-asaas-loja"}, &conn), "connect Asaas: %v", conn)
	o := env.createOrder(t, owner, tenant, "Vera Vencimento", "")
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPatch, "/api/collections/customers/records/"+o.Customer, owner.Token,
		map[string]any{"document": "52998224725"}, nil))
	lines := []map[string]any{{"kind": "labor", "description": "Troca de tela", "quantity": 1, "unit_cents": 30000}}
	env.driveOrder(t, owner, o.ID, lines, "diagnosing", "quoted", "approved")

	due := time.Now().In(saoPaulo(t)).AddDate(0, 0, 10)
	var charge map[string]any
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPost, "/api/bancada/orders/"+o.ID+"/charges", owner.Token,
		map[string]any{"tenant": tenant, "billingType": "BOLETO", "dueDate": due.Format("2006-01-02")}, &charge), "charge: %v", charge)

	b := newTab(t, env, 1280, 1000)
	b.signIn(owner, "/ordens/"+o.ID)
	b.waitText("[data-testid=payments]", "vence "+due.Format("02/01/2006"))
}

func saoPaulo(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("America/Sao_Paulo")
	require.NoError(t, err)
	return loc
}

// TestBoardFiltersAreVisibleAndClearable: a filter chosen yesterday is
// remembered, but shown above the board with a way to clear it; the
// search box starts empty on every visit.
func TestBoardFiltersAreVisibleAndClearable(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner, tenant := env.signupShop(t, "Assistência Filtros à Vista")
	o := env.createOrder(t, owner, tenant, "Gilda Filtro", "")
	b := newTab(t, env, 1280, 900)
	b.signIn(owner, "/quadro")
	card := fmt.Sprintf(`.card[data-order=%q]`, o.ID)
	b.waitJS(`document.querySelector('` + card + `') !== null`)
	assert.False(t, b.exists("[data-testid=active-filters]"), "no filter, no bar")
	b.selectValue("#bs", "ready")
	b.typeInto("#bq", "Gilda")
	b.waitGone(card)

	b.open("/quadro") // another visit
	b.waitText("[data-testid=active-filters]", "status: Pronto para retirada")
	assert.Equal(t, "", eval[string](b, `document.querySelector('#bq').value`), "the search starts empty")
	assert.False(t, b.exists(card), "the remembered filter still applies")
	b.click("[data-testid=clear-filters]")
	b.waitJS(`document.querySelector('` + card + `') !== null`)
	b.waitGone("[data-testid=active-filters]")
}

// TestCustomerEditFormShowsFormattedDocuments: the edit form shows the CPF
// and the phone as people write them.
func TestCustomerEditFormShowsFormattedDocuments(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner, tenant := env.signupShop(t, "Assistência CPF Formatado")
	o := env.createOrder(t, owner, tenant, "Heitor Documento", "")
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPatch, "/api/collections/customers/records/"+o.Customer, owner.Token,
		map[string]any{"document": "52998224725", "phone": "5511987650001"}, nil))
	b := newTab(t, env, 1280, 900)
	b.signIn(owner, "/clientes/"+o.Customer)
	b.waitJS(`document.querySelector('#ec-document') !== null && document.querySelector('#ec-document').value !== ''`)
	assert.Equal(t, "529.982.247-25", eval[string](b, `document.querySelector('#ec-document').value`))
	assert.Equal(t, "(11) 98765-0001", eval[string](b, `document.querySelector('#ec-phone').value`))
	assert.Equal(t, "Heitor Documento · Bancada", eval[string](b, `document.title`))
}

// TestKeyboardHintOnlyWhereThereIsAKeyboard: "Ctrl+Enter salva" is not
// offered on a touch phone.
func TestKeyboardHintOnlyWhereThereIsAKeyboard(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner := env.auth(t, demoAttendant, demoPassword)
	for _, tc := range []struct {
		w, h  int64
		shown bool
	}{{1280, 900, true}, {360, 740, false}} {
		b := newTab(t, env, tc.w, tc.h)
		b.signIn(owner, "/nova-os")
		b.waitJS(`document.querySelector('.kbd-hint') !== null`)
		shown := eval[bool](b, `getComputedStyle(document.querySelector('.kbd-hint')).display !== 'none'`)
		assert.Equal(t, tc.shown, shown, "at %d px", tc.w)
		assert.Equal(t, "Nova OS · Bancada", eval[string](b, `document.title`))
	}
}

// TestZonesAndWhatsAppNumberAsPeopleWriteThem: time zones are named with
// their accents, and the shop's WhatsApp number is formatted as typed.
func TestZonesAndWhatsAppNumberAsPeopleWriteThem(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner, _ := env.signupShop(t, "Assistência Fuso Certo")
	b := newTab(t, env, 1280, 900)
	b.signIn(owner, "/loja")
	b.waitJS(`document.querySelector('#t-tz') !== null`)
	zones := eval[[]string](b, `[...document.querySelectorAll('#t-tz option')].map((o) => o.textContent)`)
	for _, z := range []string{"São Paulo (Brasília)", "Maceió", "Belém", "Cuiabá", "Araguaína", "Santarém", "Eirunepé"} {
		assert.Contains(t, zones, z)
	}
	assert.Equal(t, "Dados da loja · Bancada", eval[string](b, `document.title`))

	b.open("/integracoes")
	b.waitJS(`document.querySelector('#wa-number') !== null`)
	b.typeInto("#wa-number", "21987654321")
	b.click("#wa-h") // leave the field
	b.waitJS(`document.querySelector('#wa-number').value === '(21) 98765-4321'`)
}
