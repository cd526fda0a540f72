package inbox

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/dbtime"
)

// insertColumns are the columns of a new event, in the order of
// eventValues.
const insertColumns = "[[id]], [[provider]], [[event_key]], [[event_type]], [[tenant]], [[lane]], " +
	"[[payload]], [[status]], [[attempts]], [[created]], [[updated]]"

// commit stores a batch of events with one multi-row insert; an event
// already stored (same provider and key, also earlier in the same batch)
// is left alone and reported not new.
func (in *Inbox) commit(batch []Event) ([]bool, error) {
	now := dbtime.Format(time.Now())
	ids := make([]string, len(batch))
	params := dbx.Params{"pending": collections.WebhookPending, "now": now}
	var sql strings.Builder
	sql.WriteString("INSERT INTO {{" + collections.WebhookEvents + "}} (" + insertColumns + ") VALUES ")
	for i, ev := range batch {
		ids[i] = core.GenerateDefaultRandomId()
		n := strconv.Itoa(i)
		if i > 0 {
			sql.WriteString(", ")
		}
		sql.WriteString("({:i" + n + "}, {:p" + n + "}, {:k" + n + "}, {:t" + n + "}, {:te" + n + "}, {:l" + n +
			"}, {:b" + n + "}, {:pending}, 0, {:now}, {:now})")
		params["i"+n], params["p"+n], params["k"+n], params["t"+n] = ids[i], ev.Provider, ev.Key, ev.Type
		params["te"+n], params["l"+n], params["b"+n] = ev.Tenant, ev.Lane, string(ev.Payload)
	}
	sql.WriteString(" ON CONFLICT ([[provider]], [[event_key]]) DO NOTHING RETURNING [[id]]")
	var inserted []string
	if err := in.app.NonconcurrentDB().NewQuery(sql.String()).Bind(params).Column(&inserted); err != nil {
		return nil, fmt.Errorf("inbox: store %d events: %w", len(batch), err)
	}
	isNew := make(map[string]bool, len(inserted))
	for _, id := range inserted {
		isNew[id] = true
	}
	out := make([]bool, len(batch))
	for i, ev := range batch {
		if out[i] = isNew[ids[i]]; out[i] {
			// The processor takes the payload from here instead of
			// reading it back.
			in.payloads.put(ids[i], ev.Payload)
		}
	}
	if len(inserted) > 0 {
		in.Poke()
	}
	return out, nil
}
