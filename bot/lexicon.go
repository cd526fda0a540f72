package bot

import (
	"slices"
	"strings"

	"github.com/bancada/bancada/pricing"
)

// lexicon is the assistant's vocabulary: abbreviations, the words that
// trigger each intent, and the device, brand, model and service words of
// Brazil's repair market. It is built once by New and read-only after.
type lexicon struct {
	abbrev map[string]string
	// known words are never spell-corrected; targets are the words a
	// misspelling may be corrected to.
	known   map[string]bool
	targets []target

	typeWords map[string]string // word → device type
	brands    map[string]string // word → brand display name
	brandType map[string]string // brand display name → default device type
	series    map[string]series // product line word → brand, type, display
	modelMods map[string]string // model word → display form
	services  []keyed           // phrase → service key, in priority order
	parts     []keyed           // phrase → part name
	fillers   map[string]bool   // words dropped from a stock search
	w         wordLists
}

// wordLists holds the intent trigger lists, built once.
type wordLists struct {
	greeting, thanks, yes, no, human, menu, back, exit, cancel, appointment, reschedule, changeAppointment, status,
	schedule, hours, stock, have, repair, quote, dontKnow, notProblems, genericProblems []string
}

type target struct {
	word  string
	runes []rune
}

type keyed struct{ phrase, key string }

type series struct {
	brand, typ, display string
}

// Intent trigger words. Multi-word phrases are matched on word
// boundaries of the normalised message.
func greetingWords() []string {
	return []string{"oi", "ola", "oie", "oii", "eai", "e ai", "opa", "hello", "alo", "salve", "bom dia", "boa tarde", "boa noite", "tudo bem", "tudo bom"}
}

func thanksWords() []string {
	return []string{"obrigado", "obrigada", "brigado", "brigada", "valeu", "agradeco", "gratidao", "grato", "grata"}
}

func yesWords() []string {
	return []string{"sim", "claro", "quero", "pode", "ok", "okay", "beleza", "isso", "confirmo", "confirmar", "pode ser", "bora", "uhum", "aham", "com certeza", "certo", "fechado", "show", "perfeito", "otimo", "yes", "positivo", "afirmativo", "gostaria", "desejo"}
}

func noWords() []string {
	return []string{"nao", "nem", "negativo", "depois", "agora nao", "dispenso", "nope"}
}

func humanWords() []string {
	return []string{"atendente", "atendentes", "humano", "humana", "pessoa", "pessoa real", "falar com alguem", "falar com o tecnico", "falar com tecnico",
		"falar com um tecnico", "falar com voces", "falar com voce", "falar com o dono", "falar com a dona", "falar com o gerente", "gerente",
		"vendedor", "vendedora", "responsavel", "atendimento humano", "me liga", "me ligar", "pode ligar", "ligacao", "falar com gente", "alguem real"}
}

func menuWords() []string { return []string{"menu", "inicio", "opcoes", "menu principal"} }
func backWords() []string { return []string{"voltar", "volta", "anterior", "pergunta anterior"} }
func exitWords() []string {
	return []string{"sair", "encerrar", "encerra", "tchau", "parar", "para tudo", "esquece", "deixa para la", "nao quero mais", "cancelar", "cancela", "fim", "ate mais", "ate logo"}
}

func cancelVerbs() []string {
	return []string{"cancelar", "cancela", "cancelamento", "desmarcar", "desmarca", "cancelo"}
}

func appointmentWords() []string {
	return []string{"horario", "agendamento", "hora", "visita", "marcado", "marcada", "marcacao", "agenda", "consulta", "agendado", "agendada", "reserva", "compromisso"}
}

func rescheduleWords() []string {
	return []string{"remarcar", "reagendar", "remarca", "reagenda", "remarcacao"}
}

func changeVerbs() []string {
	return []string{"mudar", "trocar", "alterar", "mudanca", "troca", "muda", "altera"}
}

