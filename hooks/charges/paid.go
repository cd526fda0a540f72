package charges

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/hooks/txhook"
)

// bindPaid keeps every order's paid amount (orders.paid, a system field)
// equal to the sum of its paid payments, manual and Asaas, net of
// refunds, whoever writes the payment (staff through REST, webhooks, Go):
// the order's balance is always true. The order is saved in the same
// transaction as the payment, so staff watching it see it change live.
func (b *Service) bindPaid() {
	b.app.OnRecordCreate(collections.Payments).BindFunc(func(e *core.RecordEvent) error {
		normalizePaid(e.Record, b.now())
		return txhook.Run(e, func(tx core.App) error {
			if err := e.Next(); err != nil {
				return err
			}
			return recomputePaid(tx, e.Record.GetString(collections.PaymentTenant), e.Record.GetString(collections.PaymentOrder))
		})
	})
	b.app.OnRecordUpdate(collections.Payments).BindFunc(func(e *core.RecordEvent) error {
		normalizePaid(e.Record, b.now())
		stored, err := scope.StoredVersion(e.App, e.Record)
		if err != nil {
			return err
		}
		return txhook.Run(e, func(tx core.App) error {
			if err := e.Next(); err != nil {
				return err
			}
			tenant := e.Record.GetString(collections.PaymentTenant)
			if err := recomputePaid(tx, tenant, e.Record.GetString(collections.PaymentOrder)); err != nil {
				return err
			}
			if old := stored.GetString(collections.PaymentOrder); old != e.Record.GetString(collections.PaymentOrder) {
				return recomputePaid(tx, tenant, old)
			}
			return nil
		})
	})
	b.app.OnRecordDelete(collections.Payments).BindFunc(func(e *core.RecordEvent) error {
		return txhook.Run(e, func(tx core.App) error {
			if err := e.Next(); err != nil {
				return err
			}
			return recomputePaid(tx, e.Record.GetString(collections.PaymentTenant), e.Record.GetString(collections.PaymentOrder))
		})
	})
}

// normalizePaid sets what a payment contributes: a manual payment that is
// paid counts its whole amount (staff edit the amount, not the paid
// amount); an Asaas payment counts what the webhook recorded (its value
// net of partial refunds), or its amount when nothing was recorded.
func normalizePaid(r *core.Record, now time.Time) {
	p := collections.AsPayment(r)
	if p.Status() != collections.PaymentPaid {
		return
	}
	if p.Provider() == collections.ProviderManual || r.GetInt(collections.PaymentPaidAmount) <= 0 {
		r.Set(collections.PaymentPaidAmount, p.Amount())
	}
	if r.GetDateTime(collections.PaymentPaidAt).IsZero() && !now.IsZero() {
		r.Set(collections.PaymentPaidAt, now)
	}
}

// paidSum is what the order's payments add up to.
func paidSum(app core.App, tenantID, orderID string) (int64, error) {
	rows, err := scope.List(app, collections.Payments, tenantID,
		collections.PaymentOrder+" = {:o} && "+collections.PaymentStatus+" = {:paid}", "", 0,
		dbx.Params{"o": orderID, "paid": string(collections.PaymentPaid)})
	if err != nil {
		return 0, err
	}
	var sum int64
	for _, r := range rows {
		sum += int64(r.GetInt(collections.PaymentPaidAmount))
	}
	return sum, nil
}

// recomputePaid stores the order's paid amount when it changed.
func recomputePaid(tx core.App, tenantID, orderID string) error {
	if orderID == "" {
		return nil
	}
	sum, err := paidSum(tx, tenantID, orderID)
	if err != nil {
		return fmt.Errorf("charges: paid sum of order %s: %w", orderID, err)
	}
	r, err := scope.Find(tx, collections.Orders, tenantID, orderID)
	if err != nil {
		return fmt.Errorf("charges: order of payment: %w", err)
	}
	o := collections.AsOrder(r)
	if o.Paid() == sum {
		return nil
	}
	o.SetPaid(sum)
	audit.SetActor(r, systemActor())
	if err := tx.Save(o); err != nil {
		return fmt.Errorf("charges: save paid amount of order %s: %w", orderID, err)
	}
	return nil
}
