package main

import (
	"database/sql/driver"
	"fmt"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// checkRows proves generated rows are what the appliance would store: for
// up to limit rows of every generated table (random ones when sampling) it
// loads the record through PocketBase, runs PocketBase's own field
// validators (required, select values, lengths, e-mail format, that
// relations exist...) and checks that exporting the record back gives the
// very values in the row. limit <= 0 checks every row.
func checkRows(app core.App, limit int) error {
	for _, t := range genTables {
		q := "SELECT [[id]] FROM {{" + t.name + "}}"
		if limit > 0 {
			q += fmt.Sprintf(" ORDER BY random() LIMIT %d", limit)
		}
		var ids []string
		if err := app.DB().NewQuery(q).Column(&ids); err != nil {
			return fmt.Errorf("check %s: %w", t.name, err)
		}
		for _, id := range ids {
			if err := checkRow(app, t.name, id); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkRow(app core.App, collection, id string) error {
	rec, err := app.FindRecordById(collection, id)
	if err != nil {
		return fmt.Errorf("check %s %s: load: %w", collection, id, err)
	}
	if err := app.Validate(rec); err != nil {
		return fmt.Errorf("check %s %s: invalid: %w", collection, id, err)
	}
	raw := dbx.NullStringMap{}
	if err := app.DB().Select("*").From(collection).Where(dbx.HashExp{"id": id}).One(raw); err != nil {
		return fmt.Errorf("check %s %s: raw: %w", collection, id, err)
	}
	exported, err := rec.DBExport(app)
	if err != nil {
		return fmt.Errorf("check %s %s: export: %w", collection, id, err)
	}
	for col, want := range exported {
		got, ok := raw[col]
		if !ok {
			return fmt.Errorf("check %s %s: column %s missing", collection, id, col)
		}
		w, err := storedForm(want)
		if err != nil {
			return fmt.Errorf("check %s %s: %s: %w", collection, id, col, err)
		}
		g := "<NULL>"
		if got.Valid {
			g = got.String
		}
		if g != w {
			return fmt.Errorf("check %s %s: column %s is %q, PocketBase would store %q", collection, id, col, g, w)
		}
	}
	return nil
}

// storedForm is how SQLite returns a value PocketBase exports, as text.
func storedForm(v any) (string, error) {
	if dv, ok := v.(driver.Valuer); ok {
		x, err := dv.Value()
		if err != nil {
			return "", err
		}
		v = x
	}
	switch x := v.(type) {
	case nil:
		return "<NULL>", nil
	case bool:
		if x {
			return "1", nil
		}
		return "0", nil
	case []byte:
		return string(x), nil
	case string:
		return x, nil
	case float64:
		s := strings.TrimSuffix(fmt.Sprintf("%f", x), ".000000")
		return s, nil
	}
	return fmt.Sprint(v), nil
}
