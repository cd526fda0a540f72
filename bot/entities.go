package bot

import (
	"strings"
	"unicode"

	"github.com/bancada/bancada/pricing"
)

// entities fills the device type, brand, model, service and part the
// message mentions.
func (c *classifier) entities(a *analysis) {
	lx := c.lx
	ws := a.words
	modelFrom, modelTo := -1, -1 // word span of the model, excluded from service and part words
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		if s, ok := lx.series[w]; ok && a.model == "" {
			a.brand = s.brand
			if a.typ == "" || a.typ == lx.brandType[s.brand] {
				a.typ = s.typ
			}
			display := s.display
			rest, n := c.modelTail(ws[i+1:])
			if w == "galaxy" && len(ws) > i+1 && ws[i+1] == "tab" {
				a.typ = pricing.TypeTablet
			}
			if w == "playstation" && len(rest) > 0 && isDigits(rest[0]) {
				display += " " + rest[0]
				rest = rest[1:]
			}
			a.model = strings.TrimSpace(display + " " + strings.Join(rest, " "))
			modelFrom, modelTo = i, i+n
			i += n
			continue
		}
		if b, ok := lx.brands[w]; ok {
			if a.brand == "" {
				a.brand = b
			}
			if a.model == "" {
				if rest, n := c.modelTail(ws[i+1:]); n > 0 {
					a.model = brandModel(b, lx.brandType[b], rest)
					modelFrom, modelTo = i, i+n
					i += n
				}
			}
			continue
		}
	}
	// Device type words; "note" after a product line is a model word.
	for i, w := range ws {
		t, ok := lx.typeWords[w]
		if !ok {
			if i+1 < len(ws) {
				t, ok = lx.typeWords[w+" "+ws[i+1]]
			}
			if !ok {
				continue
			}
		}
		if w == "note" && i > 0 && c.modelContext(ws[i-1]) {
			continue
		}
		if a.typ == "" || (a.model == "" && a.brand == "") {
			a.typ = t
		}
		break
	}
	if a.typ == "" && a.brand != "" {
		a.typ = lx.brandType[a.brand]
	}
	// The service mentioned first wins.
	inModel := func(pos int) bool { return pos >= modelFrom && pos <= modelTo }
	a.servicePos = -1
	for _, k := range lx.services {
		if pos := a.index(k.phrase); pos >= 0 && !inModel(pos) && (a.servicePos < 0 || pos < a.servicePos) {
			a.service, a.servicePos = k.key, pos
		}
	}
	if a.service == "" {
		// A fault described without a part: the technician evaluates.
		for _, p := range lx.w.genericProblems {
			if pos := a.index(p); pos >= 0 && !inModel(pos) {
				a.service, a.servicePos = pricing.ServiceOther, pos
				break
			}
		}
	}
	partPos := -1
	for _, k := range lx.parts {
		if pos := a.index(k.phrase); pos >= 0 && !inModel(pos) && (partPos < 0 || pos < partPos) {
			a.part, partPos = k.key, pos
		}
	}
	a.dontKnow = a.has(lx.w.dontKnow...)
}

// modelTail collects the words that continue a model name ("11 pro max",
// "g8 power", "note 8"), at most four, formatted for display. n is how
// many words were used.
func (c *classifier) modelTail(ws []string) (parts []string, n int) {
	for n < len(ws) && n < 4 {
		w := ws[n]
		switch {
		case isDigits(w) && len(w) <= 4:
			parts = append(parts, w)
		case isModelCode(w):
			parts = append(parts, strings.ToUpper(w))
		default:
			d, ok := c.lx.modelMods[w]
			if !ok {
				return parts, n
			}
			// "se" is also a Portuguese word: only at the end or before a number.
			if w == "se" && n+1 < len(ws) && !isDigits(ws[n+1]) {
				return parts, n
			}
			parts = append(parts, d)
		}
		n++
	}
	return parts, n
}

// isModelCode reports whether w looks like a model code: letters and
// digits mixed, short ("g8", "a52", "s21", "k10", "13c", "x3", "5g").
func isModelCode(w string) bool {
	if len(w) < 2 || len(w) > 6 {
		return false
	}
	letters, digits := 0, 0
	for _, r := range w {
		switch {
		case unicode.IsDigit(r):
			digits++
		case r >= 'a' && r <= 'z':
			letters++
		default:
			return false
		}
	}
	return letters > 0 && digits > 0 && letters <= 3
}

// brandModel names a model given after the brand: "samsung a52" is the
// Galaxy A52, "motorola g8" the Moto G8, "apple 11" the iPhone 11, "lg
// k10" the LG K10.
func brandModel(brand, typ string, parts []string) string {
	first := strings.ToLower(parts[0])
	tail := strings.Join(parts, " ")
	switch {
	case brand == "Samsung" && (len(first) > 1 && strings.ContainsRune("asmjz", rune(first[0])) && isModelCode(first) || first == "note"):
		return "Galaxy " + tail
	case brand == "Motorola" && len(first) > 1 && (first[0] == 'g' || first[0] == 'e') && isModelCode(first):
		return "Moto " + tail
	case brand == "Apple" && typ == pricing.TypePhone:
		return "iPhone " + tail
	case brand == "Apple" && typ == pricing.TypeTablet:
		return "iPad " + tail
	case brand == "Sony" && typ == pricing.TypeConsole && isDigits(first):
		return "PlayStation " + tail
	case brand == "Microsoft" && typ == pricing.TypeConsole:
		return "Xbox " + tail
	}
	return brand + " " + tail
}

// bareModel reads an answer that is only a model ("a52", "é o 11 pro")
// for a device whose brand is already known.
func (c *classifier) bareModel(a *analysis, brand, typ string) string {
	ws := a.words
	for len(ws) > 1 && c.lx.fillers[ws[0]] || len(ws) > 1 && (ws[0] == "esta" || ws[0] == "e" || ws[0] == "modelo") {
		ws = ws[1:]
	}
	parts, n := c.modelTail(ws)
	if n == 0 || n != len(ws) || brand == "" || brand == unknownValue {
		return ""
	}
	return brandModel(brand, typ, parts)
}
