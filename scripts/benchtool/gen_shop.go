package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/bancada/bancada/collections"
)

// staffMember is someone working in the shop being generated.
type staffMember struct {
	*genUser
	role collections.Role
}

// genCustomer is a generated customer with their devices.
type genCustomer struct {
	id, name, phone string
	created         time.Time
	devices         []genDevice
	lastOrder       string
}

type genDevice struct {
	id      string
	m       *model
	name    string
	created time.Time
}

// shopGen builds one shop's rows.
type shopGen struct {
	g                    *generator
	sp                   shopPlan
	r                    *rnd
	tenantID, name, ddd  string
	plan                 string
	opened               time.Time
	ip                   string
	staff                []staffMember
	owner, front, techie []staffMember
	customers            []*genCustomer
}

const userAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"

// shop writes one shop and everything in it; it returns the tenant id.
func (g *generator) shop(sp shopPlan) (string, error) {
	r := newRnd(g.p.Seed, uint64(sp.Index)+1)
	s := &shopGen{g: g, sp: sp, r: r, tenantID: r.id()}
	city := cities[r.IntN(len(cities))]
	s.ddd = city.ddd
	// Big shops have been around longer.
	years := 1 + r.IntN(3)
	if sp.Index < 10 {
		years = 4
	}
	s.opened = g.until.AddDate(-years, 0, -r.IntN(300))
	s.name = fmt.Sprintf("%s %s", r.pick(shopWords), r.pick(surnames))
	if sp.Index > 0 {
		s.name += fmt.Sprintf(" %d", sp.Index)
	}
	s.ip = fmt.Sprintf("189.%d.%d.%d", r.IntN(256), r.IntN(256), 1+r.IntN(254))

	steps := []func() error{s.tenant, s.sequence, s.people, s.subscription, s.priceRules, s.parts, s.customersAndDevices, s.orders, s.conversations}
	for _, step := range steps {
		if err := step(); err != nil {
			return "", err
		}
	}
	return s.tenantID, nil
}

func (s *shopGen) tenant() error {
	g, r := s.g, s.r
	plan := ""
	switch {
	case len(g.planIDs) == 0:
	case s.sp.Staff > 10 && len(g.planIDs) > 2:
		plan = g.planIDs[2]
	case s.sp.Staff > 3 && len(g.planIDs) > 1:
		plan = g.planIDs[1]
	case len(g.planIDs) > 1 && r.chance(0.3):
		plan = g.planIDs[1]
	default:
		plan = g.planIDs[0]
	}
	s.plan = plan
	settings := "{}"
	if r.chance(0.3) {
		settings = `{"discount_percent":10,"discount_min_customer_days":180}`
	}
	wa, waNumber := string(collections.IntegrationOff), ""
	phone := s.r.mobile(s.ddd)
	if s.sp.Messages > 0 {
		wa, waNumber = string(collections.IntegrationConnected), phone
	}
	street := r.pick(streets)
	addr := fmt.Sprintf("%s, %d - Centro, %s", street, 10+r.IntN(2000), cityOf(s.ddd))
	email := fmt.Sprintf("contato@loja%d.bench.bancada.app", s.sp.Index)
	ts := pbTime(s.opened)
	return g.w.insert(collections.Tenants, s.tenantID, s.name, cnpj(10_000_000+s.sp.Index*7919+r.IntN(7919)), email, phone, addr, "",
		true, plan, collections.DefaultTimezone, settings, "", wa, waNumber,
		string(collections.IntegrationOff), string(collections.IntegrationOff), "", ts, ts)
}

// sequence sets the shop's order-number counter to its last order number,
// as hooks/orders.go keeps it.
func (s *shopGen) sequence() error {
	return s.g.w.insert(collections.Sequences, s.r.id(), s.tenantID, collections.SequenceOrders, s.sp.Orders)
}

func cityOf(ddd string) string {
	for _, c := range cities {
		if c.ddd == ddd {
			return c.city + " - " + c.uf
		}
	}
	return "São Paulo - SP"
}

