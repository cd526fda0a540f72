package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
)

// Logins is the file gen writes and load reads: who to act as, with fresh
// auth tokens (minted by PocketBase from the data dir, so no password
// sign-in and no bcrypt on the hot path), and sample ids to act on.
type Logins struct {
	Password string `json:"password"`
	// Shops holds "big" (the biggest), "small" (the median) and "chain"
	// (the second shop of a two-shop owner), when the data set has them.
	Shops map[string]*ShopLogins `json:"shops"`
	// Multi works in two shops (the chain owner).
	Multi *Login `json:"multi,omitempty"`
	// Outsider is a user with no membership at all.
	Outsider *Login `json:"outsider,omitempty"`
	// Staff is everyone who works somewhere: the realtime clients.
	Staff []*Login `json:"staff"`
}

// Login is one users record and a token for it.
type Login struct {
	ID      string   `json:"id"`
	Email   string   `json:"email"`
	Name    string   `json:"name"`
	Roles   []string `json:"roles,omitempty"`
	Tenants []string `json:"tenants,omitempty"`
	Token   string   `json:"token"`
}

// ShopLogins are one shop's staff and sample records.
type ShopLogins struct {
	Tenant string   `json:"tenant"`
	Name   string   `json:"name"`
	Orders int      `json:"orders"`
	Staff  []*Login `json:"staff"`
	// Pairs are customers with one of their devices, to create orders.
	Pairs []Pair `json:"pairs"`
	// OrderIDs are recent orders, to view and update.
	OrderIDs []string `json:"order_ids"`
}

// Pair is a customer and one of their devices.
type Pair struct {
	Customer string `json:"customer"`
	Device   string `json:"device"`
}

// byRole returns the shop's first staff member with role, or any staff.
func (s *ShopLogins) byRole(role string) *Login {
	for _, l := range s.Staff {
		for _, r := range l.Roles {
			if r == role {
				return l
			}
		}
	}
	if len(s.Staff) > 0 {
		return s.Staff[0]
	}
	return nil
}

// readLogins loads the logins file.
func readLogins(path string) (*Logins, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("logins: %w", err)
	}
	var l Logins
	if err := json.Unmarshal(b, &l); err != nil {
		return nil, fmt.Errorf("logins: parse %s: %w", path, err)
	}
	return &l, nil
}

// buildLogins reads staff, memberships and samples from the data set and
// mints a token per user. It works the same on a fresh and a reused set.
func buildLogins(app core.App, m *marker) (*Logins, error) {
	l := &Logins{Password: benchPassword, Shops: map[string]*ShopLogins{}}

	type row struct {
		User   string `db:"user"`
		Tenant string `db:"tenant"`
		Role   string `db:"role"`
	}
	var rows []row
	if err := app.DB().NewQuery("SELECT [[user]], [[tenant]], [[role]] FROM {{memberships}} ORDER BY [[created]], [[id]]").All(&rows); err != nil {
		return nil, fmt.Errorf("logins: memberships: %w", err)
	}
	byUser := map[string]*Login{}
	var order []string
	for _, r := range rows {
		lg := byUser[r.User]
		if lg == nil {
			lg = &Login{ID: r.User}
			byUser[r.User] = lg
			order = append(order, r.User)
		}
		lg.Tenants = append(lg.Tenants, r.Tenant)
		lg.Roles = append(lg.Roles, r.Role)
	}
	ids := append([]string(nil), order...)
	if m.Outsider != "" {
		ids = append(ids, m.Outsider)
	}
	records, err := app.FindRecordsByIds(collections.Users, ids)
	if err != nil {
		return nil, fmt.Errorf("logins: users: %w", err)
	}
	recs := map[string]*core.Record{}
	for _, r := range records {
		recs[r.Id] = r
	}
	login := func(id string) (*Login, error) {
		r := recs[id]
		if r == nil {
			return nil, fmt.Errorf("logins: user %s not found", id)
		}
		lg := byUser[id]
		if lg == nil {
			lg = &Login{ID: id}
		}
		lg.Email, lg.Name = r.Email(), r.GetString(collections.UserName)
		if lg.Token == "" {
			tok, err := r.NewAuthToken()
			if err != nil {
				return nil, fmt.Errorf("logins: token for %s: %w", id, err)
			}
			lg.Token = tok
		}
		return lg, nil
	}
	for _, id := range order {
		lg, err := login(id)
		if err != nil {
			return nil, err
		}
		l.Staff = append(l.Staff, lg)
		if len(lg.Tenants) > 1 && l.Multi == nil {
			l.Multi = lg
		}
	}
	if m.Outsider != "" {
		if l.Outsider, err = login(m.Outsider); err != nil {
			return nil, err
		}
	}

	for key, tenantID := range map[string]string{"big": m.Big, "small": m.Small, "chain": m.Chain} {
		if tenantID == "" {
			continue
		}
		s, err := shopLogins(app, tenantID, l.Staff)
		if err != nil {
			return nil, err
		}
		l.Shops[key] = s
	}
	return l, nil
}

// shopLogins collects one shop's staff and sample records.
func shopLogins(app core.App, tenantID string, staff []*Login) (*ShopLogins, error) {
	t, err := app.FindRecordById(collections.Tenants, tenantID)
	if err != nil {
		return nil, fmt.Errorf("logins: tenant %s: %w", tenantID, err)
	}
	s := &ShopLogins{Tenant: tenantID, Name: t.GetString(collections.TenantName)}
	for _, lg := range staff {
		for i, tid := range lg.Tenants {
			if tid == tenantID {
				// one login per person, with the role held in this shop
				c := *lg
				c.Roles = []string{lg.Roles[i]}
				s.Staff = append(s.Staff, &c)
				break
			}
		}
	}
	sort.SliceStable(s.Staff, func(i, j int) bool { return roleRank(s.Staff[i].Roles[0]) < roleRank(s.Staff[j].Roles[0]) })
	q := app.DB().NewQuery("SELECT COUNT(*) FROM {{orders}} WHERE [[tenant]] = {:t}").Bind(dbx.Params{"t": tenantID})
	if err := q.Row(&s.Orders); err != nil {
		return nil, fmt.Errorf("logins: count orders: %w", err)
	}
	var pairs []struct {
		Customer string `db:"customer"`
		Device   string `db:"device"`
	}
	if err := app.DB().NewQuery(
		"SELECT [[customer]], [[device]] FROM {{orders}} WHERE [[tenant]] = {:t} ORDER BY [[created]] DESC LIMIT 64",
	).Bind(dbx.Params{"t": tenantID}).All(&pairs); err != nil {
		return nil, fmt.Errorf("logins: pairs: %w", err)
	}
	seen := map[Pair]bool{}
	for _, p := range pairs {
		pp := Pair{Customer: p.Customer, Device: p.Device}
		if !seen[pp] {
			seen[pp] = true
			s.Pairs = append(s.Pairs, pp)
		}
	}
	if err := app.DB().NewQuery(
		"SELECT [[id]] FROM {{orders}} WHERE [[tenant]] = {:t} ORDER BY [[created]] DESC LIMIT 64",
	).Bind(dbx.Params{"t": tenantID}).Column(&s.OrderIDs); err != nil {
		return nil, fmt.Errorf("logins: order ids: %w", err)
	}
	return s, nil
}

func roleRank(r string) int {
	for i, x := range collections.AllRoles {
		if string(x) == r {
			return i
		}
	}
	return len(collections.AllRoles)
}

// writeJSON writes v to path, indented.
func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
