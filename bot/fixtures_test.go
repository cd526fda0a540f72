package bot

import (
	"time"

	"github.com/bancada/bancada/msgtemplate"
	"github.com/bancada/bancada/pricing"
)

// The shops and customers of the golden conversations.

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

type fixture struct {
	tenant    Tenant
	customers map[string]Customer
	data      func() *fakeData
}

func fixtures() map[string]fixture {
	return map[string]fixture{"celfix": cellFix(), "tecnoponto": tecnoPonto(), "fechada": closedShop(),
		"propria": ownFlows(), "enxuta": trimmedMenu()}
}

func day(loc *time.Location, y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, loc).UTC()
}

// cellFix: São Paulo, Mon–Fri 09–18, Sat 09–13, Christmas closed, 10% off
// for customers of more than 180 days, default texts.
func cellFix() fixture {
	loc := mustZone("America/Sao_Paulo")
	weekday := [][2]int{{9 * 60, 18 * 60}}
	hours := fakeHours{loc: loc, week: map[time.Weekday][][2]int{
		time.Monday: weekday, time.Tuesday: weekday, time.Wednesday: weekday, time.Thursday: weekday, time.Friday: weekday,
		time.Saturday: {{9 * 60, 13 * 60}},
	}, holidays: map[string]bool{"2026-12-25": true, "2027-01-01": true}}
	tenant := Tenant{
		ID: "t-celfix", Name: "Cell Fix", Active: true, Hours: hours, Location: loc,
		Settings:        Settings{DiscountPercent: 10, DiscountMinCustomerDays: 180},
		TrackingBaseURL: "https://cellfix.bancada.app/os",
	}
	expected := day(loc, 2026, 12, 3, 12, 0)
	return fixture{
		tenant: tenant,
		customers: map[string]Customer{
			"maria": {ID: "c-maria", Name: "Maria Souza", Phone: "5511987654321", Since: day(loc, 2025, 3, 10, 10, 0), Known: true},
			"joao":  {ID: "c-joao", Name: "joão pedro", Phone: "5511912345678", Since: day(loc, 2026, 11, 20, 10, 0), Known: true},
			"carla": {ID: "c-carla", Name: "Carla Dias", Phone: "5511955554444", Since: day(loc, 2026, 6, 1, 10, 0), Known: true},
			"novo":  {ID: "c-novo", Phone: "5511900001111"},
		},
		data: func() *fakeData {
			return &fakeData{
				loc: loc, hours: hours,
				rules: []pricing.Rule{
					{ID: "celular", DeviceType: "phone", PriceCents: 15000},
					{ID: "celular-tela", DeviceType: "phone", Service: "screen", PriceCents: 25000},
					{ID: "celular-carga", DeviceType: "phone", Service: "charging", PriceCents: 9000},
					{ID: "apple-tela", DeviceType: "phone", Brand: "Apple", Service: "screen", PriceCents: 45000},
					{ID: "iphone11-tela", DeviceType: "phone", Brand: "Apple", Service: "screen", ModelContains: "iPhone 11", PriceCents: 60000},
					{ID: "apple-bateria", DeviceType: "phone", Brand: "Apple", Service: "battery", PriceCents: 35000},
					{ID: "samsung-bateria", DeviceType: "phone", Brand: "Samsung", Service: "battery", PriceCents: 18000},
					{ID: "motorola-bateria", DeviceType: "phone", Brand: "Motorola", Service: "battery", PriceCents: 12000},
					{ID: "sony", DeviceType: "console", Brand: "Sony", PriceCents: 30000},
					{ID: "computador", DeviceType: "computer", PriceCents: 20000},
				},
				stock: []stockItem{
					{Part{Name: "Bateria Moto G8", PriceCents: 12000, Quantity: 3, Available: true}, []string{"motog8"}},
					{Part{Name: "Tela iPhone 11", PriceCents: 42000, Quantity: 1, Available: true}, []string{"iphone11"}},
					{Part{Name: "Bateria Galaxy A52", PriceCents: 15000, Quantity: 0, Available: false}, []string{"galaxya52"}},
					{Part{Name: "Película 3D Galaxy S21", PriceCents: 3000, Quantity: 10, Available: true}, []string{"galaxys21"}},
					{Part{Name: "Carregador Tipo C 20W", PriceCents: 6000, Quantity: 5, Available: true}, []string{"universal"}},
				},
				orders: []OrderSummary{
					{CustomerID: "c-maria", Number: 1042, Device: "iPhone 11", Status: "in_repair", StatusLabel: "Em reparo", Expected: &expected,
						DueCents: 54000, TrackingToken: "k7q2m9"},
					{CustomerID: "c-carla", Number: 1043, Device: "Galaxy A52", Status: "ready", StatusLabel: "Pronto para retirada", DueCents: 18000,
						TrackingURL: "https://cellfix.bancada.app/os/p4x8z1"},
					{CustomerID: "c-carla", Number: 1044, Device: "Notebook Dell Inspiron", Status: "diagnosis"},
				},
				appts: map[string][]Appointment{
					"c-maria": {{ID: "ag-maria", Start: day(loc, 2026, 12, 4, 10, 0), End: day(loc, 2026, 12, 4, 10, 30), Kind: KindDropOff}},
					"c-carla": {
						{ID: "ag-carla-1", Start: day(loc, 2026, 12, 3, 15, 0), End: day(loc, 2026, 12, 3, 15, 30), Kind: KindVisit},
						{ID: "ag-carla-2", Start: day(loc, 2026, 12, 10, 9, 30), End: day(loc, 2026, 12, 10, 10, 0), Kind: KindVisit},
					},
				},
				taken: map[time.Time]bool{},
			}
		},
	}
}

