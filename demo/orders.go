package demo

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
)

// demoOrder is one customer, their device and where the order stands.
type demoOrder struct {
	customer, phone, document string
	kind                      collections.DeviceKind
	brand, model, imei, color string
	problem, diagnosis        string
	lines                     []collections.QuoteLine
	// path is the status history after "received".
	path []collections.OrderStatus
}

var demoOrders = []demoOrder{
	{customer: "Maria Souza", phone: "11987654321", document: "529.982.247-25", kind: collections.DevicePhone,
		brand: "Apple", model: "iPhone 11", imei: "352099001761481", color: "preto",
		problem: "Tela trincada após queda, touch funcionando.", path: nil},
	{customer: "Pedro Almeida", phone: "11976543210", kind: collections.DevicePhone,
		brand: "Motorola", model: "Moto G8", color: "azul",
		problem: "Bateria descarrega muito rápido e desliga com 20%.",
		path:    []collections.OrderStatus{collections.StatusDiagnosing}},
	{customer: "Juliana Costa", phone: "21998877665", document: "111.444.777-35", kind: collections.DevicePhone,
		brand: "Samsung", model: "Galaxy A12", color: "branco",
		problem: "Não carrega, só com o cabo em certa posição.", diagnosis: "Conector de carga oxidado.",
		lines: []collections.QuoteLine{{Kind: collections.LinePart, Description: "Conector de carga USB-C", Quantity: 1, UnitCents: 6000},
			{Kind: collections.LineLabor, Description: "Troca do conector", Quantity: 1, UnitCents: 6000}},
		path: []collections.OrderStatus{collections.StatusDiagnosing, collections.StatusQuoted}},
	{customer: "Carlos Nogueira", phone: "31998296801", kind: collections.DevicePhone,
		brand: "Apple", model: "iPhone 11", color: "vermelho",
		problem: "Bateria com saúde em 71%.", diagnosis: "Bateria degradada.",
		lines: []collections.QuoteLine{{Kind: collections.LinePart, Description: "Bateria iPhone 11", Quantity: 1, UnitCents: 18000},
			{Kind: collections.LineLabor, Description: "Mão de obra", Quantity: 1, UnitCents: 9000}},
		path: []collections.OrderStatus{collections.StatusDiagnosing, collections.StatusQuoted, collections.StatusApproved}},
	{customer: "Fernanda Ribeiro", phone: "11955554444", kind: collections.DeviceTablet,
		brand: "Apple", model: "iPad 9ª geração", color: "cinza",
		problem: "Tela quebrada.", diagnosis: "Vidro e display danificados.",
		lines: []collections.QuoteLine{{Kind: collections.LineLabor, Description: "Troca de tela completa", Quantity: 1, UnitCents: 89000}},
		path:  []collections.OrderStatus{collections.StatusDiagnosing, collections.StatusQuoted, collections.StatusRejected}},
	{customer: "Lucas Martins", phone: "11944443333", kind: collections.DevicePhone,
		brand: "Apple", model: "iPhone 13", color: "meia-noite",
		problem: "Tela com manchas verdes.", diagnosis: "OLED danificado; peça em falta no estoque.",
		lines: []collections.QuoteLine{{Kind: collections.LinePart, Description: "Tela iPhone 13 (OLED)", Quantity: 1, UnitCents: 99000},
			{Kind: collections.LineLabor, Description: "Mão de obra", Quantity: 1, UnitCents: 15000}},
		path: []collections.OrderStatus{collections.StatusDiagnosing, collections.StatusQuoted, collections.StatusApproved, collections.StatusWaitingParts}},
	{customer: "Beatriz Santos", phone: "11933332222", kind: collections.DevicePhone,
		brand: "Xiaomi", model: "Redmi Note 8", color: "azul",
		problem: "Som do alto-falante chiando.", diagnosis: "Alto-falante danificado.",
		lines: []collections.QuoteLine{{Kind: collections.LinePart, Description: "Alto-falante Redmi Note 8", Quantity: 1, UnitCents: 7000},
			{Kind: collections.LineLabor, Description: "Mão de obra", Quantity: 1, UnitCents: 5000}},
		path: []collections.OrderStatus{collections.StatusDiagnosing, collections.StatusQuoted, collections.StatusApproved, collections.StatusRepairing}},
	{customer: "Rodrigo Lima", phone: "11922221111", kind: collections.DeviceConsole,
		brand: "Sony", model: "PlayStation 4", color: "preto",
		problem: "Superaquecendo e desligando.", diagnosis: "Limpeza interna e troca de pasta térmica.",
		lines: []collections.QuoteLine{{Kind: collections.LineLabor, Description: "Limpeza e pasta térmica", Quantity: 1, UnitCents: 18000}},
		path:  []collections.OrderStatus{collections.StatusDiagnosing, collections.StatusQuoted, collections.StatusApproved, collections.StatusRepairing, collections.StatusReady}},
	{customer: "Patrícia Gomes", phone: "11911110000", kind: collections.DeviceComputer,
		brand: "Dell", model: "Inspiron 15", color: "prata",
		problem: "Muito lento, não liga às vezes.", diagnosis: "HD com setores defeituosos: troca por SSD.",
		lines: []collections.QuoteLine{{Kind: collections.LinePart, Description: "SSD 480 GB", Quantity: 1, UnitCents: 25000},
			{Kind: collections.LineLabor, Description: "Instalação e clonagem", Quantity: 1, UnitCents: 12000}},
		path: []collections.OrderStatus{collections.StatusDiagnosing, collections.StatusQuoted, collections.StatusApproved, collections.StatusRepairing, collections.StatusReady, collections.StatusDelivered}},
	{customer: "Gustavo Araújo", phone: "11900009999", kind: collections.DevicePhone,
		brand: "Samsung", model: "Galaxy S20", color: "rosa",
		problem: "Caiu na piscina.", path: []collections.OrderStatus{collections.StatusDiagnosing, collections.StatusCancelled}},
}

