package subscriptions

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/dbtime"
	"github.com/bancada/bancada/hooks/asaashook"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/integrations/asaas"
)

// monitorPage is how many subscriptions one transaction of the monitor
// handles.
const monitorPage = 500

// Report is what one run of the billing monitor did. Tenant ids are listed
// per action, in the order they were handled.
type Report struct {
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	// Reconciled is true when the run read the platform's Asaas account
	// (false: billing off, or Asaas unreachable; local rules still ran).
	Reconciled bool `json:"reconciled"`
	// AsaasPages counts the list pages read from Asaas.
	AsaasPages  int      `json:"asaasPages"`
	Checked     int      `json:"checked"`
	Created     []string `json:"created"`     // creation at Asaas enqueued
	Notified    []string `json:"notified"`    // owners told a payment is late
	Deactivated []string `json:"deactivated"` // late beyond the grace period
	Reactivated []string `json:"reactivated"` // paid again
	Cancelled   []string `json:"cancelled"`   // subscription ended, shop deactivated
	Recovered   []string `json:"recovered"`   // overdue before, paid up now
	Errors      []string `json:"errors"`

	// missing are subscriptions absent from Asaas' listing, to confirm.
	missing []string
}

// RunMonitor reconciles every shop's subscription with the platform's
// Asaas account and applies the billing rules as of now: a late payment
// notifies the owner (WhatsApp from the platform's instance when
// configured, e-mail when SMTP is set) with the payment link; late beyond
// Deps.GraceDays, or cancelled, the shop is deactivated (its
// staff lose access, nothing is deleted); paid, it is reactivated and its
// next due date moves. Asaas is read in pages of 100 (three listings
// whatever the number of shops), never per shop. Each action leaves an
// audit line in the shop's log, and the run a summary line (no tenant).
// The jobs runner runs it daily; operators run it on demand.
func (b *Service) RunMonitor(ctx context.Context, now time.Time) (Report, error) {
	return b.runMonitor(ctx, now.UTC())
}

// remote is what Asaas says about one subscription.
type remote struct {
	status                   asaas.SubscriptionStatus
	nextDue                  asaas.Date
	overdueDue, pendingDue   asaas.Date
	overdueLink, pendingLink string
}

// fetchRemote lists the platform account's subscriptions and its overdue
// and pending payments, page by page.
func (b *Service) fetchRemote(ctx context.Context, c *asaas.Client, rep *Report) (map[string]*remote, error) {
	out := map[string]*remote{}
	pages := func(n int) int { return max(1, (n+asaas.MaxPageSize-1)/asaas.MaxPageSize) }
	subs, err := asaas.Collect(c.ListAllSubscriptions(ctx, asaas.SubscriptionFilter{}))
	if err != nil {
		return nil, fmt.Errorf("list subscriptions: %w", err)
	}
	rep.AsaasPages += pages(len(subs))
	for _, s := range subs {
		if !s.Deleted {
			out[s.ID] = &remote{status: s.Status, nextDue: s.NextDueDate}
		}
	}
	for _, st := range []asaas.PaymentStatus{asaas.StatusOverdue, asaas.StatusPending} {
		pays, err := asaas.Collect(c.ListAllPayments(ctx, asaas.PaymentFilter{Status: st}))
		if err != nil {
			return nil, fmt.Errorf("list %s payments: %w", st, err)
		}
		rep.AsaasPages += pages(len(pays))
		for _, p := range pays {
			r := out[p.Subscription]
			if p.Subscription == "" || r == nil || p.Deleted {
				continue
			}
			if st == asaas.StatusOverdue && (r.overdueDue.IsZero() || p.DueDate.Before(r.overdueDue)) {
				r.overdueDue, r.overdueLink = p.DueDate, p.InvoiceURL
			}
			if st == asaas.StatusPending && (r.pendingDue.IsZero() || p.DueDate.Before(r.pendingDue)) {
				r.pendingDue, r.pendingLink = p.DueDate, p.InvoiceURL
			}
		}
	}
	return out, nil
}

