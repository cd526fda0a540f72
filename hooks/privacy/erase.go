package privacy

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/audit"
)

// ErasedName is what an erased customer is called from then on.
const ErasedName = "Titular removido (LGPD)"

// redacted replaces personal data inside texts that are kept.
const redacted = "[removido]"

// ErrOpenOrder refuses an erasure while the customer has an order in the
// shop: their device is still there and the shop must be able to reach them.
var ErrOpenOrder = errors.New("privacy: the customer has an open order")

// ErrAlreadyErased refuses erasing twice.
var ErrAlreadyErased = errors.New("privacy: the customer was already erased")

// EraseResult says what an erasure did.
type EraseResult struct {
	// Erased and Kept count records by collection: erased means deleted
	// or stripped of every personal field; kept means kept, anonymised,
	// because the law requires it (fiscal and payment records).
	Erased map[string]int `json:"erased"`
	Kept   map[string]int `json:"kept"`
	// Receipt is the text to send to the customer (Portuguese).
	Receipt string `json:"receipt"`
	// Protocol is the id of the audit line.
	Protocol string `json:"protocol"`
}

// eraser carries one erasure through the policies.
type eraser struct {
	tx     core.App
	tenant string
	ids    identifiers
	now    types.DateTime
	res    *EraseResult
	// files are storage keys to delete once the transaction commits.
	files []string
}

// policy erases or anonymises the held records of one collection.
type policy func(e *eraser, recs []*core.Record) error

// policies says, for every collection of the customer graph, what an
// erasure does to it. A collection of the graph without a policy fails the
// erasure (and TestEveryCustomerCollectionHasAnErasePolicy).
var policies = map[string]policy{
	collections.Customers: anonymiseCustomer,
	// Devices stay (orders point at them) without what identifies the
	// person: passcode, photos, IMEI, serial, condition notes.
	collections.Devices: update(map[string]any{
		collections.DeviceIMEI: "", collections.DeviceSerial: "", collections.DeviceConditionNotes: "",
		collections.DevicePhotos: "[]", collections.DevicePasscodeEnc: "", collections.DevicePasscode: "",
		collections.DevicePasscodeKind: "", collections.DeviceHasPasscode: false,
	}, collections.DevicePhotos),
	// Orders are fiscal and consumer-law records (numbers, dates, quote,
	// totals, warranty): kept; staff notes erased, the tracking link
	// revoked, personal data inside the texts replaced.
	collections.Orders: keep(map[string]any{
		collections.OrderNotes: "", collections.OrderTrackingToken: "", collections.OrderTrackingOff: true,
	}),
	// The history of an order stays (who moved it when), without notes
	// and without the addresses it was moved from.
	collections.OrderEvents: keep(map[string]any{
		collections.OrderEventNote: "", collections.OrderEventIP: "", collections.OrderEventUserAgent: "",
	}),
	// Payments are fiscal records: kept as they are, personal data inside
	// their description replaced.
	collections.Payments:     keep(nil),
	collections.Appointments: update(map[string]any{collections.AppointmentNotes: ""}),
	// Conversations, their messages and quote requests are only personal.
	collections.Conversations: remove,
	collections.Messages:      remove,
	collections.QuoteRequests: remove,
	// Counter sales, refunds and stock movements are fiscal and stock
	// records: kept, personal data inside their texts replaced.
	collections.Sales:          keep(nil),
	collections.Refunds:        keep(nil),
	collections.StockMovements: keep(nil),
}

// keptCollections are counted as kept rather than erased.
var keptCollections = map[string]bool{collections.Orders: true, collections.OrderEvents: true, collections.Payments: true,
	collections.Sales: true, collections.Refunds: true, collections.StockMovements: true}

