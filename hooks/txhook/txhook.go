// Package txhook runs a record hook's write in a transaction the hook
// opens itself, the safe way.
//
// A model hook (OnRecordCreate/Update/Delete) that wraps e.Next() in
// RunInTransaction must point e.App at the transaction so the write joins
// it — and must point it back afterwards. PocketBase fires the
// after-success hooks (realtime among them) with e.App when the save did
// not start inside a transaction; left pointing at the finished
// transaction, realtime's rule checks fail and staff never see the change
// live.
package txhook

import "github.com/pocketbase/pocketbase/core"

// Run runs fn in a transaction with e.App switched to it (fn calls
// e.Next() itself), then restores e.App. Inside an outer transaction it
// joins it.
func Run(e *core.RecordEvent, fn func(tx core.App) error) error {
	orig := e.App
	defer func() { e.App = orig }()
	return orig.RunInTransaction(func(tx core.App) error {
		e.App = tx
		return fn(tx)
	})
}
