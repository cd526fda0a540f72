package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// The glue's side of one inbound WhatsApp message: load the conversation's
// State, call Handle with a Data bound to the tenant, store the new State,
// queue the replies, flag a hand-off.
func ExampleEngine_Handle() {
	engine := New(Options{}) // once, at start-up; safe for concurrent use
	fx := cellFix()          // the tenant and customer the glue looked up
	data := fx.data()        // the glue's Data, bound to this tenant

	stored := []byte(`{}`) // the conversation record's "state" field
	for i, text := range []string{"quanto fica a bateria do moto g8?", "não", "atendente"} {
		var st State
		if err := json.Unmarshal(stored, &st); err != nil {
			panic(err)
		}
		in := Inbound{Tenant: fx.tenant, Customer: fx.customers["joao"], Text: text,
			At: time.Date(2026, 12, 1, 13, i, 0, 0, time.UTC)}
		res, err := engine.Handle(context.Background(), in, st, data)
		if err != nil {
			fmt.Println("log:", err) // still send res.Replies and store res.State
		}
		stored, _ = json.Marshal(res.State)
		for _, r := range res.Replies {
			fmt.Printf("→ %q\n", r)
		}
		if res.Handoff != nil {
			fmt.Println("flag for staff:", res.Handoff.Reason)
		}
	}
	// Output:
	// → "Olá, João! 👋 Aqui é o assistente virtual da *Cell Fix*."
	// → "João, o valor para *troca de bateria* no *Moto G8* é *R$ 120,00*.\nÉ uma estimativa: o valor final é confirmado no diagnóstico do aparelho."
	// → "Quer agendar um horário para deixar o aparelho na loja? Responda *sim* ou *não*."
	// → "Tudo bem! Se quiser agendar depois, é só mandar *agendar*. Posso ajudar em algo mais? Digite *menu* para ver as opções."
	// → "Certo, João! Já chamei um atendente. Em instantes alguém da equipe continua a conversa por aqui. 🙂"
	// flag for staff: cliente pediu atendente
}
