package shutdown

import "github.com/pocketbase/pocketbase/core"

// MiddlewareForTest is the gate's middleware.
func (g *Gate) MiddlewareForTest() func(*core.RequestEvent) error { return g.middleware }
