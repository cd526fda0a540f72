package main

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/bancada/bancada/collections"
)

// destiny is the whole status path an order would take if time let it;
// the generator cuts it at the end of the history, so recent orders are
// still open and old ones are finished, as in a real shop.
type destiny struct {
	weight float64
	path   []collections.OrderStatus
}

const (
	sRec  = collections.StatusReceived
	sDiag = collections.StatusDiagnosing
	sQuot = collections.StatusQuoted
	sAppr = collections.StatusApproved
	sRej  = collections.StatusRejected
	sWait = collections.StatusWaitingParts
	sRep  = collections.StatusRepairing
	sRdy  = collections.StatusReady
	sDel  = collections.StatusDelivered
	sCanc = collections.StatusCancelled
)

var destinies = []destiny{
	{76, []collections.OrderStatus{sRec, sDiag, sQuot, sAppr, sRep, sRdy, sDel}},
	{5, []collections.OrderStatus{sRec, sDiag, sQuot, sAppr, sWait, sRep, sRdy, sDel}},
	{7, []collections.OrderStatus{sRec, sDiag, sQuot, sRej, sDel}},
	{2, []collections.OrderStatus{sRec, sDiag, sQuot, sRej, sRdy, sDel}},
	{4, []collections.OrderStatus{sRec, sCanc}},
	{3, []collections.OrderStatus{sRec, sDiag, sCanc}},
	{2, []collections.OrderStatus{sRec, sDiag, sQuot, sCanc}},
	{1, []collections.OrderStatus{sRec, sDiag, sQuot, sAppr, sRep, sRdy}}, // never collected
}

var destinyWeights = func() []float64 {
	w := make([]float64, len(destinies))
	for i, d := range destinies {
		w[i] = d.weight
	}
	return w
}()

// stepHours is how long reaching each status takes after the previous one
// (min and max, in hours).
func stepHours(from, to collections.OrderStatus) (float64, float64) {
	switch to {
	case sDiag:
		return 0.5, 24
	case sQuot:
		return 1, 48
	case sAppr, sRej:
		return 1, 72
	case sWait:
		return 1, 12
	case sRep:
		if from == sWait {
			return 24, 240
		}
		return 1, 24
	case sRdy:
		return 2, 72
	case sDel:
		return 1, 240
	case sCanc:
		return 1, 72
	}
	return 1, 24
}

