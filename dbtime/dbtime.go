// Package dbtime writes and reads times the way PocketBase stores them in
// SQLite: UTC, "2006-01-02 15:04:05.000Z". Raw SQL compares date columns
// as strings, so a parameter must have exactly this shape.
package dbtime

import (
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/tools/types"
)

// Layout is PocketBase's stored date layout.
const Layout = types.DefaultDateLayout

// Format returns t in UTC as PocketBase stores it; the zero time is ""
// (an empty date column), as PocketBase writes it.
func Format(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(Layout)
}

// Parse reads a stored date. An empty or malformed value is an error.
func Parse(s string) (time.Time, error) {
	t, err := time.Parse(Layout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("dbtime: bad date %q: %w", s, err)
	}
	return t, nil
}