func statusWords() []string {
	return []string{"pronto", "pronta", "prontos", "prontas", "andamento", "situacao", "status", "acompanhar", "acompanhamento", "rastrear", "rastreio",
		"previsao", "terminou", "terminaram", "terminado", "finalizado", "finalizou", "consertado", "consertada", "arrumado", "arrumada", "retirar",
		"ja consertou", "ja consertaram", "ja arrumou", "ja arrumaram", "ja ficou", "como esta o conserto", "como esta meu", "como esta minha",
		"como esta o meu", "como esta a minha", "minha os", "ordem de servico", "posso buscar", "posso pegar", "posso retirar", "quando fica pronto", "meu pedido",
		"quando vai sair", "quando sai", "quando fica", "quando vai ficar", "ja saiu", "ja esta pronto", "ja consertado"}
}

func scheduleWords() []string {
	return []string{"agendar", "agendamento", "agenda", "marcar", "marcacao", "horario", "horarios", "reservar", "visita", "levar", "deixar o aparelho",
		"passar ai", "ir ai", "ir na loja", "passar na loja", "hora marcada", "agende", "marca um horario"}
}

func hoursWords() []string {
	return []string{"abre", "abrem", "aberto", "aberta", "abertos", "fecha", "fecham", "fechado hoje", "funcionamento", "expediente", "atendem",
		"funcionam", "que horas voces", "horario de atendimento"}
}

func stockWords() []string {
	return []string{"estoque", "peca", "pecas", "disponivel", "disponiveis", "disponibilidade", "vende", "vendem", "vendendo", "venda", "comprar", "compro", "a venda"}
}

func haveWords() []string {
	return []string{"tem", "teria", "tenho", "possui", "possuem", "tem ai", "voces tem", "ter"}
}

func repairVerbs() []string {
	return []string{"tem como", "troca", "trocar", "troco", "trocam", "conserto", "consertar", "conserta", "consertam", "arrumar", "arruma", "arrumam", "reparo", "reparar", "da para"}
}

func quoteWords() []string {
	return []string{"orcamento", "orcar", "quanto", "preco", "precos", "valor", "valores", "custa", "custo", "custaria", "cobra", "cobram", "cobrar",
		"troca", "trocar", "trocam", "consertar", "conserto", "consertam", "conserta", "arrumar", "arruma", "arrumam", "reparo", "reparar", "da para",
		"quebrou", "quebrado", "quebrada", "trincou", "trincada", "trincado", "rachou", "rachada", "rachado", "estragou", "defeito", "problema",
		"nao liga", "nao carrega", "parou de funcionar", "nao funciona", "caiu", "molhou"}
}

// genericProblems describe a fault without naming a part.
func genericProblems() []string {
	return []string{"nao liga", "nao funciona", "parou de funcionar", "nao acende", "esquentando", "esquenta", "desligando",
		"desliga sozinho", "nao da imagem", "sem imagem", "sem sinal", "nao da sinal", "estragou", "defeito", "nao liga mais"}
}

func dontKnowWords() []string {
	return []string{"nao sei", "sei la", "nao lembro", "nao faco ideia", "nao tenho certeza", "nao sei dizer", "desconheco"}
}

