package collections

// Bounds of amounts and quantities. A phone repair never costs more than
// R$ 1.000.000,00 and a quote never needs more than 999 of a part, so
// every amount Bancada stores fits these bounds with room to spare and no
// sum or product of them can overflow an int64.
const (
	// MaxCents is the largest amount of money of any record: R$ 1.000.000,00.
	MaxCents = 100_000_000
	// MaxQuantity is the largest quantity of one quote line.
	MaxQuantity = 999
	// MaxQuoteLines is the most lines a quote may have.
	MaxQuoteLines = 100
	// MaxStock bounds a part's stock quantity either way (stock may go
	// negative: a part approved before it arrives).
	MaxStock = 99_999
	// MaxPlanStaff and MaxPlanOrdersMonth bound a plan's limits (0 = unlimited).
	MaxPlanStaff       = 10_000
	MaxPlanOrdersMonth = 10_000_000
)

// MaxCentsText is MaxCents as staff read it.
const MaxCentsText = "R$ 1.000.000,00"

// IntBound is the range of one integer field of a collection, with the
// message (Portuguese, for staff) given when a value falls outside it.
type IntBound struct {
	Field    string
	Min, Max int64
	Message  string
	// DerivedFrom names the field this one is computed from on save: when
	// that field is out of bounds, only it is reported.
	DerivedFrom string
}

// moneyBound is an amount of centavos from min to MaxCents.
func moneyBound(field string, min int64) IntBound {
	msg := "O valor deve ficar entre R$ 0,00 e " + MaxCentsText + "."
	if min > 0 {
		msg = "O valor deve ficar entre R$ 0,01 e " + MaxCentsText + "."
	}
	return IntBound{Field: field, Min: min, Max: MaxCents, Message: msg}
}

// derived marks b as computed from source.
func derived(b IntBound, source string) IntBound {
	b.DerivedFrom = source
	return b
}

// IntBounds lists, per collection, the bounded integer fields every save
// is checked against (REST or Go). The order's quote total is checked with
// its lines, and its paid amount is the sum of bounded payments.
var IntBounds = map[string][]IntBound{
	Orders: {
		moneyBound(OrderFinalTotal, 0),
		moneyBound(OrderEstimate, 0),
		{Field: OrderWarrantyDays, Min: 0, Max: MaxWarrantyDays, Message: "A garantia deve ficar entre 0 e 3650 dias."},
	},
	Parts: {
		moneyBound(PartCostCents, 0),
		moneyBound(PartPriceCents, 0),
		{Field: PartQuantity, Min: -MaxStock, Max: MaxStock, Message: "O estoque deve ficar entre -99.999 e 99.999."},
		{Field: PartMinimum, Min: 0, Max: MaxStock, Message: "O estoque mínimo deve ficar entre 0 e 99.999."},
	},
	PriceRules: {moneyBound(PriceRulePriceCents, 1)},
	Payments: {
		moneyBound(PaymentAmount, 1),
		derived(moneyBound(PaymentPaidAmount, 0), PaymentAmount),
		{Field: PaymentInstallments, Min: 0, Max: MaxInstallments, Message: "Use de 1 a 12 parcelas."},
	},
	Plans: {
		moneyBound(PlanPriceCents, 0),
		{Field: PlanMaxStaff, Min: 0, Max: MaxPlanStaff, Message: "Use de 0 (sem limite) a 10.000 pessoas."},
		{Field: PlanMaxOrdersMonth, Min: 0, Max: MaxPlanOrdersMonth, Message: "Use de 0 (sem limite) a 10.000.000 de OS por mês."},
	},
	QuoteRequests: {moneyBound(QuoteRequestPriceCents, 0)},
	Sales:         {moneyBound(SaleSubtotal, 0), moneyBound(SaleDiscount, 0), moneyBound(SaleTotal, 0)},
	Refunds:       {moneyBound(RefundAmount, 1)},
	CashSessions:  {moneyBound(CashSessionFloat, 0)},
	CashMoves:     {moneyBound(CashMoveAmount, 1)},
	StockMovements: {
		{Field: MovementDelta, Min: -2 * MaxStock, Max: 2 * MaxStock, Message: "A movimentação deve ficar entre -199.998 e 199.998."},
		moneyBound(MovementUnitCost, 0),
	},
	Subscriptions: {moneyBound(SubscriptionValueCents, 0)},
}
