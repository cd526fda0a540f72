package whatsapp

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/bot"
	"github.com/bancada/bancada/collections"
)

// hotCache keeps, between a customer's messages, what the assistant path
// would otherwise read again for every message: the shop (with what the
// assistant is told about it), the conversation and who the customer is.
//
// Correctness rests on SQLite's single writer: every write to these
// collections goes through a record save or delete, whose execute hook
// (inside the writer's transaction) drops the entry and moves the
// generation. The inbound path reads the cache inside its own write
// transaction, so nothing else writes meanwhile, and stores what it saved
// only after the commit and only when the generation has not moved since
// its last write: a save by anyone else in between wins. Its own saves
// (marked with markHot) do not invalidate; it re-stores them. The one raw
// write to customers (clearing Asaas ids) does not touch what is kept
// here (identity, name, phone, @lid).
//
// A nil *hotCache keeps nothing (every message reads everything).
type hotCache struct {
	gen atomic.Uint64

	mu        sync.Mutex
	tenants   map[string]*hotTenant
	convs     map[string]*core.Record // tenant + "/" + conversation phone
	customers map[string]hotCustomer  // tenant + "/" + phone
	byID      map[string]string       // conversation or customer id → key above
}

// hotTenant is a shop as the assistant path uses it.
type hotTenant struct {
	record *core.Record
	bot    bot.Tenant
}

// hotCustomer is who a customer is, as the assistant path uses it.
type hotCustomer struct {
	ID, Name, Phone, LID string
	Since                time.Time
}

// hotMark is the raw key marking a record saved by the inbound path.
const hotMark = "@whatsapp.hot"

// hotLimit bounds each map; when full it is emptied (a cold start).
const hotLimit = 50000

func newHotCache() *hotCache {
	return &hotCache{tenants: map[string]*hotTenant{}, convs: map[string]*core.Record{},
		customers: map[string]hotCustomer{}, byID: map[string]string{}}
}

// markHot marks r as saved by the inbound path (its hooks do not drop it).
func markHot(r *core.Record) { r.SetRaw(hotMark, true) }

// bind drops entries whenever anything else writes the records they copy.
func (c *hotCache) bind(app core.App) {
	drop := func(e *core.RecordEvent) error {
		if ours, _ := e.Record.GetRaw(hotMark).(bool); !ours {
			c.invalidate(e.Record)
		}
		return e.Next()
	}
	for _, col := range []string{collections.Tenants, collections.Conversations, collections.Customers} {
		app.OnRecordUpdateExecute(col).BindFunc(drop)
		app.OnRecordDeleteExecute(col).BindFunc(drop)
	}
	// A new customer or conversation is only ever missing from the cache,
	// but the generation must move: a put racing it would be stale.
	app.OnRecordCreateExecute(collections.Conversations, collections.Customers).BindFunc(drop)
}

// invalidate forgets r.
func (c *hotCache) invalidate(r *core.Record) {
	c.gen.Add(1)
	c.mu.Lock()
	defer c.mu.Unlock()
	switch r.Collection().Name {
	case collections.Tenants:
		delete(c.tenants, r.Id)
	case collections.Conversations:
		delete(c.convs, c.byID[r.Id])
	case collections.Customers:
		delete(c.customers, c.byID[r.Id])
	}
	delete(c.byID, r.Id)
}

// generation is the current generation (read at the end of a write).
func (c *hotCache) generation() uint64 {
	if c == nil {
		return 0
	}
	return c.gen.Load()
}

func (c *hotCache) tenant(id string) *hotTenant {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tenants[id]
}

// conversation returns a copy of the conversation kept for key.
func (c *hotCache) conversation(key string) *core.Record {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if r := c.convs[key]; r != nil {
		return r.Fresh()
	}
	return nil
}

func (c *hotCache) customer(key string) (hotCustomer, bool) {
	if c == nil {
		return hotCustomer{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	h, ok := c.customers[key]
	return h, ok
}

// hotPut is what one inbound message learnt, stored after its commit.
type hotPut struct {
	tenant      *hotTenant
	convKey     string
	conv        *core.Record
	customerKey string
	customer    *hotCustomer
}

// put stores p unless the generation moved since gen (someone else wrote).
func (c *hotCache) put(gen uint64, p hotPut) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen.Load() != gen {
		return
	}
	if len(c.convs) >= hotLimit || len(c.customers) >= hotLimit || len(c.tenants) >= hotLimit {
		c.tenants, c.convs, c.customers, c.byID = map[string]*hotTenant{}, map[string]*core.Record{}, map[string]hotCustomer{}, map[string]string{}
	}
	if p.tenant != nil {
		c.tenants[p.tenant.record.Id] = p.tenant
	}
	if p.conv != nil {
		// As if just read from the database: its original data is what
		// was saved (hooks compare against it), and it is not new.
		kept := p.conv.Fresh()
		kept.Id = p.conv.Id
		if err := kept.PostScan(); err == nil {
			c.convs[p.convKey] = kept
			c.byID[p.conv.Id] = p.convKey
		}
	}
	if p.customer != nil {
		c.customers[p.customerKey] = *p.customer
		c.byID[p.customer.ID] = p.customerKey
	}
}

// phoneMemo remembers the normalised form of the WhatsApp numbers seen
// (parsing a number with its metadata is the costliest step of finding a
// customer). Unparseable numbers are remembered as "".
type phoneMemo struct {
	mu sync.Mutex
	m  map[string]string
}

// normalize is br.NormalizePhone("+" + digits), remembered.
func (p *phoneMemo) normalize(digits string, parse func(string) (string, error)) string {
	p.mu.Lock()
	v, ok := p.m[digits]
	p.mu.Unlock()
	if ok {
		return v
	}
	v, err := parse("+" + digits)
	if err != nil {
		v = ""
	}
	p.mu.Lock()
	if p.m == nil || len(p.m) >= hotLimit {
		p.m = map[string]string{}
	}
	p.m[digits] = v
	p.mu.Unlock()
	return v
}