// commonWords are ordinary Portuguese words close to a trigger word
// ("marca" vs "marcar", "ponto" vs "pronto"): never spell-corrected.
func commonWords() []string {
	return strings.Fields(`marca marcas ponto pontos prato ponta tocar toca toque troco calor valer costa costas pessoal quando quanta quantas quantos
	sobre outro outra outros minha minhas nossa nosso voce voces estao preciso queria gostaria saber favor posso podem podia tenho temos certa
	achei falar falei disse ainda agora amanha hoje ontem semana sabado domingo segunda terca quarta quinta sexta feira manha tarde noite entao
	porque porem tambem muito pouco coisa coisas tudo nada alguma algum alguem ninguem aqui onde fica ficou dentro loja lojas endereco local caiu
	parou funciona funcionando liga ligar desliga apagou apagada preta branca brilho chegou chega entrega entregar receber pagar pegar pago cartao
	dinheiro desconto garantia nota fiscal cliente nome numero conversa mensagem resposta pergunta ajuda ajudar possivel consegue consigo
	conseguem melhor maior menor novo nova usado original paralela primeira linha modelo aparelho aparelhos problema defeito ficar ficam estava
	estou estamos esta seria sendo serve servico servicos tipo mesmo mesma igual junto junta conta conte obrigado lento tempo dias vezes minutos
	semanas meses quero quer queremos pronto levar deixar deixei buscar retirar vender custar comprei compra filho filha marido esposa
	trabalho escola casa carro pessoas gente senhor senhora moca rapaz`)
}

// abbreviations maps WhatsApp shorthand and frequent misspellings to
// canonical words.
func abbreviations() map[string]string {
	return map[string]string{
		"vc": "voce", "vcs": "voces", "voceis": "voces", "ce": "voce", "oces": "voces", "tb": "tambem", "tbm": "tambem", "tmb": "tambem",
		"q": "que", "pra": "para", "p": "para", "pa": "para", "ta": "esta", "tah": "esta", "to": "estou", "tou": "estou",
		"qto": "quanto", "qnt": "quanto", "qt": "quanto", "qnto": "quanto", "ql": "qual", "qdo": "quando", "qnd": "quando",
		"qndo": "quando", "cel": "celular", "celu": "celular", "cell": "celular", "celula": "celular", "hj": "hoje", "amn": "amanha",
		"amnh": "amanha", "msg": "mensagem", "orc": "orcamento", "orcamentos": "orcamento", "n": "nao", "naum": "nao", "nn": "nao",
		"s": "sim", "ss": "sim", "sm": "sim", "blz": "beleza", "obg": "obrigado", "obgd": "obrigado", "obgda": "obrigada", "vlw": "valeu",
		"td": "tudo", "agr": "agora", "oq": "o que", "pq": "porque", "pk": "porque", "mt": "muito", "mto": "muito", "hr": "hora",
		"hrs": "horas", "dps": "depois", "dnv": "de novo", "cmg": "comigo", "ngm": "ninguem", "alg": "alguem", "algm": "alguem",
		"bat": "bateria", "ifone": "iphone", "aifone": "iphone", "ipone": "iphone", "iphonee": "iphone", "ifon": "iphone",
		"sansung": "samsung", "samsumg": "samsung", "sansumg": "samsung", "xiaome": "xiaomi", "xiomi": "xiaomi", "xaomi": "xiaomi",
		"motorolla": "motorola", "pley": "playstation", "pfv": "por favor", "pf": "por favor", "pls": "por favor", "ctz": "certeza", "msm": "mesmo", "okk": "ok", "okey": "ok", "oka": "ok", "eae": "eai", "iai": "eai", "uhm": "uhum", "concerto": "conserto",
		"concertar": "consertar", "concerta": "conserta", "orsamento": "orcamento", "orssamento": "orcamento", "carregado": "carregador",
		"notbook": "notebook", "noteboock": "notebook", "computer": "computador",
		"atendete": "atendente",
	}
}

