package queue

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/dbtime"
)

// Retention says which finished rows of a queue's table are deleted, and
// when: long enough to investigate a complaint, short enough that the
// table stays small. Rows in other statuses (dead letters, failed events)
// stay for operators.
type Retention struct {
	Table string
	// Statuses are the finished ones.
	Statuses []string
	// Keep is how long after its last update a finished row stays.
	Keep time.Duration
}

// Prune deletes the rows of r.Table in r.Statuses last updated more than
// r.Keep before now, and returns how many.
func Prune(app core.App, r Retention, now time.Time) (int64, error) {
	statuses := make([]any, len(r.Statuses))
	for i, s := range r.Statuses {
		statuses[i] = s
	}
	res, err := app.NonconcurrentDB().Delete(r.Table, dbx.And(
		dbx.In("status", statuses...),
		dbx.NewExp("[[updated]] < {:before}", dbx.Params{"before": dbtime.Format(now.Add(-r.Keep))}),
	)).Execute()
	if err != nil {
		return 0, fmt.Errorf("queue: prune %s: %w", r.Table, err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}
