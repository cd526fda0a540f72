package collections

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// MaxLineDescriptionChars bounds a quote line's description.
const MaxLineDescriptionChars = 300

// ParseQuoteLines decodes an order's quote_lines value: null or empty is
// no lines; anything but an array of lines with the right value types is
// an error (in Portuguese, for staff), never silently no lines.
func ParseQuoteLines(raw []byte) ([]QuoteLine, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	if raw[0] != '[' {
		return nil, fmt.Errorf("os itens do orçamento devem ser uma lista")
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, fmt.Errorf("os itens do orçamento não são um JSON válido")
	}
	if len(items) > MaxQuoteLines {
		return nil, fmt.Errorf("no máximo %d itens por orçamento", MaxQuoteLines)
	}
	lines := make([]QuoteLine, len(items))
	for i, it := range items {
		if err := json.Unmarshal(it, &lines[i]); err != nil {
			return nil, fmt.Errorf("item %d: tipo, descrição, quantidade (número inteiro) e valor em centavos (número inteiro) inválidos", i+1)
		}
	}
	return lines, nil
}

// CheckQuoteLines validates lines and returns their total in centavos:
// kind part or labor, quantity 1 to MaxQuantity, unit price 0 to MaxCents,
// description at most MaxLineDescriptionChars, total at most MaxCents.
// Bounds are checked before multiplying, so nothing can overflow.
func CheckQuoteLines(lines []QuoteLine) (int64, error) {
	var total int64
	for i, l := range lines {
		n := i + 1
		switch {
		case l.Kind != LinePart && l.Kind != LineLabor:
			return 0, fmt.Errorf("item %d: tipo deve ser peça ou mão de obra", n)
		case l.Quantity < 1 || l.Quantity > MaxQuantity:
			return 0, fmt.Errorf("item %d: a quantidade deve ficar entre 1 e %d", n, MaxQuantity)
		case l.UnitCents < 0 || l.UnitCents > MaxCents:
			return 0, fmt.Errorf("item %d: o valor unitário deve ficar entre R$ 0,00 e %s", n, MaxCentsText)
		case utf8.RuneCountInString(l.Description) > MaxLineDescriptionChars:
			return 0, fmt.Errorf("item %d: descrição longa demais (máximo %d caracteres)", n, MaxLineDescriptionChars)
		}
		total += l.TotalCents()
		if total > MaxCents {
			return 0, fmt.Errorf("o total do orçamento passa de %s", MaxCentsText)
		}
	}
	return total, nil
}
