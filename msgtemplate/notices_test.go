package msgtemplate_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bancada/bancada/msgtemplate"
)

// TestNoticesGolden renders each reminder and charge message's default
// with the values a customer would get; the expected texts are written
// out.
func TestNoticesGolden(t *testing.T) {
	t.Parallel()
	shop := map[string]string{msgtemplate.VarCliente: "Maria", msgtemplate.VarLoja: "Loja Centro"}
	with := func(extra map[string]string) map[string]string {
		out := map[string]string{}
		for k, v := range shop {
			out[k] = v
		}
		for k, v := range extra {
			out[k] = v
		}
		return out
	}
	appt := map[string]string{msgtemplate.VarTipo: "entrega do aparelho", msgtemplate.VarData: "amanhã (quinta-feira, 26/11) às 14:00",
		msgtemplate.VarEndereco: "Rua A, 10"}
	cases := []struct {
		name, key string
		vars      map[string]string
		want      string
	}{
		{"reminder", msgtemplate.KeyAppointmentReminder, with(appt),
			"Olá, Maria! Lembrete do seu agendamento na *Loja Centro*: entrega do aparelho *amanhã (quinta-feira, 26/11) às 14:00*.\n" +
				"Endereço: Rua A, 10.\nResponda *SIM* para confirmar ou *CANCELAR* para desmarcar."},
		{"reminder, no address, no name", msgtemplate.KeyAppointmentReminder,
			with(map[string]string{msgtemplate.VarCliente: "", msgtemplate.VarTipo: "visita técnica", msgtemplate.VarData: "hoje às 16:00", msgtemplate.VarEndereco: ""}),
			"Olá! Lembrete do seu agendamento na *Loja Centro*: visita técnica *hoje às 16:00*.\n" +
				"Responda *SIM* para confirmar ou *CANCELAR* para desmarcar."},
		{"reminder, confirmed", msgtemplate.KeyAppointmentReminderConfirmed, with(appt),
			"Olá, Maria! Lembrete do seu agendamento na *Loja Centro*: entrega do aparelho *amanhã (quinta-feira, 26/11) às 14:00*.\n" +
				"Endereço: Rua A, 10.\nSe não puder vir, responda *CANCELAR* para desmarcar."},
		{"pick-up", msgtemplate.KeyPickupReminder,
			with(map[string]string{msgtemplate.VarAparelho: "Apple iPhone 11", msgtemplate.VarOS: "12", msgtemplate.VarData: "10/11",
				msgtemplate.VarEndereco: "", msgtemplate.VarHorario: "segunda a sexta: 09:00–18:00"}),
			"Olá, Maria! Seu *Apple iPhone 11* (OS nº 12) está pronto desde 10/11 e aguarda retirada na *Loja Centro*.\n" +
				"Horário: segunda a sexta: 09:00–18:00."},
		{"charge with Pix", msgtemplate.KeyCharge,
			with(map[string]string{msgtemplate.VarOS: "42", msgtemplate.VarValor: "R$ 150,50", msgtemplate.VarVencimento: "24/11/2026",
				msgtemplate.VarComoPagar: msgtemplate.PayInstruction("pix"), msgtemplate.VarLink: "https://asaas/i/1", msgtemplate.VarPix: "000201PIX"}),
			"Olá, Maria! Aqui é da Loja Centro.\nSegue a cobrança da OS nº 42: R$ 150,50, vencimento 24/11/2026.\n" +
				"Pague neste link: https://asaas/i/1\n\nPix copia e cola:\n000201PIX"},
		{"charge without Pix", msgtemplate.KeyCharge,
			with(map[string]string{msgtemplate.VarOS: "42", msgtemplate.VarValor: "R$ 150,50", msgtemplate.VarVencimento: "24/11/2026",
				msgtemplate.VarComoPagar: msgtemplate.PayInstruction("boleto"), msgtemplate.VarLink: "https://asaas/i/1", msgtemplate.VarPix: ""}),
			"Olá, Maria! Aqui é da Loja Centro.\nSegue a cobrança da OS nº 42: R$ 150,50, vencimento 24/11/2026.\n" +
				"Boleto e outras opções neste link: https://asaas/i/1"},
		{"receipt", msgtemplate.KeyPaymentReceived,
			with(map[string]string{msgtemplate.VarOS: "42", msgtemplate.VarValor: "R$ 40,00", msgtemplate.VarFalta: "R$ 60,00"}),
			"Olá, Maria! Pagamento recebido: R$ 40,00 da OS nº 42 na Loja Centro. Falta pagar R$ 60,00."},
		{"receipt, paid off", msgtemplate.KeyPaymentReceivedPaidOff,
			with(map[string]string{msgtemplate.VarOS: "42", msgtemplate.VarValor: "R$ 100,00"}),
			"Olá, Maria! Pagamento recebido: R$ 100,00 da OS nº 42 na Loja Centro. A OS está quitada. Obrigado!"},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, msgtemplate.Compose(msgtemplate.Default(tc.key), tc.vars), tc.name)
		text, ok := msgtemplate.Lookup(tc.key)
		if assert.True(t, ok, tc.key) {
			assert.NoError(t, msgtemplate.Validate(text.Default, text.Vars), "the default uses only its own placeholders")
		}
	}
}

func TestComposeLeavesOutEmptyLinesAndParagraphs(t *testing.T) {
	t.Parallel()
	tpl := "A {{X}}\nB: {{Y}}.\nC\n\nD:\n{{Z}}\n\nE {{W}}"
	vars := map[string]string{"X": "x", "Y": "", "Z": "", "W": "w"}
	assert.Equal(t, "A x\nC\n\nE w", msgtemplate.Compose(tpl, vars))
	assert.Equal(t, "A x\nB: {{Q}}.", msgtemplate.Compose("A {{X}}\nB: {{Q}}.", vars), "an unknown placeholder shows")
	assert.Equal(t, "own", msgtemplate.Pick(map[string]string{"charge": "own"}, "charge"))
	assert.Equal(t, msgtemplate.Default("charge"), msgtemplate.Pick(map[string]string{"charge": "  "}, "charge"))
}
