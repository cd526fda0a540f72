package bot

import "strings"

// lines joins non-empty paragraphs with a single line break.
func lines(parts ...string) string {
	out := parts[:0:0]
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n")
}
