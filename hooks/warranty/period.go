package warranty

import (
	"strconv"
	"strings"
	"time"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
)

// LastDay is the last calendar day of the order's warranty in the shop's
// zone (the delivery's date plus the warranty days), as midnight of that
// day in loc; zero when the order was never delivered or has no warranty.
// The warranty covers the whole of that day.
func LastDay(o *collections.Order, loc *time.Location) time.Time {
	d := o.DeliveredAt()
	if d.IsZero() || o.WarrantyDays() <= 0 {
		return time.Time{}
	}
	d = d.In(loc)
	return time.Date(d.Year(), d.Month(), d.Day()+o.WarrantyDays(), 0, 0, 0, 0, loc)
}

// Covered says why o cannot open a warranty return at now (a 400 with a
// Portuguese message on the "order" field), or nil when it can: it was
// delivered and now is on or before its last day of warranty.
func Covered(o *collections.Order, now time.Time, loc *time.Location) error {
	if o.Status() != collections.StatusDelivered || o.DeliveredAt().IsZero() {
		return apierr.Field("order", "not_delivered",
			"Só uma OS entregue ao cliente pode abrir garantia; a OS nº "+itoa(o.Number())+
				" está \""+o.Status().Label()+"\".")
	}
	if o.WarrantyDays() <= 0 {
		return apierr.Field("order", "no_warranty", "A OS nº "+itoa(o.Number())+" foi entregue sem garantia (0 dias).")
	}
	last := LastDay(o, loc)
	if !now.Before(last.AddDate(0, 0, 1)) {
		return apierr.Field("order", "warranty_expired",
			"A garantia da OS nº "+itoa(o.Number())+" terminou em "+br.Date(last, loc)+
				" ("+itoa(o.WarrantyDays())+" dias após a entrega em "+br.Date(o.DeliveredAt(), loc)+").")
	}
	return nil
}

// CheckCharge refuses to charge a warranty return without a reason: the
// repair is free by default, so the write that first gives it a price
// (stored total zero, new total above zero) must carry status_note. It
// returns the history note of the charge ("" when nothing is charged).
func CheckCharge(stored, o *collections.Order, note string) (string, error) {
	if o.WarrantyOf() == "" || stored.Total() > 0 || o.Total() <= 0 {
		return "", nil
	}
	reason := strings.TrimSpace(note)
	if reason == "" {
		return "", apierr.Field(collections.OrderStatusNote, "warranty_charge_reason_required",
			"Esta OS é um retorno em garantia e não tem custo para o cliente. "+
				"Para cobrar "+br.FormatBRL(o.Total())+", informe o motivo.")
	}
	return "Garantia cobrada: " + br.FormatBRL(o.Total()) + ". Motivo: " + reason, nil
}

func itoa(n int) string { return strconv.Itoa(n) }
