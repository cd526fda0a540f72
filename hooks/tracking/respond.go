package tracking

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/scope"
)

// ActorLabel names the customer in the order history when they answer a
// quote on the tracking page.
const ActorLabel = "cliente (página de acompanhamento)"

// answer is the query parameter of the page a successful answer redirects
// to, and its values.
const (
	answerParam    = "resposta"
	answerApproved = "aprovado"
	answerDeclined = "recusado"
)

// errStale marks a form that no longer matches the order.
var errStale = errors.New("tracking: stale form")

// guard applies the guessing limit and opens token's page. When it
// returns nil, it has already answered (404 or 429).
func (s *server) guard(e *core.RequestEvent, token string) (*openPage, error) {
	limiting := e.App.Settings().RateLimits.Enabled
	key := clientKey(e.RealIP())
	if limiting {
		if blocked, retry := s.misses.blocked(key); blocked {
			return nil, s.pages.limitedPage(e, retry)
		}
	}
	pg, err := open(e.App, token, s.d.Clock())
	if errors.Is(err, errNoPage) {
		if limiting {
			s.misses.miss(key)
		}
		return nil, s.pages.notFoundPage(e)
	}
	if err != nil {
		return nil, s.pages.failedPage(e, err)
	}
	return pg, nil
}

// show serves GET /os/{token}.
func (s *server) show(e *core.RequestEvent) error {
	token := e.Request.PathValue("token")
	pg, err := s.guard(e, token)
	if pg == nil {
		return err
	}
	return s.render(e, http.StatusOK, pg, token, thanks(e.Request.URL.Query().Get(answerParam), pg.order.Status()))
}

// render shows the page of pg with msg, with fresh forms when the quote
// awaits an answer.
func (s *server) render(e *core.RequestEvent, status int, pg *openPage, token string, msg *message) error {
	form := ""
	if pg.order.Status() == collections.StatusQuoted {
		if !pg.tenant.Active() {
			if msg == nil {
				msg = &message{Kind: "warn", Text: "Para responder a este orçamento, fale com a loja."}
			}
		} else {
			var err error
			if form, err = s.sealForm(pg.order, token); err != nil {
				return s.pages.failedPage(e, err)
			}
		}
	}
	v, err := buildPage(e.App, pg, token, form, msg)
	if err != nil {
		return s.pages.failedPage(e, err)
	}
	if v.Marketing, err = s.marketingBox(e.App, pg, token); err != nil {
		return s.pages.failedPage(e, err)
	}
	if v.Message == nil {
		v.Message = marketingThanks(e.Request.URL.Query().Get(marketingParam), v.Marketing)
	}
	return s.pages.page(e, status, v)
}

// thanks is the notice after a successful answer, shown only while it is
// still true (a link with ?resposta= cannot make the page lie).
func thanks(answer string, status collections.OrderStatus) *message {
	switch {
	case answer == answerApproved && status == collections.StatusApproved:
		return &message{Kind: "ok", Text: "Obrigado! Orçamento aprovado. A loja já foi avisada e vai seguir com o serviço."}
	case answer == answerDeclined && status == collections.StatusRejected:
		return &message{Kind: "ok", Text: "Resposta registrada: orçamento recusado. A loja já foi avisada e vai combinar a devolução do aparelho."}
	}
	return nil
}

// respond serves POST /os/{token}/approve and /decline: it moves a quoted
// order to to, recording the customer's IP and user agent in the order's
// history, and redirects to the page. Anything else shows the page with a
// message and leaves the order as it is.
func (s *server) respond(e *core.RequestEvent, to collections.OrderStatus) error {
	token := e.Request.PathValue("token")
	pg, err := s.guard(e, token)
	if pg == nil {
		return err
	}
	refuse := &message{Kind: "err", Text: "Não foi possível confirmar sua resposta. Abra o link enviado pela loja e use os botões desta página."}
	if !sameOrigin(e.Request, s.d.Config.PublicURL) {
		return s.render(e, http.StatusForbidden, pg, token, refuse)
	}
	expires, version, err := s.openForm(pg.order, token, e.Request.PostFormValue("form"))
	if err != nil {
		return s.render(e, http.StatusForbidden, pg, token, refuse)
	}

	now := s.d.Clock()
	loc := br.LoadLocation(pg.tenant.Timezone())
	status, msg := http.StatusOK, (*message)(nil)
	moved := false
	err = e.App.RunInTransaction(func(tx core.App) error {
		// Read again inside the transaction: writers are serialised, so two
		// clicks at once cannot both see "quoted".
		rec, err := scope.Find(tx, collections.Orders, pg.tenant.Id, pg.order.Id)
		if err != nil {
			return errNoPage
		}
		o := collections.AsOrder(rec)
		if o.TrackingToken() != token || o.TrackingRevoked() {
			return errNoPage
		}
		switch {
		case o.Status() != collections.StatusQuoted:
			status, msg = outcome(o, to, loc)
			return nil
		case !pg.tenant.Active():
			status, msg = http.StatusConflict, &message{Kind: "warn", Text: "Para responder a este orçamento, fale com a loja."}
			return nil
		case version != quoteVersion(o):
			status, msg = http.StatusConflict, &message{Kind: "warn", Text: "A loja atualizou o orçamento. Confira os novos valores e responda de novo."}
			return nil
		case now.After(expires):
			status, msg = http.StatusConflict, &message{Kind: "warn", Text: "Esta página ficou aberta por muito tempo. Confira o orçamento e responda de novo."}
			return nil
		}
		actor := audit.Actor{Label: ActorLabel, IP: e.RealIP(), UserAgent: audit.Truncate(e.Request.UserAgent(), 300)}
		from := o.Status()
		o.SetStatus(to)
		audit.SetActor(rec, actor) // the orders hook writes it into order_events
		if err := tx.Save(rec); err != nil {
			return fmt.Errorf("save answer: %w", err)
		}
		moved = true
		return audit.Write(tx, audit.Entry{
			Tenant: o.Tenant(), Actor: actor, Action: collections.ActionStatus,
			Collection: collections.Orders, Record: o.Id,
			Changes: map[string]any{collections.OrderStatusField: []any{string(from), string(to)}},
		})
	})
	switch {
	case errors.Is(err, errNoPage):
		return s.pages.notFoundPage(e)
	case err != nil:
		return s.pages.failedPage(e, err)
	case moved:
		answer := answerApproved
		if to == collections.StatusRejected {
			answer = answerDeclined
		}
		e.Response.Header().Set("Cache-Control", "no-store")
		return e.Redirect(http.StatusSeeOther, Path(token)+"?"+answerParam+"="+answer)
	}
	if pg, err = open(e.App, token, now); err != nil {
		if errors.Is(err, errNoPage) {
			return s.pages.notFoundPage(e)
		}
		return s.pages.failedPage(e, err)
	}
	return s.render(e, status, pg, token, msg)
}

