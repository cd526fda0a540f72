package dataimport

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
)

// Limits of one file.
const (
	maxFileBytes = 5 << 20
	maxRows      = 10000
	// maxReported bounds the errors and duplicates listed in an answer.
	maxReported = 500
	// previewRows is how many rows the preview shows.
	previewRows = 10
)

// RowError is a problem with one row: its line in the file (the header
// is line 1), the file's column and what to fix, in Portuguese.
type RowError struct {
	Row     int    `json:"row"`
	Column  string `json:"column,omitempty"`
	Message string `json:"message"`
}

// Notice is a row that will be skipped, and why (a duplicate).
type Notice struct {
	Row     int    `json:"row"`
	Message string `json:"message"`
}

// plannedRow is one valid row, ready to write.
type plannedRow struct {
	row    int
	values map[string]string // field → what the preview shows
	skip   string            // why it is skipped (a duplicate), or ""
	apply  func(tx core.App) error
}

// plan is a file read and checked: what the preview shows and what the
// confirmation writes.
type plan struct {
	collection string
	m          mapping
	separator  rune
	rows       []plannedRow
	errors     []RowError
	// start runs before the rows are written and finish after, in the
	// same transaction.
	start, finish func(tx core.App) error
	// created counts what the rows write besides their own record (the
	// devices orders create).
	extra map[string]int
}

// session is one shop's state while a file is planned: the shop's records
// the rows are checked against, and the rows seen so far.
type session struct {
	app    core.App
	tenant string
	loc    *time.Location
	p      *plan

	customers *customerIndex
	parts     map[string]string // "sku:…" or "name:…" → part id or "(linha N)"
	devices   map[string][]deviceRef
	numbers   map[int]string // order number → "existing" or "(linha N)"
	maxNumber int
}

func (s *session) fail(row int, field, msg string) {
	col := ""
	if field != "" {
		col = s.p.m.header(field)
	}
	s.p.errors = append(s.p.errors, RowError{Row: row, Column: col, Message: msg})
}

// maposMarker ties a customer to its MapOS id, in the customer's notes,
// so MapOS's orders (which name their customer by that id) find it.
var maposMarker = regexp.MustCompile(`MapOS: cliente (\d+)`)

// customerIndex finds the shop's customers by phone, document and MapOS
// id.
type customerIndex struct {
	byPhone, byDoc, byMapOS map[string]customerRef
}

type customerRef struct{ id, name string }

type deviceRef struct {
	id, brand, model, imei, serial string
}

// newSession loads what the rows of collection are checked against, for
// one shop only.
func newSession(app core.App, tenant string, loc *time.Location, p *plan) (*session, error) {
	s := &session{app: app, tenant: tenant, loc: loc, p: p}
	switch p.collection {
	case Customers, Devices, Orders:
		if err := s.loadCustomers(); err != nil {
			return nil, err
		}
	}
	switch p.collection {
	case Parts, Orders:
		if err := s.loadParts(); err != nil {
			return nil, err
		}
	}
	switch p.collection {
	case Devices, Orders:
		if err := s.loadDevices(); err != nil {
			return nil, err
		}
	}
	if p.collection == Orders {
		var nums []int
		err := app.DB().Select("number").From(collections.Orders).Where(dbx.HashExp{"tenant": tenant}).Column(&nums)
		if err != nil {
			return nil, fmt.Errorf("import: order numbers: %w", err)
		}
		s.numbers = map[int]string{}
		for _, n := range nums {
			s.numbers[n] = "existing"
			s.maxNumber = max(s.maxNumber, n)
		}
	}
	return s, nil
}

func (s *session) loadCustomers() error {
	var rows []struct {
		ID       string `db:"id"`
		Name     string `db:"name"`
		Phone    string `db:"phone"`
		Document string `db:"document"`
		Notes    string `db:"notes"`
	}
	err := s.app.DB().Select("id", "name", "phone", "document", "notes").From(collections.Customers).
		Where(dbx.HashExp{"tenant": s.tenant}).All(&rows)
	if err != nil {
		return fmt.Errorf("import: customers: %w", err)
	}
	s.customers = &customerIndex{byPhone: map[string]customerRef{}, byDoc: map[string]customerRef{}, byMapOS: map[string]customerRef{}}
	for _, r := range rows {
		ref := customerRef{id: r.ID, name: r.Name}
		s.customers.byPhone[r.Phone] = ref
		if r.Document != "" {
			s.customers.byDoc[r.Document] = ref
		}
		for _, m := range maposMarker.FindAllStringSubmatch(r.Notes, -1) {
			s.customers.byMapOS[m[1]] = ref
		}
	}
	return nil
}

