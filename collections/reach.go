package collections

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/ganigeorgiev/fexpr"
	"github.com/pocketbase/pocketbase/core"
)

// Reach: the field paths a client other than a superuser may name in a
// filter, a sort or an expand.
//
// PocketBase applies the List rule of a joined collection only to joins
// that match one row (a single relation). A condition over a to-many path
// (a back-relation such as customers_via_tenant, or a multiple relation)
// becomes a sub-query over every related row, rule or not, so one shop's
// staff could test another shop's values one bit per request. The
// allow-list below admits only paths whose every row is one the caller may
// list anyway:
//
//   - any field of the collection itself, except hidden fields and
//     Credentials;
//   - a single relation hop into a collection that is Confined (its List
//     rule requires the caller's membership in the row's shop), then that
//     collection's fields under the same conditions;
//   - "rel.id" on any single relation (PocketBase reads the stored id).
//
// Back-relations (x_via_y), multiple relations, hops into shared
// collections (plans, users, memberships) and @collection joins are
// refused. It is derived from the live schema, so a new collection or
// relation is covered the day it exists: a relation into a collection the
// rules do not confine is refused until its rule does.

// Membership terms: the rule conditions that confine a collection's rows
// to shops where the caller works.
const (
	// MemberOfRecordTenant is required by the rules of tenant-owned
	// collections (see memberRule).
	MemberOfRecordTenant = "tenant.memberships_via_tenant.user"
	// memberOfTenant is required by the tenants collection's rule.
	memberOfTenant = "memberships_via_tenant.user"
	// authID is the caller's id in rules.
	authID = "@request.auth.id"
)

// Credentials lists, per collection, fields that act as bearer credentials
// (whoever knows the value may act on the record). Staff read them, but
// nobody other than a superuser may filter or sort by them.
var Credentials = map[string][]string{
	Orders:        {OrderTrackingToken},
	Payments:      {PaymentInvoiceURL},
	Subscriptions: {SubscriptionPaymentLink},
}

// RuleRequiresMembership reports whether rule is a conjunction (at the top
// level, through any nesting of && groups) containing the term
// `<term> ?= @request.auth.id`: then every record it admits belongs to a
// shop where the caller holds a membership.
func RuleRequiresMembership(rule *string, term string) bool {
	if rule == nil || *rule == "" {
		return false
	}
	groups, err := fexpr.Parse(*rule)
	if err != nil {
		return false
	}
	return conjunctionHas(groups, term)
}

func conjunctionHas(groups []fexpr.ExprGroup, term string) bool {
	for i, g := range groups {
		if i > 0 && g.Join != fexpr.JoinAnd {
			return false // an || anywhere at this level: not a conjunction
		}
	}
	for _, g := range groups {
		switch item := g.Item.(type) {
		case fexpr.Expr:
			if isMembershipTerm(item, term) {
				return true
			}
		case []fexpr.ExprGroup:
			if conjunctionHas(item, term) {
				return true
			}
		}
	}
	return false
}

func isMembershipTerm(e fexpr.Expr, term string) bool {
	l, r := e.Left, e.Right
	if e.Op != fexpr.SignAnyEq || l.Type != fexpr.TokenIdentifier || r.Type != fexpr.TokenIdentifier {
		return false
	}
	return (l.Literal == term && r.Literal == authID) || (r.Literal == term && l.Literal == authID)
}

// Confined reports whether every row c's List rule admits belongs to one
// of the caller's shops: the tenants collection with a rule requiring a
// membership in the tenant, or a collection with a single tenant relation
// and a rule requiring a membership in the record's tenant.
func Confined(c *core.Collection) bool {
	if c == nil || c.ListRule == nil {
		return false
	}
	if c.Name == Tenants {
		return RuleRequiresMembership(c.ListRule, memberOfTenant)
	}
	rel, ok := c.Fields.GetByName(FieldTenant).(*core.RelationField)
	if !ok || rel.IsMultiple() {
		return false
	}
	return RuleRequiresMembership(c.ListRule, MemberOfRecordTenant)
}

