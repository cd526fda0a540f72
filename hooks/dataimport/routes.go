package dataimport

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/scope"
)

// Only owners move the shop's data in or out.
var owners = []collections.Role{collections.RoleOwner}

var collectionNames = []string{Customers, Devices, Parts, Orders}

// collectionLabels name the collections in messages.
var collectionLabels = map[string]string{Customers: "clientes", Devices: "aparelhos", Parts: "peças", Orders: "ordens de serviço"}

// required lists, per collection, the columns a file must have: each
// entry is satisfied by any of its fields.
var required = map[string][][]string{
	Customers: {{"name"}, {"mobile", "phone"}},
	Devices:   {{"customer_phone", "customer_document"}, {"brand", "model"}},
	Parts:     {{"name"}},
	Orders:    {{"customer_phone", "customer_document", "customer_mapos"}},
}

// requiredLabels name those columns for people.
var requiredLabels = map[string][]string{
	Customers: {"Nome", "Telefone (ou Celular)"},
	Devices:   {"Telefone do cliente (ou CPF/CNPJ)", "Marca ou Modelo"},
	Parts:     {"Nome"},
	Orders:    {"Telefone do cliente (ou CPF/CNPJ, ou clientes_id do MapOS)"},
}

// extraLabels name the fields outside Bancada's own layout.
var extraLabels = map[string]string{
	"mobile": "Celular", "street": "Rua", "street_number": "Número", "complement": "Complemento", "district": "Bairro",
	"city": "Cidade", "state": "Estado", "zip": "CEP", "mapos_id": "Código no MapOS", "supplier": "Fornecedor",
	"customer_document": "CPF/CNPJ do cliente", "customer_mapos": "Cliente (código no MapOS)", "device": "Aparelho",
}

func fieldLabel(collection, field string) string {
	for _, c := range bancadaColumns[collection] {
		if c.field == field {
			return c.header
		}
	}
	if l := extraLabels[field]; l != "" {
		return l
	}
	return field
}

// ColumnInfo is one column of the file and what it fills.
type ColumnInfo struct {
	Header string `json:"header"`
	Field  string `json:"field,omitempty"` // "" = ignored
	Label  string `json:"label,omitempty"`
}

// PreviewRow is one row as it will be imported.
type PreviewRow struct {
	Row    int               `json:"row"`
	Values map[string]string `json:"values"`
	Skip   string            `json:"skip,omitempty"`
}

// Preview is the answer of the preview route.
type Preview struct {
	Collection  string       `json:"collection"`
	Layout      string       `json:"layout"`
	LayoutLabel string       `json:"layout_label"`
	Separator   string       `json:"separator"`
	Columns     []ColumnInfo `json:"columns"`
	// Fields are the preview table's columns, in order.
	Fields     []ColumnInfo `json:"fields"`
	Total      int          `json:"total"`
	ToImport   int          `json:"to_import"`
	Duplicates []Notice     `json:"duplicates"`
	Errors     []RowError   `json:"errors"`
	// ErrorRows is how many rows have at least one error.
	ErrorRows int          `json:"error_rows"`
	Truncated bool         `json:"truncated"`
	Rows      []PreviewRow `json:"rows"`
}

// Result is the answer of a confirmed import.
type Result struct {
	Collection string         `json:"collection"`
	Created    int            `json:"created"`
	Skipped    []Notice       `json:"skipped"`
	Extra      map[string]int `json:"extra,omitempty"`
}

// preview answers POST /api/bancada/import/{collection}/preview: the file
// (multipart field "file") read and checked, nothing written.
func (s *service) preview(e *core.RequestEvent) error {
	_, p, err := s.readPlan(e)
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, p.preview())
}

