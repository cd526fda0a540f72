package dataimport

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
)

// Messages of the values a row may hold wrong, in Portuguese.
const (
	msgPhone    = "Telefone inválido: use DDD + número, ex.: (11) 98765-4321."
	msgDate     = "Data inválida: use DD/MM/AAAA (ou DD/MM/AAAA HH:MM)."
	msgMoney    = "Valor inválido: use reais com vírgula, ex.: 1.234,50."
	msgInt      = "Número inválido: use só algarismos."
	msgTooLarge = "Valor acima do máximo permitido (R$ 1.000.000,00)."
)

// parseMoney reads an amount in reais into centavos: "1.234,50",
// "R$ 12", "1234.50" (MySQL's DECIMAL as MapOS exports it). Empty is 0.
func parseMoney(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	v, err := br.ParseBRL(s)
	if err != nil {
		// "150.5" (one decimal, as some exports write DECIMALs)
		if f, ferr := strconv.ParseFloat(s, 64); ferr == nil && !strings.Contains(s, ",") {
			v, err = int64(f*100+0.5), nil
			if f < 0 {
				v = int64(f*100 - 0.5)
			}
		}
	}
	if err != nil {
		return 0, errors.New(msgMoney)
	}
	if v < 0 {
		return 0, errors.New("Valor negativo não é aceito.")
	}
	if v > collections.MaxCents {
		return 0, errors.New(msgTooLarge)
	}
	return v, nil
}

// parseInt reads a whole number ("12", " 3 "); empty is 0.
func parseInt(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	// "3,00" or "3.00" from spreadsheets that format every number
	s = strings.TrimSuffix(strings.TrimSuffix(s, ",00"), ".00")
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, errors.New(msgInt)
	}
	return n, nil
}

// leadingInt reads the number a text starts with ("90 dias" → 90).
func leadingInt(s string) (int, bool) {
	s = strings.TrimSpace(s)
	end := 0
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	if end == 0 {
		return 0, false
	}
	n, err := strconv.Atoi(s[:end])
	return n, err == nil
}

var dateLayouts = []string{
	"02/01/2006 15:04:05", "02/01/2006 15:04", "02/01/2006", "2/1/2006 15:04", "2/1/2006",
	"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02", "02-01-2006", "02/01/06",
}

// parseDate reads a date (and time) in the shop's zone; RFC 3339 keeps its
// own offset. Empty is the zero time. MySQL's "0000-00-00" is empty too.
func parseDate(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasPrefix(s, "0000-00-00") {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	for _, l := range dateLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			if t.Year() < 1980 || t.Year() > 2100 {
				break
			}
			return t.UTC(), nil
		}
	}
	return time.Time{}, errors.New(msgDate)
}

// parseBool reads "sim", "s", "1", "true", "x" as yes.
func parseBool(s string) bool {
	switch br.Fold(s) {
	case "sim", "s", "1", "true", "verdadeiro", "x", "yes":
		return true
	}
	return false
}

// parsePhone normalises a phone to E.164 digits.
func parsePhone(s string) (string, error) {
	p, err := br.NormalizePhone(s)
	if err != nil {
		return "", errors.New(msgPhone)
	}
	return p, nil
}

// parseDocument checks a CPF or CNPJ; empty is fine.
func parseDocument(s string) (doc, kind string, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", "", nil
	}
	doc, kind, err = br.ValidateCPFOrCNPJ(s)
	if err != nil {
		return "", "", errors.New("CPF/CNPJ inválido: confira os dígitos.")
	}
	return doc, kind, nil
}

// deviceKinds reads a device type in Portuguese or as Bancada stores it.
func deviceKind(s string) (collections.DeviceKind, bool) {
	switch br.Fold(s) {
	case "", "celular", "smartphone", "telefone", "phone", "iphone":
		return collections.DevicePhone, true
	case "tablet", "ipad":
		return collections.DeviceTablet, true
	case "computador", "computer", "notebook", "laptop", "pc", "desktop", "macbook":
		return collections.DeviceComputer, true
	case "videogame", "console", "video game", "game":
		return collections.DeviceConsole, true
	case "outro", "other", "outros", "relogio", "smartwatch", "fone", "caixa de som":
		return collections.DeviceOther, true
	}
	return "", false
}

// statusWords maps a folded status, as Bancada writes it, in Portuguese,
// or as MapOS names it, to Bancada's status. MapOS: Aberto, Orçamento,
// Negociação, Aprovado, Em Andamento, Aguardando Peças, Finalizado,
// Faturado, Cancelado.
var statusWords = map[string]collections.OrderStatus{
	"aberto": collections.StatusReceived, "aberta": collections.StatusReceived, "recebido": collections.StatusReceived,
	"em diagnostico": collections.StatusDiagnosing, "diagnostico": collections.StatusDiagnosing, "em analise": collections.StatusDiagnosing,
	"orcamento": collections.StatusQuoted, "orcamento enviado": collections.StatusQuoted, "negociacao": collections.StatusQuoted,
	"aprovado": collections.StatusApproved, "orcamento aprovado": collections.StatusApproved,
	"recusado": collections.StatusRejected, "orcamento recusado": collections.StatusRejected, "reprovado": collections.StatusRejected,
	"aguardando pecas": collections.StatusWaitingParts, "aguardando peca": collections.StatusWaitingParts,
	"em reparo": collections.StatusRepairing, "em andamento": collections.StatusRepairing, "em conserto": collections.StatusRepairing,
	"pronto": collections.StatusReady, "pronto para retirada": collections.StatusReady, "concluido": collections.StatusReady,
	"entregue": collections.StatusDelivered, "finalizado": collections.StatusDelivered, "faturado": collections.StatusDelivered,
	"cancelado": collections.StatusCancelled, "cancelada": collections.StatusCancelled,
}

// parseStatus reads an order status; empty is received.
func parseStatus(s string) (collections.OrderStatus, bool) {
	f := br.Fold(s)
	if f == "" {
		return collections.StatusReceived, true
	}
	if st := collections.OrderStatus(strings.ReplaceAll(f, " ", "_")); st.Valid() {
		return st, true
	}
	st, ok := statusWords[f]
	return st, ok
}
