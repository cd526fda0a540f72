package cash

import (
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/scope"
)

// Audit actions of the till and refunds.
const (
	ActionCashOpen  = "cash.open"
	ActionCashMove  = "cash.move"
	ActionCashClose = "cash.close"
	ActionRefund    = "payment.refund"
	ActionReceipt   = "payment.receipt"
)

// tillNotFound answers an unknown till, or another shop's.
const tillNotFound = "Caixa não encontrado."

// openRequest is the body of POST /api/bancada/cash/open.
type openRequest struct {
	Tenant       string `json:"tenant"`
	OpeningFloat *int64 `json:"opening_float"`
	Note         string `json:"note"`
}

// moveRequest is the body of POST /api/bancada/cash/{id}/moves.
type moveRequest struct {
	Kind   string `json:"kind"`
	Amount int64  `json:"amount"`
	Reason string `json:"reason"`
}

// closeRequest is the body of POST /api/bancada/cash/{id}/close.
type closeRequest struct {
	Counted map[string]*int64 `json:"counted"`
	Note    string            `json:"note"`
}

func (s *service) bindRoutes() {
	s.app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/bancada/cash")
		g.Bind(apis.RequireAuth(collections.Users))
		g.POST("/open", s.open)
		g.GET("/current", s.current)
		g.GET("/{id}", s.view)
		g.POST("/{id}/moves", s.move)
		g.POST("/{id}/close", s.close)
		p := se.Router.Group("/api/bancada/payments")
		p.Bind(apis.RequireAuth(collections.Users))
		p.POST("/{id}/refund", s.refund)
		p.POST("/{id}/receipt", s.receipt)
		return se.Next()
	})
}

// open answers POST /api/bancada/cash/open: opens the shop's till with
// its opening float. Only one till of a shop is open at a time.
func (s *service) open(e *core.RequestEvent) error {
	var req openRequest
	if err := e.BindBody(&req); err != nil {
		return apierr.BadRequest("Não foi possível ler os dados enviados.", err)
	}
	sc, apiErr := scope.RequireStaff(e, req.Tenant, collections.RolesMoney)
	if apiErr != nil {
		return apiErr
	}
	errs := apierr.Fields{}
	switch {
	case req.OpeningFloat == nil:
		errs.Add("opening_float", "required", "Informe o troco inicial (pode ser R$ 0,00).")
	case *req.OpeningFloat < 0 || *req.OpeningFloat > collections.MaxCents:
		errs.Add("opening_float", "out_of_range", "O troco inicial deve ficar entre R$ 0,00 e "+collections.MaxCentsText+".")
	}
	if utf8.RuneCountInString(req.Note) > 1000 {
		errs.Add("note", "too_long", "Observação longa demais (máximo 1000 caracteres).")
	}
	if err := errs.Err(); err != nil {
		return apierr.BadRequest(apierr.CheckFields, err)
	}
	var rec *core.Record
	err := e.App.RunInTransaction(func(tx core.App) error {
		if cur, _ := openTill(tx, sc.Tenant.Id); cur != nil {
			return errAlreadyOpen
		}
		col, err := tx.FindCachedCollectionByNameOrId(collections.CashSessions)
		if err != nil {
			return err
		}
		rec = core.NewRecord(col)
		rec.Set(collections.CashSessionTenant, sc.Tenant.Id)
		rec.Set(collections.CashSessionStatus, collections.CashOpen)
		rec.Set(collections.CashSessionOpenedBy, e.Auth.Id)
		rec.Set(collections.CashSessionOpenedAt, s.now())
		rec.Set(collections.CashSessionFloat, *req.OpeningFloat)
		rec.Set(collections.CashSessionNote, strings.TrimSpace(req.Note))
		if err := tx.Save(rec); err != nil {
			// The unique index on a shop's open till is the last guard.
			if _, isValidation := apierr.AsValidation(err); isValidation || strings.Contains(err.Error(), "UNIQUE") {
				return errAlreadyOpen
			}
			return err
		}
		return audit.Write(tx, audit.Entry{Tenant: sc.Tenant.Id, Actor: audit.FromRequest(e), Action: ActionCashOpen,
			Collection: collections.CashSessions, Record: rec.Id, Changes: map[string]any{"opening_float": *req.OpeningFloat}})
	})
	if errors.Is(err, errAlreadyOpen) {
		return e.Error(http.StatusConflict, "O caixa desta loja já está aberto. Feche-o antes de abrir outro.", nil)
	}
	if err != nil {
		return e.InternalServerError("Não foi possível abrir o caixa. Nada foi gravado.", err)
	}
	return s.answer(e, rec)
}

var errAlreadyOpen = errors.New("cash: a till is already open")

