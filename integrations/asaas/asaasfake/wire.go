package asaasfake

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// brt is Brasília time (UTC−3, no daylight saving since 2019).
var brt = time.FixedZone("BRT", -3*60*60)

// errItem is one entry of an Asaas error body.
type errItem struct {
	Code        string `json:"code"`
	Description string `json:"description"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeErrors(w http.ResponseWriter, status int, items ...errItem) {
	writeJSON(w, status, map[string]any{"errors": items})
}

func writeNotFound(w http.ResponseWriter) {
	// Asaas answers 404 for missing objects and for objects of another
	// account alike, with an empty body.
	w.WriteHeader(http.StatusNotFound)
}

// decodeBody reads a JSON object body. Numbers stay json.Number.
func decodeBody(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("decode body: %w", err)
	}
	return nil
}

// money is a request amount in reais: a JSON number or a quoted decimal.
type money struct {
	set   bool
	cents int64
	err   error
}

// UnmarshalJSON parses the amount with math/big (an implementation
// independent of the client's), rounding half away from zero to centavos.
func (m *money) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*m = money{}
		return nil
	}
	s := string(b)
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			m.set, m.err = true, err
			return nil
		}
	}
	m.set = true
	m.cents, m.err = centsOf(s)
	return nil
}

func centsOf(s string) (int64, error) {
	r, ok := new(big.Rat).SetString(strings.TrimSpace(s))
	if !ok || strings.ContainsAny(s, "/") {
		return 0, errors.New("not a number")
	}
	r.Mul(r, big.NewRat(100, 1))
	num := new(big.Int).Abs(r.Num())
	q, rem := new(big.Int).QuoRem(num, r.Denom(), new(big.Int))
	if rem.Mul(rem, big.NewInt(2)).Cmp(r.Denom()) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if r.Sign() < 0 {
		q.Neg(q)
	}
	if !q.IsInt64() {
		return 0, errors.New("out of range")
	}
	return q.Int64(), nil
}

// reais renders centavos the way Asaas' JSON does: a number without
// trailing zeros (100, 100.9, 94.51).
func reais(cents int64) json.Number {
	neg := cents < 0
	if neg {
		cents = -cents
	}
	s := strconv.FormatInt(cents/100, 10)
	if frac := cents % 100; frac != 0 {
		s += strings.TrimRight(fmt.Sprintf(".%02d", frac), "0")
	}
	if neg {
		s = "-" + s
	}
	return json.Number(s)
}

// nullable renders "" as JSON null.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// parseISODate accepts only "yyyy-MM-dd", as Asaas does on input.
func parseISODate(s string) (time.Time, bool) {
	t, err := time.Parse("2006-01-02", s)
	return t, err == nil
}

// legacyDate turns "2006-01-02" into the "02/01/2006" of SUBSCRIPTION_*
// webhooks before 2026-02-02.
func legacyDate(s string) string {
	t, ok := parseISODate(s)
	if !ok {
		return s
	}
	return t.Format("02/01/2006")
}

// addCycle moves an ISO date by one subscription cycle, clamping the day to
// the end of shorter months (Jan 31 + 1 month = Feb 28/29).
func addCycle(date, cycle string) string {
	t, ok := parseISODate(date)
	if !ok {
		return date
	}
	months := map[string]int{"MONTHLY": 1, "BIMONTHLY": 2, "QUARTERLY": 3, "SEMIANNUALLY": 6, "YEARLY": 12}
	switch cycle {
	case "WEEKLY":
		return t.AddDate(0, 0, 7).Format("2006-01-02")
	case "BIWEEKLY":
		return t.AddDate(0, 0, 14).Format("2006-01-02")
	}
	n, ok := months[cycle]
	if !ok {
		n = 1
	}
	first := time.Date(t.Year(), t.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(t.Day(), last), 0, 0, 0, 0, time.UTC).Format("2006-01-02")
}

// listEnvelope is Asaas' list answer.
type listEnvelope struct {
	Object     string `json:"object"`
	HasMore    bool   `json:"hasMore"`
	TotalCount int    `json:"totalCount"`
	Limit      int    `json:"limit"`
	Offset     int    `json:"offset"`
	Data       []any  `json:"data"`
}

// pageParams reads offset (default 0) and limit (default 10, max 100).
func pageParams(r *http.Request) (offset, limit int, items []errItem) {
	offset, limit = 0, 10
	q := r.URL.Query()
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			items = append(items, errItem{"invalid_offset", "O parâmetro offset deve ser um número inteiro positivo."})
		} else {
			offset = n
		}
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			items = append(items, errItem{"invalid_limit", "O parâmetro limit deve ser um número inteiro positivo."})
		} else {
			limit = min(n, 100)
		}
	}
	return offset, limit, items
}

// writePage answers one page of all (already filtered) as a list envelope.
func writePage[T any](w http.ResponseWriter, r *http.Request, all []T, render func(T) any) {
	offset, limit, errs := pageParams(r)
	if len(errs) > 0 {
		writeErrors(w, http.StatusBadRequest, errs...)
		return
	}
	env := listEnvelope{Object: "list", TotalCount: len(all), Limit: limit, Offset: offset, Data: []any{}}
	for i := offset; i < len(all) && i < offset+limit; i++ {
		env.Data = append(env.Data, render(all[i]))
	}
	env.HasMore = offset+limit < len(all)
	writeJSON(w, http.StatusOK, env)
}