// outcome explains why an order that is no longer quoted was not changed:
// a second click sees what the first one did.
func outcome(o *collections.Order, to collections.OrderStatus, loc *time.Location) (int, *message) {
	at := func(field string) string { return br.DateTime(o.GetDateTime(field).Time(), loc) }
	switch {
	case o.Status() == collections.StatusRejected && to == collections.StatusRejected:
		return http.StatusOK, &message{Kind: "ok", Text: "Você já recusou este orçamento em " + at(collections.OrderRejectedAt) + ". A loja foi avisada."}
	case o.Status() == collections.StatusRejected:
		return http.StatusOK, &message{Kind: "warn", Text: "Este orçamento foi recusado em " + at(collections.OrderRejectedAt) + ". Para aprová-lo agora, fale com a loja."}
	case committed(o.Status()) && !o.GetDateTime(collections.OrderApprovedAt).IsZero() && to == collections.StatusApproved:
		return http.StatusOK, &message{Kind: "ok", Text: "Este orçamento já foi aprovado em " + at(collections.OrderApprovedAt) + ". Obrigado!"}
	case committed(o.Status()) && !o.GetDateTime(collections.OrderApprovedAt).IsZero():
		return http.StatusOK, &message{Kind: "warn", Text: "Este orçamento já foi aprovado em " + at(collections.OrderApprovedAt) + ". Para mudar a resposta, fale com a loja."}
	}
	return http.StatusConflict, &message{Kind: "warn", Text: "Não há orçamento aguardando sua resposta nesta OS."}
}

// sameOrigin reports whether a form post comes from this site. Browsers
// say so in Sec-Fetch-Site, or else in Origin; a client that sends
// neither (an old browser, a script) is judged by the signed form alone,
// which only someone who opened the page holds.
func sameOrigin(r *http.Request, publicURL string) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" {
		return site == "same-origin"
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" { // includes "null"
		return false
	}
	if strings.EqualFold(u.Host, r.Host) {
		return true
	}
	if pu, err := url.Parse(publicURL); err == nil && pu.Host != "" {
		return strings.EqualFold(u.Host, pu.Host)
	}
	return false
}

// formContext binds a form to one order and one token: rotating the token
// voids every form of the old page.
func formContext(orderID, token string) string { return "tracking-form:" + orderID + ":" + token }

// sealForm signs (by authenticated encryption) what the page showed: the
// quote's version and until when the form may be used.
func (s *server) sealForm(o *collections.Order, token string) (string, error) {
	exp := s.d.Clock().Add(formTTL).Unix()
	return s.d.Vault.Seal(formContext(o.Id, token), strconv.FormatInt(exp, 10)+"|"+quoteVersion(o))
}

// openForm checks a form made by sealForm for this order and token.
func (s *server) openForm(o *collections.Order, token, form string) (time.Time, string, error) {
	plain, err := s.d.Vault.Open(formContext(o.Id, token), form)
	if err != nil {
		return time.Time{}, "", err
	}
	expRaw, version, ok := strings.Cut(plain, "|")
	exp, err := strconv.ParseInt(expRaw, 10, 64)
	if !ok || err != nil {
		return time.Time{}, "", errStale
	}
	return time.Unix(exp, 0).UTC(), version, nil
}

// quoteVersion identifies what the customer is answering: the quote as
// sent (its date, lines and totals). If the shop re-quotes or edits it,
// forms of the old page no longer apply.
func quoteVersion(o *collections.Order) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s|%d|%d|", o.GetDateTime(collections.OrderQuotedAt).String(), o.QuoteTotal(), o.FinalTotal())
	lines, _ := json.Marshal(o.QuoteLines())
	h.Write(lines)
	return hex.EncodeToString(h.Sum(nil))[:16]
}
