package dataimport

import (
	"encoding/json"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
)

// clean trims a cell and collapses its inner whitespace.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// tooLong checks a text against a field's limit.
func (s *session) tooLong(row int, field, v string, limit int) bool {
	if utf8.RuneCountInString(v) > limit {
		s.fail(row, field, fmt.Sprintf("Texto longo demais (máximo %d caracteres).", limit))
		return true
	}
	return false
}

// planCustomer checks one customer row.
func (s *session) planCustomer(row int, get func(string) string) {
	errs := len(s.p.errors)
	name := clean(get("name"))
	if name == "" {
		s.fail(row, "name", "Informe o nome.")
	}
	s.tooLong(row, "name", name, 120)
	if s.p.m.layout == LayoutMapOS && parseBool(get("supplier")) {
		s.p.rows = append(s.p.rows, plannedRow{row: row, values: map[string]string{"name": name},
			skip: "Fornecedor no MapOS, não cliente: não será importado."})
		return
	}
	// The mobile (WhatsApp) first; another valid number goes to the notes.
	var phone, other, badField string
	for _, f := range []string{"mobile", "phone"} {
		raw := strings.TrimSpace(get(f))
		if raw == "" {
			continue
		}
		p, err := parsePhone(raw)
		switch {
		case err != nil:
			if badField == "" {
				badField = f
			}
		case phone == "":
			phone = p
		case p != phone:
			other = p
		}
	}
	if phone == "" {
		switch {
		case badField != "":
			s.fail(row, badField, msgPhone)
		case s.p.m.has("mobile"):
			s.fail(row, "mobile", "Informe o telefone.")
		default:
			s.fail(row, "phone", "Informe o telefone.")
		}
	}
	doc, kind, err := parseDocument(get("document"))
	if err != nil {
		s.fail(row, "document", err.Error())
	}
	email := strings.TrimSpace(get("email"))
	if email != "" {
		if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
			s.fail(row, "email", "E-mail inválido.")
		}
	}
	address := clean(get("address"))
	if address == "" {
		address = composeAddress(get)
	}
	s.tooLong(row, "address", address, 300)
	notes := strings.TrimSpace(get("notes"))
	if other != "" {
		notes = joinNotes(notes, "Outro telefone: "+br.FormatPhone(other))
	}
	if id := strings.TrimSpace(get("mapos_id")); id != "" && s.p.m.layout == LayoutMapOS {
		notes = joinNotes(notes, "MapOS: cliente "+id)
	}
	s.tooLong(row, "notes", notes, 2000)
	marketing := parseBool(get("marketing"))
	if len(s.p.errors) > errs {
		return
	}
	values := map[string]string{"name": name, "phone": br.FormatPhone(phone), "document": formatDoc(doc, kind),
		"email": email, "address": address, "notes": notes, "marketing": yesNo(marketing)}
	if c, ok := s.customers.byPhone[phone]; ok {
		s.p.rows = append(s.p.rows, plannedRow{row: row, values: values, skip: dupMessage(c, "telefone")})
		return
	}
	if c, ok := s.customers.byDoc[doc]; ok && doc != "" {
		s.p.rows = append(s.p.rows, plannedRow{row: row, values: values, skip: dupMessage(c, "CPF/CNPJ")})
		return
	}
	ref := customerRef{id: lineRef(row), name: name}
	s.customers.byPhone[phone] = ref
	if doc != "" {
		s.customers.byDoc[doc] = ref
	}
	tenant := s.tenant
	s.p.rows = append(s.p.rows, plannedRow{row: row, values: values, apply: func(tx core.App) error {
		c, err := collections.NewCustomer(tx, tenant)
		if err != nil {
			return err
		}
		c.SetName(name)
		c.SetPhone(phone)
		c.SetDocument(doc, kind)
		c.SetEmail(email)
		c.Set(collections.CustomerAddress, address)
		c.Set(collections.CustomerNotes, notes)
		c.Set(collections.CustomerMarketingOptIn, marketing)
		return tx.Save(c)
	}})
}

// dupMessage says a row names a record the shop has (or an earlier row).
func dupMessage(c customerRef, by string) string {
	if strings.HasPrefix(c.id, "(linha") {
		return "Repetido: mesmo " + by + " da " + strings.Trim(c.id, "()") + "; será ignorado."
	}
	return "Já cadastrado com este " + by + " (" + c.name + "); será ignorado."
}

