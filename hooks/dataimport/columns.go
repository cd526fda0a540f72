package dataimport

import (
	"strings"
	"unicode"

	"github.com/bancada/bancada/br"
)

// Collections, as in the URLs.
const (
	Customers = "customers"
	Devices   = "devices"
	Parts     = "parts"
	Orders    = "orders"
)

// Layouts an import recognises.
const (
	LayoutBancada = "bancada"
	LayoutSheet   = "planilha"
	LayoutMapOS   = "mapos"
)

var layoutLabels = map[string]string{
	LayoutBancada: "Exportação do Bancada",
	LayoutSheet:   "Planilha",
	LayoutMapOS:   "MapOS",
}

// column is one column of Bancada's own layout: its header and the field
// it fills.
type column struct{ header, field string }

// bancadaColumns are the export's columns, in order; the import reads them
// back by the same names.
var bancadaColumns = map[string][]column{
	Customers: {
		{"Nome", "name"}, {"Telefone", "phone"}, {"CPF/CNPJ", "document"}, {"E-mail", "email"},
		{"Endereço", "address"}, {"Observações", "notes"}, {"Aceita marketing", "marketing"}, {"Cliente desde", "since"},
	},
	Devices: {
		{"Telefone do cliente", "customer_phone"}, {"Cliente", "customer_name"}, {"Tipo", "type"}, {"Marca", "brand"},
		{"Modelo", "model"}, {"IMEI", "imei"}, {"Número de série", "serial"}, {"Cor", "color"},
		{"Observações de estado", "condition_notes"},
	},
	Parts: {
		{"Nome", "name"}, {"SKU", "sku"}, {"Modelos compatíveis", "models"}, {"Custo (R$)", "cost"},
		{"Preço (R$)", "price"}, {"Quantidade", "quantity"}, {"Estoque mínimo", "minimum"}, {"Local", "location"},
	},
	Orders: {
		{"Número", "number"}, {"Telefone do cliente", "customer_phone"}, {"Cliente", "customer_name"}, {"Tipo", "type"},
		{"Marca", "brand"}, {"Modelo", "model"}, {"IMEI", "imei"}, {"Defeito", "problem"}, {"Diagnóstico", "diagnosis"},
		{"Situação", "status"}, {"Itens (JSON)", "items"}, {"Orçamento (R$)", "quote_total"}, {"Total final (R$)", "final_total"},
		{"Pago (R$)", "paid"}, {"Garantia (dias)", "warranty"}, {"Entrada", "entered"}, {"Aprovação", "approved"},
		{"Conclusão", "completed"}, {"Entrega", "delivered"}, {"Observações", "notes"},
	},
}

