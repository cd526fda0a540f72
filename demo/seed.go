package demo

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
)

// seeder builds the demo shop inside one transaction.
type seeder struct {
	app    core.App
	tenant *collections.Tenant
	users  map[collections.Role]string
	parts  map[string]string
}

func (s *seeder) run() error {
	steps := []func() error{s.shop, s.staff, s.priceRules, s.stock, s.ordersInEveryStatus, s.till}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func (s *seeder) shop() error {
	t, err := collections.NewTenant(s.app)
	if err != nil {
		return err
	}
	t.SetName("Assistência Demo")
	t.SetCNPJ(CNPJ)
	t.SetEmail("contato@demo.bancada.app")
	t.SetPhone("5511987650000")
	t.SetAddress("Rua Augusta, 1500 - Consolação, São Paulo - SP, 01304-001")
	t.SetSettings(collections.TenantSettings{DiscountPercent: 10, DiscountMinCustomerDays: 180,
		CardFees: map[string]int{"pix": 99, "debit": 199, "credit_1": 349, "credit_2": 499, "credit_3": 599}})
	if p, err := s.app.FindFirstRecordByData(collections.Plans, collections.PlanName, "Profissional"); err == nil {
		t.SetPlan(p.Id)
	}
	if err := s.app.Save(t); err != nil {
		return fmt.Errorf("tenant: %w", err)
	}
	s.tenant = t
	return nil
}

func (s *seeder) staff() error {
	s.users = map[collections.Role]string{}
	for _, l := range Logins {
		u, err := collections.NewUser(s.app)
		if err != nil {
			return err
		}
		u.SetName(l.Name)
		u.SetEmail(l.Email)
		u.SetPassword(Password)
		u.SetVerified(true)
		u.SetClaimed(true)
		if err := s.app.Save(u); err != nil {
			return fmt.Errorf("user %s: %w", l.Email, err)
		}
		m, err := collections.NewMembership(s.app, s.tenant.Id, u.Id, l.Role)
		if err != nil {
			return err
		}
		if err := s.app.Save(m); err != nil {
			return fmt.Errorf("membership %s: %w", l.Email, err)
		}
		s.users[l.Role] = u.Id
	}
	return nil
}

func (s *seeder) priceRules() error {
	rules := []struct {
		kind                  collections.DeviceKind
		brand, service, model string
		price                 int64
	}{
		{collections.DevicePhone, "", "", "", 15000},
		{collections.DevicePhone, "", "screen", "", 28000},
		{collections.DevicePhone, "", "battery", "", 16000},
		{collections.DevicePhone, "Apple", "", "", 25000},
		{collections.DevicePhone, "Apple", "screen", "", 65000},
		{collections.DevicePhone, "Apple", "screen", "iPhone 11", 55000},
		{collections.DevicePhone, "Apple", "battery", "", 35000},
		{collections.DevicePhone, "Samsung", "screen", "", 42000},
		{collections.DevicePhone, "Motorola", "screen", "", 30000},
		{collections.DevicePhone, "Motorola", "battery", "", 17000},
		{collections.DevicePhone, "Xiaomi", "screen", "", 32000},
		{collections.DevicePhone, "", "charging", "", 12000},
		{collections.DeviceTablet, "", "", "", 20000},
		{collections.DeviceComputer, "", "", "", 25000},
		{collections.DeviceConsole, "", "", "", 22000},
		{collections.DeviceOther, "", "", "", 10000},
	}
	col, err := s.app.FindCachedCollectionByNameOrId(collections.PriceRules)
	if err != nil {
		return err
	}
	for _, r := range rules {
		rec := core.NewRecord(col)
		rec.Set(collections.FieldTenant, s.tenant.Id)
		rec.Set(collections.PriceRuleDeviceType, string(r.kind))
		rec.Set(collections.PriceRuleBrand, r.brand)
		rec.Set(collections.PriceRuleService, r.service)
		rec.Set(collections.PriceRuleModelContains, r.model)
		rec.Set(collections.PriceRulePriceCents, r.price)
		if err := s.app.Save(rec); err != nil {
			return fmt.Errorf("price rule: %w", err)
		}
	}
	return nil
}

func (s *seeder) stock() error {
	parts := []struct {
		name, sku, models string
		cost, price       int64
		qty, min          int
	}{
		{"Tela iPhone 11 (incell)", "TEL-IP11", "iPhone 11", 18000, 45000, 4, 2},
		{"Tela iPhone 13 (OLED)", "TEL-IP13", "iPhone 13", 52000, 99000, 1, 2},
		{"Bateria iPhone 11", "BAT-IP11", "iPhone 11", 6000, 18000, 6, 3},
		{"Bateria Moto G8", "BAT-MG8", "Moto G8, Moto G8 Play", 3500, 12000, 3, 2},
		{"Tela Galaxy A12", "TEL-A12", "Galaxy A12, A12s", 9000, 26000, 2, 1},
		{"Conector de carga USB-C", "CON-USBC", "Moto G8, Moto G9, Redmi Note 8, Galaxy A21s", 800, 6000, 15, 5},
		{"Conector Lightning iPhone 11", "CON-LIG11", "iPhone 11", 2500, 9000, 0, 2},
		{"Película de vidro 3D", "PEL-3D", "universal", 300, 3000, 40, 10},
		{"Alto-falante Redmi Note 8", "ALT-RN8", "Redmi Note 8", 1200, 7000, 2, 1},
		{"Bateria Galaxy S20", "BAT-S20", "Galaxy S20", 7000, 19000, 0, 1},
	}
	col, err := s.app.FindCachedCollectionByNameOrId(collections.Parts)
	if err != nil {
		return err
	}
	s.parts = map[string]string{}
	for _, p := range parts {
		rec := core.NewRecord(col)
		rec.Set(collections.FieldTenant, s.tenant.Id)
		rec.Set(collections.PartName, p.name)
		rec.Set(collections.PartSKU, p.sku)
		rec.Set(collections.PartModels, p.models)
		rec.Set(collections.PartCostCents, p.cost)
		rec.Set(collections.PartPriceCents, p.price)
		rec.Set(collections.PartQuantity, p.qty)
		rec.Set(collections.PartMinimum, p.min)
		if err := s.app.Save(rec); err != nil {
			return fmt.Errorf("part %s: %w", p.sku, err)
		}
		s.parts[p.sku] = rec.Id
	}
	return nil
}