func deviceTypeWords() map[string]string {
	return map[string]string{
		"celular": pricing.TypePhone, "telefone": pricing.TypePhone, "smartphone": pricing.TypePhone, "iphone": pricing.TypePhone,
		"tablet": pricing.TypeTablet, "tablete": pricing.TypeTablet, "ipad": pricing.TypeTablet,
		"notebook": pricing.TypeComputer, "computador": pricing.TypeComputer, "laptop": pricing.TypeComputer, "pc": pricing.TypeComputer,
		"macbook": pricing.TypeComputer, "desktop": pricing.TypeComputer, "imac": pricing.TypeComputer, "ultrabook": pricing.TypeComputer,
		"chromebook": pricing.TypeComputer, "note": pricing.TypeComputer,
		"videogame": pricing.TypeConsole, "video game": pricing.TypeConsole, "console": pricing.TypeConsole, "playstation": pricing.TypeConsole,
		"xbox": pricing.TypeConsole, "nintendo": pricing.TypeConsole, "controle": pricing.TypeConsole, "joystick": pricing.TypeConsole,
		"smartwatch": pricing.TypeOther, "relogio": pricing.TypeOther, "caixa de som": pricing.TypeOther, "caixinha de som": pricing.TypeOther,
		"fone de ouvido": pricing.TypeOther, "drone": pricing.TypeOther,
	}
}

func brandWords() map[string]string {
	return map[string]string{
		"apple": "Apple", "samsung": "Samsung", "motorola": "Motorola", "xiaomi": "Xiaomi", "lg": "LG", "asus": "Asus", "realme": "Realme",
		"oppo": "Oppo", "huawei": "Huawei", "nokia": "Nokia", "lenovo": "Lenovo", "dell": "Dell", "acer": "Acer", "hp": "HP", "sony": "Sony",
		"microsoft": "Microsoft", "nintendo": "Nintendo", "positivo": "Positivo", "multilaser": "Multilaser", "infinix": "Infinix",
		"jbl": "JBL", "vaio": "Vaio", "alcatel": "Alcatel", "tcl": "TCL", "honor": "Honor", "oneplus": "OnePlus", "google": "Google",
	}
}

// brandTypes gives the device type a brand almost always means in a
// repair shop; brands with no entry (Apple, Asus, Multilaser, Google …)
// are ambiguous and the engine asks.
func brandTypes() map[string]string {
	m := map[string]string{}
	for _, b := range []string{"Samsung", "Motorola", "Xiaomi", "LG", "Realme", "Oppo", "Huawei", "Nokia", "Infinix", "Alcatel", "TCL", "Honor", "OnePlus"} {
		m[b] = pricing.TypePhone
	}
	for _, b := range []string{"Lenovo", "Dell", "Acer", "HP", "Positivo", "Vaio"} {
		m[b] = pricing.TypeComputer
	}
	for _, b := range []string{"Sony", "Microsoft", "Nintendo"} {
		m[b] = pricing.TypeConsole
	}
	m["JBL"] = pricing.TypeOther
	return m
}

func seriesWords() map[string]series {
	return map[string]series{
		"iphone":      {"Apple", pricing.TypePhone, "iPhone"},
		"ipad":        {"Apple", pricing.TypeTablet, "iPad"},
		"macbook":     {"Apple", pricing.TypeComputer, "MacBook"},
		"imac":        {"Apple", pricing.TypeComputer, "iMac"},
		"galaxy":      {"Samsung", pricing.TypePhone, "Galaxy"},
		"moto":        {"Motorola", pricing.TypePhone, "Moto"},
		"redmi":       {"Xiaomi", pricing.TypePhone, "Redmi"},
		"poco":        {"Xiaomi", pricing.TypePhone, "Poco"},
		"zenfone":     {"Asus", pricing.TypePhone, "Zenfone"},
		"xperia":      {"Sony", pricing.TypePhone, "Xperia"},
		"playstation": {"Sony", pricing.TypeConsole, "PlayStation"},
		"ps2":         {"Sony", pricing.TypeConsole, "PlayStation 2"},
		"ps3":         {"Sony", pricing.TypeConsole, "PlayStation 3"},
		"ps4":         {"Sony", pricing.TypeConsole, "PlayStation 4"},
		"ps5":         {"Sony", pricing.TypeConsole, "PlayStation 5"},
		"xbox":        {"Microsoft", pricing.TypeConsole, "Xbox"},
		"switch":      {"Nintendo", pricing.TypeConsole, "Nintendo Switch"},
		"surface":     {"Microsoft", pricing.TypeComputer, "Surface"},
		"ideapad":     {"Lenovo", pricing.TypeComputer, "IdeaPad"},
		"thinkpad":    {"Lenovo", pricing.TypeComputer, "ThinkPad"},
		"inspiron":    {"Dell", pricing.TypeComputer, "Inspiron"},
		"vostro":      {"Dell", pricing.TypeComputer, "Vostro"},
		"aspire":      {"Acer", pricing.TypeComputer, "Aspire"},
		"nitro":       {"Acer", pricing.TypeComputer, "Nitro"},
		"pavilion":    {"HP", pricing.TypeComputer, "Pavilion"},
	}
}

