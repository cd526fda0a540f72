package tracking

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/privacy"
	"github.com/bancada/bancada/hooks/scope"
)

// MarketingPath is where the customer gives or withdraws marketing
// consent from the tracking page.
const MarketingPath = "/os/{token}/promocoes"

// marketing answers on the page after a change of consent.
const (
	marketingParam = "promocoes"
	marketingYes   = "sim"
	marketingNo    = "nao"
)

// marketingView is the page's consent box.
type marketingView struct {
	OptedIn   bool
	Shop      string
	URL, Form string
}

func marketingContext(orderID, token string) string {
	return "tracking-marketing:" + orderID + ":" + token
}

// marketingBox is the consent box of the page, or nil when the customer
// cannot be asked (an inactive shop, an erased customer).
func (s *server) marketingBox(app core.App, pg *openPage, token string) (*marketingView, error) {
	if !pg.tenant.Active() {
		return nil, nil
	}
	r, err := scope.Find(app, collections.Customers, pg.tenant.Id, pg.order.Customer())
	if err != nil {
		return nil, nil
	}
	c := collections.AsCustomer(r)
	if c.Erased() {
		return nil, nil
	}
	exp := s.d.Clock().Add(formTTL).Unix()
	form, err := s.d.Vault.Seal(marketingContext(pg.order.Id, token), strconv.FormatInt(exp, 10))
	if err != nil {
		return nil, err
	}
	return &marketingView{OptedIn: c.MarketingOptIn(), Shop: pg.tenant.Name(), URL: strings.Replace(MarketingPath, "{token}", token, 1), Form: form}, nil
}

// marketingThanks is the notice after a change of consent, while true.
func marketingThanks(answer string, box *marketingView) *message {
	switch {
	case box == nil:
	case answer == marketingYes && box.OptedIn:
		return &message{Kind: "ok", Text: "Pronto! Você vai receber promoções e novidades de " + box.Shop + " pelo WhatsApp. Para parar, é só responder \"parar\"."}
	case answer == marketingNo && !box.OptedIn:
		return &message{Kind: "ok", Text: "Pronto! Você não vai mais receber promoções de " + box.Shop + ". Os avisos sobre esta OS continuam chegando."}
	}
	return nil
}

// setMarketing serves POST /os/{token}/promocoes: the customer accepts
// (aceito=1) or refuses (aceito=0) marketing, recorded with when, how
// (the tracking page) and from which address, then sees the page again.
func (s *server) setMarketing(e *core.RequestEvent) error {
	token := e.Request.PathValue("token")
	pg, err := s.guard(e, token)
	if pg == nil {
		return err
	}
	refuse := &message{Kind: "err", Text: "Não foi possível registrar sua escolha. Abra o link enviado pela loja e use o botão desta página."}
	plain, err := s.d.Vault.Open(marketingContext(pg.order.Id, token), e.Request.PostFormValue("form"))
	exp, perr := strconv.ParseInt(plain, 10, 64)
	if !sameOrigin(e.Request, s.d.Config.PublicURL) || err != nil || perr != nil || s.d.Clock().Unix() > exp || !pg.tenant.Active() {
		return s.render(e, http.StatusForbidden, pg, token, refuse)
	}
	accept := e.Request.PostFormValue("aceito") == "1"
	err = e.App.RunInTransaction(func(tx core.App) error {
		r, err := scope.Find(tx, collections.Customers, pg.tenant.Id, pg.order.Customer())
		if err != nil {
			return errNoPage
		}
		c := collections.AsCustomer(r)
		if c.Erased() {
			return errNoPage
		}
		if c.MarketingOptIn() == accept {
			return nil
		}
		c.Set(collections.CustomerMarketingOptIn, accept)
		privacy.SetConsentSource(r, collections.ConsentTracking, "cliente")
		if err := tx.Save(r); err != nil {
			return fmt.Errorf("save consent: %w", err)
		}
		return audit.Write(tx, audit.Entry{
			Tenant: pg.tenant.Id, Actor: audit.Actor{Label: ActorLabel, IP: e.RealIP(), UserAgent: audit.Truncate(e.Request.UserAgent(), 300)},
			Action: collections.ActionMarketingConsent, Collection: collections.Customers, Record: c.Id,
			Changes: map[string]any{"marketing_opt_in": accept, "via": collections.ConsentTracking},
		})
	})
	switch {
	case errors.Is(err, errNoPage):
		return s.pages.notFoundPage(e)
	case err != nil:
		return s.pages.failedPage(e, err)
	}
	answer := marketingNo
	if accept {
		answer = marketingYes
	}
	e.Response.Header().Set("Cache-Control", "no-store")
	return e.Redirect(http.StatusSeeOther, Path(token)+"?"+marketingParam+"="+answer)
}
