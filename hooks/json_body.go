package hooks

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"
)

// MessageInvalidJSON is the 400 a request gets when it says it sends JSON
// and its body is not valid JSON.
const MessageInvalidJSON = "O corpo da requisição não é um JSON válido."

// bindJSONBodyCheck answers 400 MessageInvalidJSON, before any handler
// runs, to an /api/ request whose Content-Type is JSON and whose body is
// malformed. PocketBase's record routes would answer a generic "something
// went wrong" (which reads like a server fault) and some of Bancada's
// routes would go on as if no body had been sent. Providers' webhooks
// (/api/webhooks/) keep their own handling, and the batch route (which
// has its own body limit) its own answer. The body is read within
// PocketBase's body size limit and put back for the handler.
func bindJSONBodyCheck(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id:       "bancadaJSONBody",
			Priority: apis.DefaultBodyLimitMiddlewarePriority + 1,
			Func:     checkJSONBody,
		})
		return se.Next()
	})
}

func checkJSONBody(e *core.RequestEvent) error {
	r := e.Request
	path := r.URL.Path
	if r.Body == nil || r.Method == http.MethodGet || r.Method == http.MethodHead ||
		!strings.HasPrefix(path, "/api/") || strings.HasPrefix(path, "/api/webhooks/") || path == "/api/batch" {
		return e.Next()
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return e.Next()
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		if errors.Is(err, apis.ErrRequestEntityTooLarge) {
			return err
		}
		return e.BadRequestError("Não foi possível ler os dados enviados.", err)
	}
	r.Body = &router.RereadableReadCloser{ReadCloser: io.NopCloser(bytes.NewReader(body))}
	if len(bytes.TrimSpace(body)) > 0 && !json.Valid(body) {
		return e.BadRequestError(MessageInvalidJSON, nil)
	}
	return e.Next()
}