func composeAddress(get func(string) string) string {
	street := clean(get("street"))
	if n := clean(get("street_number")); n != "" {
		street = strings.TrimSpace(street + ", " + n)
	}
	if c := clean(get("complement")); c != "" {
		street = strings.TrimSpace(street + ", " + c)
	}
	parts := []string{}
	for _, p := range []string{street, clean(get("district"))} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	city := clean(get("city"))
	if st := clean(get("state")); st != "" {
		city = strings.Trim(city+"/"+st, "/")
	}
	if city != "" {
		parts = append(parts, city)
	}
	if z := clean(get("zip")); z != "" {
		parts = append(parts, "CEP "+z)
	}
	return strings.Join(parts, " - ")
}

func joinNotes(a, b string) string {
	if a == "" {
		return b
	}
	return a + "\n" + b
}

func formatDoc(doc, kind string) string {
	switch kind {
	case collections.DocumentCPF:
		return br.FormatCPF(doc)
	case collections.DocumentCNPJ:
		return br.FormatCNPJ(doc)
	}
	return doc
}

func yesNo(b bool) string {
	if b {
		return "sim"
	}
	return "não"
}

// planDevice checks one device row.
func (s *session) planDevice(row int, get func(string) string) {
	errs := len(s.p.errors)
	c, _ := s.customerOf(row, get)
	kind, ok := deviceKind(get("type"))
	if !ok {
		s.fail(row, "type", "Tipo desconhecido: use celular, tablet, computador, videogame ou outro.")
	}
	brand, model := clean(get("brand")), clean(get("model"))
	if brand == "" && model == "" {
		s.fail(row, "model", "Informe a marca ou o modelo.")
	}
	s.tooLong(row, "brand", brand, 60)
	s.tooLong(row, "model", model, 120)
	imei := s.imei(row, get("imei"))
	serial, color, notes := clean(get("serial")), clean(get("color")), strings.TrimSpace(get("condition_notes"))
	s.tooLong(row, "serial", serial, 60)
	s.tooLong(row, "color", color, 40)
	s.tooLong(row, "condition_notes", notes, 2000)
	if len(s.p.errors) > errs {
		return
	}
	values := map[string]string{"customer_name": c.name, "type": kind.Label(), "brand": brand, "model": model,
		"imei": imei, "serial": serial, "color": color, "condition_notes": notes}
	if d, ok := s.findDevice(c.id, brand, model, imei, serial); ok {
		msg := "Aparelho já cadastrado para " + c.name + "; será ignorado."
		if strings.HasPrefix(d.id, "(linha") {
			msg = "Repetido: mesmo aparelho da " + strings.Trim(d.id, "()") + "; será ignorado."
		}
		s.p.rows = append(s.p.rows, plannedRow{row: row, values: values, skip: msg})
		return
	}
	s.devices[c.id] = append(s.devices[c.id], deviceRef{id: lineRef(row), brand: brand, model: model, imei: imei, serial: serial})
	tenant := s.tenant
	s.p.rows = append(s.p.rows, plannedRow{row: row, values: values, apply: func(tx core.App) error {
		d, err := collections.NewDevice(tx, tenant, c.id)
		if err != nil {
			return err
		}
		d.SetKind(kind)
		d.SetBrand(brand)
		d.SetModel(model)
		d.SetIMEI(imei)
		d.Set(collections.DeviceSerial, serial)
		d.Set(collections.DeviceColor, color)
		d.Set(collections.DeviceConditionNotes, notes)
		return tx.Save(d)
	}})
}

// imei checks an IMEI; empty is fine.
func (s *session) imei(row int, raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	v, err := br.ValidateIMEI(raw)
	if err != nil {
		s.fail(row, "imei", "IMEI inválido: são 15 algarismos (confira no *#06#).")
		return ""
	}
	return v
}

