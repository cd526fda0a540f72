package cash

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/dbtime"
)

// MethodLine is one payment method of a till: what came in, what went
// back, what the till should hold, and (once closed) what was counted.
type MethodLine struct {
	Method string `json:"method"`
	// Payments is how many payments came in by this method.
	Payments int `json:"payments"`
	// Entries is the sum of those payments (before refunds), centavos.
	Entries int64 `json:"entries"`
	// Refunds given back by this method while the till was open.
	Refunds int64 `json:"refunds"`
	// Fees the shop pays on the entries (card machine, Pix).
	Fees int64 `json:"fees"`
	// Expected is what the till should hold: for cash, the opening float
	// plus entries, minus refunds and withdrawals, plus supplies.
	Expected int64 `json:"expected"`
	// Counted and Difference (counted − expected) once closed.
	Counted    *int64 `json:"counted,omitempty"`
	Difference *int64 `json:"difference,omitempty"`
}

// Summary is a till with its figures, as the cash routes answer it.
type Summary struct {
	Session      *core.Record   `json:"session"`
	Methods      []MethodLine   `json:"methods"`
	Moves        []*core.Record `json:"moves"`
	Withdrawals  int64          `json:"withdrawals"`
	Supplies     int64          `json:"supplies"`
	Expected     int64          `json:"expected"`
	Counted      *int64         `json:"counted,omitempty"`
	Difference   *int64         `json:"difference,omitempty"`
	OpenedByName string         `json:"opened_by_name"`
	ClosedByName string         `json:"closed_by_name,omitempty"`
	// Until is the end of the window counted: the closing, or now.
	Until string `json:"until"`
}

// methodOrder is the order methods are listed in (cash first).
var methodOrder = []string{
	collections.MethodCash, collections.MethodPix, collections.MethodDebitCard, collections.MethodCardMachine,
	collections.MethodCreditCard, collections.MethodTransfer, collections.MethodBoleto, collections.MethodUndefined,
}

// summarize computes a till's figures: payments paid between its opening
// and until (its closing, or now), refunds given in that window, and its
// withdrawals and supplies.
func summarize(app core.App, session *core.Record, until time.Time) (*Summary, error) {
	tenant := session.GetString(collections.CashSessionTenant)
	from := session.GetDateTime(collections.CashSessionOpenedAt).Time()
	lines := map[string]*MethodLine{}
	line := func(m string) *MethodLine {
		if lines[m] == nil {
			lines[m] = &MethodLine{Method: m}
		}
		return lines[m]
	}
	line(collections.MethodCash) // the drawer is always counted

	var pays []struct {
		Method  string `db:"method"`
		N       int    `db:"n"`
		Entries int64  `db:"entries"`
		Fees    int64  `db:"fees"`
	}
	err := app.DB().NewQuery(
		"SELECT [[method]], COUNT(*) AS n, SUM([[paid_amount]] + [[refunded]]) AS entries, SUM([[fee]]) AS fees FROM {{payments}} " +
			"WHERE [[tenant]] = {:t} AND [[status]] IN ('paid', 'refunded') AND [[paid_at]] >= {:from} AND [[paid_at]] <= {:until} GROUP BY [[method]]",
	).Bind(dbx.Params{"t": tenant, "from": dbtime.Format(from), "until": dbtime.Format(until)}).All(&pays)
	if err != nil {
		return nil, fmt.Errorf("cash: payments of the till: %w", err)
	}
	for _, p := range pays {
		l := line(p.Method)
		l.Payments, l.Entries, l.Fees = p.N, p.Entries, p.Fees
	}
	var refunds []struct {
		Method string `db:"method"`
		Sum    int64  `db:"total"`
	}
	err = app.DB().NewQuery(
		"SELECT [[method]], SUM([[amount]]) AS total FROM {{refunds}} " +
			"WHERE [[tenant]] = {:t} AND [[refunded_at]] >= {:from} AND [[refunded_at]] <= {:until} GROUP BY [[method]]",
	).Bind(dbx.Params{"t": tenant, "from": dbtime.Format(from), "until": dbtime.Format(until)}).All(&refunds)
	if err != nil {
		return nil, fmt.Errorf("cash: refunds of the till: %w", err)
	}
	for _, r := range refunds {
		line(r.Method).Refunds = r.Sum
	}
	moves, err := app.FindRecordsByFilter(collections.CashMoves, "tenant = {:t} && session = {:s}", "created", 0, 0,
		dbx.Params{"t": tenant, "s": session.Id})
	if err != nil {
		return nil, fmt.Errorf("cash: moves of the till: %w", err)
	}
	sum := &Summary{Session: session, Moves: moves, Until: dbtime.Format(until)}
	for _, m := range moves {
		if m.GetString(collections.CashMoveKind) == collections.CashWithdrawal {
			sum.Withdrawals += int64(m.GetInt(collections.CashMoveAmount))
		} else {
			sum.Supplies += int64(m.GetInt(collections.CashMoveAmount))
		}
	}
	var counted map[string]int64
	if raw := session.GetString(collections.CashSessionCounted); raw != "" && raw != "null" {
		_ = json.Unmarshal([]byte(raw), &counted)
	}
	for m := range counted {
		line(m)
	}
	for _, m := range sortedMethods(lines) {
		l := lines[m]
		l.Expected = l.Entries - l.Refunds
		if m == collections.MethodCash {
			l.Expected += int64(session.GetInt(collections.CashSessionFloat)) - sum.Withdrawals + sum.Supplies
		}
		sum.Expected += l.Expected
		if counted != nil {
			c := counted[m]
			d := c - l.Expected
			l.Counted, l.Difference = &c, &d
		}
		sum.Methods = append(sum.Methods, *l)
	}
	if counted != nil {
		var c int64
		for _, l := range sum.Methods {
			c += *l.Counted
		}
		d := c - sum.Expected
		sum.Counted, sum.Difference = &c, &d
	}
	sum.OpenedByName = userName(app, session.GetString(collections.CashSessionOpenedBy))
	sum.ClosedByName = userName(app, session.GetString(collections.CashSessionClosedBy))
	return sum, nil
}

// sortedMethods lists the methods of lines in methodOrder.
func sortedMethods(lines map[string]*MethodLine) []string {
	var out []string
	for _, m := range methodOrder {
		if lines[m] != nil {
			out = append(out, m)
		}
	}
	for m := range lines {
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}

// userName is a staff member's name (or e-mail), "" when unknown.
func userName(app core.App, id string) string {
	if id == "" {
		return ""
	}
	u, err := app.FindRecordById(collections.Users, id)
	if err != nil {
		return ""
	}
	if n := u.GetString(collections.UserName); n != "" {
		return n
	}
	return u.Email()
}
