package bot

import "strings"

// faqStopWords carry no meaning of their own in a FAQ phrase ("vocês
// *trocam* *bateria* de *notebook*?"): a phrase matches when every other
// word of it is in the message.
var faqStopWords = map[string]bool{
	"a": true, "o": true, "as": true, "os": true, "um": true, "uma": true, "de": true, "da": true, "do": true, "das": true, "dos": true,
	"e": true, "ou": true, "em": true, "no": true, "na": true, "nos": true, "nas": true, "com": true, "pra": true, "para": true,
	"por": true, "que": true, "se": true, "voce": true, "voces": true, "tem": true, "ter": true, "ai": true, "aqui": true,
	"eu": true, "me": true, "meu": true, "minha": true, "qual": true, "quais": true, "como": true, "sim": true, "nao": true,
}

// faqWords are a phrase's meaningful words, normalised as the engine
// reads messages (accents, case, abbreviations, known misspellings).
func (c *classifier) faqWords(phrase string) []string {
	var out []string
	for _, w := range c.spell(tokenize(phrase)) {
		if !faqStopWords[w] {
			out = append(out, w)
		}
	}
	return out
}

// faqCandidate is a text the shop wrote to be recognised: a FAQ entry
// or a custom menu option (its label).
type faqCandidate struct {
	phrases []string
	answer  string
}

// faqMatch returns the answer of the shop's entry that best fits the
// message, or "" when none does. An entry fits when all the meaningful
// words of one of its phrases are in the message, each either exactly
// or within a small typo (the spelling tolerance of the built-in
// intents: 1 letter from 5 letters, 2 from 8, same first letter, and a
// plural s). The phrase with most words wins; on a tie, the first entry
// (FAQ before custom options, in the shop's order).
func (t *turn) faqMatch() string {
	s := t.in.Tenant.Settings
	var cands []faqCandidate
	for _, f := range s.FAQ {
		cands = append(cands, faqCandidate{f.Phrases, f.Answer})
	}
	for _, it := range t.menuItems() {
		if it.Action == ActionCustom {
			cands = append(cands, faqCandidate{[]string{it.Label}, it.Answer})
		}
	}
	if len(cands) == 0 || t.a.number > 0 {
		return ""
	}
	raw := tokenizeFolded(t.folded())
	best, bestLen := "", 0
	for _, c := range cands {
		if strings.TrimSpace(c.answer) == "" {
			continue
		}
		for _, p := range c.phrases {
			words := t.e.cls.faqWords(p)
			if len(words) > bestLen && allWordsIn(words, t.a.words, raw) {
				best, bestLen = c.answer, len(words)
			}
		}
	}
	return best
}

// allWordsIn reports whether every word is in the message (its spelled
// words or its raw tokens), allowing small typos.
func allWordsIn(words, spelled, raw []string) bool {
	for _, w := range words {
		if !wordIn(w, spelled) && !wordIn(w, raw) {
			return false
		}
	}
	return true
}

func wordIn(w string, msg []string) bool {
	for _, m := range msg {
		if sameWord(w, m) {
			return true
		}
	}
	return false
}

// sameWord compares two normalised words with the typo tolerance of the
// engine's spelling correction, ignoring a plural s.
func sameWord(a, b string) bool {
	if a == b {
		return true
	}
	a, b = singular(a), singular(b)
	if a == b {
		return true
	}
	ra, rb := []rune(a), []rune(b)
	if len(ra) == 0 || len(rb) == 0 || ra[0] != rb[0] {
		return false
	}
	n := min(len(ra), len(rb))
	maxDist := 0
	switch {
	case n >= 8:
		maxDist = 2
	case n >= 5:
		maxDist = 1
	default:
		return false
	}
	return editDistance(ra, rb, maxDist) <= maxDist
}

// singular drops a plural ending: "cartoes" → "cartao", "trocas" →
// "troca" (words of 4 letters or more).
func singular(w string) string {
	switch {
	case len(w) > 5 && strings.HasSuffix(w, "oes"):
		return w[:len(w)-3] + "ao"
	case len(w) > 4 && strings.HasSuffix(w, "s"):
		return w[:len(w)-1]
	}
	return w
}