// modelModifiers are the words that continue a model name, with their
// display form ("pro" → "Pro").
func modelModifiers() map[string]string {
	return map[string]string{
		"pro": "Pro", "max": "Max", "plus": "Plus", "mini": "Mini", "ultra": "Ultra", "lite": "Lite", "note": "Note", "se": "SE",
		"xr": "XR", "xs": "XS", "x": "X", "s": "S", "power": "Power", "play": "Play", "edge": "Edge", "fe": "FE", "one": "One",
		"air": "Air", "series": "Series", "neo": "Neo", "prime": "Prime", "go": "Go", "tab": "Tab", "slim": "Slim", "oled": "OLED",
		"5g": "5G", "4g": "4G", "fold": "Fold", "flip": "Flip", "mi": "Mi",
	}
}

// serviceWords maps problem words to service keys; the first phrase found
// in the message (by position) wins.
func serviceWords() []keyed {
	var out []keyed
	add := func(key string, phrases ...string) {
		for _, p := range phrases {
			out = append(out, keyed{p, key})
		}
	}
	add(pricing.ServiceCamera, "camera", "cameras", "lente", "foto", "fotos", "camara")
	add(pricing.ServiceScreen, "tela", "telas", "display", "visor", "touch", "lcd", "frontal", "vidro", "trincou", "trincada", "trincado",
		"rachou", "rachada", "rachado", "tela quebrada")
	add(pricing.ServiceBattery, "bateria", "baterias", "descarregando", "descarrega", "segura carga", "estufada", "estufou", "viciada", "acaba rapido")
	add(pricing.ServiceCharging, "nao carrega", "carrega", "carregar", "carregando", "carregamento", "conector", "carregador", "entrada de carga",
		"porta de carga", "entrada do carregador")
	add(pricing.ServiceAudio, "som", "audio", "alto falante", "altofalante", "falante", "microfone", "nao escuto", "nao escuta", "auricular",
		"nao ouco", "nao ouve")
	add(pricing.ServiceButtons, "botao", "botoes", "power", "volume", "tecla", "teclas", "teclado")
	add(pricing.ServiceWater, "molhou", "molhado", "molhada", "agua", "oxidado", "oxidacao", "oxidou", "liquido", "piscina", "chuva")
	add(pricing.ServiceSoftware, "software", "sistema", "travando", "trava", "travado", "reiniciando", "reinicia", "atualizacao", "atualizar",
		"formatar", "formatacao", "virus", "lento", "lentidao", "senha", "conta google", "bloqueado", "desbloquear", "android", "backup")
	add(pricing.ServiceBoard, "placa", "curto", "curto circuito")
	return out
}