func (b *Service) runMonitor(ctx context.Context, now time.Time) (Report, error) {
	rep := Report{Started: now}
	loc := b.platformLoc() // loading a zone parses tzdata: once per run
	var remotes map[string]*remote
	if c, ok := b.platformClient(); ok {
		r, err := b.fetchRemote(ctx, c, &rep)
		if err != nil {
			rep.Errors = append(rep.Errors, "asaas: "+err.Error())
		} else {
			remotes, rep.Reconciled = r, true
		}
	}

	last := ""
	for {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		page, err := b.app.FindRecordsByFilter(collections.Subscriptions,
			collections.FieldID+" > {:last} && "+collections.SubscriptionStatusField+" != {:cancelled}", collections.FieldID, monitorPage, 0,
			dbx.Params{"last": last, "cancelled": string(collections.SubscriptionCancelled)})
		if err != nil {
			return rep, fmt.Errorf("subscriptions: monitor: list subscriptions: %w", err)
		}
		if len(page) == 0 {
			break
		}
		last = page[len(page)-1].Id
		pageIDs := make([]string, len(page))
		for i, r := range page {
			pageIDs[i] = r.Id
		}
		// One transaction per page; the page is read again inside it, so
		// a webhook that moved a subscription meanwhile is seen.
		var part Report
		ids := make([]string, 0, len(page))
		err = b.app.RunInTransaction(func(tx core.App) error {
			part, ids = Report{}, ids[:0]
			fresh, err := tx.FindRecordsByIds(collections.Subscriptions, pageIDs)
			if err != nil {
				return err
			}
			slices.SortFunc(fresh, func(a, b *core.Record) int { return strings.Compare(a.Id, b.Id) })
			for _, s := range fresh {
				if err := b.check(tx, &sub{s}, remotes, now, loc, &part); err != nil {
					return fmt.Errorf("%s: %w", s.GetString(collections.SubscriptionTenant), err)
				}
				ids = append(ids, s.Id)
			}
			return nil
		})
		if err == nil {
			rep.merge(part)
		} else {
			// One shop's failure must not stop the others: the page again,
			// shop by shop.
			ids = ids[:0]
			for _, id := range pageIDs {
				var one Report
				err := b.app.RunInTransaction(func(tx core.App) error {
					one = Report{}
					s, err := tx.FindRecordById(collections.Subscriptions, id)
					if err != nil {
						return nil // removed meanwhile
					}
					return b.check(tx, &sub{s}, remotes, now, loc, &one)
				})
				if err != nil {
					rep.Errors = append(rep.Errors, id+": "+err.Error())
					continue
				}
				rep.merge(one)
				ids = append(ids, id)
			}
		}
		rep.Checked += len(page)
		if err := markChecked(b.app, ids, now); err != nil {
			rep.Errors = append(rep.Errors, "last_checked_at: "+err.Error())
		}
		if len(page) < monitorPage {
			break
		}
	}
	b.confirmMissing(ctx, &rep, now, loc)
	rep.Finished = b.now()
	if rep.Finished.Before(now) {
		rep.Finished = now
	}
	b.app.Logger().Info("billing monitor", "checked", rep.Checked, "reconciled", rep.Reconciled,
		"notified", len(rep.Notified), "deactivated", len(rep.Deactivated), "reactivated", len(rep.Reactivated),
		"cancelled", len(rep.Cancelled), "created", len(rep.Created), "errors", len(rep.Errors))
	if err := audit.Write(b.app, audit.Entry{Actor: systemActor(), Action: ActionMonitorRun, Collection: collections.Subscriptions,
		Changes: summary(rep)}); err != nil {
		return rep, err
	}
	return rep, nil
}

// confirmMissing asks Asaas, one by one and outside any transaction,
// about the subscriptions its listing did not have: one Asaas no longer
// has (or has ended) is cancelled here and its shop deactivated; one
// created after the listing was read is left alone.
func (b *Service) confirmMissing(ctx context.Context, rep *Report, now time.Time, loc *time.Location) {
	c, ok := b.platformClient()
	if !ok {
		return
	}
	for _, id := range rep.missing {
		r, err := b.app.FindRecordById(collections.Subscriptions, id)
		if err != nil {
			continue
		}
		s := &sub{r}
		as, err := c.GetSubscription(ctx, s.asaasID())
		switch {
		case asaas.IsNotFound(err):
		case err != nil:
			rep.Errors = append(rep.Errors, s.tenant()+": "+err.Error())
			continue
		case !as.Deleted && as.Status != asaas.SubscriptionInactive && as.Status != asaas.SubscriptionExpired:
			continue // alive: created after the listing
		}
		err = b.app.RunInTransaction(func(tx core.App) error {
			fresh, err := tx.FindRecordById(collections.Subscriptions, id)
			if err != nil {
				return err
			}
			got, err := b.cancel(tx, &sub{fresh}, now, loc, false)
			if err == nil && got == cancelled {
				rep.Cancelled = append(rep.Cancelled, s.tenant())
			}
			return err
		})
		if err != nil {
			rep.Errors = append(rep.Errors, s.tenant()+": "+err.Error())
		}
	}
	rep.missing = nil
}

// merge adds the actions of part (one committed page or shop) to r.
func (r *Report) merge(part Report) {
	r.Created = append(r.Created, part.Created...)
	r.Notified = append(r.Notified, part.Notified...)
	r.Deactivated = append(r.Deactivated, part.Deactivated...)
	r.Reactivated = append(r.Reactivated, part.Reactivated...)
	r.Cancelled = append(r.Cancelled, part.Cancelled...)
	r.Recovered = append(r.Recovered, part.Recovered...)
	r.Errors = append(r.Errors, part.Errors...)
	r.missing = append(r.missing, part.missing...)
}

