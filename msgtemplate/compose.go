package msgtemplate

import "strings"

// Compose renders a message a customer receives: the template tpl (a
// shop's own wording, or the default) filled with vars, leaving out each
// paragraph and then each line whose placeholders are all empty, tidied
// (Tidy) and trimmed. A line without placeholders always stays.
func Compose(tpl string, vars map[string]string) string {
	var paras []string
	for _, p := range strings.Split(tpl, "\n\n") {
		if allEmpty(p, vars) {
			continue
		}
		var lines []string
		for _, l := range strings.Split(p, "\n") {
			if !allEmpty(l, vars) {
				lines = append(lines, l)
			}
		}
		paras = append(paras, strings.Join(lines, "\n"))
	}
	return strings.TrimSpace(Tidy(Render(strings.Join(paras, "\n\n"), vars)))
}

// allEmpty reports whether s has placeholders and every one of them has
// an empty value in vars (an unknown one is not empty: it shows).
func allEmpty(s string, vars map[string]string) bool {
	names := Placeholders(s)
	if len(names) == 0 {
		return false
	}
	for _, n := range names {
		if v, ok := lookup(vars, n); !ok || strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// Pick returns the shop's own wording of key from overrides (a shop's
// settings.texts) or, when it has none, the default.
func Pick(overrides map[string]string, key string) string {
	if tpl := strings.TrimSpace(overrides[key]); tpl != "" {
		return overrides[key]
	}
	return Default(key)
}
