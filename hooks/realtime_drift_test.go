package hooks_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// realtimePriorities reads, from PocketBase's apis/realtime.go, the
// priority of every handler it binds on each model event:
// "OnModelDelete" → [99], ...
func realtimePriorities(t *testing.T) map[string][]string {
	t.Helper()
	dir := moduleDir(t, "github.com/pocketbase/pocketbase")
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, "apis", "realtime.go"), nil, 0)
	require.NoError(t, err)
	out := map[string][]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr) // app.OnX().Bind(&hook.Handler{...})
		if !ok || len(call.Args) != 1 {
			return true
		}
		bind, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || bind.Sel.Name != "Bind" {
			return true
		}
		on, ok := bind.X.(*ast.CallExpr)
		if !ok {
			return true
		}
		event, ok := on.Fun.(*ast.SelectorExpr)
		if !ok || !strings.HasPrefix(event.Sel.Name, "OnModel") {
			return true
		}
		lit, ok := call.Args[0].(*ast.UnaryExpr)
		if !ok {
			return true
		}
		handler, ok := lit.X.(*ast.CompositeLit)
		if !ok {
			return true
		}
		priority := "0"
		for _, el := range handler.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok && kv.Key.(*ast.Ident).Name == "Priority" {
				switch v := kv.Value.(type) {
				case *ast.BasicLit:
					priority = v.Value
				case *ast.UnaryExpr:
					priority = v.Op.String() + v.X.(*ast.BasicLit).Value
				default:
					priority = "?"
				}
			}
		}
		out[event.Sel.Name] = append(out[event.Sel.Name], priority)
		return true
	})
	return out
}

// TestRealtimeWindowWrapsPocketBaseBroadcasts: the tenant filter opens its
// window around PocketBase's realtime broadcasts by running just before
// them (priority -100 on the "after success" events, 98 on OnModelDelete;
// hooks/tenant_filter.go). That copies PocketBase's priorities (-99, 99):
// an upgrade that changes them must fail here, not let the window close
// before a broadcast.
func TestRealtimeWindowWrapsPocketBaseBroadcasts(t *testing.T) {
	t.Parallel()
	require.Equal(t, map[string][]string{
		"OnModelAfterCreateSuccess": {"-99"},
		"OnModelAfterUpdateSuccess": {"-99", "-99"},
		"OnModelDelete":             {"99"},
		"OnModelAfterDeleteSuccess": {"-99", "-99"},
		"OnModelAfterDeleteError":   {"-99"},
	}, realtimePriorities(t))
}