func (s *seeder) ordersInEveryStatus() error {
	tech := s.users[collections.RoleTechnician]
	for _, d := range demoOrders {
		c, err := collections.NewCustomer(s.app, s.tenant.Id)
		if err != nil {
			return err
		}
		c.SetName(d.customer)
		c.SetPhone(d.phone) // normalised to E.164 by the customers hook
		if d.document != "" {
			c.SetDocument(d.document, "")
		}
		if err := s.app.Save(c); err != nil {
			return fmt.Errorf("customer %s: %w", d.customer, err)
		}
		dev, err := collections.NewDevice(s.app, s.tenant.Id, c.Id)
		if err != nil {
			return err
		}
		dev.SetKind(d.kind)
		dev.SetBrand(d.brand)
		dev.SetModel(d.model)
		dev.SetIMEI(d.imei)
		dev.Set(collections.DeviceColor, d.color)
		dev.Set(collections.DeviceAccessories, []string{"capinha"})
		if d.kind == collections.DevicePhone {
			dev.SetPasscode(collections.PasscodePIN, "1234")
		}
		if err := s.app.Save(dev); err != nil {
			return fmt.Errorf("device of %s: %w", d.customer, err)
		}
		o, err := collections.NewOrder(s.app, s.tenant.Id, c.Id, dev.Id)
		if err != nil {
			return err
		}
		o.SetProblem(d.problem)
		o.SetTechnician(tech)
		o.Set(collections.OrderSource, "counter")
		if err := s.app.Save(o); err != nil {
			return fmt.Errorf("order of %s: %w", d.customer, err)
		}
		for _, st := range d.path {
			if st == collections.StatusQuoted {
				o.SetDiagnosis(d.diagnosis)
				o.SetQuoteLines(d.lines)
			}
			if st == collections.StatusDelivered {
				if err := s.payInCash(o); err != nil {
					return fmt.Errorf("payment of %s: %w", d.customer, err)
				}
			}
			o.SetStatus(st)
			if err := s.app.Save(o); err != nil {
				return fmt.Errorf("order of %s → %s: %w", d.customer, st, err)
			}
		}
	}
	return nil
}

// payInCash records the order's balance as paid in cash at the counter,
// as the shop does before handing the device over.
func (s *seeder) payInCash(o *collections.Order) error {
	col, err := s.app.FindCachedCollectionByNameOrId(collections.Payments)
	if err != nil {
		return err
	}
	p := core.NewRecord(col)
	p.Set(collections.PaymentTenant, o.Tenant())
	p.Set(collections.PaymentOrder, o.Id)
	p.Set(collections.PaymentCustomer, o.Customer())
	p.Set(collections.PaymentMethod, collections.MethodCash)
	p.Set(collections.PaymentProvider, collections.ProviderManual)
	p.Set(collections.PaymentStatus, string(collections.PaymentPaid))
	p.Set(collections.PaymentAmount, o.Total())
	if err := s.app.Save(p); err != nil {
		return err
	}
	fresh, err := s.app.FindRecordById(collections.Orders, o.Id)
	if err != nil {
		return err
	}
	o.SetPaid(collections.AsOrder(fresh).Paid())
	return nil
}
