package demo

import (
	"fmt"
	"strings"
)

// Banner is what the demo prints when it starts: where the staff app, the
// fake WhatsApp's control page and the operators' dashboard are, and the
// logins. created says whether this run seeded the shop.
func Banner(publicURL string, created bool) string {
	base := strings.TrimRight(publicURL, "/")
	var b strings.Builder
	if created {
		b.WriteString("Loja de demonstração criada: Assistência Demo\n")
	}
	fmt.Fprintf(&b, "Aplicativo da loja (balcão, quadro, OS): %s/\n", base)
	fmt.Fprintf(&b, "WhatsApp simulado (escanear o QR code, mandar mensagens de clientes): %s%s/evolution/_fake/\n", base, FakesPrefix)
	b.WriteString("Logins da demonstração (senha " + Password + "):\n")
	for _, l := range Logins {
		fmt.Fprintf(&b, "  %-28s %s\n", l.Email, l.Role.Label())
	}
	fmt.Fprintf(&b, "  %-28s operador da plataforma (painel em %s/_/)\n", SuperuserEmail, base)
	return b.String()
}
