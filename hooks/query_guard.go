package hooks

import (
	"errors"
	"net/url"
	"regexp"
	"strings"

	"github.com/ganigeorgiev/fexpr"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"
	"github.com/pocketbase/pocketbase/tools/search"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
)

// The query guard: a client may only filter, sort and expand along paths
// whose every row it could read directly (collections.CheckFilterPath and
// CheckExpandPath). PocketBase runs a condition over a to-many path as a
// sub-query over every related row without the related collection's rule,
// so without the guard one shop's staff could read another shop's values
// one bit per request. It runs, for every caller but a superuser, wherever
// PocketBase reads filter, sort or expand: the routes under
// /api/collections/{collection} (records list, view, create, update, auth),
// the options of realtime subscriptions, and the requests of a batch.

// QueryGuardID names the query guard's middleware and hook handlers.
const QueryGuardID = "bancadaQueryGuard"

// queryGuardPriority runs the guard after PocketBase has loaded the
// caller's auth token and before the tenant filter rewrites the filter.
const queryGuardPriority = apis.DefaultLoadAuthTokenMiddlewarePriority + 5

// Query parameters the guard checks.
const (
	paramFilter  = search.FilterQueryParam
	paramSort    = search.SortQueryParam
	paramExpand  = "expand"
	paramOptions = "options" // realtime subscription options
)

var guardedParams = []string{paramFilter, paramSort, paramExpand}

// batchRecordsURL extracts the collection of a batch request's URL (the
// shapes PocketBase's batch accepts).
var batchRecordsURL = regexp.MustCompile(`^/api/collections/([^/?]+)/records(?:/[^/?]+)?$`)

// bindQueryGuard binds the guard to the router, realtime subscriptions and
// batches.
func bindQueryGuard(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id:       QueryGuardID,
			Priority: queryGuardPriority,
			Func:     queryGuard,
		})
		return se.Next()
	})
	app.OnRealtimeSubscribeRequest().Bind(&hook.Handler[*core.RealtimeSubscribeRequestEvent]{
		Id:   QueryGuardID,
		Func: guardSubscriptions,
	})
	app.OnBatchRequest().Bind(&hook.Handler[*core.BatchRequestEvent]{
		Id:   QueryGuardID,
		Func: guardBatch,
	})
}

// queryGuard is the middleware: it checks the query of every API request
// to a route with a {collection} path value. Repeated parameters are
// refused on every API route (PocketBase reads only the first one), and
// expand on API routes without a collection.
func queryGuard(e *core.RequestEvent) error {
	if e.HasSuperuserAuth() || !strings.HasPrefix(e.Request.URL.Path, "/api/") {
		return e.Next() // the staff app's pages and the tracking page read no filter
	}
	q := e.Request.URL.Query()
	if err := refuseRepeated(q, guardedParams...); err != nil {
		return err
	}
	name := e.Request.PathValue("collection")
	if name == "" {
		// Routes of Bancada's own may enrich records of several
		// collections with ?expand (signup): expand is for collection
		// routes only.
		if q.Get(paramExpand) != "" {
			return refusal(paramExpand, "expand_not_collection", "Expansão só é aceita nas rotas de uma coleção.")
		}
		return e.Next()
	}
	if !hasGuarded(q) {
		return e.Next()
	}
	col, err := e.App.FindCachedCollectionByNameOrId(name)
	if err != nil {
		return e.Next() // PocketBase answers 404
	}
	if err := checkQuery(e.App, col, q); err != nil {
		return err
	}
	return e.Next()
}

// guardSubscriptions checks the options of every realtime subscription,
// parsed by PocketBase's own subscription parser.
func guardSubscriptions(e *core.RealtimeSubscribeRequestEvent) error {
	if e.HasSuperuserAuth() {
		return e.Next()
	}
	for _, topic := range e.Subscriptions {
		if err := checkSubscription(e.App, topic); err != nil {
			return err
		}
	}
	return e.Next()
}

// checkSubscription checks one subscription topic
// ("orders/*?options={"query":{"filter":...}}").
func checkSubscription(app core.App, topic string) error {
	if u, err := url.Parse(topic); err == nil {
		if err := refuseRepeated(u.Query(), paramOptions); err != nil {
			return err
		}
	}
	probe := subscriptions.NewDefaultClient()
	probe.Subscribe(topic)
	q := url.Values{}
	for k, v := range probe.Subscriptions()[topic].Query {
		q.Set(k, v)
	}
	if !hasGuarded(q) {
		return nil
	}
	// PocketBase matches record topics by "<collection name or id>/" or
	// "<collection>?" prefixes.
	name, _, _ := strings.Cut(topic, "?")
	name, _, _ = strings.Cut(name, "/")
	col, err := app.FindCachedCollectionByNameOrId(name)
	if err != nil {
		return refusal(paramFilter, "subscription_not_collection",
			"Filtro, ordenação e expansão só são aceitos em assinaturas de uma coleção.")
	}
	return checkQuery(app, col, q)
}