// confirm answers POST /api/bancada/import/{collection}: the same file,
// written in one transaction when no row has an error.
func (s *service) confirm(e *core.RequestEvent) error {
	sc, p, err := s.readPlan(e)
	if err != nil {
		return err
	}
	if len(p.errors) > 0 {
		return rowsError(p.errors, errorRows(p.errors))
	}
	res := Result{Collection: p.collection, Skipped: []Notice{}, Extra: p.extra}
	var failed *RowError
	err = e.App.RunInTransaction(func(tx core.App) error {
		if p.start != nil {
			if err := p.start(tx); err != nil {
				return err
			}
		}
		for _, r := range p.rows {
			if r.skip != "" {
				res.Skipped = append(res.Skipped, Notice{Row: r.row, Message: r.skip})
				continue
			}
			if err := r.apply(tx); err != nil {
				if ve, ok := apierr.AsValidation(err); ok {
					failed = &RowError{Row: r.row, Message: validationText(ve)}
				}
				return fmt.Errorf("import row %d: %w", r.row, err)
			}
			res.Created++
		}
		if p.finish != nil {
			if err := p.finish(tx); err != nil {
				return err
			}
		}
		return audit.Write(tx, audit.Entry{Tenant: sc.Tenant.Id, Actor: audit.FromRequest(e), Action: ActionImport,
			Collection: collectionsOf[p.collection], Changes: map[string]any{"layout": p.m.layout, "created": res.Created,
				"skipped": len(res.Skipped), "extra": p.extra}})
	})
	if err != nil {
		if failed != nil {
			return rowsError([]RowError{*failed}, 1)
		}
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, res)
}

// collectionsOf names the collection each import writes.
var collectionsOf = map[string]string{Customers: collections.Customers, Devices: collections.Devices, Parts: collections.Parts, Orders: collections.Orders}

// rowsError is the 400 of a file with bad rows: nothing was written.
func rowsError(errs []RowError, rows int) error {
	msg := fmt.Sprintf("O arquivo tem erros em %d %s; nada foi importado. Corrija e envie de novo.", rows, plural(rows, "linha", "linhas"))
	apiErr := router.NewBadRequestError(msg, apierr.Field("file", "invalid_rows", msg))
	shown := errs
	if len(shown) > maxReported {
		shown = shown[:maxReported]
	}
	apiErr.Data["rows"] = shown
	return apiErr
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func errorRows(errs []RowError) int {
	seen := map[int]bool{}
	for _, e := range errs {
		seen[e.Row] = true
	}
	return len(seen)
}

// validationText joins a record's validation messages.
func validationText(ve map[string]error) string {
	keys := make([]string, 0, len(ve))
	for k := range ve {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, ve[k].Error())
	}
	return strings.Join(parts, " ")
}

// readPlan checks the caller, reads the uploaded file and plans it.
func (s *service) readPlan(e *core.RequestEvent) (*scope.Staff, *plan, error) {
	sc, err := scope.RequireStaff(e, "", owners)
	if err != nil {
		return nil, nil, err
	}
	collection := e.Request.PathValue("collection")
	if !slices.Contains(collectionNames, collection) {
		return nil, nil, e.NotFoundError("Tipo de dado não encontrado: use customers, devices, parts ou orders.", nil)
	}
	data, err := upload(e)
	if err != nil {
		return nil, nil, err
	}
	rows, sep, err := br.ReadCSV(data)
	if err != nil {
		return nil, nil, apierr.BadRequest("Não foi possível ler o arquivo como CSV.", apierr.Field("file", "invalid_csv",
			"Não foi possível ler o arquivo como CSV: salve a planilha como \"CSV UTF-8\" ou \"CSV (separado por ponto e vírgula)\"."))
	}
	if len(rows) < 2 {
		return nil, nil, apierr.BadRequest(apierr.CheckFields, apierr.Field("file", "empty_file",
			"O arquivo não tem linhas além do cabeçalho."))
	}
	if len(rows)-1 > maxRows {
		return nil, nil, apierr.BadRequest(apierr.CheckFields, apierr.Field("file", "too_many_rows",
			"O arquivo tem mais de "+strconv.Itoa(maxRows)+" linhas: divida-o em partes."))
	}
	p := &plan{collection: collection, m: mapHeaders(collection, rows[0]), separator: sep, extra: map[string]int{}}
	for i, any := range required[collection] {
		found := false
		for _, f := range any {
			found = found || p.m.has(f)
		}
		if !found {
			return nil, nil, apierr.BadRequest(apierr.CheckFields, apierr.Field("file", "missing_column",
				"Coluna obrigatória não encontrada: "+requiredLabels[collection][i]+". Colunas lidas: "+strings.Join(rows[0], ", ")+"."))
		}
	}
	ss, err := newSession(e.App, sc.Tenant.Id, br.LoadLocation(sc.Tenant.Timezone()), p)
	if err != nil {
		return nil, nil, e.InternalServerError("", err)
	}
	for i, rec := range rows[1:] {
		line := i + 2
		get := func(field string) string {
			if j := p.m.index(field); j >= 0 && j < len(rec) {
				return cell(rec[j])
			}
			return ""
		}
		switch collection {
		case Customers:
			ss.planCustomer(line, get)
		case Devices:
			ss.planDevice(line, get)
		case Parts:
			ss.planPart(line, get)
		case Orders:
			ss.planOrder(line, get)
		}
	}
	if collection == Orders {
		tenant, highest := sc.Tenant.Id, ss.maxNumber
		p.start = func(tx core.App) error { return raiseOrderCounter(tx, tenant, highest) }
		p.finish = func(tx core.App) error { return raiseOrderCounter(tx, tenant, 0) }
	}
	return sc, p, nil
}

