package ui_test

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/demo"
	"github.com/bancada/bancada/integrations/gcal"
)

// fakeGoogleToken gets an access token of the demo's fake Google for the
// test itself, through the fake's own OAuth endpoints (consent with PKCE,
// then the code exchange): the test reads the calendar the way any Google
// client would, over HTTP.
func (env *e2eEnv) fakeGoogleToken(t *testing.T) string {
	t.Helper()
	raw := make([]byte, 32)
	_, err := rand.Read(raw)
	require.NoError(t, err)
	verifier := base64.RawURLEncoding.EncodeToString(raw)
	sum := sha256.Sum256([]byte(verifier))
	redirect := "http://127.0.0.1/e2e-callback"
	q := url.Values{
		"client_id": {demo.GoogleClientID}, "redirect_uri": {redirect}, "response_type": {"code"},
		"scope": {"https://www.googleapis.com/auth/calendar"}, "access_type": {"offline"}, "prompt": {"consent"},
		"code_challenge_method": {"S256"}, "code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])},
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := noFollow.Get(env.baseURL + "/_fake/google/o/oauth2/auth?" + q.Encode())
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusFound, res.StatusCode)
	back, err := url.Parse(res.Header.Get("Location"))
	require.NoError(t, err)
	code := back.Query().Get("code")
	require.NotEmpty(t, code, "consent answered %s", back)

	res, err = http.PostForm(env.baseURL+"/_fake/google/token", url.Values{
		"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirect}, "code_verifier": {verifier},
		"client_id": {demo.GoogleClientID}, "client_secret": {demo.GoogleClientSecret},
	})
	require.NoError(t, err)
	defer res.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	require.NoError(t, json.NewDecoder(res.Body).Decode(&tok))
	require.NotEmpty(t, tok.AccessToken)
	return tok.AccessToken
}

// fakeEventJS is a JavaScript expression that is true once the event of an
// appointment at the fake Google's primary calendar satisfies cond (a
// JavaScript condition on the event `ev`).
func fakeEventJS(token, appointmentID, cond string) string {
	path := "/_fake/google/calendar/v3/calendars/primary/events/" + gcal.EventID(appointmentID)
	return fmt.Sprintf(`(() => { const x = new XMLHttpRequest(); x.open('GET', %q, false);
		x.setRequestHeader('Authorization', 'Bearer ' + %q); x.send();
		if (x.status !== 200) return false; const ev = JSON.parse(x.responseText); return (%s); })()`, path, token, cond)
}

// sameInstant is a JavaScript condition: the event starts at the instant t.
func sameInstant(t time.Time) string {
	return fmt.Sprintf(`ev.status === 'confirmed' && Date.parse(ev.start.dateTime) === %d`, t.UnixMilli())
}

