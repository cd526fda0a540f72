package asaasfake

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"strings"
	"unicode/utf8"
)

// servePublic serves what Asaas hosts for payers: the invoice page
// (invoiceUrl), a stand-in boleto (bankSlipUrl) and receipts.
func (s *Server) servePublic(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case len(parts) == 2 && parts[0] == "i" && r.Method == http.MethodGet:
		s.serveInvoice(w, parts[1])
	case len(parts) == 3 && parts[0] == "i" && parts[2] == "pay" && r.Method == http.MethodPost:
		s.payInvoice(w, r, parts[1])
	case len(parts) == 3 && parts[0] == "b" && parts[1] == "pdf" && r.Method == http.MethodGet:
		s.serveBoleto(w, parts[2])
	case len(parts) == 2 && parts[0] == "comprovantes" && r.Method == http.MethodGet:
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "Comprovante de pagamento (simulado).")
	default:
		http.NotFound(w, r)
	}
}

func (s *Server) invoice(code string) (Payment, string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.invoices[code]
	if !ok {
		return Payment{}, "", false
	}
	return p.clone(), s.byID[p.AccountID].Name, true
}

// brl formats centavos as Brazilian money: R$ 1.234,56.
func brl(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	whole := fmt.Sprint(cents / 100)
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return fmt.Sprintf("%sR$ %s,%02d", sign, b.String(), cents%100)
}

func statusPT(status string, deleted bool) string {
	if deleted {
		return "Cobrança removida"
	}
	switch status {
	case "PENDING":
		return "Aguardando pagamento"
	case "OVERDUE":
		return "Vencida"
	case "RECEIVED", "RECEIVED_IN_CASH":
		return "Paga"
	case "CONFIRMED":
		return "Pagamento confirmado"
	case "REFUNDED":
		return "Estornada"
	}
	return status
}

var invoicePage = template.Must(template.New("invoice").Parse(`<!doctype html>
<html lang="pt-BR"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fatura {{.Number}}</title></head>
<body style="font-family: sans-serif; max-width: 32rem; margin: 2rem auto">
<p><small>Ambiente de simulação do Asaas</small></p>
<h1>Fatura de {{.Account}}</h1>
<p>{{.Description}}</p>
<p><strong>Valor:</strong> {{.Value}}<br><strong>Vencimento:</strong> {{.Due}}<br><strong>Situação:</strong> {{.Status}}</p>
{{if .Payable}}<form method="post" action="{{.Code}}/pay">
<button name="billingType" value="PIX">Pagar com Pix</button>
<button name="billingType" value="BOLETO">Pagar boleto</button>
<button name="billingType" value="CREDIT_CARD">Pagar com cartão</button>
</form>{{end}}
</body></html>`))

func (s *Server) serveInvoice(w http.ResponseWriter, code string) {
	p, account, ok := s.invoice(code)
	if !ok {
		http.Error(w, "Fatura não encontrada.", http.StatusNotFound)
		return
	}
	due, _ := parseISODate(p.DueDate)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = invoicePage.Execute(w, map[string]any{
		"Number": p.InvoiceNumber, "Account": account, "Description": p.Description, "Value": brl(p.ValueCents),
		"Due": due.Format("02/01/2006"), "Status": statusPT(p.Status, p.Deleted), "Code": code,
		"Payable": !p.Deleted && (p.Status == "PENDING" || p.Status == "OVERDUE"),
	})
}

// payInvoice plays the payer: Pix and boleto are RECEIVED at once, a card
// is CONFIRMED (Asaas credits card payments weeks later).
func (s *Server) payInvoice(w http.ResponseWriter, r *http.Request, code string) {
	p, _, ok := s.invoice(code)
	if !ok {
		http.Error(w, "Fatura não encontrada.", http.StatusNotFound)
		return
	}
	bt := r.FormValue("billingType")
	var err error
	switch bt {
	case "CREDIT_CARD":
		_, err = s.ConfirmPayment(p.ID, bt)
	case "BOLETO", "PIX":
		_, err = s.ReceivePayment(p.ID, bt)
	default:
		http.Error(w, "Forma de pagamento inválida.", http.StatusBadRequest)
		return
	}
	if err != nil {
		http.Error(w, "Esta fatura não pode mais ser paga.", http.StatusConflict)
		return
	}
	// Relative, so it also works behind http.StripPrefix.
	w.Header().Set("Location", "../"+code)
	w.WriteHeader(http.StatusSeeOther)
}