// planPart checks one part row.
func (s *session) planPart(row int, get func(string) string) {
	errs := len(s.p.errors)
	name := clean(get("name"))
	if name == "" {
		s.fail(row, "name", "Informe o nome da peça.")
	}
	s.tooLong(row, "name", name, 200)
	sku, models, location := clean(get("sku")), clean(get("models")), clean(get("location"))
	s.tooLong(row, "sku", sku, 60)
	s.tooLong(row, "models", models, 1000)
	s.tooLong(row, "location", location, 60)
	money := func(f string) int64 {
		v, err := parseMoney(get(f))
		if err != nil {
			s.fail(row, f, err.Error())
		}
		return v
	}
	count := func(f string) int {
		v, err := parseInt(get(f))
		switch {
		case err != nil:
			s.fail(row, f, err.Error())
		case v < 0:
			s.fail(row, f, "Quantidade negativa não é aceita.")
		case v > collections.MaxStock:
			s.fail(row, f, "Quantidade acima do máximo (99.999).")
		}
		return v
	}
	cost, price := money("cost"), money("price")
	qty, minimum := count("quantity"), count("minimum")
	if len(s.p.errors) > errs {
		return
	}
	values := map[string]string{"name": name, "sku": sku, "models": models, "cost": br.FormatBRL(cost), "price": br.FormatBRL(price),
		"quantity": strconv.Itoa(qty), "minimum": strconv.Itoa(minimum), "location": location}
	keys := []string{"name:" + br.Fold(name)}
	if sku != "" {
		keys = append([]string{"sku:" + br.Fold(sku)}, keys...)
	}
	for _, k := range keys {
		if id, ok := s.parts[k]; ok {
			by := "nome"
			if strings.HasPrefix(k, "sku:") {
				by = "SKU"
			}
			msg := "Peça já cadastrada com este " + by + "; será ignorada."
			if strings.HasPrefix(id, "(linha") {
				msg = "Repetida: mesmo " + by + " da " + strings.Trim(id, "()") + "; será ignorada."
			}
			s.p.rows = append(s.p.rows, plannedRow{row: row, values: values, skip: msg})
			return
		}
	}
	for _, k := range keys {
		s.parts[k] = lineRef(row)
	}
	tenant := s.tenant
	s.p.rows = append(s.p.rows, plannedRow{row: row, values: values, apply: func(tx core.App) error {
		col, err := tx.FindCachedCollectionByNameOrId(collections.Parts)
		if err != nil {
			return err
		}
		r := core.NewRecord(col)
		r.Set(collections.PartTenant, tenant)
		r.Set(collections.PartName, name)
		r.Set(collections.PartSKU, sku)
		r.Set(collections.PartModels, models)
		r.Set(collections.PartCostCents, cost)
		r.Set(collections.PartPriceCents, price)
		r.Set(collections.PartQuantity, qty)
		r.Set(collections.PartMinimum, minimum)
		r.Set(collections.PartLocation, location)
		return tx.Save(r)
	}})
}

// exportLine is a quote line as the orders export writes it: the part
// is named, not linked (ids mean nothing in another shop).
type exportLine struct {
	Kind        string `json:"kind"`
	Description string `json:"description"`
	Quantity    int    `json:"quantity"`
	UnitCents   int64  `json:"unit_cents"`
}