// aliases maps a folded header (lower case, no accents, letters and digits
// only) to the field it fills, per collection: Bancada's own headers, the
// names people give spreadsheet columns, and MapOS's column names
// (clientes, produtos, os).
var aliases = map[string]map[string]string{
	Customers: {
		"nome": "name", "nomecompleto": "name", "cliente": "name", "nomedocliente": "name", "razaosocial": "name", "nomecliente": "name",
		"telefone": "phone", "fone": "phone", "tel": "phone", "telefonefixo": "phone", "telefone1": "phone",
		"celular": "mobile", "whatsapp": "mobile", "zap": "mobile", "telefonecelular": "mobile", "celularwhatsapp": "mobile",
		"cpfcnpj": "document", "cpf": "document", "cnpj": "document", "documento": "document", "cpfoucnpj": "document",
		"email": "email", "correioeletronico": "email",
		"endereco": "address", "enderecocompleto": "address",
		"rua": "street", "logradouro": "street", "numero": "street_number", "complemento": "complement", "bairro": "district",
		"cidade": "city", "municipio": "city", "estado": "state", "uf": "state", "cep": "zip",
		"observacoes": "notes", "observacao": "notes", "obs": "notes", "notas": "notes", "anotacoes": "notes",
		"aceitamarketing": "marketing", "marketing": "marketing",
		"clientedesde": "since", "datacadastro": "since", "cadastro": "since",
		"idclientes": "mapos_id", "fornecedor": "supplier",
	},
	Devices: {
		"telefonedocliente": "customer_phone", "telefone": "customer_phone", "celular": "customer_phone", "whatsapp": "customer_phone",
		"cpfcnpj": "customer_document", "cpf": "customer_document", "cpfcnpjdocliente": "customer_document",
		"cliente": "customer_name", "nomedocliente": "customer_name",
		"tipo": "type", "tipodeaparelho": "type", "marca": "brand", "fabricante": "brand",
		"modelo": "model", "aparelho": "model", "equipamento": "model",
		"imei": "imei", "numerodeserie": "serial", "serie": "serial", "serial": "serial", "ns": "serial",
		"cor": "color", "observacoesdeestado": "condition_notes", "estado": "condition_notes", "condicao": "condition_notes",
	},
	Parts: {
		"nome": "name", "peca": "name", "produto": "name", "descricao": "name", "item": "name",
		"sku": "sku", "codigo": "sku", "coddebarra": "sku", "codigodebarras": "sku", "ean": "sku", "referencia": "sku",
		"modeloscompativeis": "models", "compatibilidade": "models", "compativel": "models", "modelos": "models",
		"custo": "cost", "custors": "cost", "precodecusto": "cost", "precocompra": "cost", "precodecompra": "cost",
		"preco": "price", "precors": "price", "precodevenda": "price", "precovenda": "price", "valor": "price", "venda": "price",
		"quantidade": "quantity", "qtd": "quantity", "qtde": "quantity", "estoque": "quantity", "estoqueatual": "quantity",
		"estoqueminimo": "minimum", "minimo": "minimum",
		"local": "location", "localizacao": "location", "prateleira": "location",
	},
	Orders: {
		"numero": "number", "numerodaos": "number", "os": "number", "ndaos": "number", "idos": "number",
		"telefonedocliente": "customer_phone", "telefone": "customer_phone", "celular": "customer_phone", "whatsapp": "customer_phone",
		"cpfcnpj": "customer_document", "cpf": "customer_document",
		"cliente": "customer_name", "nomedocliente": "customer_name", "clientesid": "customer_mapos",
		"tipo": "type", "marca": "brand", "modelo": "model", "imei": "imei",
		"aparelho": "device", "equipamento": "device", "descricaoproduto": "device", "produto": "device",
		"defeito": "problem", "problema": "problem", "defeitorelatado": "problem", "relato": "problem",
		"diagnostico": "diagnosis", "laudotecnico": "diagnosis", "laudo": "diagnosis",
		"situacao": "status", "status": "status",
		"itensjson": "items", "itens": "items",
		"orcamento": "quote_total", "orcamentors": "quote_total",
		"totalfinal": "final_total", "totalfinalrs": "final_total", "valortotal": "final_total", "total": "final_total", "valor": "final_total",
		"pago": "paid", "pagors": "paid", "valorpago": "paid",
		"garantia": "warranty", "garantiadias": "warranty",
		"entrada": "entered", "dataentrada": "entered", "datainicial": "entered", "abertura": "entered", "datadeentrada": "entered",
		"aprovacao": "approved", "dataaprovacao": "approved",
		"conclusao": "completed", "datafinal": "completed", "dataconclusao": "completed",
		"entrega": "delivered", "dataentrega": "delivered", "datadeentrega": "delivered",
		"observacoes": "notes", "obs": "notes",
	},
}

// maposMarkers are headers only MapOS's tables have.
var maposMarkers = map[string]bool{
	"idclientes": true, "nomecliente": true, "idprodutos": true, "coddebarra": true, "precovenda": true,
	"idos": true, "clientesid": true, "descricaoproduto": true, "laudotecnico": true, "datainicial": true,
}

// foldHeader is a header's matching key: "CPF/CNPJ" → "cpfcnpj",
// "Preço (R$)" → "preco",
// "Observações" → "observacoes", "nomeCliente" → "nomecliente".
func foldHeader(h string) string {
	var b strings.Builder
	// "Custo (R$)" is "custo": the currency says nothing about the column
	for _, r := range strings.ReplaceAll(br.Fold(h), "r$", "") {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mapping is how a file's columns are read.
type mapping struct {
	layout string
	// fields maps a column index to the field it fills ("" = ignored).
	fields []string
	// headers are the file's own headers.
	headers []string
}

// index returns the column of field, or -1.
func (m mapping) index(field string) int {
	for i, f := range m.fields {
		if f == field {
			return i
		}
	}
	return -1
}

// has reports whether some column fills field.
func (m mapping) has(field string) bool { return m.index(field) >= 0 }

// header is the file's header of field's column (for messages).
func (m mapping) header(field string) string {
	if i := m.index(field); i >= 0 {
		return m.headers[i]
	}
	return field
}

// mapHeaders recognises the layout and maps each header to a field; a
// field's first column wins, later ones are ignored.
func mapHeaders(collection string, headers []string) mapping {
	m := mapping{layout: LayoutSheet, fields: make([]string, len(headers)), headers: headers}
	own := bancadaColumns[collection]
	if len(headers) == len(own) {
		same := true
		for i, c := range own {
			if strings.TrimSpace(headers[i]) != c.header {
				same = false
				break
			}
		}
		if same {
			m.layout = LayoutBancada
		}
	}
	taken := map[string]bool{}
	for i, h := range headers {
		k := foldHeader(h)
		if maposMarkers[k] {
			m.layout = LayoutMapOS
		}
		f := aliases[collection][k]
		if f == "" || taken[f] {
			continue
		}
		m.fields[i] = f
		taken[f] = true
	}
	return m
}
