package charges

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/asaashook"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/messaging"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/integrations/asaas"
	"github.com/bancada/bancada/outbox"
	"github.com/bancada/bancada/retry"
)

// deliverCharge creates an order's charge in the shop's own Asaas account
// and sends its link (and the Pix copy-and-paste code) to the customer.
// Every step is idempotent, so a retry after a crash picks up where the
// last attempt stopped: the Asaas customer id is kept on the customer, the
// charge is found by its externalReference (our payment id) before one is
// created, and the message is queued under a key.
func (b *Service) deliverCharge(ctx context.Context, dl *outbox.Delivery) (any, error) {
	var pl chargePayload
	if err := dl.Decode(&pl); err != nil {
		return nil, err
	}
	app := b.app
	rec, err := scope.Find(app, collections.Payments, pl.Tenant, pl.Payment)
	if err != nil {
		return nil, retry.Permanent(err)
	}
	p := collections.AsPayment(rec)
	providerID := rec.GetString(collections.PaymentProviderID)
	if providerID == "" && p.Status() != collections.PaymentPending {
		return map[string]any{"skipped": string(p.Status())}, nil // cancelled before it was created
	}
	client, err := b.shopClient(app, pl.Tenant)
	if err != nil {
		return nil, retry.Permanent(err)
	}

	if providerID == "" {
		customerID, err := b.asaasCustomer(ctx, client, pl.Tenant, rec.GetString(collections.PaymentCustomer))
		if err != nil {
			return nil, b.chargeError(pl.Tenant, err)
		}
		created, err := b.findOrCreatePayment(ctx, client, rec, customerID)
		if err != nil {
			if asaas.IsValidation(err) {
				if apiErr, _ := asaas.AsAPIError(err); apiErr.HasCode("invalid_customer") {
					// The customer was removed at Asaas: create it again.
					if cerr := clearAsaasCustomer(app, pl.Tenant, rec.GetString(collections.PaymentCustomer)); cerr != nil {
						return nil, cerr
					}
					return nil, fmt.Errorf("charges: asaas customer gone, recreating: %w", err)
				}
			}
			return nil, b.chargeError(pl.Tenant, err)
		}
		providerID = created.ID
		// Asaas may already have posted about the charge (a Pix paid in
		// seconds): record the id on the stored row, never over it.
		err = app.RunInTransaction(func(tx core.App) error {
			fresh, err := scope.Find(tx, collections.Payments, pl.Tenant, rec.Id)
			if err != nil {
				return err
			}
			if fresh.GetString(collections.PaymentProviderID) == "" {
				fresh.Set(collections.PaymentProviderID, created.ID)
			}
			if fresh.GetString(collections.PaymentInvoiceURL) == "" {
				fresh.Set(collections.PaymentInvoiceURL, created.InvoiceURL)
			}
			if fresh.GetString(collections.PaymentLastEvent) == "charge_requested" {
				fresh.Set(collections.PaymentLastEvent, "charge_created")
			}
			audit.SetActor(fresh, systemActor())
			if err := tx.Save(fresh); err != nil {
				return err
			}
			rec = fresh
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("charges: record asaas id: %w", err)
		}
		p = collections.AsPayment(rec)
	}

	bt := billingTypeOf(rec.GetString(collections.PaymentMethod))
	if bt != asaas.BillingCreditCard && rec.GetString(collections.PaymentPixPayload) == "" && p.Status() == collections.PaymentPending {
		qr, err := client.PixQRCode(ctx, providerID)
		switch {
		case err == nil:
			rec.Set(collections.PaymentPixPayload, qr.Payload)
		case asaas.IsValidation(err):
			// No Pix for this charge (the account has no Pix key, or it
			// was paid meanwhile): the link alone will do.
			app.Logger().Info("asaas: no pix code for charge", "tenant", pl.Tenant, "payment", rec.Id, "error", err)
		default:
			return nil, asaashook.Retry(err)
		}
	}

	err = app.RunInTransaction(func(tx core.App) error {
		fresh, err := scope.Find(tx, collections.Payments, pl.Tenant, rec.Id)
		if err != nil {
			return err
		}
		if qr := rec.GetString(collections.PaymentPixPayload); qr != "" && fresh.GetString(collections.PaymentPixPayload) == "" {
			fresh.Set(collections.PaymentPixPayload, qr)
			audit.SetActor(fresh, systemActor())
			if err := tx.Save(fresh); err != nil {
				return err
			}
		}
		if collections.AsPayment(fresh).Status() != collections.PaymentPending {
			return nil // paid or cancelled meanwhile: no link to send
		}
		return b.queueChargeMessage(tx, fresh)
	})
	if err != nil {
		return nil, fmt.Errorf("charges: send charge link: %w", err)
	}
	return map[string]any{"asaas": providerID}, nil
}

// chargeError classifies a failure and, when the shop's key was refused,
// marks the connection as failing so the owner sees it.
func (b *Service) chargeError(tenantID string, err error) error {
	if asaas.IsUnauthorized(err) {
		if serr := setAsaasStatus(b.app, tenantID, collections.IntegrationFailing); serr != nil {
			b.app.Logger().Error("charges: mark asaas failing", "tenant", tenantID, "error", serr)
		}
	}
	return asaashook.Retry(err)
}

// asaasCustomer returns the customer's id in the shop's Asaas account,
// finding it by CPF/CNPJ or creating it, and remembers it on the customer.
func (b *Service) asaasCustomer(ctx context.Context, c *asaas.Client, tenantID, customerID string) (string, error) {
	r, err := scope.Find(b.app, collections.Customers, tenantID, customerID)
	if err != nil {
		return "", retry.Permanent(err)
	}
	cust := collections.AsCustomer(r)
	if id := cust.AsaasID(); id != "" {
		return id, nil
	}
	if cust.Document() == "" {
		return "", retry.Permanent(errors.New("charges: the customer has no CPF/CNPJ"))
	}
	found, err := c.FindOrCreateCustomer(ctx, asaas.Customer{
		Name: cust.Name(), CpfCnpj: cust.Document(), Email: cust.Email(),
		MobilePhone: asaashook.NationalPhone(cust.Phone()), ExternalReference: cust.Id,
		// The shop tells its customer itself, on WhatsApp.
		NotificationDisabled: true,
	})
	if err != nil {
		return "", err
	}
	err = b.app.RunInTransaction(func(tx core.App) error {
		fresh, err := scope.Find(tx, collections.Customers, tenantID, customerID)
		if err != nil {
			return err
		}
		fresh.Set(collections.CustomerAsaasID, found.ID) // only this field: staff may be editing the rest
		return tx.Save(fresh)
	})
	if err != nil {
		return "", fmt.Errorf("charges: remember asaas customer: %w", err)
	}
	return found.ID, nil
}

// clearAsaasCustomer forgets a customer's Asaas id.
func clearAsaasCustomer(app core.App, tenantID, customerID string) error {
	r, err := scope.Find(app, collections.Customers, tenantID, customerID)
	if err != nil {
		return err
	}
	r.Set(collections.CustomerAsaasID, "")
	return app.Save(r)
}

// findOrCreatePayment returns the charge already created for our payment
// (a previous attempt may have created it before failing) or creates it.
func (b *Service) findOrCreatePayment(ctx context.Context, c *asaas.Client, rec *core.Record, customerID string) (*asaas.Payment, error) {
	existing, err := c.ListPayments(ctx, asaas.PaymentFilter{ExternalReference: rec.Id, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(existing.Data) > 0 {
		return &existing.Data[0], nil
	}
	t, err := scope.Tenant(b.app, rec.GetString(collections.PaymentTenant))
	if err != nil {
		return nil, retry.Permanent(err)
	}
	due := asaashook.CivilOf(rec.GetDateTime(collections.PaymentDueDate).Time())
	if now := asaashook.Today(b.now(), br.LoadLocation(t.Timezone())); due.IsZero() || due.Before(now) {
		due = now // retried past its due date: Asaas refuses dates in the past
	}
	return c.CreatePayment(ctx, asaas.PaymentRequest{
		Customer:          customerID,
		BillingType:       billingTypeOf(rec.GetString(collections.PaymentMethod)),
		ValueCents:        collections.AsPayment(rec).Amount(),
		DueDate:           due,
		Description:       rec.GetString(collections.PaymentDescription),
		ExternalReference: rec.Id,
	})
}

// queueChargeMessage sends the charge to the customer on WhatsApp: the
// amount, the link and, for Pix, the copy-and-paste code. Staff asked for
// it, so it goes as their message (a customer who opted out of
// notifications still gets a charge they asked for at the counter).
func (b *Service) queueChargeMessage(tx core.App, p *core.Record) error {
	tenantID := p.GetString(collections.PaymentTenant)
	t, err := scope.Tenant(tx, tenantID)
	if err != nil {
		return err
	}
	cr, err := scope.Find(tx, collections.Customers, tenantID, p.GetString(collections.PaymentCustomer))
	if err != nil {
		return err
	}
	number := 0
	if or, err := scope.Find(tx, collections.Orders, tenantID, p.GetString(collections.PaymentOrder)); err == nil {
		number = collections.AsOrder(or).Number()
	}
	text := chargeText(t.Settings().Texts, chargeInfo{
		Customer: br.FirstName(collections.AsCustomer(cr).Name()), Shop: t.Name(), Order: number,
		Amount: collections.AsPayment(p).Amount(), Due: asaashook.CivilOf(p.GetDateTime(collections.PaymentDueDate).Time()),
		Method: p.GetString(collections.PaymentMethod), Link: p.GetString(collections.PaymentInvoiceURL),
		Pix: p.GetString(collections.PaymentPixPayload),
	})
	key := "asaas.charge.msg:" + p.Id
	if alreadyQueued(tx, key) {
		return nil
	}
	author, staff := collections.AuthorStaff, p.GetString(collections.PaymentCreatedBy)
	if staff == "" || scope.Membership(tx, tenantID, staff) == nil {
		author, staff = collections.AuthorSystem, ""
	}
	_, err = messaging.Queue(tx, messaging.Outgoing{
		Tenant: tenantID, Customer: cr.Id, Text: text, Author: author, Staff: staff,
		Order: p.GetString(collections.PaymentOrder), Key: key,
	})
	return err
}

// chargeDead marks a charge that could not be created as failed, with
// Asaas' reason in the audit log for staff.
func (b *Service) chargeDead(_ context.Context, dl *outbox.Delivery, cause error) {
	var pl chargePayload
	if dl.Decode(&pl) != nil {
		return
	}
	reason := cause.Error()
	if apiErr, ok := asaas.AsAPIError(cause); ok && len(apiErr.Descriptions()) > 0 {
		reason = strings.Join(apiErr.Descriptions(), " ")
	} else if errors.Is(cause, errNotConnected) {
		reason = "A conta Asaas da loja foi desconectada."
	}
	err := b.app.RunInTransaction(func(tx core.App) error {
		r, err := scope.Find(tx, collections.Payments, pl.Tenant, pl.Payment)
		if err != nil {
			return err
		}
		if collections.AsPayment(r).Status() != collections.PaymentPending {
			return nil
		}
		r.Set(collections.PaymentStatus, string(collections.PaymentFailed))
		r.Set(collections.PaymentLastEvent, "charge_failed")
		audit.SetActor(r, systemActor())
		if err := tx.Save(r); err != nil {
			return err
		}
		return audit.Write(tx, audit.Entry{
			Tenant: pl.Tenant, Actor: systemActor(), Action: ActionChargeFailed, Collection: collections.Payments,
			Record: pl.Payment, Changes: map[string]any{"motivo": audit.Truncate(reason, 1000)},
		})
	})
	if err != nil {
		b.app.Logger().Error("charges: mark charge failed", "tenant", pl.Tenant, "payment", pl.Payment, "error", err)
	}
}

// deliverChargeCancel removes an unpaid charge at Asaas. A charge Asaas
// no longer has is already gone; one Asaas refuses to remove was paid
// meanwhile, and its webhook counts it.
func (b *Service) deliverChargeCancel(ctx context.Context, dl *outbox.Delivery) (any, error) {
	var pl chargePayload
	if err := dl.Decode(&pl); err != nil {
		return nil, err
	}
	rec, err := scope.Find(b.app, collections.Payments, pl.Tenant, pl.Payment)
	if err != nil {
		return nil, retry.Permanent(err)
	}
	client, err := b.shopClient(b.app, pl.Tenant)
	if err != nil {
		return nil, retry.Permanent(err)
	}
	id := rec.GetString(collections.PaymentProviderID)
	if id == "" {
		found, err := client.ListPayments(ctx, asaas.PaymentFilter{ExternalReference: rec.Id, Limit: 1})
		if err != nil {
			return nil, asaashook.Retry(err)
		}
		if len(found.Data) == 0 {
			return map[string]any{"deleted": false, "reason": "never created"}, nil
		}
		id = found.Data[0].ID
	}
	if err := client.DeletePayment(ctx, id); err != nil && !asaas.IsNotFound(err) {
		return nil, asaashook.Retry(err)
	}
	return map[string]any{"deleted": true, "asaas": id}, nil
}

// isDuplicate reports an idempotency key already enqueued.
func isDuplicate(err error) bool { return err != nil && errors.Is(err, outbox.ErrDuplicate) }