// tecnoPonto: Manaus, Mon–Sat 08–12 and 14–19, no discount, shows stock
// quantities, its own texts and prices.
func tecnoPonto() fixture {
	loc := mustZone("America/Manaus")
	split := [][2]int{{8 * 60, 12 * 60}, {14 * 60, 19 * 60}}
	hours := fakeHours{loc: loc, week: map[time.Weekday][][2]int{
		time.Monday: split, time.Tuesday: split, time.Wednesday: split, time.Thursday: split, time.Friday: split, time.Saturday: split,
	}}
	tenant := Tenant{
		ID: "t-tecnoponto", Name: "TecnoPonto", Active: true, Hours: hours, Location: loc,
		Settings: Settings{ShowStockQuantity: true, SlotsOffered: 3},
		Texts: Texts{
			msgtemplate.KeyWelcome:    "E aí, {{CLIENTE}}! Aqui é a {{LOJA}} 🔧",
			msgtemplate.KeyMenuHeader: "Manda o número do que você precisa:",
			msgtemplate.KeyQuote:      "Fica {{VALOR}} pro {{APARELHO}} ({{SERVICO}}), {{CLIENTE}}. Garantia de 90 dias!",
			msgtemplate.KeyOutOfHours: "A loja tá fechada agora; a galera volta {{RETORNO}}.",
			msgtemplate.KeyHandoff:    "Beleza! Um técnico da {{LOJA}} já vai te responder.",
			msgtemplate.KeyGoodbye:    "   ",
		},
	}
	return fixture{
		tenant: tenant,
		customers: map[string]Customer{
			"maria": {ID: "t2-maria", Name: "Maria Souza", Phone: "5511987654321", Since: day(loc, 2024, 1, 5, 10, 0), Known: true},
		},
		data: func() *fakeData {
			return &fakeData{
				loc: loc, hours: hours,
				rules: []pricing.Rule{
					{ID: "cel", DeviceType: "phone", PriceCents: 10000},
					{ID: "cel-tela", DeviceType: "phone", Service: "screen", PriceCents: 20000},
					{ID: "apple-tela", DeviceType: "phone", Brand: "apple", Service: "tela", PriceCents: 52000},
				},
				stock: []stockItem{
					{Part{Name: "Bateria Moto G8 (paralela)", PriceCents: 8900, Quantity: 7, Available: true}, []string{"motog8"}},
				},
				appts: map[string][]Appointment{},
				taken: map[time.Time]bool{},
			}
		},
	}
}

// closedShop: the subscription lapsed.
func closedShop() fixture {
	f := cellFix()
	f.tenant.ID, f.tenant.Name, f.tenant.Active = "t-fechada", "Loja Fechada", false
	return f
}

// ownFlows: Cell Fix with its own menu (warranty and address options,
// scheduling moved up), three FAQ entries and a formal greeting.
func ownFlows() fixture {
	f := cellFix()
	f.tenant.ID, f.tenant.Name = "t-propria", "Conserta Já"
	f.tenant.Settings.Tone = ToneFormal
	f.tenant.Settings.Menu = []MenuItem{
		{Action: ActionSchedule}, {Action: ActionQuote}, {Action: ActionStatus},
		{Action: ActionCustom, Label: "Garantia", Answer: "Nossos consertos têm 90 dias de garantia, {{CLIENTE}}. É só trazer a nota. 🧾"},
		{Action: ActionCustom, Label: "Endereço", Answer: "Estamos na Rua Augusta, 1500 — São Paulo."},
		{Action: ActionStock}, {Action: ActionHuman},
	}
	f.tenant.Settings.FAQ = []FAQ{
		{Phrases: []string{"vocês trocam bateria de notebook", "bateria notebook"}, Answer: "Trocamos sim! A bateria de notebook chega em 3 dias úteis e tem 90 dias de garantia."},
		{Phrases: []string{"aceitam cartão", "cartão de crédito", "parcela"}, Answer: "Aceitamos Pix, débito e crédito em até 6x sem juros. 💳"},
		{Phrases: []string{"estacionamento", "onde estacionar"}, Answer: "Temos estacionamento conveniado no Shopping ao lado, com 1 hora grátis. 🚗"},
	}
	return f
}

// trimmedMenu: Cell Fix without scheduling or stock, "falar com
// atendente" hidden from the menu, queuing everything for a person out
// of hours.
func trimmedMenu() fixture {
	f := cellFix()
	f.tenant.ID, f.tenant.Name = "t-enxuta", "Loja Enxuta"
	f.tenant.Settings.OutOfHours = OutOfHoursHandoff
	f.tenant.Settings.Menu = []MenuItem{
		{Action: ActionStatus}, {Action: ActionQuote},
		{Action: ActionStock, Off: true}, {Action: ActionSchedule, Off: true}, {Action: ActionHuman, Off: true},
	}
	return f
}
