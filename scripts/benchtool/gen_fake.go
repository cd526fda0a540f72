package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
)

// rnd is a seeded random source with the helpers the generator needs.
// Every shop gets its own, derived from the seed and the shop's index, so
// the data set does not depend on generation order.
type rnd struct{ *rand.Rand }

func newRnd(seed uint64, stream uint64) *rnd {
	return &rnd{rand.New(rand.NewPCG(seed, stream*0x9E3779B97F4A7C15+1))}
}

const idAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// id is a PocketBase record id: 15 characters of [a-z0-9].
func (r *rnd) id() string {
	var b [15]byte
	for i := range b {
		b[i] = idAlphabet[r.IntN(len(idAlphabet))]
	}
	return string(b[:])
}

// str returns n characters of alphabet.
func (r *rnd) str(n int, alphabet string) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

// token is a tracking token as hooks/orders.go makes it: 24 random bytes,
// base64url without padding (32 characters).
func (r *rnd) token() string {
	return r.str(32, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
}

// tokenKey is an auth record's token key as PocketBase makes it (50 chars).
func (r *rnd) tokenKey() string {
	return r.str(50, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
}

func (r *rnd) pick(list []string) string { return list[r.IntN(len(list))] }

func (r *rnd) chance(p float64) bool { return r.Float64() < p }

// between returns a time uniformly in [a, b).
func (r *rnd) between(a, b time.Time) time.Time {
	d := b.Sub(a)
	if d <= 0 {
		return a
	}
	return a.Add(time.Duration(r.Int64N(int64(d))))
}

// weighted picks an index by weights.
func (r *rnd) weighted(weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := r.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// pbTime formats t as PocketBase stores dates ("2006-01-02 15:04:05.000Z").
func pbTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04:05.000Z")
}

// ---------------------------------------------------------------------
// People.

// firstNames are common Brazilian first names; Maria comes first and most
// often, as in the registry.
var firstNames = []string{
	"Maria", "José", "Ana", "João", "Antônio", "Francisca", "Francisco", "Carlos", "Paulo", "Pedro",
	"Lucas", "Luiz", "Marcos", "Luis", "Gabriel", "Rafael", "Adriana", "Juliana", "Márcia", "Fernanda",
	"Daniel", "Marcelo", "Bruno", "Eduardo", "Felipe", "Patrícia", "Aline", "Sandra", "Camila", "Amanda",
	"Rodrigo", "Gustavo", "Mariana", "Letícia", "Beatriz", "Larissa", "Vitória", "Thiago", "Matheus", "Leonardo",
	"Vinícius", "Cláudia", "Luciana", "Rosângela", "Raimundo", "Manoel", "Jéssica", "Bruna", "Gabriela", "Débora",
	"Mariana", "Maria Eduarda", "Maria Clara", "Ana Paula", "Ana Clara", "João Pedro", "Caio", "Renata", "Priscila", "Tatiane",
}

var surnames = []string{
	"Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima", "Gomes",
	"Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes", "Vieira", "Barbosa",
	"Rocha", "Dias", "Nascimento", "Andrade", "Moreira", "Nunes", "Marques", "Machado", "Mendes", "Freitas",
	"Cardoso", "Ramos", "Gonçalves", "Santana", "Teixeira", "Araújo", "Cavalcanti", "Monteiro", "Pinto", "Moura",
}

func (r *rnd) firstName() string {
	if r.chance(0.12) {
		return "Maria"
	}
	return r.pick(firstNames)
}

func (r *rnd) fullName() string {
	n := r.firstName() + " " + r.pick(surnames)
	if r.chance(0.45) {
		n += " " + r.pick(surnames)
	}
	return n
}

// ddds are area codes of large Brazilian cities.
var ddds = []string{"11", "11", "11", "21", "21", "31", "41", "51", "61", "71", "81", "85", "62", "27", "48", "19", "12", "13", "15", "16", "17", "92", "91", "98", "84", "83", "82", "79", "67", "65"}

// mobile is an E.164 Brazilian mobile number without '+': 55 DDD 9XXXXXXXX.
func (r *rnd) mobile(ddd string) string {
	return fmt.Sprintf("55%s9%d%07d", ddd, 6+r.IntN(4), r.IntN(10_000_000))
}

// cpf returns a valid CPF (11 digits with both check digits).
func (r *rnd) cpf() string {
	for {
		d := make([]int, 11)
		same := true
		for i := 0; i < 9; i++ {
			d[i] = r.IntN(10)
			if d[i] != d[0] {
				same = false
			}
		}
		if same {
			continue
		}
		d[9] = cpfDigit(d[:9], 10)
		d[10] = cpfDigit(d[:10], 11)
		var b strings.Builder
		for _, x := range d {
			b.WriteByte(byte('0' + x))
		}
		return b.String()
	}
}

func cpfDigit(d []int, weight int) int {
	sum := 0
	for i, x := range d {
		sum += x * (weight - i)
	}
	rem := sum * 10 % 11
	if rem == 10 {
		return 0
	}
	return rem
}

// cnpj returns a valid numeric CNPJ (headquarters "0001") built from base,
// an 8-digit company number.
func cnpj(base int) string {
	s := fmt.Sprintf("%08d0001", base%100_000_000)
	d := make([]int, 14)
	for i := 0; i < 12; i++ {
		d[i] = int(s[i] - '0')
	}
	w1 := []int{5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2}
	w2 := []int{6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2}
	d[12] = cnpjDigit(d[:12], w1)
	d[13] = cnpjDigit(d[:13], w2)
	var b strings.Builder
	for _, x := range d {
		b.WriteByte(byte('0' + x))
	}
	return b.String()
}

func cnpjDigit(d, w []int) int {
	sum := 0
	for i := range d {
		sum += d[i] * w[i]
	}
	if rem := sum % 11; rem >= 2 {
		return 11 - rem
	}
	return 0
}

// imei returns a valid 15-digit IMEI (Luhn) with a plausible TAC.
func (r *rnd) imei() string {
	tacs := []string{"35209900", "35332811", "35846110", "86769004", "35391110", "35430711"}
	body := r.pick(tacs) + fmt.Sprintf("%06d", r.IntN(1_000_000))
	sum := 0
	for i := 0; i < 14; i++ {
		x := int(body[i] - '0')
		if i%2 == 1 {
			x *= 2
			if x > 9 {
				x -= 9
			}
		}
		sum += x
	}
	return body + fmt.Sprint((10-sum%10)%10)
}

// emailLocal folds a name into an e-mail local part: "Antônio Silva" → "antonio.silva".
func emailLocal(name string) string {
	return strings.ReplaceAll(br.Fold(name), " ", ".")
}

// ---------------------------------------------------------------------
// Shops.

var cities = []struct{ city, uf, ddd string }{
	{"São Paulo", "SP", "11"}, {"Rio de Janeiro", "RJ", "21"}, {"Belo Horizonte", "MG", "31"}, {"Curitiba", "PR", "41"},
	{"Porto Alegre", "RS", "51"}, {"Brasília", "DF", "61"}, {"Salvador", "BA", "71"}, {"Recife", "PE", "81"},
	{"Fortaleza", "CE", "85"}, {"Goiânia", "GO", "62"}, {"Vitória", "ES", "27"}, {"Florianópolis", "SC", "48"},
	{"Campinas", "SP", "19"}, {"Santos", "SP", "13"}, {"Manaus", "AM", "92"}, {"Belém", "PA", "91"},
}

var streets = []string{"Rua Augusta", "Avenida Paulista", "Rua da Consolação", "Rua XV de Novembro", "Avenida Brasil",
	"Rua São Bento", "Avenida Sete de Setembro", "Rua Voluntários da Pátria", "Rua Direita", "Avenida Getúlio Vargas"}

var shopWords = []string{"Assistência Técnica", "Conserta Já", "Cell", "Fix", "Tech", "Celulares", "Smart Reparos", "InfoCell", "Doutor Celular", "Mega Cell"}

// ---------------------------------------------------------------------
// Devices.

type model struct {
	kind  collections.DeviceKind
	brand string
	names []string
}

var deviceModels = []model{
	{collections.DevicePhone, "Apple", []string{"iPhone 8", "iPhone XR", "iPhone 11", "iPhone 12", "iPhone 13", "iPhone 14", "iPhone 15"}},
	{collections.DevicePhone, "Samsung", []string{"Galaxy A12", "Galaxy A32", "Galaxy A54", "Galaxy S20", "Galaxy S21", "Galaxy S23", "Galaxy M23"}},
	{collections.DevicePhone, "Motorola", []string{"Moto G8", "Moto G9 Play", "Moto G20", "Moto G52", "Moto E22", "Edge 30"}},
	{collections.DevicePhone, "Xiaomi", []string{"Redmi Note 8", "Redmi Note 10", "Redmi Note 12", "Redmi 9A", "Poco X3"}},
	{collections.DeviceTablet, "Apple", []string{"iPad 9ª geração", "iPad Air 4"}},
	{collections.DeviceTablet, "Samsung", []string{"Galaxy Tab A7", "Galaxy Tab S6 Lite"}},
	{collections.DeviceComputer, "Dell", []string{"Inspiron 15 3000", "Vostro 14"}},
	{collections.DeviceComputer, "Lenovo", []string{"IdeaPad 3", "ThinkPad E14"}},
	{collections.DeviceComputer, "Apple", []string{"MacBook Air M1"}},
	{collections.DeviceConsole, "Sony", []string{"PlayStation 4", "PlayStation 5"}},
	{collections.DeviceConsole, "Nintendo", []string{"Switch"}},
	{collections.DeviceConsole, "Microsoft", []string{"Xbox One S"}},
	{collections.DeviceOther, "JBL", []string{"Flip 5"}},
}

// modelWeights favour phones, as in a phone repair shop.
var modelWeights = []float64{22, 22, 18, 16, 2, 2, 2, 2, 1, 2, 1, 1, 1}

var colors = []string{"preto", "branco", "azul", "prata", "dourado", "verde", "vermelho", "rosa", "grafite"}

var accessories = [][]string{{}, {}, {"capinha"}, {"carregador"}, {"capinha", "chip"}, {"capinha", "película"}}

type problem struct {
	text, diagnosis, service string
	part                     string // part line description prefix, "" = labour only
	price                    int64  // typical total in centavos
}

var phoneProblems = []problem{
	{"Tela trincada após queda, touch funcionando.", "Vidro e display danificados.", "screen", "Tela", 45000},
	{"Tela quebrada, não aparece imagem.", "Display danificado.", "screen", "Tela", 52000},
	{"Bateria descarrega muito rápido.", "Bateria degradada.", "battery", "Bateria", 22000},
	{"Não carrega, só com o cabo em certa posição.", "Conector de carga oxidado.", "charging", "Conector de carga", 12000},
	{"Caiu na água e não liga mais.", "Oxidação na placa; limpeza química.", "", "", 25000},
	{"Som do alto-falante chiando.", "Alto-falante danificado.", "", "Alto-falante", 9000},
	{"Câmera traseira embaçada.", "Lente da câmera trincada.", "", "Lente da câmera", 8000},
	{"Botão de ligar não funciona.", "Flex do botão rompido.", "", "Flex do botão", 11000},
}

var otherProblems = []problem{
	{"Não liga.", "Fonte queimada.", "", "Fonte", 30000},
	{"Superaquecendo e desligando.", "Limpeza interna e troca de pasta térmica.", "", "", 18000},
	{"Tela com listras.", "Cabo flat do display danificado.", "", "Cabo flat", 21000},
	{"Muito lento, travando.", "SSD com setores defeituosos.", "", "SSD 480 GB", 35000},
}

// ---------------------------------------------------------------------
// Messages.

var inboundTexts = []string{
	"Oi, boa tarde!", "Quanto fica a troca de tela do %s?", "Meu celular já ficou pronto?", "Vocês abrem sábado?",
	"Obrigado!", "Qual o endereço da loja?", "Quero falar com um atendente", "Pode fazer no pix?",
	"Bom dia, o orçamento foi aprovado", "Que horas fecham hoje?", "Ok, vou passar aí amanhã",
}

var botTexts = []string{
	"Olá, %s! Sou a assistente virtual da %s. Como posso ajudar?",
	"A troca de tela do %s fica em R$ 450,00, com garantia de 90 dias.",
	"Sua OS está em reparo. Avisamos assim que ficar pronta.",
	"Funcionamos de segunda a sexta, das 9h às 18h, e aos sábados das 9h às 13h.",
	"Vou chamar alguém da equipe para falar com você.",
}

var staffTexts = []string{
	"Oi %s, já está pronto, pode vir buscar.", "Bom dia! Chegou a peça, fica pronto hoje à tarde.",
	"Pode sim, te mando o link do pix.", "Estamos te esperando!",
}