// Erase erases customerID's personal data in tenantID, in one
// transaction: each collection of the customer graph by its policy, the
// audit entries about those records, queued messages and stored webhooks
// naming the customer, and any remaining mention of their name, phone,
// CPF or e-mail in the shop's records. Fiscal and payment records stay,
// anonymised. The customer's appointments that have an event in an
// outside calendar are handed to calendar (may be nil) in the same
// transaction, so that copy is re-pushed without their name. Files are
// deleted after the commit.
func Erase(app core.App, tenantID, customerID string, actor audit.Actor, now time.Time, calendar CalendarSink) (*EraseResult, error) {
	var e *eraser
	err := app.RunInTransaction(func(tx core.App) error {
		h, err := Collect(tx, tenantID, customerID)
		if err != nil {
			return err
		}
		cust := collections.AsCustomer(h.Records[collections.Customers][0])
		if cust.Erased() {
			return ErrAlreadyErased
		}
		for _, r := range h.Records[collections.Orders] {
			if collections.AsOrder(r).Status().Open() {
				return ErrOpenOrder
			}
		}
		nowDT, _ := types.ParseDateTime(now.UTC())
		e = &eraser{tx: tx, tenant: tenantID, ids: identify(cust), now: nowDT,
			res: &EraseResult{Erased: map[string]int{}, Kept: map[string]int{}}}
		// Children first, so deleting a parent never cascades into a
		// record a policy was about to keep.
		for i := len(h.Order) - 1; i >= 0; i-- {
			name := h.Order[i]
			p, ok := policies[name]
			if !ok {
				return fmt.Errorf("privacy: no erase policy for %s", name)
			}
			recs := h.Records[name]
			if len(recs) == 0 {
				continue
			}
			if err := p(e, recs); err != nil {
				return fmt.Errorf("privacy: erase %s: %w", name, err)
			}
			if keptCollections[name] {
				e.res.Kept[name] += len(recs)
			} else {
				e.res.Erased[name] += len(recs)
			}
		}
		if err := e.scrubAudit(h); err != nil {
			return err
		}
		if err := e.dropPending(); err != nil {
			return err
		}
		if err := e.scrubEverywhere(); err != nil {
			return err
		}
		// After dropPending, so the queued update is not dropped with the
		// calls that named the customer.
		if err := repushCalendar(tx, calendar, h.Records[collections.Appointments]); err != nil {
			return err
		}
		return e.writeAudit(tx, cust, actor)
	})
	if err != nil {
		return nil, err
	}
	e.deleteFiles(app)
	return e.res, nil
}

// identifiers are the forms of a customer's personal data searched for
// in texts that are kept.
type identifiers struct {
	name, firstName string
	phones          []string
	document        []string
	email, lid      string
	customerID      string
}

func identify(c *collections.Customer) identifiers {
	ids := identifiers{name: c.Name(), firstName: br.FirstName(c.Name()), email: c.Email(), lid: c.WhatsAppLID(), customerID: c.Id}
	for _, p := range br.PhoneVariants(c.Phone()) {
		ids.phones = append(ids.phones, p)
		if strings.HasPrefix(p, "55") {
			ids.phones = append(ids.phones, p[2:])
		}
	}
	ids.phones = append(ids.phones, br.FormatPhone(c.Phone()))
	if d := c.Document(); d != "" {
		ids.document = append(ids.document, d, br.FormatCPF(d), br.FormatCNPJ(d))
	}
	return ids
}

