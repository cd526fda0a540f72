package googlesync

import (
	"time"

	"github.com/pocketbase/pocketbase/tools/types"
)

// dbTime formats t as PocketBase stores dates, for filters that compare
// date columns.
func dbTime(t time.Time) string {
	dt, _ := types.ParseDateTime(t.UTC())
	return dt.String()
}
