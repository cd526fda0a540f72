package ui_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// printPDF prints the tab as Chromium's "Save as PDF" does, honouring the
// page's @page size.
func (b *tab) printPDF() []byte {
	b.t.Helper()
	var pdf []byte
	yes := true
	b.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		res, err := cdp.Call(ctx, t, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &yes, PrintBackground: &yes})
		pdf = res.Data
		return err
	}))
	return pdf
}

// pdfPage is one page's MediaBox size in points.
type pdfPage struct{ W, H float64 }

var (
	pageObject = regexp.MustCompile(`/Type\s*/Page\b[^s]`)
	mediaBox   = regexp.MustCompile(`/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]`)
)

// pdfPages counts the page objects of a PDF and reads their MediaBoxes
// (Chromium writes page dictionaries uncompressed).
func pdfPages(t *testing.T, pdf []byte) (int, []pdfPage) {
	t.Helper()
	require.True(t, len(pdf) > 4 && string(pdf[:4]) == "%PDF", "a PDF")
	var boxes []pdfPage
	for _, m := range mediaBox.FindAllSubmatch(pdf, -1) {
		f := func(i int) float64 { v, err := strconv.ParseFloat(string(m[i]), 64); require.NoError(t, err); return v }
		boxes = append(boxes, pdfPage{W: f(3) - f(1), H: f(4) - f(2)})
	}
	return len(pageObject.FindAll(pdf, -1)), boxes
}

const mmPt = 72 / 25.4 // points per millimetre

// TestPrintedDocumentsFitTheirPaper prints the intake receipt and the
// delivery term in both layouts: A4 is one A4 page (no blank second page)
// and the 80 mm receipt one 80 mm wide page as long as the receipt (not a
// Letter page). The delivery term lists the accessories; the times keep
// their spaces ("16:46 · Previsão").
func TestPrintedDocumentsFitTheirPaper(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner, tenant := env.signupShop(t, "Assistência Impressão Certa")
	o := env.createOrder(t, owner, tenant, "Paula Papel Certo", "")
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPatch, "/api/collections/devices/records/"+o.Device, owner.Token,
		map[string]any{"accessories": []string{"carregador", "capinha"}}, nil))
	env.patchOrder(t, owner, o.ID, map[string]any{"expected_at": "2030-05-10 21:00:00.000Z"})
	lines := []map[string]any{{"kind": "labor", "description": "Troca de bateria", "quantity": 1, "unit_cents": 25000}}
	env.driveOrder(t, owner, o.ID, lines, "diagnosing", "quoted", "approved", "repairing", "ready")

	b := newTab(t, env, 1280, 1000)
	b.signIn(owner, "/ordens/"+o.ID)
	b.waitText("h1", "OS "+o.Number)
	for _, tc := range []struct{ doc, format string }{{"entrada", "a4"}, {"entrega", "a4"}, {"entrada", "80mm"}, {"entrega", "80mm"}} {
		b.open("/ordens/" + o.ID + "/imprimir?doc=" + tc.doc + "&formato=" + tc.format)
		b.waitJS(`document.querySelector('[data-testid=print-qr] svg') !== null`)
		if tc.format == "80mm" {
			b.waitJS(`[...document.querySelectorAll('style')].some((s) => /size: 80mm \d+mm/.test(s.textContent))`)
		}
		n, boxes := pdfPages(t, b.printPDF())
		name := tc.doc + " " + tc.format
		assert.Equal(t, 1, n, "%s prints on one page", name)
		require.NotEmpty(t, boxes, name)
		if tc.format == "a4" {
			assert.InDelta(t, 210*mmPt, boxes[0].W, 2, "%s: A4 width", name)
			assert.InDelta(t, 297*mmPt, boxes[0].H, 2, "%s: A4 height", name)
		} else {
			assert.InDelta(t, 80*mmPt, boxes[0].W, 2, "%s: 80 mm wide", name)
			assert.Greater(t, boxes[0].H, 100*mmPt, "%s: as long as the receipt", name)
			assert.Less(t, boxes[0].H, 600*mmPt, "%s: not a long blank strip", name)
		}
		if tc.doc == "entrada" {
			assert.Regexp(t, `^Entrada: \d\d/\d\d/\d{4} \d\d:\d\d · Previsão: 10/05/2030$`, b.text(".when"))
		} else {
			assert.Equal(t, "carregador, capinha", b.text("[data-testid=print-accessories]"))
		}
		if tc.format == "a4" && tc.doc == "entrada" {
			b.screenshot("print-a4")
		}
		if tc.format == "80mm" && tc.doc == "entrada" {
			b.screenshot("print-80mm")
		}
	}
	assert.Contains(t, eval[string](b, `document.title`), "OS "+o.Number)
}
