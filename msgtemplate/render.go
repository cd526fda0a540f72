package msgtemplate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bancada/bancada/br"
)

// Render replaces every {{NAME}} or {{ NAME }} in tpl with vars[NAME].
// Names are matched exactly first, then upper-cased ({{cliente}} finds
// "CLIENTE"). Placeholders without a value are left as they are, so a typo
// in a shop's template shows up instead of silently vanishing.
func Render(tpl string, vars map[string]string) string {
	if !strings.Contains(tpl, "{{") {
		return tpl
	}
	var b strings.Builder
	b.Grow(len(tpl) + 32)
	for {
		start := strings.Index(tpl, "{{")
		if start < 0 {
			break
		}
		end := strings.Index(tpl[start+2:], "}}")
		if end < 0 {
			break
		}
		end += start + 2
		name := strings.TrimSpace(tpl[start+2 : end])
		val, ok := lookup(vars, name)
		b.WriteString(tpl[:start])
		if ok {
			b.WriteString(val)
		} else {
			b.WriteString(tpl[start : end+2])
		}
		tpl = tpl[end+2:]
	}
	b.WriteString(tpl)
	return b.String()
}

func lookup(vars map[string]string, name string) (string, bool) {
	if name == "" {
		return "", false
	}
	if v, ok := vars[name]; ok {
		return v, true
	}
	v, ok := vars[strings.ToUpper(name)]
	return v, ok
}

// Placeholders returns the distinct placeholder names used in tpl, in order
// of first appearance, trimmed and upper-cased.
func Placeholders(tpl string) []string {
	var names []string
	for {
		start := strings.Index(tpl, "{{")
		if start < 0 {
			return names
		}
		end := strings.Index(tpl[start+2:], "}}")
		if end < 0 {
			return names
		}
		name := strings.ToUpper(strings.TrimSpace(tpl[start+2 : start+2+end]))
		if name != "" && !slices.Contains(names, name) {
			names = append(names, name)
		}
		tpl = tpl[start+2+end+2:]
	}
}

// Validate checks that tpl only uses the placeholders in allowed, so the
// staff app can reject "{{CLIENT}}" before a customer ever sees it. The
// error message is Portuguese, for the shop owner.
func Validate(tpl string, allowed []string) error {
	for _, name := range Placeholders(tpl) {
		if !slices.Contains(allowed, name) {
			return fmt.Errorf("variável desconhecida {{%s}}; use: %s", name, list(allowed))
		}
	}
	return nil
}

func list(names []string) string {
	if len(names) == 0 {
		return "nenhuma"
	}
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = "{{" + n + "}}"
	}
	return strings.Join(parts, ", ")
}

// Tidy cleans the punctuation an empty value leaves behind, so a template
// such as "Olá, {{CLIENTE}}!" reads "Olá!" when the name is unknown:
// spaces before , . ! ? are removed, a comma directly before other
// punctuation or at the start of a line is dropped (capitalising what
// follows), and repeated spaces collapse. Line breaks are kept.
func Tidy(s string) string {
	lines := strings.Split(s, "\n")
	for i, line := range lines {
		lines[i] = tidyLine(line)
	}
	return strings.Join(lines, "\n")
}

func tidyLine(line string) string {
	indent := len(line) - len(strings.TrimLeft(line, " "))
	body := strings.Join(strings.Fields(line), " ")
	for _, p := range []string{",", ".", "!", "?"} {
		body = strings.ReplaceAll(body, " "+p, p)
	}
	for _, p := range []string{",,", ",.", ",!", ",?"} {
		body = strings.ReplaceAll(body, p, p[1:])
	}
	if rest, ok := strings.CutPrefix(body, ","); ok {
		body = br.UpperFirst(strings.TrimSpace(rest))
	}
	return strings.Repeat(" ", indent) + body
}
