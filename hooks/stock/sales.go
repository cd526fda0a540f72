package stock

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/scope"
)

// saleRequest is the body of POST /api/bancada/sales.
type saleRequest struct {
	Tenant string `json:"tenant"`
	// ID, chosen by the client, makes a retry after a lost answer return
	// the sale already made instead of selling twice.
	ID       string        `json:"id"`
	Customer string        `json:"customer"`
	Items    []saleItem    `json:"items"`
	Discount int64         `json:"discount"`
	Payments []salePayment `json:"payments"`
	Note     string        `json:"note"`
}

type saleItem struct {
	Part     string `json:"part"`
	Quantity int    `json:"quantity"`
}

type salePayment struct {
	Method       string `json:"method"`
	Amount       int64  `json:"amount"`
	Installments int    `json:"installments"`
}

// saleMethods are how a counter sale may be paid.
var saleMethods = []string{collections.MethodCash, collections.MethodPix, collections.MethodDebitCard,
	collections.MethodCardMachine, collections.MethodTransfer}

// saleAnswer is what POST /api/bancada/sales returns.
type saleAnswer struct {
	Sale     *core.Record   `json:"sale"`
	Payments []*core.Record `json:"payments"`
}

// sell answers POST /api/bancada/sales: a counter sale of products from
// stock at their registered price, less a discount, paid by one or more
// payments that add up to the total. The sale, the stock taken (with its
// movements), the payments (counted in the till by their time) and the
// audit line commit together, or nothing does.
func (s *service) sell(e *core.RequestEvent) error {
	var req saleRequest
	if err := e.BindBody(&req); err != nil {
		return apierr.BadRequest(readBodyMessage, err)
	}
	sc, apiErr := scope.RequireStaff(e, req.Tenant, collections.RolesMoney)
	if apiErr != nil {
		return apiErr
	}
	tenant := sc.Tenant.Id
	if req.ID != "" {
		if r, err := scope.Find(e.App, collections.Sales, tenant, req.ID); err == nil {
			pays, _ := scope.List(e.App, collections.Payments, tenant, "sale = {:s}", "created", 0, dbx.Params{"s": r.Id})
			return e.JSON(http.StatusOK, saleAnswer{Sale: r, Payments: pays})
		}
	}
	if err := checkSaleShape(req); err != nil {
		return apierr.BadRequest(apierr.CheckFields, err)
	}
	actor := audit.FromRequest(e)
	var ans saleAnswer
	err := e.App.RunInTransaction(func(tx core.App) error {
		lines, subtotal, err := priceLines(tx, tenant, req.Items)
		if err != nil {
			return err
		}
		if req.Customer != "" {
			if ok, _ := scope.Exists(tx, collections.Customers, tenant, req.Customer); !ok {
				return apierr.Field("customer", "not_found", "Cliente não encontrado nesta loja.")
			}
		}
		if req.Discount > subtotal {
			return apierr.Field("discount", "above_subtotal", "O desconto passa do valor dos itens ("+br.FormatBRL(subtotal)+").")
		}
		total := subtotal - req.Discount
		var paid int64
		for _, p := range req.Payments {
			paid += p.Amount
		}
		if paid != total {
			return apierr.Field("payments", "sum_mismatch",
				"Os pagamentos somam "+br.FormatBRL(paid)+"; o total da venda é "+br.FormatBRL(total)+".")
		}
		n, err := nextSaleNumber(tx, tenant)
		if err != nil {
			return err
		}
		col, err := tx.FindCachedCollectionByNameOrId(collections.Sales)
		if err != nil {
			return err
		}
		sale := core.NewRecord(col)
		if req.ID != "" {
			sale.Id = req.ID
		}
		sale.Set(collections.SaleTenant, tenant)
		sale.Set(collections.SaleNumber, n)
		sale.Set(collections.SaleCustomer, req.Customer)
		sale.Set(collections.SaleLines, lines)
		sale.Set(collections.SaleSubtotal, subtotal)
		sale.Set(collections.SaleDiscount, req.Discount)
		sale.Set(collections.SaleTotal, total)
		sale.Set(collections.SaleNote, strings.TrimSpace(req.Note))
		sale.Set(collections.SaleCreatedBy, e.Auth.Id)
		if err := tx.Save(sale); err != nil {
			return err
		}
		for _, l := range lines {
			if _, err := Apply(tx, Movement{Tenant: tenant, Part: l.Part, Kind: collections.MoveSale, Delta: -l.Quantity,
				Sale: sale.Id, Actor: actor, Note: fmt.Sprintf("Venda nº %d", n)}); err != nil {
				return err
			}
		}
		pcol, err := tx.FindCachedCollectionByNameOrId(collections.Payments)
		if err != nil {
			return err
		}
		for _, p := range req.Payments {
			pr := core.NewRecord(pcol)
			pr.Set(collections.PaymentTenant, tenant)
			pr.Set(collections.PaymentSale, sale.Id)
			pr.Set(collections.PaymentCustomer, req.Customer)
			pr.Set(collections.PaymentMethod, p.Method)
			pr.Set(collections.PaymentProvider, collections.ProviderManual)
			pr.Set(collections.PaymentStatus, string(collections.PaymentPaid))
			pr.Set(collections.PaymentAmount, p.Amount)
			pr.Set(collections.PaymentPaidAmount, p.Amount)
			pr.Set(collections.PaymentPaidAt, s.now())
			pr.Set(collections.PaymentInstallments, p.Installments)
			pr.Set(collections.PaymentDescription, fmt.Sprintf("Venda nº %d", n))
			pr.Set(collections.PaymentCreatedBy, e.Auth.Id)
			audit.SetActor(pr, actor)
			if err := tx.Save(pr); err != nil {
				return err
			}
			ans.Payments = append(ans.Payments, pr)
		}
		ans.Sale = sale
		return audit.Write(tx, audit.Entry{Tenant: tenant, Actor: actor, Action: ActionSale, Collection: collections.Sales, Record: sale.Id,
			Changes: map[string]any{"number": n, "total": total, "discount": req.Discount, "lines": lines}})
	})
	if ve, ok := apierr.AsValidation(err); ok {
		return apierr.BadRequest(apierr.CheckFields, ve)
	}
	if errors.Is(err, ErrUnknownPart) {
		return apierr.BadRequest(apierr.CheckFields, apierr.Field("items", "unknown_part", "Produto não encontrado no estoque desta loja."))
	}
	if err != nil {
		return e.InternalServerError("Não foi possível registrar a venda. Nada foi gravado.", err)
	}
	return e.JSON(http.StatusOK, ans)
}

