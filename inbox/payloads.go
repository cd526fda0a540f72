package inbox

import "sync"

// payloadCache keeps the payloads of events just stored, so the processor
// hands them to the handler without reading them back. It is bounded: an
// event whose payload was dropped (a backlog, a restart) is read from the
// table.
type payloadCache struct {
	mu    sync.Mutex
	max   int
	byID  map[string][]byte
	order []string
}

func newPayloadCache(max int) *payloadCache {
	return &payloadCache{max: max, byID: map[string][]byte{}}
}

// put remembers the payload of event id, forgetting the oldest when full.
func (c *payloadCache) put(id string, payload []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for len(c.byID) >= c.max && len(c.order) > 0 {
		delete(c.byID, c.order[0])
		c.order = c.order[1:]
	}
	c.byID[id] = payload
	c.order = append(c.order, id)
	if len(c.order) > 2*c.max {
		// Most ids in order were taken already: keep the others.
		kept := c.order[:0]
		for _, k := range c.order {
			if _, ok := c.byID[k]; ok {
				kept = append(kept, k)
			}
		}
		c.order = kept
	}
}

// take returns and forgets the payload of event id.
func (c *payloadCache) take(id string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.byID[id]
	if ok {
		delete(c.byID, id)
	}
	return p, ok
}
