package tracking

import (
	"html/template"
	"net/url"
	"strconv"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/branding"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/scope"
)

// pageView is everything the tracking page shows. It holds no personal
// data of the customer but the first name: no phone, document, e-mail,
// address, IMEI, serial or passcode, and no staff notes.
type pageView struct {
	Title, Footer string
	CSS           template.CSS
	// Brand is the stylesheet of the shop's colours.
	Brand template.CSS

	Shop      shopView
	Message   *message
	FirstName string
	Number    int
	Device    string
	Status    string
	StatusKey string
	Hint      string

	ExpectedAt    string
	WarrantyUntil string

	Lines      []lineView
	QuoteTotal string
	Respond    *respondView
	Money      *moneyView
	Timeline   []eventView
	// Marketing is the customer's consent box (nil: not shown).
	Marketing *marketingView
}

type shopView struct {
	Name, Address, LogoURL string
	Phone                  string
	// PhoneHref is a tel: link, which html/template would otherwise
	// filter out; it is built from digits only.
	PhoneHref    template.URL
	WhatsAppHref string
	// WhatsApp is the shop's WhatsApp number, formatted.
	WhatsApp string
}

type lineView struct {
	Description string
	Quantity    int
	Total       string
}

type moneyView struct{ Total, Paid, Balance string }

type respondView struct{ ApproveURL, DeclineURL, Form string }

type eventView struct {
	Label, When, ISO string
	Current          bool
}

// message is a notice at the top of the page; Kind is ok, warn or err.
type message struct{ Kind, Text string }

// hints say in a sentence what the status means to the customer.
var hints = map[collections.OrderStatus]string{
	collections.StatusReceived:     "Recebemos seu aparelho. Em breve ele passa por diagnóstico.",
	collections.StatusDiagnosing:   "Nosso técnico está avaliando o aparelho.",
	collections.StatusQuoted:       "O orçamento está pronto. Confira abaixo e responda.",
	collections.StatusApproved:     "Orçamento aprovado. O serviço vai começar.",
	collections.StatusRejected:     "Orçamento recusado. A loja vai combinar a devolução do aparelho.",
	collections.StatusWaitingParts: "Estamos aguardando a chegada de peças.",
	collections.StatusRepairing:    "Seu aparelho está em reparo.",
	collections.StatusReady:        "Seu aparelho está pronto! Pode vir buscar.",
	collections.StatusDelivered:    "Aparelho entregue. Obrigado pela confiança!",
	collections.StatusCancelled:    "Esta ordem de serviço foi cancelada.",
}

// buildPage assembles the view of an open page; form is the signed token
// of the approve/decline forms ("" hides them).
func buildPage(app core.App, pg *openPage, token, form string, msg *message) (*pageView, error) {
	o, t := pg.order, pg.tenant
	loc := br.LoadLocation(t.Timezone())
	status := o.Status()
	v := &pageView{
		Title:     "OS nº " + strconv.Itoa(o.Number()) + " · " + t.Name(),
		Shop:      shopOf(t, o.Number()),
		Message:   msg,
		Number:    o.Number(),
		Status:    status.Label(),
		StatusKey: string(status),
		Hint:      hints[status],
		Brand:     brandCSS(t),
	}
	if c, err := scope.Find(app, collections.Customers, t.Id, o.Customer()); err == nil {
		v.FirstName = br.FirstName(collections.AsCustomer(c).Name())
	}
	if d, err := scope.Find(app, collections.Devices, t.Id, o.Device()); err == nil {
		v.Device = collections.AsDevice(d).Label()
	}
	if at := o.ExpectedAt(); !at.IsZero() && status.Open() {
		v.ExpectedAt = br.Date(at, loc)
	}
	if until := o.WarrantyUntil(); !until.IsZero() && status == collections.StatusDelivered && o.WarrantyDays() > 0 {
		v.WarrantyUntil = br.Date(until, loc)
	}
	// Lines become a quote once the shop sends it; a draft is not shown.
	if !o.GetDateTime(collections.OrderQuotedAt).IsZero() {
		for _, l := range o.QuoteLines() {
			v.Lines = append(v.Lines, lineView{Description: l.Description, Quantity: l.Quantity, Total: br.FormatBRL(l.TotalCents())})
		}
		v.QuoteTotal = br.FormatBRL(o.QuoteTotal())
	}
	if form != "" && len(v.Lines) > 0 {
		v.Respond = &respondView{ApproveURL: Path(token) + "/approve", DeclineURL: Path(token) + "/decline", Form: form}
	}
	if o.Total() > 0 && (o.Paid() > 0 || committed(status)) {
		v.Money = &moneyView{Total: br.FormatBRL(o.Total()), Paid: br.FormatBRL(o.Paid()), Balance: br.FormatBRL(o.Balance())}
	}
	events, err := scope.List(app, collections.OrderEvents, t.Id, collections.OrderEventOrder+" = {:order}",
		collections.FieldCreated+",@rowid", 0, dbx.Params{"order": o.Id})
	if err != nil {
		return nil, err
	}
	for i, r := range events {
		ev := collections.AsOrderEvent(r)
		at := r.GetDateTime(collections.FieldCreated).Time()
		v.Timeline = append(v.Timeline, eventView{
			Label: ev.To().Label(), When: br.DateTime(at, loc), ISO: at.UTC().Format(time.RFC3339),
			Current: i == len(events)-1,
		})
	}
	return v, nil
}

// committed reports whether the customer owes the order's total: the quote
// was approved (or the order went on to be finished).
func committed(s collections.OrderStatus) bool {
	switch s {
	case collections.StatusApproved, collections.StatusWaitingParts, collections.StatusRepairing,
		collections.StatusReady, collections.StatusDelivered:
		return true
	}
	return false
}

// shopOf is the shop's public card: name, logo, address and how to reach it.
func shopOf(t *collections.Tenant, number int) shopView {
	s := shopView{Name: t.Name(), Address: t.Address()}
	if logo := t.GetString(collections.TenantLogo); logo != "" {
		s.LogoURL = "/api/files/" + collections.Tenants + "/" + t.Id + "/" + url.PathEscape(logo) + "?thumb=200x200"
	}
	if p := t.Phone(); digitsOnly(p) {
		s.Phone = br.FormatPhone(p)
		s.PhoneHref = template.URL("tel:+" + p)
	}
	wa := t.WhatsAppNumber()
	if wa == "" {
		wa = t.Phone()
	}
	if digitsOnly(wa) {
		s.WhatsAppHref = "https://wa.me/" + wa + "?text=" + url.QueryEscape("Olá! Sobre a OS nº "+strconv.Itoa(number))
		s.WhatsApp = br.FormatPhone(wa)
	}
	return s
}

// brandCSS sets the page's colours from the shop's: its colour behind
// the shop's card, text on it black or white (whichever reads), the
// accent on buttons, badges and links (darkened if it would not read on
// white). Colours are validated "#rrggbb" values, safe in CSS.
func brandCSS(t *collections.Tenant) template.CSS {
	s := t.Settings()
	p := branding.For(s.BrandColor, s.BrandAccent)
	return template.CSS(":root{--brand:" + p.Primary + ";--on-brand:" + p.OnPrimary + ";--accent:" + p.Accent +
		";--on-accent:" + p.OnAccent + ";--acc:" + p.AccentText + "}")
}

// digitsOnly reports whether s is a non-empty run of ASCII digits.
func digitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