// planOrder checks one order row.
func (s *session) planOrder(row int, get func(string) string) {
	errs := len(s.p.errors)
	c, _ := s.customerOf(row, get)
	number := 0
	if raw := strings.TrimSpace(get("number")); raw != "" {
		n, err := parseInt(raw)
		if err != nil || n < 1 {
			s.fail(row, "number", "Número da OS inválido: use um número inteiro positivo.")
		}
		number = n
	}
	brand, model, imei := clean(get("brand")), clean(get("model")), s.imei(row, get("imei"))
	if d := clean(get("device")); d != "" && brand == "" && model == "" {
		model = d
	}
	if utf8.RuneCountInString(model) > 120 {
		model = string([]rune(model)[:120])
	}
	kind, ok := deviceKind(get("type"))
	if !ok {
		if s.p.m.has("type") && get("type") != "" {
			s.fail(row, "type", "Tipo desconhecido: use celular, tablet, computador, videogame ou outro.")
		}
		kind = collections.DevicePhone
	}
	if get("type") == "" {
		kind = guessKind(model)
	}
	problem := strings.TrimSpace(get("problem"))
	if problem == "" {
		if s.p.m.layout == LayoutMapOS {
			problem = "Não informado no MapOS."
		} else {
			s.fail(row, "problem", "Informe o defeito relatado.")
		}
	}
	s.tooLong(row, "problem", problem, 2000)
	diagnosis, notes := strings.TrimSpace(get("diagnosis")), strings.TrimSpace(get("notes"))
	s.tooLong(row, "diagnosis", diagnosis, 4000)
	s.tooLong(row, "notes", notes, 4000)
	status, ok := parseStatus(get("status"))
	if !ok {
		s.fail(row, "status", "Situação desconhecida: "+clean(get("status"))+".")
	}
	money := func(f string) int64 {
		v, err := parseMoney(get(f))
		if err != nil {
			s.fail(row, f, err.Error())
		}
		return v
	}
	finalTotal, paid := money("final_total"), money("paid")
	var lines []collections.QuoteLine
	if raw := strings.TrimSpace(get("items")); raw != "" {
		var in []exportLine
		if err := json.Unmarshal([]byte(raw), &in); err != nil {
			s.fail(row, "items", "Itens do orçamento ilegíveis (esperado o JSON da exportação do Bancada).")
		}
		for _, l := range in {
			ql := collections.QuoteLine{Kind: l.Kind, Description: l.Description, Quantity: l.Quantity, UnitCents: l.UnitCents}
			if l.Kind == collections.LinePart {
				if id, ok := s.parts["name:"+br.Fold(l.Description)]; ok && !strings.HasPrefix(id, "(") {
					ql.Part = id
				}
			}
			lines = append(lines, ql)
		}
		if len(lines) > collections.MaxQuoteLines {
			s.fail(row, "items", fmt.Sprintf("Itens do orçamento: no máximo %d.", collections.MaxQuoteLines))
		} else if _, err := collections.CheckQuoteLines(lines); err != nil {
			s.fail(row, "items", "Itens do orçamento: "+err.Error()+".")
		}
	} else if finalTotal > 0 {
		desc := "Serviço (importado)"
		if s.p.m.layout == LayoutMapOS {
			desc = "Serviços e peças (importado do MapOS)"
		}
		lines = []collections.QuoteLine{{Kind: collections.LineLabor, Description: desc, Quantity: 1, UnitCents: finalTotal}}
		finalTotal = 0
	}
	warranty := -1
	if raw := strings.TrimSpace(get("warranty")); raw != "" {
		n, ok := leadingInt(raw)
		if !ok || n > collections.MaxWarrantyDays {
			s.fail(row, "warranty", "Garantia inválida: informe os dias (0 a 3650).")
		}
		warranty = n
	}
	date := func(f string) time.Time {
		t, err := parseDate(get(f), s.loc)
		if err != nil {
			s.fail(row, f, err.Error())
		}
		return t
	}
	entered, approved, completed, delivered := date("entered"), date("approved"), date("completed"), date("delivered")
	if len(s.p.errors) > errs {
		return
	}
	if status == collections.StatusDelivered && delivered.IsZero() {
		delivered = firstSet(completed, entered)
	}
	if (status == collections.StatusReady || status == collections.StatusDelivered) && completed.IsZero() {
		completed = delivered
	}
	values := map[string]string{"number": strconv.Itoa(number), "customer_name": c.name, "brand": brand, "model": model,
		"problem": problem, "status": status.Label(), "final_total": br.FormatBRL(max(finalTotal, sumLines(lines))),
		"entered": dateText(entered, s.loc), "delivered": dateText(delivered, s.loc)}
	if number == 0 {
		values["number"] = "(novo)"
	}
	if number > 0 {
		if prev, ok := s.numbers[number]; ok {
			msg := "A OS nº " + strconv.Itoa(number) + " já existe; será ignorada."
			if prev != "existing" {
				msg = "Repetida: mesmo número da " + strings.Trim(prev, "()") + "; será ignorada."
			}
			s.p.rows = append(s.p.rows, plannedRow{row: row, values: values, skip: msg})
			return
		}
		s.numbers[number] = lineRef(row)
		s.maxNumber = max(s.maxNumber, number)
	}
	dev, found := s.findDevice(c.id, brand, model, imei, "")
	if !found {
		s.devices[c.id] = append(s.devices[c.id], deviceRef{id: "", brand: brand, model: model, imei: imei})
	}
	tenant := s.tenant
	p := s.p
	s.p.rows = append(s.p.rows, plannedRow{row: row, values: values, apply: func(tx core.App) error {
		deviceID := dev.id
		if deviceID == "" {
			// a device an earlier row of this file created, or a new one
			id, err := orderDevice(tx, tenant, c.id, kind, brand, model, imei)
			if err != nil {
				return err
			}
			if id.created {
				p.extra["devices"]++
			}
			deviceID = id.id
		}
		o, err := collections.NewOrder(tx, tenant, c.id, deviceID)
		if err != nil {
			return err
		}
		o.SetProblem(problem)
		o.SetDiagnosis(diagnosis)
		o.Set(collections.OrderNotes, notes)
		o.SetQuoteLines(lines)
		if err := tx.Save(o); err != nil {
			return err
		}
		return restoreHistory(tx, o, historical{number: number, status: status, finalTotal: finalTotal, paid: paid,
			warranty: warranty, entered: entered, approved: approved, completed: completed, delivered: delivered})
	}})
}

func sumLines(lines []collections.QuoteLine) int64 {
	var t int64
	for _, l := range lines {
		t += l.TotalCents()
	}
	return t
}

func firstSet(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

func dateText(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return br.DateTime(t, loc)
}

// guessKind reads the device type from a free description ("Notebook
// Dell" is a computer); phones are the default.
func guessKind(desc string) collections.DeviceKind {
	f := br.Fold(desc)
	for word, k := range map[string]collections.DeviceKind{
		"notebook": collections.DeviceComputer, "computador": collections.DeviceComputer, "macbook": collections.DeviceComputer,
		"tablet": collections.DeviceTablet, "ipad": collections.DeviceTablet,
		"playstation": collections.DeviceConsole, "xbox": collections.DeviceConsole, "nintendo": collections.DeviceConsole,
		"videogame": collections.DeviceConsole,
	} {
		if strings.Contains(f, word) {
			return k
		}
	}
	return collections.DevicePhone
}
