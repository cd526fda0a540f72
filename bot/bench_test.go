package bot

import (
	"context"
	"testing"
	"time"
)

// BenchmarkHandle runs a mixed set of customer messages (quotes with
// typos, status, stock, scheduling, small talk) through the engine with
// the in-memory Data, one message per iteration, carrying the State.
func BenchmarkHandle(b *testing.B) {
	fx := cellFix()
	eng := New(Options{})
	msgs := []string{
		"oi", "quanto custa pra trocar a tela do iphone 11?", "nao", "meu celuar ja ta pronto?", "vcs tem bateria de moto g8?",
		"1", "1", "samsung", "a52", "2", "não", "qto fica p trocar a bateira do iphoni 8?", "menu", "obg",
		"que horas vcs abrem?", "quero marcar um horario", "voltar", "xbox series s nao liga", "não", "tchau",
	}
	cust := fx.customers["maria"]
	start := day(fx.tenant.Location, 2026, 12, 1, 10, 0)
	data := fx.data()
	ctx := context.Background()
	var st State
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		// 20 s apart: never a flood, never a robot; a new day every 4000 messages.
		at := start.Add(time.Duration(i) * 20 * time.Second)
		res, err := eng.Handle(ctx, Inbound{Tenant: fx.tenant, Customer: cust, Text: msgs[i%len(msgs)], At: at}, st, data)
		if err != nil {
			b.Fatal(err)
		}
		st = res.State
		if len(data.log) > 1000 {
			data.log = data.log[:0]
		}
	}
}

// BenchmarkClassify measures the intent classifier alone.
func BenchmarkClassify(b *testing.B) {
	c := newClassifier()
	msgs := []string{"quanto custa pra trocar a tela do iphone 11?", "meu celuar ja ta pronto?", "vcs tem bateria de moto g8?", "oi", "orsamento"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c.classify(msgs[i%len(msgs)])
	}
}
