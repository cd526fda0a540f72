package privacy

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/audit"
)

// raw keys a caller sets on a customer about to be saved to say how a
// change of marketing consent was given.
const (
	keyConsentVia = "@consent_via"
	keyConsentBy  = "@consent_by"
)

// SetConsentSource says how a change of marketing_opt_in on r about to
// be saved was given (one of collections.ConsentVias) and who recorded it.
func SetConsentSource(r *core.Record, via, by string) {
	r.SetRaw(keyConsentVia, via)
	r.SetRaw(keyConsentBy, by)
}

// bindConsent keeps the consent fields Bancada's own: clients cannot write
// them, and every change of marketing_opt_in stamps when, how and by whom.
func bindConsent(app core.App, d Deps) {
	app.OnRecordCreateRequest(collections.Customers).BindFunc(func(e *core.RecordRequestEvent) error {
		if !e.HasSuperuserAuth() {
			for _, f := range collections.CustomerSystemFields {
				e.Record.Set(f, nil)
			}
		}
		SetConsentSource(e.Record, collections.ConsentCounter, audit.FromRequest(e.RequestEvent).Label)
		return e.Next()
	})
	app.OnRecordUpdateRequest(collections.Customers).BindFunc(func(e *core.RecordRequestEvent) error {
		if !e.HasSuperuserAuth() {
			orig := e.Record.Original()
			for _, f := range collections.CustomerSystemFields {
				e.Record.Set(f, orig.Get(f))
			}
		}
		SetConsentSource(e.Record, collections.ConsentCounter, audit.FromRequest(e.RequestEvent).Label)
		return e.Next()
	})
	stamp := func(e *core.RecordEvent) error {
		before := false
		if !e.Record.IsNew() {
			if stored, err := e.App.FindRecordById(collections.Customers, e.Record.Id); err == nil {
				before = stored.GetBool(collections.CustomerMarketingOptIn)
			}
		}
		now := e.Record.GetBool(collections.CustomerMarketingOptIn)
		if now != before {
			via, _ := e.Record.GetRaw(keyConsentVia).(string)
			if via == "" {
				via = collections.ConsentCounter
			}
			by, _ := e.Record.GetRaw(keyConsentBy).(string)
			at, _ := types.ParseDateTime(d.now())
			e.Record.Set(collections.CustomerMarketingChangedAt, at)
			e.Record.Set(collections.CustomerMarketingChangedVia, via)
			e.Record.Set(collections.CustomerMarketingChangedBy, by)
		}
		return e.Next()
	}
	app.OnRecordCreate(collections.Customers).BindFunc(stamp)
	app.OnRecordUpdate(collections.Customers).BindFunc(stamp)
}