// guardBatch checks the query of every request of a batch (expand on
// create, update and upsert).
func guardBatch(e *core.BatchRequestEvent) error {
	if e.HasSuperuserAuth() {
		return e.Next()
	}
	for _, ir := range e.Batch {
		u, err := url.Parse(ir.URL)
		if err != nil {
			continue // PocketBase refuses it
		}
		q := u.Query()
		if err := refuseRepeated(q, guardedParams...); err != nil {
			return err
		}
		m := batchRecordsURL.FindStringSubmatch(u.Path)
		if m == nil || !hasGuarded(q) {
			continue
		}
		col, err := e.App.FindCachedCollectionByNameOrId(m[1])
		if err != nil {
			continue
		}
		if err := checkQuery(e.App, col, q); err != nil {
			return err
		}
	}
	return e.Next()
}

// hasGuarded reports whether q carries a non-empty filter, sort or expand.
func hasGuarded(q url.Values) bool {
	for _, p := range guardedParams {
		if q.Get(p) != "" {
			return true
		}
	}
	return false
}

// refuseRepeated refuses a parameter sent more than once.
func refuseRepeated(q url.Values, params ...string) error {
	for _, p := range params {
		if len(q[p]) > 1 {
			return refusal(p, "repeated_param", `Envie o parâmetro "`+p+`" uma vez só.`)
		}
	}
	return nil
}

// checkQuery checks the filter, sort and expand of q against col.
func checkQuery(app core.App, col *core.Collection, q url.Values) error {
	// Blank filters name nothing (the tenant filter drops them, PocketBase
	// refuses them).
	if raw := q.Get(paramFilter); strings.TrimSpace(raw) != "" {
		groups, err := fexpr.Parse(raw)
		if err != nil {
			return refusal(paramFilter, "filter_invalid", "Filtro inválido.")
		}
		if err := walkGroups(groups, func(ident string) error {
			return collections.CheckFilterPath(app, col, ident)
		}); err != nil {
			return pathRefusal(paramFilter, "Filtro não permitido", err)
		}
	}
	if raw := q.Get(paramSort); raw != "" {
		for _, f := range search.ParseSortFromString(raw) {
			if f.Name == "" {
				continue // PocketBase refuses it
			}
			if err := collections.CheckFilterPath(app, col, f.Name); err != nil {
				return pathRefusal(paramSort, "Ordenação não permitida", err)
			}
		}
	}
	if raw := q.Get(paramExpand); raw != "" {
		for _, p := range strings.Split(raw, ",") {
			// PocketBase's normalisation of expand paths
			p = strings.Trim(strings.ReplaceAll(p, " ", ""), ".")
			if p == "" {
				continue
			}
			if err := collections.CheckExpandPath(app, col, p); err != nil {
				return pathRefusal(paramExpand, "Expansão não permitida", err)
			}
		}
	}
	return nil
}

// walkGroups calls check for every identifier of a parsed filter: both
// sides of every operator, inside groups and function arguments.
func walkGroups(groups []fexpr.ExprGroup, check func(string) error) error {
	for _, g := range groups {
		var err error
		switch item := g.Item.(type) {
		case fexpr.Expr:
			if err = walkToken(item.Left, check); err == nil {
				err = walkToken(item.Right, check)
			}
		case fexpr.ExprGroup:
			err = walkGroups([]fexpr.ExprGroup{item}, check)
		case []fexpr.ExprGroup:
			err = walkGroups(item, check)
		default:
			err = errUnknownToken
		}
		if err != nil {
			return err
		}
	}
	return nil
}

var errUnknownToken = errors.New("unknown filter token")

func walkToken(t fexpr.Token, check func(string) error) error {
	switch t.Type {
	case fexpr.TokenIdentifier:
		return check(t.Literal)
	case fexpr.TokenFunction:
		args, _ := t.Meta.([]fexpr.Token)
		for _, a := range args {
			if err := walkToken(a, check); err != nil {
				return err
			}
		}
		return nil
	case fexpr.TokenText, fexpr.TokenNumber:
		return nil
	}
	return errUnknownToken
}

// refusal is a 400 naming param, with one Portuguese message.
func refusal(param, code, message string) *router.ApiError {
	return apierr.BadRequest(message, apierr.Field(param, code, message))
}

// pathRefusal turns a refused path into a 400 naming the parameter and
// the path.
func pathRefusal(param, what string, err error) *router.ApiError {
	var pe *collections.PathError
	if errors.As(err, &pe) {
		return refusal(param, pe.Code, what+": "+pe.Message)
	}
	return refusal(param, "filter_invalid", what+".")
}