// checkSaleShape checks what needs no database: items, quantities,
// discount, payments and note.
func checkSaleShape(req saleRequest) error {
	errs := apierr.Fields{}
	if req.ID != "" && !validID(req.ID) {
		errs.Add("id", "invalid", "Identificador inválido (15 letras minúsculas ou números).")
	}
	switch {
	case len(req.Items) == 0:
		errs.Add("items", "required", "Escolha ao menos um produto.")
	case len(req.Items) > collections.MaxSaleLines:
		errs.Add("items", "too_many", fmt.Sprintf("No máximo %d itens por venda.", collections.MaxSaleLines))
	}
	items := apierr.Fields{}
	for i, it := range req.Items {
		row := apierr.Fields{}
		if it.Part == "" {
			row.Add("part", "required", "Escolha o produto.")
		}
		if it.Quantity < 1 || it.Quantity > collections.MaxQuantity {
			row.Add("quantity", "out_of_range", "A quantidade deve ficar entre 1 e 999.")
		}
		items.Nest(strconv.Itoa(i), row)
	}
	errs.Nest("items", items)
	if req.Discount < 0 || req.Discount > collections.MaxCents {
		errs.Add("discount", "out_of_range", "O desconto deve ficar entre R$ 0,00 e "+collections.MaxCentsText+".")
	}
	if len(req.Payments) > 5 {
		errs.Add("payments", "too_many", "No máximo 5 pagamentos por venda.")
	}
	pays := apierr.Fields{}
	for i, p := range req.Payments {
		row := apierr.Fields{}
		if !contains(saleMethods, p.Method) {
			row.Add("method", "invalid", "Escolha dinheiro, PIX, cartão de débito, cartão de crédito ou transferência.")
		}
		if p.Amount < 1 || p.Amount > collections.MaxCents {
			row.Add("amount", "out_of_range", "Informe um valor entre R$ 0,01 e "+collections.MaxCentsText+".")
		}
		if p.Installments < 0 || p.Installments > collections.MaxInstallments ||
			(p.Installments > 1 && p.Method != collections.MethodCardMachine) {
			row.Add("installments", "invalid", "Parcelas só no cartão de crédito, de 1 a 12.")
		}
		pays.Nest(strconv.Itoa(i), row)
	}
	errs.Nest("payments", pays)
	if utf8.RuneCountInString(req.Note) > 500 {
		errs.Add("note", "too_long", "Observação longa demais (máximo 500 caracteres).")
	}
	return errs.Err()
}