// partWords maps words to the part name sent to Data.SearchParts.
func partWords() []keyed {
	var out []keyed
	add := func(name string, phrases ...string) {
		for _, p := range phrases {
			out = append(out, keyed{p, name})
		}
	}
	add("bateria", "bateria", "baterias")
	add("tela", "tela", "telas", "display", "frontal", "visor", "lcd", "touch")
	add("carregador", "carregador", "carregadores", "fonte")
	add("conector de carga", "conector", "conector de carga", "entrada de carga")
	add("cabo", "cabo", "cabos")
	add("capinha", "capinha", "capinhas", "capa", "capas", "case")
	add("película", "pelicula", "peliculas")
	add("fone", "fone", "fones", "fone de ouvido")
	add("câmera", "camera", "cameras", "lente")
	add("alto-falante", "alto falante", "altofalante", "falante")
	add("tampa traseira", "tampa", "tampa traseira", "traseira")
	add("botão", "botao", "botoes")
	add("placa", "placa")
	add("memória", "memoria", "cartao de memoria")
	add("controle", "controle", "controles", "joystick")
	add("teclado", "teclado")
	add("SSD", "ssd")
	add("flex", "flex")
	add("microfone", "microfone")
	return out
}

func fillerWords() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a o as os um uma de do da dos das para pro pra e ou que voces voce tem teria tenho possui possuem ai aqui
		algum alguma quero queria gostaria saber se vende vendem comprar estoque peca pecas disponivel por favor ola oi bom dia boa tarde noite
		meu minha no na nos nas com sem tambem preco quanto custa valor qual`) {
		m[w] = true
	}
	return m
}

func newLexicon() *lexicon {
	lx := &lexicon{
		abbrev:    abbreviations(),
		known:     map[string]bool{},
		typeWords: deviceTypeWords(),
		brands:    brandWords(),
		brandType: brandTypes(),
		series:    seriesWords(),
		modelMods: modelModifiers(),
		services:  serviceWords(),
		parts:     partWords(),
		fillers:   fillerWords(),
	}
	lx.w = wordLists{
		greeting: greetingWords(), thanks: thanksWords(), yes: yesWords(), no: noWords(), human: humanWords(), menu: menuWords(),
		back: backWords(), exit: exitWords(), cancel: cancelVerbs(), appointment: appointmentWords(), reschedule: rescheduleWords(),
		changeAppointment: changeAppointment(), status: statusWords(), schedule: scheduleWords(), hours: hoursWords(), stock: stockWords(),
		have: haveWords(), repair: repairVerbs(), quote: quoteWords(), dontKnow: dontKnowWords(), notProblems: notProblems(),
		genericProblems: genericProblems(),
	}
	targetSet := map[string]bool{}
	addTargets := func(phrases ...string) {
		for _, p := range phrases {
			for _, w := range strings.Fields(p) {
				lx.known[w] = true
				if len(w) >= 4 {
					targetSet[w] = true
				}
			}
		}
	}
	for _, list := range [][]string{greetingWords(), thanksWords(), yesWords(), noWords(), humanWords(), menuWords(), backWords(),
		exitWords(), cancelVerbs(), appointmentWords(), rescheduleWords(), changeVerbs(), statusWords(), scheduleWords(), hoursWords(),
		stockWords(), haveWords(), repairVerbs(), quoteWords(), dontKnowWords(), genericProblems(), notProblems()} {
		addTargets(list...)
	}
	for w := range lx.typeWords {
		addTargets(w)
	}
	for w := range lx.brands {
		addTargets(w)
	}
	for w := range lx.series {
		addTargets(w)
	}
	for _, k := range lx.services {
		addTargets(k.phrase)
	}
	for _, k := range lx.parts {
		addTargets(k.phrase)
	}
	for w := range lx.modelMods {
		lx.known[w] = true
	}
	for _, w := range commonWords() {
		lx.known[w] = true
	}
	for k, v := range lx.abbrev {
		lx.known[k] = true
		for _, w := range strings.Fields(v) {
			lx.known[w] = true
		}
	}
	for w := range lx.fillers {
		lx.known[w] = true
	}
	for w := range targetSet {
		lx.targets = append(lx.targets, target{w, []rune(w)})
	}
	// Deterministic order: ties are broken by the earlier target.
	slices.SortFunc(lx.targets, func(a, b target) int { return strings.Compare(a.word, b.word) })
	return lx
}
