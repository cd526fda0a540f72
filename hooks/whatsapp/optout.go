package whatsapp

import (
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/bot"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/privacy"
)

// optOut answers a customer who asks to stop receiving marketing
// ("parar", "sair da lista", "não quero mais receber"): their consent is
// withdrawn (with when and how), and the reply confirms it instead of the
// assistant's. Status notices about their orders still go.
func optOut(tx core.App, t *collections.Tenant, who *hotCustomer, st bot.State, text string, at time.Time) (bot.Result, bool, error) {
	if who == nil || !privacy.IsOptOut(text) {
		return bot.Result{}, false, nil
	}
	rec, err := tx.FindRecordById(collections.Customers, who.ID)
	if err != nil {
		return bot.Result{}, false, fmt.Errorf("whatsapp: opt-out of customer %s: %w", who.ID, err)
	}
	if err := privacy.RecordOptOut(tx, collections.AsCustomer(rec), at); err != nil {
		return bot.Result{}, false, err
	}
	return bot.Result{State: st, Replies: []string{privacy.OptOutConfirmation(t.Name())}}, true, nil
}