// priceLines loads each item's part and prices it; a part of another shop
// is unknown, and selling more than the stock holds is refused.
func priceLines(tx core.App, tenant string, items []saleItem) ([]collections.SaleLine, int64, error) {
	rows := apierr.Fields{}
	var lines []collections.SaleLine
	var subtotal int64
	want := map[string]int{}
	for _, it := range items {
		want[it.Part] += it.Quantity
	}
	for i, it := range items {
		row := apierr.Fields{}
		r, err := scope.Find(tx, collections.Parts, tenant, it.Part)
		if err != nil {
			row.Add("part", "not_found", "Produto não encontrado no estoque desta loja.")
			rows.Nest(strconv.Itoa(i), row)
			continue
		}
		p := collections.AsPart(r)
		if have := p.Quantity(); want[it.Part] > have {
			row.Add("quantity", "insufficient_stock", fmt.Sprintf("Só há %d de %s em estoque.", max(have, 0), p.Name()))
			rows.Nest(strconv.Itoa(i), row)
			continue
		}
		total := p.PriceCents() * int64(it.Quantity)
		lines = append(lines, collections.SaleLine{Part: p.Id, Name: p.Name(), Quantity: it.Quantity, UnitPrice: p.PriceCents(), Total: total})
		subtotal += total
	}
	errs := apierr.Fields{}
	errs.Nest("items", rows)
	if err := errs.Err(); err != nil {
		return nil, 0, err
	}
	return lines, subtotal, nil
}

// nextSaleNumber takes the shop's next sale number (no gaps, no
// duplicates: it runs in the sale's write transaction).
func nextSaleNumber(tx core.App, tenantID string) (int, error) {
	var n int
	err := tx.NonconcurrentDB().NewQuery(
		"INSERT INTO {{sequences}} ([[id]], [[tenant]], [[name]], [[value]]) VALUES ({:id}, {:tenant}, {:name}, 1) " +
			"ON CONFLICT ([[tenant]], [[name]]) DO UPDATE SET [[value]] = [[value]] + 1 RETURNING [[value]]",
	).Bind(dbx.Params{"id": core.GenerateDefaultRandomId(), "tenant": tenantID, "name": collections.SequenceSales}).Row(&n)
	if err != nil {
		return 0, fmt.Errorf("stock: next sale number: %w", err)
	}
	return n, nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// validID is a PocketBase record id: 15 lower-case letters or digits.
func validID(id string) bool {
	if len(id) != 15 {
		return false
	}
	for _, c := range id {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}
