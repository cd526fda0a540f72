package tracking

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

//go:embed templates/page.html templates/style.css
var templateFS embed.FS

// footer is the line at the bottom of every page.
const footer = "Página de acompanhamento da sua ordem de serviço. Não compartilhe este link."

// pages renders the tracking page and the two notices (not found, too
// many attempts); the notices never vary, so they are rendered once.
type pages struct {
	tmpl     *template.Template
	css      template.CSS
	csp      string
	cssHash  string
	notFound []byte
	limited  []byte
	failed   []byte
}

// notice is the view of a page that only says something.
type notice struct {
	Title, Heading, Footer string
	Lines                  []string
	CSS, Brand             template.CSS
}

func newPages() (*pages, error) {
	css, err := templateFS.ReadFile("templates/style.css")
	if err != nil {
		return nil, fmt.Errorf("read stylesheet: %w", err)
	}
	tmpl, err := template.ParseFS(templateFS, "templates/page.html")
	if err != nil {
		return nil, fmt.Errorf("parse templates: %w", err)
	}
	p := &pages{tmpl: tmpl, css: template.CSS(css), cssHash: styleHash(string(css))}
	p.csp = cspWith(p.cssHash)
	if p.notFound, err = p.render("notice", notice{
		Title: "Página não encontrada", Heading: "Página não encontrada",
		Lines: []string{
			"Este link de acompanhamento não existe ou não está mais disponível.",
			"Se o seu aparelho está na loja, peça um novo link a ela.",
		},
	}); err != nil {
		return nil, err
	}
	if p.limited, err = p.render("notice", notice{
		Title: "Muitas tentativas", Heading: "Muitas tentativas",
		Lines: []string{
			"Recebemos muitos pedidos de links inválidos deste endereço.",
			"Aguarde alguns minutos e abra de novo o link que a loja enviou.",
		},
	}); err != nil {
		return nil, err
	}
	if p.failed, err = p.render("notice", notice{
		Title: "Algo deu errado", Heading: "Algo deu errado",
		Lines: []string{"Não foi possível abrir esta página agora. Tente de novo em instantes."},
	}); err != nil {
		return nil, err
	}
	return p, nil
}

// render executes template name with view, filling the shared fields.
func (p *pages) render(name string, view any) ([]byte, error) {
	switch v := view.(type) {
	case notice:
		v.CSS, v.Footer = p.css, footer
		view = v
	case *pageView:
		v.CSS, v.Footer = p.css, footer
	}
	var buf bytes.Buffer
	if err := p.tmpl.ExecuteTemplate(&buf, name, view); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// styleHash is the CSP source that admits one inline stylesheet.
func styleHash(css string) string {
	sum := sha256.Sum256([]byte(css))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// cspWith is the page's policy: no scripts at all; only the given inline
// stylesheets, pinned by their hashes; forms post only here; nobody
// frames the page.
func cspWith(styles ...string) string {
	return "default-src 'none'; img-src 'self'; style-src " + strings.Join(styles, " ") + "; " +
		"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
}

// headers sets what every answer of the public page carries.
func (p *pages) headers(e *core.RequestEvent) {
	h := e.Response.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Robots-Tag", "noindex, nofollow")
	// The token is in the address: never send it to another site.
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Content-Security-Policy", p.csp)
}

// write sends body with status.
func (p *pages) write(e *core.RequestEvent, status int, body []byte) error {
	p.headers(e)
	e.Response.WriteHeader(status)
	_, err := e.Response.Write(body)
	return err
}

// page renders the tracking page, whose shop colours are a second
// stylesheet the policy admits by its hash.
func (p *pages) page(e *core.RequestEvent, status int, v *pageView) error {
	body, err := p.render("page", v)
	if err != nil {
		return err
	}
	p.headers(e)
	if v.Brand != "" {
		e.Response.Header().Set("Content-Security-Policy", cspWith(p.cssHash, styleHash(string(v.Brand))))
	}
	e.Response.WriteHeader(status)
	_, err = e.Response.Write(body)
	return err
}

// notFoundPage is the one answer for unknown, revoked and expired tokens.
func (p *pages) notFoundPage(e *core.RequestEvent) error {
	return p.write(e, http.StatusNotFound, p.notFound)
}

// limitedPage tells a guessing address to wait.
func (p *pages) limitedPage(e *core.RequestEvent, retry time.Duration) error {
	e.Response.Header().Set("Retry-After", strconv.Itoa(int((retry+time.Second-1)/time.Second)))
	return p.write(e, http.StatusTooManyRequests, p.limited)
}

// failedPage logs err and apologises, in HTML like the rest of the page.
func (p *pages) failedPage(e *core.RequestEvent, err error) error {
	e.App.Logger().Error("tracking page", "error", err)
	return p.write(e, http.StatusInternalServerError, p.failed)
}