func (s *session) loadParts() error {
	var rows []struct {
		ID   string `db:"id"`
		Name string `db:"name"`
		SKU  string `db:"sku"`
	}
	err := s.app.DB().Select("id", "name", "sku").From(collections.Parts).Where(dbx.HashExp{"tenant": s.tenant}).All(&rows)
	if err != nil {
		return fmt.Errorf("import: parts: %w", err)
	}
	s.parts = map[string]string{}
	for _, r := range rows {
		if r.SKU != "" {
			s.parts["sku:"+br.Fold(r.SKU)] = r.ID
		}
		s.parts["name:"+br.Fold(r.Name)] = r.ID
	}
	return nil
}

func (s *session) loadDevices() error {
	var rows []struct {
		ID       string `db:"id"`
		Customer string `db:"customer"`
		Brand    string `db:"brand"`
		Model    string `db:"model"`
		IMEI     string `db:"imei"`
		Serial   string `db:"serial"`
	}
	err := s.app.DB().Select("id", "customer", "brand", "model", "imei", "serial").From(collections.Devices).
		Where(dbx.HashExp{"tenant": s.tenant}).All(&rows)
	if err != nil {
		return fmt.Errorf("import: devices: %w", err)
	}
	s.devices = map[string][]deviceRef{}
	for _, r := range rows {
		s.devices[r.Customer] = append(s.devices[r.Customer], deviceRef{id: r.ID, brand: r.Brand, model: r.Model, imei: r.IMEI, serial: r.Serial})
	}
	return nil
}

// findDevice is the customer's device with the IMEI, or else with the same
// brand and model (and serial number, when one is given).
func (s *session) findDevice(customer, brand, model, imei, serial string) (deviceRef, bool) {
	for _, d := range s.devices[customer] {
		if imei != "" && d.imei == imei {
			return d, true
		}
	}
	for _, d := range s.devices[customer] {
		if (imei == "" || d.imei == "") && br.Fold(d.brand) == br.Fold(brand) && br.Fold(d.model) == br.Fold(model) &&
			(serial == "" || br.Fold(d.serial) == br.Fold(serial)) {
			return d, true
		}
	}
	return deviceRef{}, false
}

// customerOf finds the customer a device or order row names: by MapOS id,
// phone or document, in that order.
func (s *session) customerOf(row int, get func(string) string) (customerRef, bool) {
	if id := strings.TrimSpace(get("customer_mapos")); id != "" {
		if c, ok := s.customers.byMapOS[id]; ok {
			return c, true
		}
		s.fail(row, "customer_mapos", "Cliente "+id+" do MapOS não encontrado: importe primeiro os clientes do MapOS.")
		return customerRef{}, false
	}
	if raw := strings.TrimSpace(get("customer_phone")); raw != "" {
		p, err := parsePhone(raw)
		if err != nil {
			s.fail(row, "customer_phone", err.Error())
			return customerRef{}, false
		}
		if c, ok := s.customers.byPhone[p]; ok {
			return c, true
		}
		s.fail(row, "customer_phone", "Nenhum cliente com o telefone "+br.FormatPhone(p)+": importe primeiro os clientes.")
		return customerRef{}, false
	}
	if raw := strings.TrimSpace(get("customer_document")); raw != "" {
		doc, _, err := parseDocument(raw)
		if err != nil {
			s.fail(row, "customer_document", err.Error())
			return customerRef{}, false
		}
		if c, ok := s.customers.byDoc[doc]; ok {
			return c, true
		}
		s.fail(row, "customer_document", "Nenhum cliente com este CPF/CNPJ: importe primeiro os clientes.")
		return customerRef{}, false
	}
	field := "customer_phone"
	if !s.p.m.has(field) {
		field = ""
	}
	s.fail(row, field, "Informe o telefone (ou CPF/CNPJ) do cliente.")
	return customerRef{}, false
}

// lineRef names a row of the file in a duplicate message.
func lineRef(row int) string { return "(linha " + strconv.Itoa(row) + ")" }