// people creates the owner (shared with the previous shop in a chain) and
// the staff, with their memberships.
func (s *shopGen) people() error {
	g, r := s.g, s.r
	owner := g.owners[s.sp.SharedOwnerWith]
	if s.sp.SharedOwnerWith < 0 || owner == nil {
		var err error
		if owner, err = g.user(r, s.opened); err != nil {
			return err
		}
	}
	g.owners[s.sp.Index] = owner
	if err := s.member(owner, collections.RoleOwner, s.opened); err != nil {
		return err
	}
	// the first employee answers the counter, the second repairs; then a mix
	roles := []collections.Role{collections.RoleAttendant, collections.RoleTechnician, collections.RoleManager,
		collections.RoleTechnician, collections.RoleAttendant, collections.RoleTechnician}
	for k := 0; k < s.sp.Staff-1; k++ {
		joined := r.between(s.opened, s.g.until.AddDate(0, -1, 0))
		if k < 2 {
			joined = s.opened
		}
		u, err := g.user(r, joined)
		if err != nil {
			return err
		}
		if err := s.member(u, roles[k%len(roles)], joined); err != nil {
			return err
		}
	}
	return nil
}

func (s *shopGen) member(u *genUser, role collections.Role, at time.Time) error {
	m := staffMember{genUser: u, role: role}
	s.staff = append(s.staff, m)
	switch role {
	case collections.RoleOwner:
		s.owner = append(s.owner, m)
	case collections.RoleTechnician:
		s.techie = append(s.techie, m)
	case collections.RoleAttendant, collections.RoleManager:
		s.front = append(s.front, m)
	}
	ts := pbTime(at)
	return s.g.w.insert(collections.Memberships, s.r.id(), s.tenantID, u.id, string(role), ts, ts)
}

// subscription is the shop's SaaS plan, paid up for most shops.
func (s *shopGen) subscription() error {
	g, r := s.g, s.r
	status := collections.SubscriptionActive
	overdue := ""
	switch x := r.Float64(); {
	case x < 0.03:
		status = collections.SubscriptionOverdue
		overdue = pbTime(g.until.AddDate(0, 0, -1-r.IntN(5)))
	case x < 0.05:
		status = collections.SubscriptionPending
	}
	planID := s.plan
	due := pbTime(g.until.AddDate(0, 0, 1+r.IntN(29)).Truncate(24 * time.Hour))
	asaasCus, asaasSub := "", ""
	if status != collections.SubscriptionPending {
		asaasCus = fmt.Sprintf("cus_%012d", 100000+s.sp.Index)
		asaasSub = fmt.Sprintf("sub_%s", r.str(16, idAlphabet))
	}
	ts := pbTime(s.opened)
	return g.w.insert(collections.Subscriptions, r.id(), s.tenantID, planID, string(status), g.planPrice[planID], due, overdue,
		asaasCus, asaasSub, "", false, pbTime(g.until.AddDate(0, 0, -1)), "", "", "", ts, pbTime(g.until.AddDate(0, 0, -1)))
}

// priceRuleCatalog is a shop's price list (unique per tenant, like the
// demo's): device type, brand, service, model, price.
var priceRuleCatalog = []struct {
	kind                  collections.DeviceKind
	brand, service, model string
	price                 int64
}{
	{collections.DevicePhone, "", "", "", 15000},
	{collections.DevicePhone, "", "screen", "", 28000},
	{collections.DevicePhone, "", "battery", "", 16000},
	{collections.DevicePhone, "Apple", "", "", 25000},
	{collections.DevicePhone, "Apple", "screen", "", 65000},
	{collections.DevicePhone, "Apple", "screen", "iPhone 11", 55000},
	{collections.DevicePhone, "Apple", "battery", "", 35000},
	{collections.DevicePhone, "Samsung", "screen", "", 42000},
	{collections.DevicePhone, "Motorola", "screen", "", 30000},
	{collections.DevicePhone, "Xiaomi", "screen", "", 32000},
	{collections.DevicePhone, "", "charging", "", 12000},
	{collections.DeviceTablet, "", "", "", 20000},
	{collections.DeviceComputer, "", "", "", 25000},
	{collections.DeviceConsole, "", "", "", 22000},
	{collections.DeviceOther, "", "", "", 10000},
}

