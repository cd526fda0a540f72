package msgtemplate_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/msgtemplate"
)

func TestRender(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"CLIENTE": "Maria", "VALOR": "R$ 1.234,50", "APARELHO": "iPhone 11", "VAZIO": ""}
	cases := []struct{ name, tpl, want string }{
		{"plain text untouched", "Olá!", "Olá!"},
		{"one var", "Olá, {{CLIENTE}}!", "Olá, Maria!"},
		{"spaces inside braces", "Olá, {{ CLIENTE }}!", "Olá, Maria!"},
		{"lower-case name", "Olá, {{cliente}}!", "Olá, Maria!"},
		{"several vars and repeats", "{{CLIENTE}}: {{APARELHO}} por {{VALOR}} ({{CLIENTE}})", "Maria: iPhone 11 por R$ 1.234,50 (Maria)"},
		{"unknown var left as is", "Oi {{NOME}} e {{ Y }}", "Oi {{NOME}} e {{ Y }}"},
		{"empty value", "[{{VAZIO}}]", "[]"},
		{"empty braces left", "a {{}} b", "a {{}} b"},
		{"unclosed braces left", "a {{CLIENTE b", "a {{CLIENTE b"},
		{"value with braces is not re-rendered", "{{X}}", "{{CLIENTE}}"},
		{"multiline", "Olá, {{CLIENTE}}!\nValor: {{VALOR}}", "Olá, Maria!\nValor: R$ 1.234,50"},
	}
	vars["X"] = "{{CLIENTE}}"
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, msgtemplate.Render(tc.tpl, vars))
		})
	}
}

func TestTidy(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"Olá, ! 👋", "Olá! 👋"},
		{"Certo, ! Já chamei.", "Certo! Já chamei."},
		{", o valor é R$ 10,00.", "O valor é R$ 10,00."},
		{"Pronto, ! ✅ Seu horário", "Pronto! ✅ Seu horário"},
		{"Tudo bem,  ! Até", "Tudo bem! Até"},
		{"Olá, Maria! Tudo bem?", "Olá, Maria! Tudo bem?"},
		{"R$ 1.234,50 e 1,5", "R$ 1.234,50 e 1,5"},
		{"linha 1 ,\n, linha 2", "linha 1,\nLinha 2"},
		{"*1* Orçamento\n*2* Status", "*1* Orçamento\n*2* Status"},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, msgtemplate.Tidy(tc.in), tc.in)
	}
}

func TestPlaceholdersAndValidate(t *testing.T) {
	t.Parallel()
	assert.Equal(t, []string{"CLIENTE", "VALOR"}, msgtemplate.Placeholders("{{ cliente }} {{VALOR}} {{CLIENTE}} {{}}"))
	assert.Empty(t, msgtemplate.Placeholders("sem variáveis"))
	require.NoError(t, msgtemplate.Validate("Olá, {{CLIENTE}}", []string{"CLIENTE"}))
	err := msgtemplate.Validate("Olá, {{CLIENT}}", []string{"CLIENTE", "LOJA"})
	require.Error(t, err)
	assert.Equal(t, "variável desconhecida {{CLIENT}}; use: {{CLIENTE}}, {{LOJA}}", err.Error())
	assert.EqualError(t, msgtemplate.Validate("{{X}}", nil), "variável desconhecida {{X}}; use: nenhuma")
}

func TestCatalog(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, txt := range msgtemplate.Catalog() {
		assert.False(t, seen[txt.Key], "duplicate key %s", txt.Key)
		seen[txt.Key] = true
		assert.NotEmpty(t, txt.Default, txt.Key)
		assert.NotEmpty(t, txt.Label, txt.Key)
		if txt.Group != msgtemplate.GroupNotices { // the bot joins paragraphs itself; notices keep theirs
			assert.NotContains(t, txt.Default, "\n\n", txt.Key)
		}
		assert.NoError(t, msgtemplate.Validate(txt.Default, txt.Vars), txt.Key)
	}
	for _, k := range []string{msgtemplate.KeyWelcome, msgtemplate.KeyOutOfHours, msgtemplate.KeyQuote, msgtemplate.KeyHandoff, msgtemplate.KeyInactive} {
		assert.True(t, seen[k], k)
	}
	assert.Contains(t, msgtemplate.Default(msgtemplate.KeyQuote), "{{VALOR}}")
	assert.Empty(t, msgtemplate.Default("nope"))
	d := msgtemplate.Defaults()
	assert.Len(t, d, len(seen))
	d[msgtemplate.KeyWelcome] = "mudado"
	assert.NotEqual(t, "mudado", msgtemplate.Default(msgtemplate.KeyWelcome), "Defaults must return a copy")
	txt, ok := msgtemplate.Lookup(msgtemplate.KeyInactive)
	require.True(t, ok)
	assert.Contains(t, txt.Default, "No momento não conseguimos atender por aqui")
	_, ok = msgtemplate.Lookup("nope")
	assert.False(t, ok)
}