// TestAgendaBookingFollowsToGoogle: the owner connects Google through the
// real connect route and the fake's consent; an attendant-style booking
// in the agenda picks a free slot offered by the availability engine, shows
// in the day view, and the outbox creates the event at the fake Google;
// rescheduling moves the event and cancelling cancels it. The customer's
// page lists the appointment, and the screen fits 1280 and 360 px.
func TestAgendaBookingFollowsToGoogle(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner, tenant := env.signupShop(t, "Loja com Agenda E")
	_, phone := randomMobile()
	var cust struct {
		ID string `json:"id"`
	}
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPost, "/api/collections/customers/records", owner.Token,
		map[string]any{"tenant": tenant, "name": "Rita Agendada", "phone": phone}, &cust))

	// two places per slot (the shop's capacity)
	var tn struct {
		Settings map[string]any `json:"settings"`
	}
	require.Equal(t, http.StatusOK, env.api(t, http.MethodGet, "/api/collections/tenants/records/"+tenant, owner.Token, nil, &tn))
	tn.Settings["capacity"] = 2
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPatch, "/api/collections/tenants/records/"+tenant, owner.Token,
		map[string]any{"settings": tn.Settings}, nil))

	b := newTab(t, env, 1280, 900)
	b.signIn(owner, "/integracoes")
	b.clickText("Conectar Google Agenda") // consent at the fake, then back to the app
	b.waitThroughNavigation(`location.search.includes('google=conectado') && document.querySelector('[data-testid=google-status]')?.innerText.includes('Conectado')`)

	// the free drop-off slots the engine offers (the first day that has some)
	var free struct {
		Slots []struct {
			Start time.Time `json:"start"`
		} `json:"slots"`
	}
	require.Equal(t, http.StatusOK, env.api(t, http.MethodGet, "/api/bancada/slots?kind=dropoff&tenant="+tenant, owner.Token, nil, &free))
	require.NotEmpty(t, free.Slots)
	// the first day with at least two free slots (today may have one left),
	// the first an hour ahead at least: still in the future when the test
	// books it, whatever the hour it runs at
	sp := saoPaulo(t)
	perDay := map[string][]time.Time{}
	var order []string
	for _, s := range free.Slots {
		d := s.Start.In(sp).Format(time.DateOnly)
		if perDay[d] == nil {
			order = append(order, d)
		}
		perDay[d] = append(perDay[d], s.Start)
	}
	day := ""
	for _, d := range order {
		if len(perDay[d]) >= 2 && perDay[d][0].After(time.Now().Add(time.Hour)) {
			day = d
			break
		}
	}
	require.NotEmpty(t, day, "a day with two free slots in %v", order)
	first, last := perDay[day][0], perDay[day][len(perDay[day])-1]

	// another customer already holds one of the two places of the first slot
	_, phone2 := randomMobile()
	var other struct {
		ID string `json:"id"`
	}
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPost, "/api/collections/customers/records", owner.Token,
		map[string]any{"tenant": tenant, "name": "Bruno Retira", "phone": phone2}, &other))
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPost, "/api/collections/appointments/records", owner.Token, map[string]any{
		"tenant": tenant, "customer": other.ID, "kind": "pickup", "status": "scheduled",
		"start": first.Format(time.RFC3339), "end": first.Add(30 * time.Minute).Format(time.RFC3339),
	}, nil))

	// book
	b.open("/agenda?dia=" + day)
	b.waitText("h1", "Agenda")
	b.waitText("[data-testid=kind-pickup]", "Bruno Retira")
	b.clickText("Novo agendamento")
	b.typeInto("#ag-cq", "Rita")
	b.waitText("[data-testid=customer-results]", "Rita Agendada")
	b.click("[data-testid=customer-results] button")
	b.waitText("[data-testid=appt-customer]", "Rita Agendada")
	b.waitJS(`document.querySelectorAll('[data-testid=slots] button').length > 1`)
	assert.Equal(t, first.In(sp).Format("15:04")+"\n1 vaga", b.text("[data-testid=slots] button:first-child"))
	b.click("[data-testid=slots] button:first-child")
	b.screenshot("agenda-book")
	b.clickText("Agendar às " + first.In(sp).Format("15:04"))
	b.waitText("[data-testid=kind-dropoff]", "Rita Agendada")
	row := b.text("[data-testid=kind-dropoff] [data-testid=appt]")
	assert.Contains(t, row, first.In(sp).Format("15:04")+"–")
	assert.Contains(t, row, "ocupação 2/2") // Bruno's pickup and Rita's drop-off
	assert.Contains(t, b.text("[data-testid=kind-pickup]"), "Bruno Retira")
	assert.Contains(t, b.text("[data-testid=period]"), dayLabelGo(first.In(sp)))
	id := eval[string](b, `document.querySelector('[data-testid=appt]').dataset.id`)

	token := env.fakeGoogleToken(t)
	b.waitJS(fakeEventJS(token, id, sameInstant(first)+` && ev.summary === 'Entrega do aparelho – Rita Agendada'`))
	b.screenshot("agenda")

	// the week and a phone: the same appointment, nothing wider than the screen
	b.clickText("Semana")
	b.waitText("[data-testid=week-view]", "Rita Agendada")
	b.screenshot("agenda-week")
	p := newTab(t, env, 360, 740)
	p.signIn(owner, "/agenda?dia="+day)
	p.waitText("[data-testid=kind-dropoff]", "Rita Agendada")
	assert.True(t, eval[bool](p, `document.documentElement.scrollWidth <= window.innerWidth`), "no horizontal scroll at 360 px")
	p.screenshot("agenda-360")
	p.clickText("Semana")
	p.waitText("[data-testid=week-view]", "Rita Agendada")
	assert.True(t, eval[bool](p, `document.documentElement.scrollWidth <= window.innerWidth`), "week view: no horizontal scroll at 360 px")

	// the customer's page lists it
	p.open("/clientes/" + cust.ID)
	p.waitText("[data-testid=customer-appointments]", dayLabelGo(first.In(sp))+", "+first.In(sp).Format("15:04"))
	p.click("[data-testid=customer-appointments] a.btn") // "Agendar": the agenda opens with the customer chosen
	p.waitText("[data-testid=appt-customer]", "Rita Agendada")
	p.waitJS(`document.querySelectorAll('[data-testid=slots] button, [data-testid=no-slots]').length > 0`)
	assert.True(t, eval[bool](p, `document.documentElement.scrollWidth <= window.innerWidth && document.querySelector('dialog').scrollWidth <= document.querySelector('dialog').clientWidth`), "the booking dialog fits 360 px")

	// a drop-off booked for today shows on the board's strip. "Today" is
	// the day after Rita's (never the wall clock's, which may be seconds
	// from midnight): the tab's clock says 08:00 that day and the drop-off
	// is at noon, in the future of both the tab and the server.
	d, err := time.ParseInLocation(time.DateOnly, day, sp)
	require.NoError(t, err)
	boardDay := d.AddDate(0, 0, 1)
	start := boardDay.Add(12 * time.Hour)
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPost, "/api/collections/appointments/records", owner.Token, map[string]any{
		"tenant": tenant, "customer": other.ID, "kind": "dropoff", "status": "scheduled",
		"start": start.UTC().Format(time.RFC3339), "end": start.Add(30 * time.Minute).UTC().Format(time.RFC3339),
	}, nil))
	p.setClock(boardDay.Add(8 * time.Hour))
	p.open("/quadro")
	p.waitText("[data-testid=today-dropoffs]", start.In(sp).Format("15:04")+" Bruno Retira")
	assert.NotContains(t, p.text("[data-testid=today-dropoffs]"), "Rita Agendada", "only today's drop-offs")

	// the customer confirms by phone; then reschedule to the day's last free slot
	b.clickText("Dia")
	b.waitText("[data-testid=kind-dropoff]", "Rita Agendada")
	b.clickText("Confirmar")
	b.waitText("[data-testid=kind-dropoff] [data-testid=appt] .badge", "confirmado")
	b.clickText("Remarcar")
	b.waitJS(`document.querySelectorAll('[data-testid=slots] button').length > 0`)
	b.click("[data-testid=slots] button:last-child")
	b.clickText("Remarcar às " + last.In(sp).Format("15:04"))
	b.waitText("[data-testid=kind-dropoff] [data-testid=appt]", last.In(sp).Format("15:04")+"–")
	b.waitJS(fakeEventJS(token, id, sameInstant(last)))

	// cancel: the question names the customer; the event is cancelled at Google
	eval[bool](b, `(() => { window.confirm = (m) => { window.__asked = m; return true; }; return true; })()`)
	b.clickText("Cancelar")
	b.waitText("[data-testid=kind-dropoff] [data-testid=appt]", "cancelado")
	assert.Contains(t, eval[string](b, `window.__asked`), "Rita Agendada")
	b.waitJS(fakeEventJS(token, id, `ev.status === 'cancelled'`))
	assert.False(t, b.exists("[data-testid=kind-dropoff] [data-testid=appt] button"), "a cancelled appointment offers no actions")

	// someone takes the last place while the dialog is open: the server
	// refuses, the dialog says why and offers the slots that are left
	b.clickText("Novo agendamento")
	b.typeInto("#ag-cq", "Bruno")
	b.waitText("[data-testid=customer-results]", "Bruno Retira")
	b.click("[data-testid=customer-results] button")
	b.waitText("[data-testid=appt-customer]", "Bruno Retira")
	b.waitJS(`document.querySelectorAll('[data-testid=slots] button').length > 1`)
	assert.Equal(t, first.In(sp).Format("15:04")+"\n1 vaga", b.text("[data-testid=slots] button:first-child"))
	b.click("[data-testid=slots] button:first-child")
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPost, "/api/collections/appointments/records", owner.Token, map[string]any{
		"tenant": tenant, "customer": cust.ID, "kind": "diagnosis", "status": "scheduled",
		"start": first.Format(time.RFC3339), "end": first.Add(30 * time.Minute).Format(time.RFC3339),
	}, nil))
	b.waitText("[data-testid=kind-diagnosis]", "Rita Agendada") // live, behind the dialog
	b.clickText("Agendar às " + first.In(sp).Format("15:04"))
	b.waitText("[data-testid=appt-form] .slots [role=alert]", "Horário lotado: não há mais vagas.")
	b.waitJS(`document.querySelectorAll('[data-testid=slots] button').length > 0`)
	assert.NotContains(t, b.text("[data-testid=slots] button:first-child"), first.In(sp).Format("15:04"), "the full slot is no longer offered")
}

// waitThroughNavigation waits for expr while the tab goes through a chain
// of full-page navigations (a poll is cut short when its page goes away).
func (b *tab) waitThroughNavigation(expr string) {
	b.t.Helper()
	guarded := `(() => { try { return (` + expr + `); } catch (e) { return false; } })()`
	var err error
	for range 5 {
		ctx, cancel := b.step()
		_, err = chromedp.Run(ctx, chromedp.Poll[chromedp.Void](guarded, chromedp.WithPollingInterval(40*time.Millisecond), chromedp.WithPollingTimeout(15*time.Second)))
		cancel()
		if err == nil || !strings.Contains(err.Error(), "navigated or closed") && !strings.Contains(err.Error(), "Cannot find context") {
			break
		}
	}
	if err != nil {
		b.fail(fmt.Errorf("waiting for %s: %w", expr, err))
	}
}

// dayLabelGo writes a day as the agenda does ("ter., 24/11"), independently
// of the JavaScript helper.
func dayLabelGo(t time.Time) string {
	names := []string{"dom.", "seg.", "ter.", "qua.", "qui.", "sex.", "sáb."}
	return names[t.Weekday()] + ", " + t.Format("02/01")
}