// openTill is the shop's open till, or nil.
func openTill(app core.App, tenantID string) (*core.Record, error) {
	return scope.FindFirst(app, collections.CashSessions, tenantID, "status = 'open'", nil)
}

// current answers GET /api/bancada/cash/current: the shop's open till
// with its figures so far, or {"session": null}.
func (s *service) current(e *core.RequestEvent) error {
	sc, apiErr := scope.RequireStaff(e, "", collections.RolesMoney)
	if apiErr != nil {
		return apiErr
	}
	rec, _ := openTill(e.App, sc.Tenant.Id)
	if rec == nil {
		return e.JSON(http.StatusOK, map[string]any{"session": nil})
	}
	return s.answer(e, rec)
}

// view answers GET /api/bancada/cash/{id}: one till, open or closed,
// with its figures (the closing report).
func (s *service) view(e *core.RequestEvent) error {
	rec, err := s.till(e)
	if err != nil {
		return err
	}
	return s.answer(e, rec)
}

// till loads the till named in the path for staff who handle money in
// its shop; anyone else gets the answer to an unknown id.
func (s *service) till(e *core.RequestEvent) (*core.Record, error) {
	rec, err := e.App.FindRecordById(collections.CashSessions, e.Request.PathValue("id"))
	tenant := ""
	if err == nil {
		tenant = rec.GetString(collections.CashSessionTenant)
	}
	if _, apiErr := scope.RequireStaffOfRecord(e, tenant, collections.RolesMoney, tillNotFound); apiErr != nil {
		return nil, apiErr
	}
	return rec, nil
}

// answer writes a till's summary.
func (s *service) answer(e *core.RequestEvent, rec *core.Record) error {
	until := s.now()
	if rec.GetString(collections.CashSessionStatus) == collections.CashClosed {
		until = rec.GetDateTime(collections.CashSessionClosedAt).Time()
	}
	sum, err := summarize(e.App, rec, until)
	if err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, sum)
}

// move answers POST /api/bancada/cash/{id}/moves: a withdrawal (sangria)
// or supply (suprimento) of cash, with its reason, on an open till.
func (s *service) move(e *core.RequestEvent) error {
	rec, err := s.till(e)
	if err != nil {
		return err
	}
	var req moveRequest
	if err := e.BindBody(&req); err != nil {
		return apierr.BadRequest("Não foi possível ler os dados enviados.", err)
	}
	errs := apierr.Fields{}
	if req.Kind != collections.CashWithdrawal && req.Kind != collections.CashSupply {
		errs.Add("kind", "invalid", "Escolha sangria (retirada) ou suprimento (entrada de dinheiro).")
	}
	if req.Amount < 1 || req.Amount > collections.MaxCents {
		errs.Add("amount", "out_of_range", "Informe um valor entre R$ 0,01 e "+collections.MaxCentsText+".")
	}
	reason := strings.TrimSpace(req.Reason)
	switch {
	case reason == "":
		errs.Add("reason", "required", "Informe o motivo.")
	case utf8.RuneCountInString(reason) > 300:
		errs.Add("reason", "too_long", "Motivo longo demais (máximo 300 caracteres).")
	}
	if err := errs.Err(); err != nil {
		return apierr.BadRequest(apierr.CheckFields, err)
	}
	var mv *core.Record
	err = e.App.RunInTransaction(func(tx core.App) error {
		fresh, err := tx.FindRecordById(collections.CashSessions, rec.Id)
		if err != nil {
			return err
		}
		if fresh.GetString(collections.CashSessionStatus) != collections.CashOpen {
			return errClosed
		}
		col, err := tx.FindCachedCollectionByNameOrId(collections.CashMoves)
		if err != nil {
			return err
		}
		mv = core.NewRecord(col)
		mv.Set(collections.CashMoveTenant, fresh.GetString(collections.CashSessionTenant))
		mv.Set(collections.CashMoveSession, fresh.Id)
		mv.Set(collections.CashMoveKind, req.Kind)
		mv.Set(collections.CashMoveAmount, req.Amount)
		mv.Set(collections.CashMoveReason, reason)
		mv.Set(collections.CashMoveCreatedBy, e.Auth.Id)
		if err := tx.Save(mv); err != nil {
			return err
		}
		return audit.Write(tx, audit.Entry{Tenant: mv.GetString(collections.CashMoveTenant), Actor: audit.FromRequest(e), Action: ActionCashMove,
			Collection: collections.CashMoves, Record: mv.Id, Changes: map[string]any{"kind": req.Kind, "amount": req.Amount, "reason": reason}})
	})
	if errors.Is(err, errClosed) {
		return e.Error(http.StatusConflict, "Este caixa já foi fechado.", nil)
	}
	if err != nil {
		return e.InternalServerError("Não foi possível registrar. Nada foi gravado.", err)
	}
	return e.JSON(http.StatusOK, mv)
}

