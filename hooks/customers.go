package hooks

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
)

// bindCustomers normalises what staff type: phones to E.164, CPF/CNPJ to
// their canonical form after checking their digits, names trimmed. Bad
// input is a 400 with a Portuguese message per field.
func bindCustomers(app core.App, d Deps) {
	normalise := func(e *core.RecordEvent) error {
		c := collections.AsCustomer(e.Record)
		errs := apierr.Fields{}
		c.SetName(strings.Join(strings.Fields(c.Name()), " "))
		if raw := c.Phone(); raw != "" {
			p, err := br.NormalizePhone(raw)
			if err != nil {
				errs.Add(collections.CustomerPhone, "invalid_phone", "Telefone inválido. Use DDD + número, ex.: (11) 98765-4321.")
			} else {
				c.SetPhone(p)
			}
		}
		if raw := strings.TrimSpace(c.Document()); raw != "" {
			doc, kind, err := br.ValidateCPFOrCNPJ(raw)
			if err != nil {
				errs.Add(collections.CustomerDocument, "invalid_document", err.Error())
			} else {
				c.SetDocument(doc, kind)
			}
		} else {
			c.SetDocument("", "")
		}
		if err := errs.Err(); err != nil {
			return err
		}
		return e.Next()
	}
	app.OnRecordCreate(collections.Customers).BindFunc(normalise)
	app.OnRecordUpdate(collections.Customers).BindFunc(normalise)
}
