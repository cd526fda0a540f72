package pb_migrations_test

import (
	"regexp"
	"strings"
)

var updatedRe = regexp.MustCompile(`"updated":"[^"]*"`)

func stripUpdated(s string) string { return updatedRe.ReplaceAllString(s, "") }

func containsTenantFirst(index string) bool {
	i := strings.Index(index, "(")
	if i < 0 {
		return false
	}
	cols := strings.TrimSpace(index[i+1:])
	return strings.HasPrefix(cols, "tenant") || strings.HasPrefix(cols, "`tenant`") || strings.HasPrefix(cols, "[[tenant]]")
}
