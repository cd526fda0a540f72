package privacy

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/audit"
)

// optOutWords are whole messages that withdraw marketing consent.
var optOutWords = []string{
	"parar", "pare", "stop", "descadastrar", "cancelar promocoes",
	"me tira da lista", "me tire da lista",
}

// optOutPhrases withdraw consent wherever they appear in a message.
var optOutPhrases = []string{
	"sair da lista", "nao quero mais receber", "nao quero receber", "parar de receber",
	"pare de me mandar", "pare de mandar", "parem de mandar", "parem de me mandar",
	"nao me mande mais", "nao mande mais", "descadastrar", "descadastre", "me descadastra",
	"remover da lista", "me remove da lista", "me remova da lista", "tirar da lista", "cancelar inscricao",
}

// IsOptOut reports whether a customer's WhatsApp message asks to stop
// receiving marketing: the whole message is one of a few words ("parar",
// "sair"), or it carries a phrase such as "sair da lista" or "não quero
// mais receber". Case, accents, punctuation and repeated spaces do not
// matter.
func IsOptOut(text string) bool {
	t := fold(text)
	if t == "" {
		return false
	}
	for _, w := range optOutWords {
		if t == w {
			return true
		}
	}
	padded := " " + t + " "
	for _, p := range optOutPhrases {
		if strings.Contains(padded, " "+p+" ") {
			return true
		}
	}
	return false
}

// fold lower-cases, strips accents and turns punctuation into spaces.
func fold(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return ' '
		}
		return r
	}, s)
	return br.Fold(s)
}

// OptOutConfirmation is the reply to an opt-out.
func OptOutConfirmation(shop string) string {
	return fmt.Sprintf("Pronto! Você não vai mais receber promoções e novidades de %s por aqui. "+
		"Os avisos sobre os seus serviços (orçamento, aparelho pronto, pagamentos) continuam chegando. "+
		"Se mudar de ideia, é só avisar a loja.", shop)
}

// RecordOptOut withdraws the customer's marketing consent, given on
// WhatsApp at at, with an audit line; with tx it commits with the message
// that asked for it.
func RecordOptOut(tx core.App, c *collections.Customer, at time.Time) error {
	if c.MarketingOptIn() || c.GetDateTime(collections.CustomerMarketingChangedAt).IsZero() {
		c.Set(collections.CustomerMarketingOptIn, false)
		SetConsentSource(c.Record, collections.ConsentWhatsApp, "cliente")
		// A customer who never opted in is stamped too: the refusal is
		// recorded for whoever asks later.
		c.Set(collections.CustomerMarketingChangedAt, at.UTC())
		c.Set(collections.CustomerMarketingChangedVia, collections.ConsentWhatsApp)
		c.Set(collections.CustomerMarketingChangedBy, "cliente")
		if err := tx.Save(c); err != nil {
			return fmt.Errorf("privacy: opt-out: %w", err)
		}
	}
	return audit.Write(tx, audit.Entry{
		Tenant: c.Tenant(), Actor: audit.Actor{Label: "cliente (WhatsApp)"}, Action: collections.ActionMarketingConsent,
		Collection: collections.Customers, Record: c.Id, Changes: map[string]any{"marketing_opt_in": false, "via": collections.ConsentWhatsApp},
	})
}
