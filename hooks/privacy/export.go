package privacy

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"maps"
	"slices"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
)

// Export is the answer to a customer's request to see what the shop holds
// about them (LGPD art. 18, II): every record of the customer graph and
// the audit entries about them, as their API would show them to staff
// (hidden fields, such as the encrypted passcode, are never exported).
type Export struct {
	GeneratedAt time.Time                   `json:"generated_at"`
	Shop        ExportShop                  `json:"shop"`
	Customer    map[string]any              `json:"customer"`
	Collections map[string][]map[string]any `json:"collections"`
	AuditLog    []map[string]any            `json:"audit_log"`
}

// ExportShop names who holds the data (the controller).
type ExportShop struct {
	Name  string `json:"name"`
	CNPJ  string `json:"cnpj"`
	Email string `json:"email"`
	Phone string `json:"phone"`
}

// BuildExport gathers the export of customerID in tenantID.
func BuildExport(app core.App, tenantID, customerID string, now time.Time) (*Export, error) {
	h, err := Collect(app, tenantID, customerID)
	if err != nil {
		return nil, err
	}
	t, err := app.FindRecordById(collections.Tenants, tenantID)
	if err != nil {
		return nil, fmt.Errorf("privacy: tenant: %w", err)
	}
	tn := collections.AsTenant(t)
	x := &Export{
		GeneratedAt: now.UTC(),
		Shop:        ExportShop{Name: tn.Name(), CNPJ: tn.CNPJ(), Email: tn.Email(), Phone: tn.Phone()},
		Customer:    h.Records[collections.Customers][0].PublicExport(),
		Collections: map[string][]map[string]any{},
		AuditLog:    []map[string]any{},
	}
	for _, name := range h.Order[1:] {
		rows := []map[string]any{}
		for _, r := range h.Records[name] {
			rows = append(rows, r.PublicExport())
		}
		x.Collections[name] = rows
	}
	for _, r := range h.Audit {
		x.AuditLog = append(x.AuditLog, r.PublicExport())
	}
	return x, nil
}

// labels name collections in the readable export; a collection without
// one shows its own name.
var labels = map[string]string{
	collections.Customers:     "Cadastro",
	collections.Devices:       "Aparelhos",
	collections.Orders:        "Ordens de serviço",
	collections.OrderEvents:   "Histórico das ordens de serviço",
	collections.Payments:      "Pagamentos",
	collections.Appointments:  "Agendamentos",
	collections.Conversations: "Conversas no WhatsApp",
	collections.Messages:      "Mensagens no WhatsApp",
	collections.QuoteRequests: "Pedidos de orçamento",
	collections.AuditLog:      "Registro de auditoria",
}

//go:embed export.html
var exportHTML string

var exportTmpl = template.Must(template.New("export").Funcs(template.FuncMap{
	"value": formatValue,
}).Parse(exportHTML))

type htmlSection struct {
	Title string
	Rows  []htmlRow
}

type htmlRow struct {
	Fields []htmlField
}

type htmlField struct {
	Name  string
	Value any
}

// HTML renders the export as a readable page that prints well (A4).
func (x *Export) HTML(loc *time.Location) ([]byte, error) {
	sections := []htmlSection{{Title: labels[collections.Customers], Rows: []htmlRow{row(x.Customer)}}}
	for _, name := range slices.Sorted(maps.Keys(x.Collections)) {
		title := labels[name]
		if title == "" {
			title = name
		}
		s := htmlSection{Title: title}
		for _, r := range x.Collections[name] {
			s.Rows = append(s.Rows, row(r))
		}
		sections = append(sections, s)
	}
	audit := htmlSection{Title: labels[collections.AuditLog]}
	for _, r := range x.AuditLog {
		audit.Rows = append(audit.Rows, row(r))
	}
	sections = append(sections, audit)
	var buf bytes.Buffer
	err := exportTmpl.Execute(&buf, map[string]any{
		"Shop": x.Shop, "Generated": br.DateTime(x.GeneratedAt, loc),
		"Name": x.Customer[collections.CustomerName], "Sections": sections,
	})
	if err != nil {
		return nil, fmt.Errorf("privacy: render export: %w", err)
	}
	return buf.Bytes(), nil
}

// skipInHTML are bookkeeping fields left out of the readable page (the
// JSON keeps them).
var skipInHTML = map[string]bool{"collectionId": true, "collectionName": true, collections.FieldTenant: true}

func row(m map[string]any) htmlRow {
	var r htmlRow
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if skipInHTML[k] || isEmpty(m[k]) {
			continue
		}
		r.Fields = append(r.Fields, htmlField{Name: k, Value: m[k]})
	}
	return r
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case fmt.Stringer:
		return x.String() == ""
	}
	return false
}

// formatValue writes a value for the page; structures are shown as JSON.
func formatValue(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case fmt.Stringer:
		return x.String()
	case []string:
		return fmt.Sprint(x)
	}
	b, err := jsonMarshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }
