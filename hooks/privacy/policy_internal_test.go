package privacy

import (
	"testing"
)

// IsOptOut: the words and phrases of the README, whatever the case,
// accents and punctuation; ordinary messages that merely contain a
// similar word are not an opt-out.
func TestIsOptOut(t *testing.T) {
	for text, want := range map[string]bool{
		"parar":                            true,
		"PARAR":                            true,
		"Parar.":                           true,
		"  pare!! ":                        true,
		"stop":                             true,
		"sair da lista":                    true,
		"Quero SAIR DA LISTA por favor":    true,
		"não quero mais receber":           true,
		"Nao quero mais receber mensagens": true,
		"NÃO QUERO MAIS RECEBER!":          true,
		"pode parar de receber? quero sair da lista": true,
		"descadastrar":                      true,
		"me tira da lista":                  true,
		"meu celular parou de carregar":     false,
		"quero parar o conserto":            false,
		"sair":                              false, // the assistant's "end the conversation"
		"não quero":                         false, // an answer to the assistant's question
		"qual o horário de vocês?":          false,
		"":                                  false,
		"parara":                            false,
		"separar a tela do aparelho, pode?": false,
	} {
		if got := IsOptOut(text); got != want {
			t.Errorf("IsOptOut(%q) = %v, want %v", text, got, want)
		}
	}
}