func (s *Server) serveBoleto(w http.ResponseWriter, code string) {
	p, account, ok := s.invoice(code)
	if !ok {
		http.Error(w, "Boleto não encontrado.", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "Boleto simulado\nBeneficiário: %s\nValor: %s\nVencimento: %s\nLinha digitável: 00190.00009 0%s 0000 0 0000000000\n",
		account, brl(p.ValueCents), p.DueDate, code[:10])
}

// emv renders one EMV "ID length value" field of a Pix BR Code.
func emv(id, value string) string { return fmt.Sprintf("%s%02d%s", id, len(value), value) }

// crc16 is CRC-16/CCITT-FALSE, the checksum of Pix BR Codes.
func crc16(data string) uint16 {
	crc := uint16(0xFFFF)
	for i := 0; i < len(data); i++ {
		crc ^= uint16(data[i]) << 8
		for range 8 {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}

// asciiUpper keeps the first n ASCII letters/digits/spaces of s, upper case,
// as BR Code merchant fields require.
func asciiUpper(s string, n int) string {
	fold := strings.NewReplacer("Á", "A", "À", "A", "Â", "A", "Ã", "A", "É", "E", "Ê", "E", "Í", "I",
		"Ó", "O", "Ô", "O", "Õ", "O", "Ú", "U", "Ü", "U", "Ç", "C")
	var b strings.Builder
	for _, r := range fold.Replace(strings.ToUpper(s)) {
		if b.Len() == n {
			break
		}
		if r < utf8.RuneSelf && (r == ' ' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// pixPayload builds a dynamic-style Pix "copia e cola" payload with a valid
// CRC (it points to a fake PSP URL: no bank will pay it).
func pixPayload(merchant string, p *Payment) string {
	account := emv("00", "br.gov.bcb.pix") + emv("25", "pix.asaas.fake/qr/v2/"+p.invoiceCode)
	body := emv("00", "01") + emv("01", "12") + emv("26", account) + emv("52", "0000") + emv("53", "986") +
		emv("54", fmt.Sprintf("%d.%02d", p.ValueCents/100, p.ValueCents%100)) + emv("58", "BR") + emv("59", asciiUpper(merchant, 25)) +
		emv("60", "SAO PAULO") + emv("62", emv("05", "***")) + "6304"
	return body + fmt.Sprintf("%04X", crc16(body))
}

// pixImage draws a QR-looking PNG (deterministic from the payload) and
// returns it base64-encoded, like Asaas' encodedImage.
func pixImage(payload string) string {
	const modules, scale = 25, 6
	sum := sha256.Sum256([]byte(payload))
	img := image.NewGray(image.Rect(0, 0, (modules+2)*scale, (modules+2)*scale))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	finder := func(x, y int) bool {
		for _, o := range [][2]int{{0, 0}, {modules - 7, 0}, {0, modules - 7}} {
			dx, dy := x-o[0], y-o[1]
			if dx >= 0 && dx < 7 && dy >= 0 && dy < 7 {
				return dx == 0 || dy == 0 || dx == 6 || dy == 6 || (dx >= 2 && dx <= 4 && dy >= 2 && dy <= 4)
			}
		}
		return false
	}
	for y := range modules {
		for x := range modules {
			bit := (y*modules + x) % 256
			dark := finder(x, y) || sum[bit/8]>>(bit%8)&1 == 1 && !nearFinder(x, y, modules)
			if !dark {
				continue
			}
			for py := range scale {
				for px := range scale {
					img.SetGray((x+1)*scale+px, (y+1)*scale+py, color.Gray{})
				}
			}
		}
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}

func nearFinder(x, y, modules int) bool {
	return (x < 8 && y < 8) || (x >= modules-8 && y < 8) || (x < 8 && y >= modules-8)
}