// needles are the strings replaced in kept texts: at least six
// characters long, so that a short name never clobbers other words.
func (ids identifiers) needles() []string {
	var out []string
	for _, s := range append(append([]string{ids.name, ids.email, ids.lid}, ids.phones...), ids.document...) {
		if len([]rune(s)) >= 6 && !contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// redact replaces the customer's identifiers in s, the full name in any
// letter case.
func (ids identifiers) redact(s string) string {
	for _, n := range ids.needles() {
		s = replaceFold(s, n, redacted)
	}
	return s
}

// replaceFold replaces every case-insensitive occurrence of old in s.
func replaceFold(s, old, repl string) string {
	if old == "" {
		return s
	}
	lower, lowOld := strings.ToLower(s), strings.ToLower(old)
	if len(lower) != len(s) || len(lowOld) != len(old) {
		return strings.ReplaceAll(s, old, repl) // case mapping changed byte lengths
	}
	var b strings.Builder
	for {
		i := strings.Index(lower, lowOld)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(repl)
		s, lower = s[i+len(old):], lower[i+len(old):]
	}
}

// setColumns writes values straight to the table: erasure bypasses the
// record hooks (state machine, quote lock, phone format), which guard
// what staff do, not what the law asks.
func (e *eraser) setColumns(table string, id string, values map[string]any) error {
	if len(values) == 0 {
		return nil
	}
	params := dbx.Params{}
	for k, v := range values {
		params[k] = v
	}
	_, err := e.tx.DB().Update(table, params, dbx.HashExp{collections.FieldID: id}).Execute()
	return err
}

// update sets fields of every record and redacts its other texts;
// fileFields are file fields whose files are deleted.
func update(values map[string]any, fileFields ...string) policy {
	return func(e *eraser, recs []*core.Record) error {
		for _, r := range recs {
			for _, f := range fileFields {
				for _, name := range r.GetStringSlice(f) {
					e.files = append(e.files, r.BaseFilesPath()+"/"+name)
				}
			}
			set := e.redactedTexts(r, values)
			for k, v := range values {
				set[k] = v
			}
			if err := e.setColumns(r.Collection().Name, r.Id, set); err != nil {
				return err
			}
		}
		return nil
	}
}

// keep is update for records the law requires to keep.
func keep(values map[string]any) policy { return update(values) }

// remove deletes the records.
func remove(e *eraser, recs []*core.Record) error {
	for _, r := range recs {
		if _, err := e.tx.DB().Delete(r.Collection().Name, dbx.HashExp{collections.FieldID: r.Id}).Execute(); err != nil {
			return err
		}
	}
	return nil
}

// redactedTexts returns, for every text or JSON field of r not in skip
// whose value mentions the customer, the value with the mention replaced.
func (e *eraser) redactedTexts(r *core.Record, skip map[string]any) map[string]any {
	out := map[string]any{}
	for _, f := range r.Collection().Fields {
		if _, ok := skip[f.GetName()]; ok || !isTextual(f) {
			continue
		}
		raw := rawString(r, f)
		if red := e.ids.redact(raw); red != raw {
			out[f.GetName()] = red
		}
	}
	return out
}

func isTextual(f core.Field) bool {
	switch f.(type) {
	case *core.TextField, *core.EditorField, *core.JSONField, *core.EmailField, *core.URLField:
		return true
	}
	return false
}

// rawString is the field's stored text (JSON fields as their JSON).
func rawString(r *core.Record, f core.Field) string {
	if _, ok := f.(*core.JSONField); ok {
		raw, _ := r.Get(f.GetName()).(types.JSONRaw)
		return string(raw)
	}
	return r.GetString(f.GetName())
}

// anonymiseCustomer keeps the record (orders and payments point at it)
// with nothing personal left.
func anonymiseCustomer(e *eraser, recs []*core.Record) error {
	for _, r := range recs {
		phone := "lgpd-" + r.Id
		if len(phone) > 20 {
			phone = phone[:20]
		}
		err := e.setColumns(collections.Customers, r.Id, map[string]any{
			collections.CustomerName: ErasedName, collections.CustomerPhone: phone,
			collections.CustomerDocument: "", collections.CustomerDocumentKind: "",
			collections.CustomerEmail: "", collections.CustomerAddress: "", collections.CustomerNotes: "",
			collections.CustomerWhatsAppLID: "", collections.CustomerMarketingOptIn: false,
			collections.CustomerWhatsAppOptOut: true, collections.CustomerMarketingChangedAt: e.now.String(),
			collections.CustomerMarketingChangedVia: collections.ConsentErasure, collections.CustomerMarketingChangedBy: "",
			collections.CustomerErasedAt: e.now.String(),
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// scrubAudit empties the recorded values of audit entries about the
// held records (who did what when stays), and the address of entries the
// customer caused (tracking page).
func (e *eraser) scrubAudit(h *Held) error {
	for _, r := range h.Audit {
		set := map[string]any{collections.AuditChanges: `{"anonimizado":true}`}
		if r.GetString(collections.AuditActor) == "" {
			set[collections.AuditIP], set[collections.AuditUserAgent] = "", ""
		}
		if err := e.setColumns(collections.AuditLog, r.Id, set); err != nil {
			return err
		}
	}
	return nil
}

// dropPending deletes the shop's queued calls out and stored webhooks
// that name the customer: a message waiting to go to an erased number
// does not go, and WhatsApp's copy of their messages is not kept here.
func (e *eraser) dropPending() error {
	for _, table := range []string{collections.Outbox, collections.WebhookEvents} {
		for _, n := range e.ids.needles() {
			_, err := e.tx.DB().Delete(table, dbx.And(
				dbx.HashExp{collections.FieldTenant: e.tenant},
				dbx.Like("payload", n),
			)).Execute()
			if err != nil {
				return fmt.Errorf("privacy: drop %s: %w", table, err)
			}
		}
	}
	return nil
}

// scrubEverywhere replaces any remaining mention of the customer in every
// text and JSON field of every record of the shop, in every collection
// with a tenant (so a collection added later is covered too): one UPDATE
// per column, touching only the rows that mention the customer.
func (e *eraser) scrubEverywhere() error {
	cols, err := e.tx.FindAllCollections(core.CollectionTypeBase)
	if err != nil {
		return err
	}
	needles := e.ids.needles()
	if len(needles) == 0 {
		return nil
	}
	params := dbx.Params{"t": e.tenant, "r": redacted}
	for i, n := range needles {
		params[fmt.Sprintf("n%d", i)] = n
		params[fmt.Sprintf("l%d", i)] = "%" + escapeLike(n) + "%"
	}
	for _, c := range cols {
		if c.System || c.Fields.GetByName(collections.FieldTenant) == nil {
			continue
		}
		for _, f := range c.Fields {
			if !isTextual(f) {
				continue
			}
			col := "[[" + f.GetName() + "]]"
			set, where := col, make([]string, len(needles))
			for i := range needles {
				set = fmt.Sprintf("REPLACE(%s, {:n%d}, {:r})", set, i)
				where[i] = fmt.Sprintf("%s LIKE {:l%d} ESCAPE '\\'", col, i)
			}
			_, err := e.tx.DB().NewQuery("UPDATE {{" + c.Name + "}} SET " + col + " = " + set +
				" WHERE [[tenant]] = {:t} AND (" + strings.Join(where, " OR ") + ")").Bind(params).Execute()
			if err != nil {
				return fmt.Errorf("privacy: scrub %s.%s: %w", c.Name, f.GetName(), err)
			}
		}
	}
	return nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// writeAudit appends the erasure's line (no personal data) and writes the
// receipt.
func (e *eraser) writeAudit(tx core.App, cust *collections.Customer, actor audit.Actor) error {
	if err := audit.Write(tx, audit.Entry{
		Tenant: e.tenant, Actor: actor, Action: collections.ActionPrivacyErase,
		Collection: collections.Customers, Record: cust.Id,
		Changes: map[string]any{"erased": e.res.Erased, "kept": e.res.Kept},
	}); err != nil {
		return err
	}
	line, err := tx.FindFirstRecordByFilter(collections.AuditLog, "tenant = {:t} && action = {:a} && record = {:r}",
		dbx.Params{"t": e.tenant, "a": collections.ActionPrivacyErase, "r": cust.Id})
	if err != nil {
		return err
	}
	e.res.Protocol = line.Id
	t, err := tx.FindRecordById(collections.Tenants, e.tenant)
	if err != nil {
		return err
	}
	e.res.Receipt = Receipt(collections.AsTenant(t), e.res, e.now.Time())
	return nil
}

// deleteFiles removes the erased files (and their thumbnails) from
// storage; a failure is logged, the records no longer name the files.
func (e *eraser) deleteFiles(app core.App) {
	if len(e.files) == 0 {
		return
	}
	fs, err := app.NewFilesystem()
	if err != nil {
		app.Logger().Error("privacy: files", "error", err)
		return
	}
	defer fs.Close()
	for _, key := range e.files {
		if err := fs.Delete(key); err != nil {
			app.Logger().Warn("privacy: delete file", "key", key, "error", err)
		}
		i := strings.LastIndexByte(key, '/')
		_ = fs.DeletePrefix(key[:i+1] + "thumbs_" + key[i+1:] + "/")
	}
}

// HasErasePolicy reports whether an erasure knows what to do with the
// records of collection.
func HasErasePolicy(collection string) bool {
	_, ok := policies[collection]
	return ok
}

// repushCalendar tells calendar of every appointment with an outside
// event, reloaded after the erase, so the outside copy is rewritten from
// the anonymised records.
func repushCalendar(tx core.App, calendar CalendarSink, appts []*core.Record) error {
	if calendar == nil {
		return nil
	}
	for _, r := range appts {
		if collections.AsAppointment(r).GoogleEventID() == "" {
			continue
		}
		fresh, err := tx.FindRecordById(collections.Appointments, r.Id)
		if err != nil {
			return fmt.Errorf("privacy: reload appointment %s: %w", r.Id, err)
		}
		if err := calendar.AppointmentSaved(tx, collections.AsAppointment(fresh)); err != nil {
			return fmt.Errorf("privacy: calendar update of appointment %s: %w", r.Id, err)
		}
	}
	return nil
}
