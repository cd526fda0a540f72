package cash

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/scope"
)

// paymentsPriority runs the payment hook after the one that normalises a
// paid payment's paid amount (bound at the default priority 0), and
// before the save, so the order's paid sum computed after the save sees
// the amount net of refunds.
const paymentsPriority = 100

// bindPayments keeps the fee and the refunded amount Bancada's to set
// (clients' values are ignored), computes the fee from the owner's
// percentages, and makes a refunded payment count only what was kept.
func (s *service) bindPayments() {
	s.app.OnRecordCreateRequest(collections.Payments).BindFunc(func(e *core.RecordRequestEvent) error {
		if !e.HasSuperuserAuth() {
			for _, f := range collections.PaymentSystemFields {
				e.Record.Set(f, 0)
			}
		}
		return e.Next()
	})
	s.app.OnRecordUpdateRequest(collections.Payments).BindFunc(func(e *core.RecordRequestEvent) error {
		if !e.HasSuperuserAuth() {
			orig := e.Record.Original()
			for _, f := range collections.PaymentSystemFields {
				e.Record.Set(f, orig.Get(f))
			}
		}
		return e.Next()
	})
	s.app.OnRecordCreate(collections.Payments).Bind(&hook.Handler[*core.RecordEvent]{
		Priority: paymentsPriority,
		Func: func(e *core.RecordEvent) error {
			if err := applyFee(e.App, e.Record, nil); err != nil {
				return err
			}
			if err := applyRefunded(e.Record); err != nil {
				return err
			}
			return e.Next()
		},
	})
	s.app.OnRecordUpdate(collections.Payments).Bind(&hook.Handler[*core.RecordEvent]{
		Priority: paymentsPriority,
		Func: func(e *core.RecordEvent) error {
			stored, err := scope.StoredVersion(e.App, e.Record)
			if err != nil {
				return err
			}
			if err := applyFee(e.App, e.Record, stored); err != nil {
				return err
			}
			if err := applyRefunded(e.Record); err != nil {
				return err
			}
			return e.Next()
		},
	})
}

// applyFee sets the payment's fee from the shop's card fees when it is
// new or its amount, method or installments changed: a fee changed later
// does not rewrite payments already recorded.
func applyFee(app core.App, r *core.Record, stored *core.Record) error {
	if stored != nil &&
		stored.GetInt(collections.PaymentAmount) == r.GetInt(collections.PaymentAmount) &&
		stored.GetString(collections.PaymentMethod) == r.GetString(collections.PaymentMethod) &&
		stored.GetInt(collections.PaymentInstallments) == r.GetInt(collections.PaymentInstallments) {
		return nil
	}
	key := collections.CardFeeKey(r.GetString(collections.PaymentMethod), r.GetInt(collections.PaymentInstallments))
	if key == "" {
		r.Set(collections.PaymentFee, 0)
		return nil
	}
	t, err := scope.Tenant(app, r.GetString(collections.PaymentTenant))
	if err != nil {
		return nil // the tenancy hooks answer for an unknown shop
	}
	bps := t.Settings().CardFees[key]
	r.Set(collections.PaymentFee, collections.CardFee(int64(r.GetInt(collections.PaymentAmount)), bps))
	return nil
}

// applyRefunded makes a paid payment with refunds count only what the
// shop kept: paid_amount = amount − refunded for payments recorded by
// hand (an Asaas payment's paid amount comes from Asaas, already net), and
// a payment refunded in full becomes "refunded".
func applyRefunded(r *core.Record) error {
	refunded := int64(r.GetInt(collections.PaymentRefundedAmount))
	if refunded <= 0 {
		return nil
	}
	p := collections.AsPayment(r)
	if refunded > p.Amount() {
		return apierr.Field(collections.PaymentAmount, "below_refunded",
			"O valor não pode ficar abaixo do que já foi estornado ("+br.FormatBRL(refunded)+").")
	}
	if p.Provider() != collections.ProviderManual {
		return nil
	}
	st := p.Status()
	if st != collections.PaymentPaid && st != collections.PaymentRefunded {
		return nil
	}
	kept := p.Amount() - refunded
	r.Set(collections.PaymentPaidAmount, kept)
	if kept == 0 {
		p.SetStatus(collections.PaymentRefunded)
	} else {
		p.SetStatus(collections.PaymentPaid)
	}
	return nil
}