// IsCredential reports whether field of collection is listed in Credentials.
func IsCredential(collection, field string) bool {
	return slices.Contains(Credentials[collection], field)
}

// PathError says why a client may not use a path. Message is Portuguese
// and names the path.
type PathError struct {
	Path    string // the path as the client wrote it
	Code    string // machine-readable reason
	Message string // what staff read
}

func (e *PathError) Error() string { return e.Message }

// Path refusal codes.
const (
	CodeBackRelation     = "path_back_relation"
	CodeMultipleRelation = "path_multiple_relation"
	CodeSharedCollection = "path_shared_collection"
	CodeHidden           = "path_hidden"
	CodeCredential       = "path_credential"
	CodeUnknown          = "path_unknown"
	CodeModifier         = "path_modifier"
	CodeSpecial          = "path_special"
)

func refuse(path, code, why string) *PathError {
	return &PathError{Path: path, Code: code, Message: fmt.Sprintf("%q: %s", path, why)}
}

// viaPattern matches PocketBase's back-relation syntax (collection_via_field).
var viaPattern = regexp.MustCompile(`^(\w+)_via_(\w+)$`)

// filterModifiers are the modifiers a client may put on the last segment
// of a path to a record field.
var filterModifiers = []string{"", "lower", "each", "length"}

// literalIdentifiers are the identifiers PocketBase reads as constants
// when no field has that name (compared case-insensitively).
var literalIdentifiers = []string{"null", "true", "false"}

// Macros are PocketBase's date identifier macros (@now...): constants of
// the request's time, no record data.
var Macros = []string{
	"@now", "@yesterday", "@tomorrow", "@second", "@minute", "@hour", "@day", "@month",
	"@weekday", "@year", "@todayStart", "@todayEnd", "@monthStart", "@monthEnd", "@yearStart", "@yearEnd",
}

// requestAuthPlain are the @request.auth fields PocketBase reads from the
// caller's own record without a join.
var requestAuthPlain = []string{"id", "collectionId", "collectionName", "email", "emailVisibility", "verified"}

// CheckFilterPath reports whether a client other than a superuser may name
// ident (an identifier of a filter or a sort) in a query on base. It
// returns nil or a *PathError.
func CheckFilterPath(app core.App, base *core.Collection, ident string) error {
	if strings.HasPrefix(ident, "@") {
		return checkSpecial(ident)
	}
	segments := strings.Split(ident, ".")
	col := base
	for i, seg := range segments {
		last := i == len(segments)-1
		name, modifier := seg, ""
		if last {
			name, modifier, _ = strings.Cut(seg, ":")
		}
		f := col.Fields.GetByName(name)
		if f == nil {
			switch {
			case len(segments) == 1 && modifier == "" && slices.ContainsFunc(literalIdentifiers, func(l string) bool { return strings.EqualFold(l, name) }):
				return nil
			case viaPattern.MatchString(name):
				return refuse(ident, CodeBackRelation, "filtros e ordenação não podem seguir relações inversas (_via_).")
			}
			return refuse(ident, CodeUnknown, fmt.Sprintf("campo %q desconhecido em %s.", seg, col.Name))
		}
		if f.GetHidden() {
			return refuse(ident, CodeHidden, fmt.Sprintf("o campo %q não pode ser usado em filtros nem ordenação.", name))
		}
		if IsCredential(col.Name, name) {
			return refuse(ident, CodeCredential, fmt.Sprintf("o campo %q é uma credencial e não pode ser usado em filtros nem ordenação.", name))
		}
		if last {
			if strings.Contains(modifier, ":") || !slices.Contains(filterModifiers, modifier) {
				return refuse(ident, CodeModifier, fmt.Sprintf("modificador %q não permitido.", ":"+modifier))
			}
			return nil
		}
		switch f.Type() {
		case core.FieldTypeJSON, core.FieldTypeGeoPoint:
			return nil // the rest is a path inside this record's value
		case core.FieldTypeRelation:
		default:
			return refuse(ident, CodeUnknown, fmt.Sprintf("o campo %q não é uma relação.", name))
		}
		rel := f.(*core.RelationField)
		if rel.IsMultiple() {
			return refuse(ident, CodeMultipleRelation, fmt.Sprintf("filtros e ordenação não podem seguir a relação múltipla %q.", name))
		}
		if i == len(segments)-2 && segments[i+1] == FieldID {
			return nil // PocketBase reads the stored id: no join
		}
		target, err := app.FindCachedCollectionByNameOrId(rel.CollectionId)
		if err != nil {
			return refuse(ident, CodeUnknown, fmt.Sprintf("a relação %q aponta para uma coleção que não existe.", name))
		}
		if !Confined(target) {
			return refuse(ident, CodeSharedCollection, fmt.Sprintf("filtros e ordenação não podem entrar em %s, que não pertence só à sua loja.", target.Name))
		}
		col = target
	}
	return nil
}