var errClosed = errors.New("cash: the till is closed")

// close answers POST /api/bancada/cash/{id}/close: staff give what they
// counted per method (every method the till expects, at least cash); the
// till stores expected and counted amounts, the difference, who closed it
// and when.
func (s *service) close(e *core.RequestEvent) error {
	rec, err := s.till(e)
	if err != nil {
		return err
	}
	var req closeRequest
	if err := e.BindBody(&req); err != nil {
		return apierr.BadRequest("Não foi possível ler os dados enviados.", err)
	}
	if utf8.RuneCountInString(req.Note) > 1000 {
		return apierr.BadRequest(apierr.CheckFields, apierr.Field("note", "too_long", "Observação longa demais (máximo 1000 caracteres)."))
	}
	var closed *core.Record
	err = e.App.RunInTransaction(func(tx core.App) error {
		fresh, err := tx.FindRecordById(collections.CashSessions, rec.Id)
		if err != nil {
			return err
		}
		if fresh.GetString(collections.CashSessionStatus) != collections.CashOpen {
			return errClosed
		}
		now := s.now()
		sum, err := summarize(tx, fresh, now)
		if err != nil {
			return err
		}
		counted, err := checkCounted(req.Counted, sum)
		if err != nil {
			return err
		}
		expected := map[string]int64{}
		var exp, cnt int64
		for _, l := range sum.Methods {
			expected[l.Method] = l.Expected
			exp += l.Expected
		}
		for m, v := range counted {
			cnt += v
			if _, ok := expected[m]; !ok {
				expected[m] = 0
			}
		}
		fresh.Set(collections.CashSessionStatus, collections.CashClosed)
		fresh.Set(collections.CashSessionClosedBy, e.Auth.Id)
		fresh.Set(collections.CashSessionClosedAt, now)
		fresh.Set(collections.CashSessionExpected, expected)
		fresh.Set(collections.CashSessionCounted, counted)
		fresh.Set(collections.CashSessionDifference, cnt-exp)
		if note := strings.TrimSpace(req.Note); note != "" {
			fresh.Set(collections.CashSessionNote, note)
		}
		if err := tx.Save(fresh); err != nil {
			return err
		}
		closed = fresh
		return audit.Write(tx, audit.Entry{Tenant: fresh.GetString(collections.CashSessionTenant), Actor: audit.FromRequest(e), Action: ActionCashClose,
			Collection: collections.CashSessions, Record: fresh.Id,
			Changes: map[string]any{"expected": expected, "counted": counted, "difference": cnt - exp}})
	})
	if errors.Is(err, errClosed) {
		return e.Error(http.StatusConflict, "Este caixa já foi fechado.", nil)
	}
	if ve, ok := apierr.AsValidation(err); ok {
		return apierr.BadRequest(apierr.CheckFields, ve)
	}
	if err != nil {
		return e.InternalServerError("Não foi possível fechar o caixa. Nada foi gravado.", err)
	}
	return s.answer(e, closed)
}

// checkCounted validates the counted amounts: every method the till
// expects must be counted, each between R$ 0,00 and the maximum, and only
// known methods.
func checkCounted(in map[string]*int64, sum *Summary) (map[string]int64, error) {
	errs := apierr.Fields{}
	inner := apierr.Fields{}
	out := map[string]int64{}
	for m, v := range in {
		switch {
		case !knownMethod(m):
			inner.Add(m, "unknown_method", "Forma de pagamento desconhecida.")
		case v == nil:
			continue
		case *v < 0 || *v > collections.MaxCents:
			inner.Add(m, "out_of_range", "Informe um valor entre R$ 0,00 e "+collections.MaxCentsText+".")
		default:
			out[m] = *v
		}
	}
	for _, l := range sum.Methods {
		if _, ok := out[l.Method]; !ok {
			inner.Add(l.Method, "required", "Informe o valor contado ("+methodLabel(l.Method)+"; esperado "+br.FormatBRL(l.Expected)+").")
		}
	}
	errs.Nest("counted", inner)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

func knownMethod(m string) bool {
	for _, k := range methodOrder {
		if k == m {
			return true
		}
	}
	return false
}

// methodLabel names a payment method in Portuguese.
func methodLabel(m string) string {
	switch m {
	case collections.MethodCash:
		return "dinheiro"
	case collections.MethodPix:
		return "PIX"
	case collections.MethodDebitCard:
		return "cartão de débito"
	case collections.MethodCardMachine:
		return "cartão de crédito (maquininha)"
	case collections.MethodCreditCard:
		return "cartão de crédito (Asaas)"
	case collections.MethodTransfer:
		return "transferência"
	case collections.MethodBoleto:
		return "boleto"
	}
	return m
}
