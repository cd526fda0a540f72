package bot

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/bancada/bancada/br"
)

// intent is what a message asks for.
type intent int

const (
	intentNone intent = iota
	intentGreeting
	intentThanks
	intentYes
	intentNo
	intentMenu
	intentBack
	intentExit
	intentHuman
	intentQuote
	intentStatus
	intentStock
	intentSchedule
	intentCancel
	intentReschedule
	intentHours
)

// String names the intent (for tests and failure messages).
func (i intent) String() string {
	return [...]string{"none", "greeting", "thanks", "yes", "no", "menu", "back", "exit", "human", "quote", "status", "stock",
		"schedule", "cancel", "reschedule", "hours"}[i]
}

// analysis is a message taken apart: its intent, a bare option number and
// the device, service and part it mentions.
type analysis struct {
	text   string   // original, trimmed
	words  []string // normalised words, one per token (may contain spaces after expansion)
	joined string   // " " + words joined by spaces + " "
	intent intent
	// number is a bare choice ("2", "opção 2", "2️⃣"), 0 when none.
	number int
	// yes, no, thanks and dontKnow are flags independent of intent.
	yes, no, thanks, dontKnow bool

	typ, brand, model string
	service           string
	servicePos        int
	part              string
}

// has reports whether the message contains any of the phrases as whole
// words.
func (a *analysis) has(phrases ...string) bool {
	for _, p := range phrases {
		if wordIndex(a.joined, p) >= 0 {
			return true
		}
	}
	return false
}

// index returns the word position of phrase in the message, or -1.
func (a *analysis) index(phrase string) int {
	i := wordIndex(a.joined, phrase)
	if i < 0 {
		return -1
	}
	return strings.Count(a.joined[:i], " ") - 1
}

// wordIndex finds phrase in joined (which starts and ends with a space)
// on word boundaries, without allocating; -1 when absent.
func wordIndex(joined, phrase string) int {
	if phrase == "" {
		return -1
	}
	for from := 0; ; {
		j := strings.Index(joined[from:], phrase)
		if j < 0 {
			return -1
		}
		j += from
		if j > 0 && joined[j-1] == ' ' && j+len(phrase) < len(joined) && joined[j+len(phrase)] == ' ' {
			return j
		}
		from = j + 1
	}
}

func (a *analysis) size() int { return len(strings.Fields(a.joined)) }

// hasDevice reports whether the message names a device.
func (a *analysis) hasDevice() bool { return a.typ != "" || a.brand != "" || a.model != "" }

// classifier turns a message into an analysis using the lexicon.
type classifier struct {
	lx *lexicon
	// emoji turns keycap digits into digits and a few emojis into words.
	emoji *strings.Replacer
}

func newClassifier() *classifier {
	return &classifier{lx: newLexicon(), emoji: emojiReplacer()}
}

func emojiReplacer() *strings.Replacer {
	return strings.NewReplacer("\uFE0F\u20E3", "", "\u20E3", "", "👍", " sim ", "🙏", " obrigado ")
}

// classify analyses one message.
func (c *classifier) classify(text string) *analysis {
	return c.classifyFolded(text, br.Fold(c.emoji.Replace(text)))
}

// classifyFolded analyses a message whose folded form (br.Fold after
// the emoji replacements) the caller already has.
func (c *classifier) classifyFolded(text, folded string) *analysis {
	a := &analysis{text: strings.TrimSpace(text)}
	tokens := tokenizeFolded(folded)
	a.words = c.spell(tokens)
	a.joined = " " + strings.Join(a.words, " ") + " "
	a.number = optionNumber(a.words)
	c.entities(a)
	c.detectIntent(a)
	return a
}

// tokenize folds accents and case, turns keycap emojis into digits and 👍
// into "sim", splits on anything but letters and digits, squeezes letters
// repeated three or more times ("oiii" → "oi") and splits a product line
// glued to its number ("iphone11" → "iphone 11").
func tokenize(text string) []string {
	return tokenizeFolded(br.Fold(emojiReplacer().Replace(text)))
}