// summary is the monitor's audit line.
func summary(r Report) map[string]any {
	errs := r.Errors
	if len(errs) > 20 {
		errs = append(slices.Clone(errs[:20]), fmt.Sprintf("… e mais %d", len(r.Errors)-20))
	}
	return map[string]any{
		"checked": r.Checked, "reconciled": r.Reconciled, "asaasPages": r.AsaasPages,
		"created": len(r.Created), "notified": len(r.Notified), "deactivated": r.Deactivated,
		"reactivated": r.Reactivated, "cancelled": r.Cancelled, "recovered": len(r.Recovered), "errors": errs,
	}
}

// markChecked stamps last_checked_at on the subscriptions checked.
func markChecked(app core.App, ids []string, now time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	vals := make([]any, len(ids))
	for i, id := range ids {
		vals[i] = id
	}
	_, err := app.DB().Update(collections.Subscriptions,
		dbx.Params{collections.SubscriptionLastCheckedAt: dbtime.Format(now)}, dbx.In(collections.FieldID, vals...)).Execute()
	return err
}

// check applies the billing rules to one subscription, with tx.
func (b *Service) check(tx core.App, s *sub, remotes map[string]*remote, now time.Time, loc *time.Location, rep *Report) error {
	day := asaashook.Today(now, loc)
	tenant := s.tenant()

	// Not at Asaas yet: create it (again, if an earlier attempt died).
	if s.status() == collections.SubscriptionPending && s.asaasID() == "" {
		if !b.platformEnabled() || s.GetInt(collections.SubscriptionValueCents) <= 0 {
			return nil
		}
		if err := enqueueCreate(tx, s, day.String()); err != nil {
			return err
		}
		rep.Created = append(rep.Created, tenant)
		return nil
	}

	var rm *remote
	if remotes != nil && s.asaasID() != "" {
		rm = remotes[s.asaasID()]
		if rm == nil {
			// Not in the listing: removed at Asaas, or created after it
			// was read. Asked about on its own after the pages.
			rep.missing = append(rep.missing, s.Id)
			return nil
		}
		if rm.status == asaas.SubscriptionInactive || rm.status == asaas.SubscriptionExpired {
			// Ended at Asaas.
			got, err := b.cancel(tx, s, now, loc, false)
			if got == cancelled {
				rep.Cancelled = append(rep.Cancelled, tenant)
			}
			return err
		}
	}

	// Cancelled by the owner: it ends when the paid period does.
	if s.cancelAtEnd() && (s.nextDue().IsZero() || !day.Before(s.nextDue())) {
		got, err := b.cancel(tx, s, now, loc, true)
		if got == cancelled {
			rep.Cancelled = append(rep.Cancelled, tenant)
		}
		return err
	}

	overdue, link := s.overdueSince(), s.link()
	switch {
	case rm != nil:
		overdue, link = rm.overdueDue, rm.overdueLink
	case s.status() != collections.SubscriptionOverdue && s.status() != collections.SubscriptionSuspended:
		overdue = asaas.Date{}
	}

	if overdue.IsZero() {
		if rm == nil {
			return nil // nothing known beyond our own records
		}
		was := s.status()
		changed := false
		next := rm.nextDue
		if !rm.pendingDue.IsZero() {
			next = rm.pendingDue
		}
		if !next.IsZero() && next != s.nextDue() {
			s.setDate(collections.SubscriptionNextDueDate, next)
			changed = true
		}
		if rm.pendingLink != s.link() && (rm.pendingLink != "" || was != collections.SubscriptionActive) {
			s.Set(collections.SubscriptionPaymentLink, rm.pendingLink)
			changed = true
		}
		if was == collections.SubscriptionActive && !s.deactivatedByBilling() {
			if changed {
				return tx.Save(s)
			}
			return nil
		}
		got, err := b.recover(tx, s, now) // saves
		if err != nil {
			return err
		}
		if was == collections.SubscriptionOverdue || was == collections.SubscriptionSuspended {
			rep.Recovered = append(rep.Recovered, tenant)
		}
		if got == reactivated {
			rep.Reactivated = append(rep.Reactivated, tenant)
		}
		return nil
	}

	if _, err := b.markOverdue(tx, s, overdue, link); err != nil {
		return err
	}
	if daysBetween(overdue, day) > b.graceDays() {
		got, err := b.suspend(tx, s, now)
		if got == deactivated {
			rep.Deactivated = append(rep.Deactivated, tenant)
		}
		return err
	}
	told, err := b.noticeOverdue(tx, s, now, loc)
	if told {
		rep.Notified = append(rep.Notified, tenant)
	}
	return err
}
