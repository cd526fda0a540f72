package hooks

import (
	"strconv"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/search"
)

// MaxPageSize is the most records one page of a collection list holds
// for anyone but a superuser. PocketBase allows 1,000, and a page of
// orders whose text fields are all at their limits weighs ~76 KB each:
// 1,000 of them would be a 76 MB answer. 200 keeps the worst page near
// 15 MB and a real one (a few KB per record) well under 1 MB. Clients
// that page by the answer's perPage (the JS SDK's getFullList, the staff
// app) fetch everything anyway.
const MaxPageSize = 200

// pageSizeID names the middleware that caps the page size.
const pageSizeID = "bancadaPageSize"

// bindPageSize caps perPage on collection lists: a larger value is
// lowered to MaxPageSize (not refused, so clients that ask for big
// batches keep working page by page).
func bindPageSize(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id:       pageSizeID,
			Priority: queryGuardPriority,
			Func:     capPageSize,
		})
		return se.Next()
	})
}

// capPageSize lowers an oversized perPage of a list request.
func capPageSize(e *core.RequestEvent) error {
	if e.HasSuperuserAuth() || !strings.HasPrefix(e.Request.URL.Path, "/api/collections/") {
		return e.Next()
	}
	q := e.Request.URL.Query()
	if n, err := strconv.Atoi(q.Get(search.PerPageQueryParam)); err == nil && n > MaxPageSize {
		q.Set(search.PerPageQueryParam, strconv.Itoa(MaxPageSize))
		e.Request.URL.RawQuery = q.Encode()
	}
	return e.Next()
}