func tokenizeFolded(folded string) []string {
	fields := strings.FieldsFunc(folded, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	out := make([]string, 0, len(fields)+2)
	for _, f := range fields {
		f = squeeze(f)
		if head, num, ok := splitGlued(f); ok {
			out = append(out, head, num)
			continue
		}
		out = append(out, f)
	}
	return out
}

func squeeze(s string) string {
	rs := []rune(s)
	out := rs[:0]
	for i, r := range rs {
		if i >= 2 && unicode.IsLetter(r) && r == rs[i-1] && r == rs[i-2] {
			continue
		}
		out = append(out, r)
	}
	// "oii", "simm", "okk": drop a doubled final vowel, m or k ("dell" and "ss" stay).
	if n := len(out); n >= 3 && out[n-1] == out[n-2] && strings.ContainsRune("aeioumk", out[n-1]) {
		out = out[:n-1]
	}
	return string(out)
}

// splitGlued splits "iphone11" or "galaxya52"-free forms: a known product
// line immediately followed by digits.
func splitGlued(s string) (string, string, bool) {
	for _, head := range []string{"iphone", "ipad", "moto", "redmi", "playstation", "xbox", "zenfone"} {
		if rest, ok := strings.CutPrefix(s, head); ok && rest != "" && isDigits(rest) {
			return head, rest, true
		}
	}
	return "", "", false
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// spell expands abbreviations and corrects misspellings, one output word
// per token. A model word right after a product line keeps its meaning
// ("pro" in "iphone 11 pro", "s" in "xbox series s").
func (c *classifier) spell(tokens []string) []string {
	out := make([]string, len(tokens))
	for i, t := range tokens {
		if _, mod := c.lx.modelMods[t]; mod && i > 0 && c.modelContext(out[i-1]) {
			out[i] = t
			continue
		}
		if r, ok := c.lx.abbrev[t]; ok {
			out[i] = r
			continue
		}
		if c.lx.known[t] || !isAlpha(t) {
			out[i] = t
			continue
		}
		out[i] = c.correct(t)
	}
	return out
}

// modelContext reports whether w can be followed by a model word.
func (c *classifier) modelContext(w string) bool {
	if _, ok := c.lx.series[w]; ok {
		return true
	}
	if _, ok := c.lx.brands[w]; ok {
		return true
	}
	if _, ok := c.lx.modelMods[w]; ok {
		return true
	}
	return isModelCode(w)
}

func isAlpha(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return s != ""
}

// correct returns the vocabulary word closest to t: edit distance 1 for
// words of 5 to 7 letters, 2 from 8 letters, none below 5. Only words
// with the same first letter qualify (typos rarely hit the first letter,
// and "interior" must not become "anterior"); a tie corrects nothing.
func (c *classifier) correct(t string) string {
	rs := []rune(t)
	maxDist := 0
	switch {
	case len(rs) >= 8:
		maxDist = 2
	case len(rs) >= 5:
		maxDist = 1
	default:
		return t
	}
	best, bestDist, tie := "", maxDist+1, false
	for _, tg := range c.lx.targets {
		if tg.runes[0] != rs[0] {
			continue
		}
		d := editDistance(rs, tg.runes, maxDist)
		switch {
		case d < bestDist:
			best, bestDist, tie = tg.word, d, false
		case d == bestDist && d <= maxDist:
			tie = true
		}
	}
	if best == "" || tie {
		return t
	}
	return best
}

// optionNumber returns a bare choice: the message is a number, possibly
// with "opção", "número", "a", "o" around it ("opção 2", "o 3"), or a
// number word alone ("dois").
func optionNumber(words []string) int {
	var num string
	for _, w := range words {
		switch w {
		case "opcao", "numero", "n", "a", "o", "e", "quero", "escolho", "por favor", "favor", "nr", "no", "num":
			continue
		}
		if num != "" {
			return 0
		}
		num = w
	}
	if n, err := strconv.Atoi(num); err == nil && n > 0 && n < 100 {
		return n
	}
	if len(words) == 1 {
		switch words[0] {
		case "um", "uma":
			return 1
		case "dois", "duas":
			return 2
		case "tres":
			return 3
		case "quatro":
			return 4
		case "cinco":
			return 5
		}
	}
	return 0
}