// checkSpecial admits the @ identifiers that carry only the caller's own
// request: date macros, @request.context, @request.method, the plain
// fields of @request.auth, @request.query.* and @request.headers.*.
// @collection joins and @request.body (which may join records by the ids
// it holds) are refused. PocketBase itself refuses @request and
// @collection in client filters; this list is the stricter second wall.
func checkSpecial(ident string) error {
	if slices.Contains(Macros, ident) || ident == "@random" || ident == "@rowid" {
		return nil
	}
	name, modifier, _ := strings.Cut(ident, ":")
	if modifier != "" && modifier != "lower" && modifier != "isset" {
		return refuse(ident, CodeModifier, fmt.Sprintf("modificador %q não permitido.", ":"+modifier))
	}
	parts := strings.Split(name, ".")
	if parts[0] == "@request" && len(parts) >= 2 {
		switch parts[1] {
		case "context", "method":
			if len(parts) == 2 {
				return nil
			}
		case "auth":
			if len(parts) == 3 && slices.Contains(requestAuthPlain, parts[2]) {
				return nil
			}
		case "query", "headers":
			if len(parts) == 3 {
				return nil
			}
		}
	}
	return refuse(ident, CodeSpecial, "este identificador não pode ser usado em filtros nem ordenação.")
}

// CheckExpandPath reports whether a client other than a superuser may
// expand path (one comma-separated item of ?expand, spaces removed) on
// records of base. Only single relations are followed: PocketBase checks
// the View rule of every expanded record, and a back-relation or a
// multiple relation would reach rows through another shop's records.
func CheckExpandPath(app core.App, base *core.Collection, path string) error {
	col := base
	for _, seg := range strings.Split(path, ".") {
		f := col.Fields.GetByName(seg)
		if f == nil {
			if viaPattern.MatchString(seg) || strings.Contains(seg, "(") {
				return refuse(path, CodeBackRelation, "não é permitido expandir relações inversas (_via_).")
			}
			return refuse(path, CodeUnknown, fmt.Sprintf("campo %q desconhecido em %s.", seg, col.Name))
		}
		rel, ok := f.(*core.RelationField)
		if !ok {
			return refuse(path, CodeUnknown, fmt.Sprintf("o campo %q não é uma relação.", seg))
		}
		if rel.GetHidden() {
			return refuse(path, CodeHidden, fmt.Sprintf("o campo %q não pode ser expandido.", seg))
		}
		if rel.IsMultiple() {
			return refuse(path, CodeMultipleRelation, fmt.Sprintf("não é permitido expandir a relação múltipla %q.", seg))
		}
		target, err := app.FindCachedCollectionByNameOrId(rel.CollectionId)
		if err != nil || target.ViewRule == nil {
			return refuse(path, CodeSharedCollection, fmt.Sprintf("não é permitido expandir %q.", seg))
		}
		col = target
	}
	return nil
}