// orders writes the shop's orders, numbered in creation order, each with
// the order_events rows of its status history.
func (s *shopGen) orders() error {
	g, r := s.g, s.r
	n := s.sp.Orders
	times := make([]time.Time, n)
	for i := range times {
		times[i] = r.between(s.opened, g.until)
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	firstCustomerAfter := func(t time.Time) int {
		return sort.Search(len(s.customers), func(i int) bool { return s.customers[i].created.After(t) })
	}
	for i, created := range times {
		// a customer already registered by then, favouring recent ones
		k := max(firstCustomerAfter(created), 1)
		c := s.customers[k-1-int(float64(k)*math.Pow(r.Float64(), 1.6))]
		if c.created.After(created) {
			created = c.created
		}
		d := c.devices[0]
		for _, x := range c.devices {
			if !x.created.After(created) {
				d = x
			}
		}
		if d.created.After(created) {
			created = d.created
		}
		if err := s.order(i+1, created, c, d); err != nil {
			return err
		}
	}
	g.progress(n)
	return nil
}

// order writes one order and its history.
func (s *shopGen) order(number int, created time.Time, c *genCustomer, d genDevice) error {
	g, r := s.g, s.r
	id := r.id()
	probs := phoneProblems
	if d.m.kind != collections.DevicePhone {
		probs = otherProblems
	}
	p := probs[r.IntN(len(probs))]
	price := (p.price*int64(80+r.IntN(41))/100 + 500) / 1000 * 1000

	// Realise the destiny up to the end of the history.
	dest := destinies[r.weighted(destinyWeights)].path
	path := []collections.OrderStatus{sRec}
	at := []time.Time{created}
	for j := 1; j < len(dest); j++ {
		lo, hi := stepHours(dest[j-1], dest[j])
		next := at[j-1].Add(time.Duration((lo + r.Float64()*(hi-lo)) * float64(time.Hour)))
		if !next.Before(g.until) {
			break
		}
		path = append(path, dest[j])
		at = append(at, next)
	}
	status := path[len(path)-1]
	dates := map[string]time.Time{}
	quoted := false
	for j, st := range path {
		if f := collections.DateFor(st); f != "" {
			dates[f] = at[j]
		}
		if st == sQuot {
			quoted = true
		}
	}

	technician := ""
	var tech *staffMember
	if len(path) > 1 && path[1] == sDiag && len(s.techie) > 0 {
		t := s.techie[r.IntN(len(s.techie))]
		tech, technician = &t, t.id
	}
	diagnosis, quoteLines, quoteTotal := "", any(nil), int64(0)
	if quoted {
		diagnosis = p.diagnosis
		var lines []collections.QuoteLine
		if p.part != "" {
			partPrice := price * 6 / 10 / 100 * 100
			lines = append(lines, collections.QuoteLine{Kind: collections.LinePart, Description: p.part + " " + d.name, Quantity: 1, UnitCents: partPrice},
				collections.QuoteLine{Kind: collections.LineLabor, Description: "Mão de obra", Quantity: 1, UnitCents: price - partPrice})
		} else {
			lines = append(lines, collections.QuoteLine{Kind: collections.LineLabor, Description: "Mão de obra", Quantity: 1, UnitCents: price})
		}
		b, err := json.Marshal(lines)
		if err != nil {
			return err
		}
		quoteLines = string(b)
		for _, l := range lines {
			quoteTotal += l.TotalCents()
		}
	}
	estimate := int64(0)
	if r.chance(0.5) {
		estimate = p.price
	}
	expected := ""
	if t, ok := dates[collections.OrderApprovedAt]; ok {
		expected = pbTime(t.Add(72 * time.Hour))
	}
	source := "counter"
	switch x := r.Float64(); {
	case x < 0.22:
		source = "whatsapp"
	case x < 0.25:
		source = "api"
	}
	ts := func(f string) string { return pbTime(dates[f]) }
	if err := g.w.insert(collections.Orders, id, s.tenantID, number, c.id, d.id, p.text, diagnosis, string(status), quoteLines, quoteTotal,
		0, estimate, 0, collections.DefaultWarrantyDays, technician, "", expected, pbTime(created),
		ts(collections.OrderQuotedAt), ts(collections.OrderApprovedAt), ts(collections.OrderRejectedAt), ts(collections.OrderCompletedAt),
		ts(collections.OrderDeliveredAt), ts(collections.OrderCancelledAt), r.token(), false, source, "",
		pbTime(created), pbTime(at[len(at)-1])); err != nil {
		return err
	}
	c.lastOrder = id

	from := collections.OrderStatus("")
	for j, st := range path {
		actor := s.actorFor(st, tech)
		t := pbTime(at[j])
		if err := g.w.insert(collections.OrderEvents, r.id(), s.tenantID, id, string(from), string(st), actor.id, actor.name,
			"", s.ip, userAgent, t, t); err != nil {
			return err
		}
		from = st
	}
	return nil
}

// actorFor is who moves an order to st: technicians work on it, the front
// desk talks to the customer; the owner does everything in a one-person shop.
func (s *shopGen) actorFor(st collections.OrderStatus, tech *staffMember) staffMember {
	switch st {
	case sDiag, sQuot, sWait, sRep, sRdy:
		if tech != nil {
			return *tech
		}
	}
	if len(s.front) > 0 {
		return s.front[s.r.IntN(len(s.front))]
	}
	return s.owner[0]
}

// conversations writes WhatsApp threads with recent customers and their
// messages.
func (s *shopGen) conversations() error {
	r := s.r
	if s.sp.Messages == 0 {
		return nil
	}
	nc := min(len(s.customers), max(1, s.sp.Messages/5))
	// recent customers talk more: pick among the newest 3×nc
	pool := s.customers[max(0, len(s.customers)-3*nc):]
	perm := r.Perm(len(pool))[:nc]
	weights := make([]float64, nc)
	for i := range weights {
		weights[i] = 0.3 + r.Float64()*1.7
	}
	counts := split(s.sp.Messages, weights, 1)
	for i, pi := range perm {
		if err := s.conversation(pool[pi], counts[i]); err != nil {
			return err
		}
	}
	return nil
}

type genMessage struct {
	id, dir, author, staff, text, waID, status, order string
	at                                                time.Time
}

func (s *shopGen) conversation(c *genCustomer, n int) error {
	g, r := s.g, s.r
	if n == 0 {
		return nil
	}
	first := c.created
	if w := g.until.AddDate(0, 0, -180); w.After(first) {
		first = w
	}
	last := g.until.Add(-time.Duration(n)*6*time.Hour - time.Hour)
	start := first
	if last.After(first) {
		start = r.between(first, last)
	}
	firstName := strings.Fields(c.name)[0]
	dev := c.devices[0].name
	msgs := make([]genMessage, n)
	t := start
	for i := range msgs {
		m := genMessage{id: r.id(), at: t}
		kind := "in"
		switch {
		case i == 0:
		case i == 1:
			kind = "bot"
		default:
			switch x := r.Float64(); {
			case x < 0.45:
			case x < 0.75:
				kind = "bot"
			case x < 0.9:
				kind = "staff"
			default:
				kind = "system"
			}
		}
		switch kind {
		case "in":
			m.dir, m.author, m.status = collections.DirectionIn, collections.AuthorCustomer, string(collections.MessageReceived)
			m.text = fmtMaybe(r.pick(inboundTexts), dev)
			m.waID = "3EB0" + strings.ToUpper(r.str(16, "0123456789abcdef"))
		default:
			m.dir = collections.DirectionOut
			m.status = r.pick([]string{string(collections.MessageRead), string(collections.MessageRead), string(collections.MessageDelivered), string(collections.MessageSent)})
			m.waID = "BAE5" + strings.ToUpper(r.str(12, "0123456789abcdef"))
			switch kind {
			case "bot":
				m.author = collections.AuthorBot
				m.text = fmtMaybe(r.pick(botTexts), firstName, s.name)
				if strings.Contains(m.text, "troca de tela do") {
					m.text = fmt.Sprintf(botTexts[1], dev)
				}
			case "staff":
				m.author = collections.AuthorStaff
				st := s.staff[r.IntN(len(s.staff))]
				m.staff = st.id
				m.text = fmtMaybe(r.pick(staffTexts), firstName)
			case "system":
				m.author = collections.AuthorSystem
				m.text = fmt.Sprintf("Olá, %s! Sua ordem de serviço mudou para: %s.", firstName, sRdy.Label())
				m.order = c.lastOrder
			}
		}
		msgs[i] = m
		t = t.Add(time.Minute + time.Duration(r.Int64N(int64(6*time.Hour))))
	}

	lastMsg := msgs[n-1]
	lastIn := time.Time{}
	for _, m := range msgs {
		if m.dir == collections.DirectionIn {
			lastIn = m.at
		}
	}
	mode, reason, handoffAt, assigned := collections.ModeBot, "", "", ""
	switch x := r.Float64(); {
	case x < 0.10:
		mode, reason, handoffAt = collections.ModeHuman, "o cliente pediu um atendente", pbTime(lastMsg.at.Add(-time.Minute))
		if len(s.front) > 0 {
			assigned = s.front[r.IntN(len(s.front))].id
		} else {
			assigned = s.owner[0].id
		}
	case x < 0.13:
		mode = collections.ModeQueued
	case x < 0.15:
		mode = collections.ModePaused
	}
	unread := 0
	if lastMsg.dir == collections.DirectionIn {
		unread = 1 + r.IntN(3)
	}
	convID := r.id()
	if err := g.w.insert(collections.Conversations, convID, s.tenantID, c.id, c.phone, c.phone+"@s.whatsapp.net", string(mode),
		reason, handoffAt, assigned, pbTime(lastMsg.at), pbTime(lastIn), unread, nil, truncateRunes(lastMsg.text, 200),
		pbTime(msgs[0].at), pbTime(lastMsg.at)); err != nil {
		return err
	}
	for _, m := range msgs {
		ts := pbTime(m.at)
		if err := g.w.insert(collections.Messages, m.id, s.tenantID, convID, m.dir, m.author, m.staff, m.text, m.waID, m.status,
			"", m.order, ts, ts); err != nil {
			return err
		}
	}
	return nil
}

// fmtMaybe fills %s verbs when the template has them.
func fmtMaybe(tmpl string, args ...any) string {
	n := strings.Count(tmpl, "%s")
	if n == 0 {
		return tmpl
	}
	return fmt.Sprintf(tmpl, args[:min(n, len(args))]...)
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
