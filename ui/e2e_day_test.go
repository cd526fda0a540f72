package ui_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// inviteAttendant makes an attendant for the owner's shop the way people
// join one: an invitation, accepted with the person's own password.
func (env *e2eEnv) inviteAttendant(t *testing.T, owner authResponse, tenant, name string) authResponse {
	t.Helper()
	var inv struct {
		Link string `json:"link"`
	}
	email := fmt.Sprintf("atendente%d@loja.test", rand.IntN(1e9))
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPost, "/api/bancada/staff", owner.Token,
		map[string]any{"tenant": tenant, "email": email, "role": "attendant"}, &inv))
	var person authResponse
	token := inv.Link[strings.LastIndex(inv.Link, "/")+1:]
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPost, "/api/bancada/invitations/"+token+"/accept", "",
		map[string]any{"name": name, "password": "senha-da-equipe-123"}, &person))
	require.NotEmpty(t, person.Token)
	return person
}

// TestCounterDay runs a whole counter day in the staff app, as the
// attendant and the owner, against the real routes and the demo's
// in-process fakes: the owner connects WhatsApp; the attendant opens the
// till with a R$ 100,00 float on the cash screen; takes a device in at the
// counter; the customer writes on WhatsApp and the
// message shows in the inbox beside the new order; the attendant books the
// pickup in the agenda; the owner diagnoses and sends the quote, which
// reaches the customer on WhatsApp; the customer approves it on the
// tracking page; the owner repairs and marks it ready; the attendant takes
// the payment (R$ 380,00 by PIX, which the open till counts) and
// delivers, and the customer gets the delivery notice; at the end of the
// day the attendant closes the till with R$ 98,50 counted in the drawer
// and R$ 380,00 in PIX. Expected, written out: cash = the R$ 100,00 float
// (no cash came in) → counted R$ 98,50, −R$ 1,50; PIX R$ 380,00, counted
// R$ 380,00, R$ 0,00; total expected R$ 480,00, counted R$ 478,50,
// difference −R$ 1,50.
func TestCounterDay(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner, tenant := env.signupShop(t, "Assistência Dia Inteiro")
	ob := newTab(t, env, 1280, 1000)
	ob.signIn(owner, "/quadro")
	env.connectWhatsApp(t, ob, owner, tenant)
	attendant := env.inviteAttendant(t, owner, tenant, "Ana Balcão")

	// 0. the attendant opens the till with the drawer's float
	ab := newTab(t, env, 1280, 1000)
	ab.signIn(attendant, "/caixa")
	ab.waitText("h1", "Caixa")
	ab.waitText("[data-testid=till-state]", "Fechado")
	ab.typeInto("#till-float", "100,00")
	ab.clickText("Abrir caixa")
	ab.waitText("[data-testid=till-state]", "Aberto")
	ab.waitText("[data-testid=till-open]", "Aberto por Ana Balcão com troco de R$ 100,00")
	assert.Equal(t, "R$ 100,00", ab.text("[data-testid=expected-cash]"), "the float is in the drawer")
	assert.Equal(t, "R$ 100,00", ab.text("[data-testid=expected-total]"))

	// 1. intake at the counter (attendant)
	ab.open("/nova-os")
	name := fmt.Sprintf("Diana Dia Inteiro %04d", rand.IntN(10000))
	typed, phone := randomMobile()
	ab.typeInto("#cust-q", name)
	ab.click("[data-testid=new-customer]")
	ab.waitJS(`document.querySelector('#c-name').value.startsWith('Diana Dia Inteiro')`)
	ab.typeInto("#c-phone", typed)
	ab.selectValue("#d-type", "phone")
	ab.typeInto("#d-brand", "Xiaomi")
	ab.typeInto("#d-model", "Redmi Note 13")
	ab.clickText("Tela quebrada")
	ab.click("[data-testid=save-order]")
	ab.waitText("[role=status]", "aberta")
	orderPath := eval[string](ab, `location.pathname`)
	require.True(t, strings.HasPrefix(orderPath, "/ordens/"), orderPath)
	orderID := strings.TrimPrefix(orderPath, "/ordens/")
	number := strings.TrimPrefix(ab.text("h1"), "OS ")
	number = strings.Fields(number)[0]

	// 2. the customer writes on WhatsApp: the inbox shows it with the order
	ab.open("/conversas")
	ab.waitText("[data-testid=live]", "ao vivo")
	env.injectWhatsApp(t, tenant, phone, "Diana", "Bom dia! Deixei meu Redmi aí, quando fica pronto?")
	ab.waitText("[data-testid=conversations]", name)
	ab.click("[data-testid=conversations] button.conv")
	ab.waitText("[data-testid=chat]", "quando fica pronto?")
	ab.waitText("[data-testid=open-orders]", "OS "+number)

	// 3. the pickup in the agenda, on a slot the availability engine offers
	var free struct {
		Slots []struct {
			Start time.Time `json:"start"`
		} `json:"slots"`
	}
	require.Equal(t, http.StatusOK, env.api(t, http.MethodGet, "/api/bancada/slots?kind=pickup&tenant="+tenant, attendant.Token, nil, &free))
	require.NotEmpty(t, free.Slots)
	// a slot at least an hour ahead, so it is still free of the past when clicked
	sp := saoPaulo(t)
	var slot time.Time
	for _, s := range free.Slots {
		if s.Start.After(time.Now().Add(time.Hour)) {
			slot = s.Start.In(sp)
			break
		}
	}
	require.False(t, slot.IsZero(), "a free pickup slot an hour ahead")
	ab.open("/agenda?dia=" + slot.Format(time.DateOnly))
	ab.waitText("h1", "Agenda")
	ab.clickText("Novo agendamento")
	ab.typeInto("#ag-cq", "Diana Dia")
	ab.waitText("[data-testid=customer-results]", name)
	ab.click("[data-testid=customer-results] button")
	ab.selectValue("#ag-kind", "pickup")
	ab.waitJS(`document.querySelectorAll('[data-testid=slots] button').length > 0`)
	pick := fmt.Sprintf(`[...document.querySelectorAll('[data-testid=slots] button')].find((b) => b.innerText.startsWith(%q))`, slot.Format("15:04"))
	ab.waitJS(pick)
	ab.do(chromedp.Click(chromedp.JSPath(pick), chromedp.NodeVisible))
	ab.clickText("Agendar às " + slot.Format("15:04"))
	ab.waitText("[data-testid=kind-pickup]", name)

	// 4. diagnosis and quote (owner); the quote reaches the customer
	ob.open(orderPath)
	ob.waitText("h1", "OS "+number)
	ob.click(".head [data-to=diagnosing]:not([disabled])")
	ob.waitJS(`document.querySelector('h1 .badge').dataset.status === 'diagnosing'`)
	ob.clickText("+ Mão de obra")
	ob.typeInto(`tr[data-line="0"] td input[aria-label^="Descrição"]`, "Troca de tela")
	ob.typeInto(`tr[data-line="0"] td.price input`, "380,00")
	ob.waitText("[data-testid=quote-total]", "R$ 380,00")
	ob.click("[data-testid=send-quote]")
	ob.waitJS(`document.querySelector('h1 .badge').dataset.status === 'quoted'`)
	ob.waitJS(fakeSentJS(phone, "R$ 380,00", "OS nº "+number))

	// 5. the customer approves on the tracking page (no login)
	var rec struct {
		Token string `json:"tracking_token"`
	}
	require.Equal(t, http.StatusOK, env.api(t, http.MethodGet, "/api/collections/orders/records/"+orderID, owner.Token, nil, &rec))
	cb := newTab(t, env, 360, 740)
	cb.open("/os/" + rec.Token)
	cb.waitText("body", "R$ 380,00")
	cb.clickText("Aprovar orçamento")
	cb.waitThroughNavigation(`document.body.innerText.includes('Obrigado! Orçamento aprovado.')`)
	ob.waitText("[data-testid=approval]", "Aprovado pelo cliente")

	// 6. repair (owner)
	ob.click(".head [data-to=repairing]:not([disabled])")
	ob.waitJS(`document.querySelector('h1 .badge').dataset.status === 'repairing'`)
	ob.click(".head [data-to=ready]:not([disabled])")
	ob.waitJS(`document.querySelector('h1 .badge').dataset.status === 'ready'`)
	ob.waitJS(fakeSentJS(phone, "OS nº "+number))

	// 7. payment and delivery (attendant)
	ab.open(orderPath)
	ab.waitText("[data-testid=balance]", "R$ 380,00")
	ab.clickText("Registrar pagamento")
	ab.waitJS(`document.querySelector('#pa').value === '380,00'`)
	ab.selectValue("#pm", "pix")
	ab.clickText("Registrar")
	ab.waitText("[data-testid=balance]", "R$ 0,00")
	ab.click(".head [data-to=delivered]:not([disabled])")
	ab.waitText("[data-testid=deliver-balance]", "nada a receber")
	ab.click("[data-testid=confirm-deliver]")
	ab.waitJS(`document.querySelector('h1 .badge').dataset.status === 'delivered'`)
	ab.waitText("[data-testid=warranty]", "(em garantia)")
	ab.waitJS(fakeSentJS(phone, "foi entregue"))
	ab.screenshot("day-delivered")

	// the history tells the day, and the owner's audit log has it all
	tl := ab.text("[data-testid=timeline]")
	for _, s := range []string{"Recebido", "Em diagnóstico", "Orçamento enviado", "Orçamento aprovado", "Em reparo", "Pronto para retirada", "Entregue"} {
		assert.Contains(t, tl, s)
	}
	ob.open("/auditoria?colecao=orders&registro=" + orderID)
	ob.waitText("[data-testid=audit-list]", "Ana Balcão")
	assert.Contains(t, ob.text("[data-testid=audit-list]"), "“Pronto para retirada” para “Entregue”")

	// 8. closing the till (attendant): the day's PIX payment is in it
	ab.open("/caixa")
	ab.waitText("[data-testid=till-state]", "Aberto")
	ab.waitText("[data-testid=expected-pix]", "R$ 380,00")
	assert.Equal(t, "R$ 380,00", ab.text(`[data-testid=till-methods] tr[data-method=pix] td[data-label="Entradas"]`), "the order's payment came in by PIX")
	assert.Contains(t, ab.text(`[data-testid=till-methods] tr[data-method=pix] td[data-label="Forma"]`), "(1)", "one payment")
	assert.Equal(t, "R$ 100,00", ab.text("[data-testid=expected-cash]"))
	assert.Equal(t, "R$ 480,00", ab.text("[data-testid=expected-total]"))
	ab.clickText("Fechar caixa")
	ab.typeInto("#count-cash", "98,50")
	ab.typeInto("#count-pix", "380,00")
	ab.typeInto("#close-note", "Faltou troco de R$ 1,50")
	ab.clickText("Confirmar fechamento")
	ab.waitText("[data-testid=till-result]", "Caixa fechado")
	res := "[data-testid=till-result] "
	assert.Equal(t, "R$ 100,00", ab.text(res+"[data-testid=expected-cash]"))
	assert.Equal(t, "R$ 98,50", ab.text(res+"[data-testid=counted-cash]"))
	assert.Equal(t, "−R$ 1,50", ab.text(res+"[data-testid=difference-cash]"))
	assert.Equal(t, "R$ 380,00", ab.text(res+"[data-testid=expected-pix]"))
	assert.Equal(t, "R$ 380,00", ab.text(res+"[data-testid=counted-pix]"))
	assert.Equal(t, "R$ 0,00", ab.text(res+"[data-testid=difference-pix]"))
	assert.Equal(t, "R$ 480,00", ab.text(res+"[data-testid=expected-total]"))
	assert.Equal(t, "−R$ 1,50", ab.text(res+"[data-testid=difference-total]"))
	assert.Contains(t, ab.text(res), "Fechado por Ana Balcão")
	ab.waitText("[data-testid=till-state]", "Fechado")
	ab.waitText("[data-testid=till-history]", "−R$ 1,50")
	ab.screenshot("day-till-closed")
}