func (s *shopGen) priceRules() error {
	ts := pbTime(s.opened.Add(time.Hour))
	for _, c := range priceRuleCatalog[:min(s.sp.PriceRules, len(priceRuleCatalog))] {
		price := c.price + int64(s.r.IntN(11)-5)*1000
		if err := s.g.w.insert(collections.PriceRules, s.r.id(), s.tenantID, string(c.kind), c.brand, c.service, c.model,
			price, "", ts, ts); err != nil {
			return err
		}
	}
	return nil
}

func (s *shopGen) parts() error {
	r := s.r
	kinds := []struct{ prefix, sku string }{{"Tela", "TEL"}, {"Bateria", "BAT"}, {"Conector de carga", "CON"}, {"Alto-falante", "ALT"}, {"Câmera traseira", "CAM"}}
	for i := 0; i < s.sp.Parts; i++ {
		m := &deviceModels[r.weighted(modelWeights[:4])]
		name := r.pick(m.names)
		k := kinds[i%len(kinds)]
		cost := int64(2000 + r.IntN(60)*1000)
		ts := pbTime(r.between(s.opened, s.g.until))
		if err := s.g.w.insert(collections.Parts, r.id(), s.tenantID, k.prefix+" "+name, fmt.Sprintf("%s-%04d", k.sku, i+1), name,
			cost, cost*5/2, r.IntN(12), 1+r.IntN(3), fmt.Sprintf("Gaveta %d", 1+r.IntN(20)), ts, ts); err != nil {
			return err
		}
	}
	return nil
}

func (s *shopGen) customersAndDevices() error {
	g, r := s.g, s.r
	n := s.sp.Customers
	created := make([]time.Time, n)
	for i := range created {
		created[i] = r.between(s.opened, g.until)
	}
	slices.SortFunc(created, func(a, b time.Time) int { return a.Compare(b) })
	created[0] = s.opened
	phones := map[string]bool{}
	s.customers = make([]*genCustomer, n)
	for i := range s.customers {
		c := &genCustomer{id: r.id(), name: r.fullName(), created: created[i]}
		for {
			c.phone = r.mobile(s.ddd)
			if !phones[c.phone] {
				phones[c.phone] = true
				break
			}
		}
		s.customers[i] = c
		doc, kind, email := "", "", ""
		if r.chance(0.4) {
			doc, kind = r.cpf(), collections.DocumentCPF
		}
		if r.chance(0.3) {
			email = fmt.Sprintf("%s%d@%s", emailLocal(c.name), r.IntN(100), r.pick([]string{"gmail.com", "hotmail.com", "yahoo.com.br", "outlook.com"}))
		}
		ts := pbTime(c.created)
		if err := g.w.insert(collections.Customers, c.id, s.tenantID, c.name, c.phone, doc, kind, email, "", "",
			r.chance(0.2), false, "", "", ts, ts); err != nil {
			return err
		}
	}
	// every customer has one device; the rest go to random customers
	for i := 0; i < s.sp.Devices; i++ {
		c := s.customers[i%n]
		at := c.created.Add(time.Duration(len(c.devices)) * time.Second)
		if i >= n {
			c = s.customers[r.IntN(n)]
			at = r.between(c.created, g.until)
		}
		m := &deviceModels[r.weighted(modelWeights)]
		d := genDevice{id: r.id(), m: m, name: r.pick(m.names), created: at}
		c.devices = append(c.devices, d)
		imei, serial := "", ""
		if m.kind == collections.DevicePhone && r.chance(0.7) {
			imei = r.imei()
		} else if m.kind != collections.DevicePhone && r.chance(0.5) {
			serial = strings.ToUpper(r.str(10, idAlphabet))
		}
		acc, _ := json.Marshal(accessories[r.IntN(len(accessories))])
		ts := pbTime(at)
		if err := g.w.insert(collections.Devices, d.id, s.tenantID, c.id, string(m.kind), m.brand, d.name, imei, serial,
			r.pick(colors), string(acc), nil, "", "[]", "", "", "", false, ts, ts); err != nil {
			return err
		}
	}
	for _, c := range s.customers {
		sort.Slice(c.devices, func(i, j int) bool { return c.devices[i].created.Before(c.devices[j].created) })
	}
	return nil
}