// upload reads the "file" field of a multipart form, or a body sent as
// text/csv, at most maxFileBytes.
func upload(e *core.RequestEvent) ([]byte, error) {
	tooBig := apierr.BadRequest(apierr.CheckFields, apierr.Field("file", "file_too_large", "Arquivo grande demais (máximo 5 MB)."))
	missing := apierr.BadRequest(apierr.CheckFields, apierr.Field("file", "file_required", "Envie o arquivo CSV (campo file)."))
	e.Request.Body = http.MaxBytesReader(e.Response, e.Request.Body, maxFileBytes+64<<10)
	ct := e.Request.Header.Get("Content-Type")
	if strings.HasPrefix(ct, "text/csv") || strings.HasPrefix(ct, "text/plain") {
		b, err := io.ReadAll(e.Request.Body)
		if err != nil {
			return nil, tooBig
		}
		if len(b) == 0 {
			return nil, missing
		}
		return b, nil
	}
	if !strings.HasPrefix(ct, "multipart/form-data") {
		return nil, missing
	}
	f, h, err := e.Request.FormFile("file")
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, tooBig
		}
		return nil, missing
	}
	defer f.Close()
	if h.Size > maxFileBytes {
		return nil, tooBig
	}
	return io.ReadAll(io.LimitReader(f, maxFileBytes))
}

// preview is what the preview route answers.
func (p *plan) preview() Preview {
	out := Preview{Collection: p.collection, Layout: p.m.layout, LayoutLabel: layoutLabels[p.m.layout], Separator: string(p.separator),
		Duplicates: []Notice{}, Errors: p.errors, Rows: []PreviewRow{}}
	if out.Errors == nil {
		out.Errors = []RowError{}
	}
	for i, h := range p.m.headers {
		c := ColumnInfo{Header: h, Field: p.m.fields[i]}
		if c.Field != "" {
			c.Label = fieldLabel(p.collection, c.Field)
		}
		out.Columns = append(out.Columns, c)
	}
	for _, f := range previewFields[p.collection] {
		out.Fields = append(out.Fields, ColumnInfo{Field: f, Label: fieldLabel(p.collection, f)})
	}
	out.ErrorRows = errorRows(p.errors)
	out.Total = len(p.rows) + out.ErrorRows
	for _, r := range p.rows {
		if r.skip != "" {
			out.Duplicates = append(out.Duplicates, Notice{Row: r.row, Message: r.skip})
		} else {
			out.ToImport++
		}
		if len(out.Rows) < previewRows {
			out.Rows = append(out.Rows, PreviewRow{Row: r.row, Values: r.values, Skip: r.skip})
		}
	}
	if len(out.Errors) > maxReported {
		out.Errors, out.Truncated = out.Errors[:maxReported], true
	}
	if len(out.Duplicates) > maxReported {
		out.Duplicates, out.Truncated = out.Duplicates[:maxReported], true
	}
	return out
}

// previewFields are the preview table's columns.
var previewFields = map[string][]string{
	Customers: {"name", "phone", "document", "email", "address", "notes"},
	Devices:   {"customer_name", "type", "brand", "model", "imei", "serial", "color"},
	Parts:     {"name", "sku", "cost", "price", "quantity", "minimum", "location"},
	Orders:    {"number", "customer_name", "brand", "model", "problem", "status", "final_total", "entered", "delivered"},
}

// cell is a file's cell, with the ways database exports write NULL
// (phpMyAdmin's "NULL", MySQL's "\N") read as empty.
func cell(v string) string {
	switch strings.TrimSpace(v) {
	case "NULL", `\N`:
		return ""
	}
	return v
}
