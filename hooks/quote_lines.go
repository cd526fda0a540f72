package hooks

import (
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
)

// recomputeQuote validates the quote lines (well-formed JSON, kinds,
// quantities, prices and total within collections' bounds) and sets the
// quote total from them. A malformed or out-of-bounds quote is a 400 on
// quote_lines, never silently an empty quote.
func recomputeQuote(o *collections.Order) error {
	raw, err := json.Marshal(o.Get(collections.OrderQuoteLines))
	if err != nil {
		return apierr.Field(collections.OrderQuoteLines, "invalid_lines", "Os itens do orçamento não são um JSON válido.")
	}
	lines, err := collections.ParseQuoteLines(raw)
	if err != nil {
		return apierr.Field(collections.OrderQuoteLines, "invalid_lines", sentence(err.Error()))
	}
	total, err := collections.CheckQuoteLines(lines)
	if err != nil {
		return apierr.Field(collections.OrderQuoteLines, "invalid_line", sentence(err.Error()))
	}
	o.Set(collections.OrderQuoteTotal, total)
	return nil
}

// sentence capitalises a lower-case error text and ends it with a period,
// for a message staff read.
func sentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return strings.ToUpper(string(r)) + s[n:] + "."
}
