package dataimport_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/dataimport"
	"github.com/bancada/bancada/hooks/hooktest"
)

type env struct {
	app core.App
	f   *hooktest.Fixture
	url string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := hooktest.New(t)
	return &env{app: e.App, f: hooktest.Seed(t, e.App), url: hooktest.Serve(t, e.App).URL}
}

func (e *env) count(t *testing.T, collection, tenant string) int {
	t.Helper()
	n, err := e.app.CountRecords(collection, dbx.HashExp{"tenant": tenant})
	require.NoError(t, err)
	return int(n)
}

// newShop is a shop with an owner and no data.
func (e *env) newShop(t *testing.T, name string) (string, *core.Record) {
	t.Helper()
	tn, err := collections.NewTenant(e.app)
	require.NoError(t, err)
	tn.SetName(name)
	tn.SetCNPJ(fmt.Sprintf("%014d", hooktest.Uniq()))
	tn.SetEmail("nova@example.com")
	tn.SetPhone("551133334444")
	require.NoError(t, e.app.Save(tn))
	return tn.Id, hooktest.NewStaff(t, e.app, tn.Id, "dono"+name, collections.RoleOwner)
}

type rowErrors struct {
	Message string `json:"message"`
	Data    struct {
		Rows []dataimport.RowError `json:"rows"`
	} `json:"data"`
}

// A spreadsheet with its own column names: upper case, accents, the
// mobile in "Celular", CPF formatted.
func TestImportSpreadsheetCustomersAndDuplicates(t *testing.T) {
	e := newEnv(t)
	existing := e.f.A.Rec[collections.Customers]
	csv := "NOME;Celular;Telefone;CPF/CNPJ;E-mail;Endereço\r\n" +
		"Maria Souza;(11) 98765-4321;(11) 3333-4444;529.982.247-25;maria@example.com;Rua A, 10\r\n" +
		"Cliente Antigo;" + existing.GetString("phone") + ";;;;\r\n" +
		"Maria de Novo;11987654321;;;;\r\n" +
		"João Lima;21 99876-5432;;;;\r\n"
	path := "/api/bancada/import/customers/preview?tenant=" + e.f.A.ID()
	status, raw := upload(t, e.url, path, e.f.A.Owner, csv)
	require.Equal(t, http.StatusOK, status, string(raw))
	p := decode[dataimport.Preview](t, raw)
	require.Equal(t, "planilha", p.Layout)
	require.Equal(t, ";", p.Separator)
	require.Equal(t, 4, p.Total)
	require.Equal(t, 2, p.ToImport)
	require.Empty(t, p.Errors)
	require.Equal(t, []dataimport.Notice{
		{Row: 3, Message: "Já cadastrado com este telefone (Cliente A); será ignorado."},
		{Row: 4, Message: "Repetido: mesmo telefone da linha 2; será ignorado."},
	}, p.Duplicates)
	require.Equal(t, "Celular", p.Columns[1].Label)
	require.Equal(t, "(11) 98765-4321", p.Rows[0].Values["phone"])
	require.Equal(t, "529.982.247-25", p.Rows[0].Values["document"])
	before := e.count(t, collections.Customers, e.f.A.ID())
	require.Equal(t, before, e.count(t, collections.Customers, e.f.A.ID()), "a preview writes nothing")

	status, raw = upload(t, e.url, "/api/bancada/import/customers?tenant="+e.f.A.ID(), e.f.A.Owner, csv)
	require.Equal(t, http.StatusOK, status, string(raw))
	res := decode[dataimport.Result](t, raw)
	require.Equal(t, 2, res.Created)
	require.Len(t, res.Skipped, 2)
	require.Equal(t, before+2, e.count(t, collections.Customers, e.f.A.ID()))
	maria, err := e.app.FindFirstRecordByFilter(collections.Customers, "tenant = {:t} && phone = '5511987654321'", dbx.Params{"t": e.f.A.ID()})
	require.NoError(t, err)
	require.Equal(t, "Maria Souza", maria.GetString("name"))
	require.Equal(t, "52998224725", maria.GetString("document"))
	require.Equal(t, "cpf", maria.GetString("document_kind"))
	require.Equal(t, "Outro telefone: (11) 3333-4444", maria.GetString("notes"))
	audits, err := e.app.CountRecords(collections.AuditLog, dbx.HashExp{"tenant": e.f.A.ID(), "action": dataimport.ActionImport})
	require.NoError(t, err)
	require.Equal(t, int64(1), audits, "the import is in the audit log")
	// importing the same file again creates nothing
	status, raw = upload(t, e.url, "/api/bancada/import/customers?tenant="+e.f.A.ID(), e.f.A.Owner, csv)
	require.Equal(t, http.StatusOK, status, string(raw))
	require.Equal(t, 0, decode[dataimport.Result](t, raw).Created)
	require.Equal(t, before+2, e.count(t, collections.Customers, e.f.A.ID()))
}

// Bad rows: the preview lists every problem by line and column, in
// Portuguese; confirming is a 400 with the same list and nothing written,
// the good rows included.
func TestImportWithBadRowsWritesNothing(t *testing.T) {
	e := newEnv(t)
	csv := "Nome;Telefone;CPF/CNPJ;E-mail\n" +
		"Boa Cliente;(11) 98765-1111;;\n" +
		"Telefone Ruim;1234;;\n" +
		"CPF Ruim;(11) 98765-2222;111.222.333-44;\n" +
		";(11) 98765-3333;;nao-e-email\n"
	status, raw := upload(t, e.url, "/api/bancada/import/customers/preview?tenant="+e.f.A.ID(), e.f.A.Owner, csv)
	require.Equal(t, http.StatusOK, status, string(raw))
	p := decode[dataimport.Preview](t, raw)
	want := []dataimport.RowError{
		{Row: 3, Column: "Telefone", Message: "Telefone inválido: use DDD + número, ex.: (11) 98765-4321."},
		{Row: 4, Column: "CPF/CNPJ", Message: "CPF/CNPJ inválido: confira os dígitos."},
		{Row: 5, Column: "Nome", Message: "Informe o nome."},
		{Row: 5, Column: "E-mail", Message: "E-mail inválido."},
	}
	require.Equal(t, want, p.Errors)
	require.Equal(t, 3, p.ErrorRows)
	require.Equal(t, 1, p.ToImport)

	before := e.count(t, collections.Customers, e.f.A.ID())
	status, raw = upload(t, e.url, "/api/bancada/import/customers?tenant="+e.f.A.ID(), e.f.A.Owner, csv)
	require.Equal(t, http.StatusBadRequest, status, string(raw))
	got := decode[rowErrors](t, raw)
	require.Equal(t, "O arquivo tem erros em 3 linhas; nada foi importado. Corrija e envie de novo.", got.Message)
	require.Equal(t, want, got.Data.Rows)
	require.Equal(t, before, e.count(t, collections.Customers, e.f.A.ID()), "nothing half-imported")

	// orders: dates and money
	orders := "Telefone do cliente;Defeito;Entrada;Total final (R$)\n" +
		e.f.A.Rec[collections.Customers].GetString("phone") + ";Tela;31/02/2026;100,00\n" +
		e.f.A.Rec[collections.Customers].GetString("phone") + ";Tela;01/11/2026;doze reais\n" +
		"(11) 90000-0000;Tela;01/11/2026;10\n"
	status, raw = upload(t, e.url, "/api/bancada/import/orders?tenant="+e.f.A.ID(), e.f.A.Owner, orders)
	require.Equal(t, http.StatusBadRequest, status, string(raw))
	require.Equal(t, []dataimport.RowError{
		{Row: 2, Column: "Entrada", Message: "Data inválida: use DD/MM/AAAA (ou DD/MM/AAAA HH:MM)."},
		{Row: 3, Column: "Total final (R$)", Message: "Valor inválido: use reais com vírgula, ex.: 1.234,50."},
		{Row: 4, Column: "Telefone do cliente", Message: "Nenhum cliente com o telefone (11) 90000-0000: importe primeiro os clientes."},
	}, decode[rowErrors](t, raw).Data.Rows)

	// a file without the required columns
	status, raw = upload(t, e.url, "/api/bancada/import/customers/preview?tenant="+e.f.A.ID(), e.f.A.Owner, "Apelido;Idade\nZé;30\n")
	require.Equal(t, http.StatusBadRequest, status, string(raw))
	require.Contains(t, string(raw), "Coluna obrigatória não encontrada: Nome.")
}

// MapOS's tables as phpMyAdmin exports them to CSV (column names of
// clientes, produtos and os, ',' between fields, MySQL dates and
// DECIMALs): suppliers are left out, the mobile wins, each customer keeps
// its MapOS id so the orders find it, statuses are translated.
func TestImportMapOS(t *testing.T) {
	e := newEnv(t)
	shop, owner := e.newShop(t, "Migrada")
	clientes := "idClientes,nomeCliente,sexo,pessoa_fisica,documento,telefone,celular,email,senha,dataCadastro,rua,numero,bairro,cidade,estado,cep,contato,complemento,fornecedor\n" +
		"7,Ana Paula,F,1,529.982.247-25,(11) 3333-4444,(11) 98888-7777,ana@example.com,x,2024-03-10,Rua das Flores,120,Centro,São Paulo,SP,01001-000,,ap 5,0\n" +
		"8,Distribuidora Peças,,0,11.222.333/0001-81,(11) 3222-1111,,compras@example.com,x,2024-03-11,,,,,,,,,1\n" +
		"9,Bruno Dias,M,1,,(21) 99777-6666,NULL,bruno@example.com,x,2024-03-12,NULL,NULL,NULL,Rio de Janeiro,RJ,\\N,NULL,NULL,0\n"
	status, raw := upload(t, e.url, "/api/bancada/import/customers/preview?tenant="+shop, owner, clientes)
	require.Equal(t, http.StatusOK, status, string(raw))
	p := decode[dataimport.Preview](t, raw)
	require.Equal(t, "mapos", p.Layout)
	require.Equal(t, ",", p.Separator)
	require.Equal(t, []dataimport.Notice{{Row: 3, Message: "Fornecedor no MapOS, não cliente: não será importado."}}, p.Duplicates)
	status, raw = upload(t, e.url, "/api/bancada/import/customers?tenant="+shop, owner, clientes)
	require.Equal(t, http.StatusOK, status, string(raw))
	require.Equal(t, 2, decode[dataimport.Result](t, raw).Created)
	ana, err := e.app.FindFirstRecordByFilter(collections.Customers, "tenant = {:t} && name = 'Ana Paula'", dbx.Params{"t": shop})
	require.NoError(t, err)
	require.Equal(t, "5511988887777", ana.GetString("phone"))
	require.Equal(t, "Rua das Flores, 120, ap 5 - Centro - São Paulo/SP - CEP 01001-000", ana.GetString("address"))
	require.Equal(t, "Outro telefone: (11) 3333-4444\nMapOS: cliente 7", ana.GetString("notes"))
	bruno, err := e.app.FindFirstRecordByFilter(collections.Customers, "tenant = {:t} && name = 'Bruno Dias'", dbx.Params{"t": shop})
	require.NoError(t, err)
	require.Equal(t, "5521997776666", bruno.GetString("phone"), "celular NULL: the other phone")
	require.Equal(t, "Rio de Janeiro/RJ", bruno.GetString("address"), "NULL cells are empty")

	produtos := "idProdutos,codDeBarra,descricao,unidade,precoCompra,precoVenda,estoque,estoqueMinimo,saida,entrada\n" +
		"1,789100,Tela iPhone 11,UN,180.00,350.00,4,2,1,1\n" +
		"2,,Bateria Moto G8,UN,45.5,120.00,10,3,1,1\n"
	status, raw = upload(t, e.url, "/api/bancada/import/parts?tenant="+shop, owner, produtos)
	require.Equal(t, http.StatusOK, status, string(raw))
	require.Equal(t, 2, decode[dataimport.Result](t, raw).Created)
	tela, err := e.app.FindFirstRecordByFilter(collections.Parts, "tenant = {:t} && sku = '789100'", dbx.Params{"t": shop})
	require.NoError(t, err)
	require.Equal(t, "Tela iPhone 11", tela.GetString("name"))
	require.Equal(t, 18000, tela.GetInt("cost_cents"))
	require.Equal(t, 35000, tela.GetInt("price_cents"))
	require.Equal(t, 4, tela.GetInt("quantity"))
	bat, err := e.app.FindFirstRecordByFilter(collections.Parts, "tenant = {:t} && name = 'Bateria Moto G8'", dbx.Params{"t": shop})
	require.NoError(t, err)
	require.Equal(t, 4550, bat.GetInt("cost_cents"))

	os := "idOs,dataInicial,dataFinal,garantia,descricaoProduto,defeito,status,observacoes,laudoTecnico,valorTotal,clientes_id,usuarios_id,lancamento,faturado,garantias_id\n" +
		"15,2024-05-02,2024-05-06,90 dias,iPhone 11 preto,Tela quebrada,Finalizado,,Troca do display,450.00,7,1,,1,\n" +
		"16,2024-05-10,,,Notebook Dell,Não liga,Orçamento,,,,9,1,,0,\n" +
		"17,2024-05-11,,,Moto G8,Bateria,Em Andamento,,,120.00,9,1,,0,\n"
	status, raw = upload(t, e.url, "/api/bancada/import/orders?tenant="+shop, owner, os)
	require.Equal(t, http.StatusOK, status, string(raw))
	res := decode[dataimport.Result](t, raw)
	require.Equal(t, 3, res.Created)
	require.Equal(t, 3, res.Extra["devices"])
	o15, err := e.app.FindFirstRecordByFilter(collections.Orders, "tenant = {:t} && number = 15", dbx.Params{"t": shop})
	require.NoError(t, err)
	o := collections.AsOrder(o15)
	require.Equal(t, collections.StatusDelivered, o.Status())
	require.Equal(t, int64(45000), o.Total())
	require.Equal(t, 90, o.WarrantyDays())
	require.Equal(t, "Troca do display", o.Diagnosis())
	require.Equal(t, ana.Id, o.Customer())
	require.Equal(t, "2024-05-02 03:00:00.000Z", o15.GetString("entered_at"), "midnight in São Paulo")
	require.Equal(t, "2024-05-06 03:00:00.000Z", o15.GetString("delivered_at"))
	require.False(t, o15.GetBool("stock_taken"))
	dev, err := e.app.FindRecordById(collections.Devices, o.Device())
	require.NoError(t, err)
	require.Equal(t, "iPhone 11 preto", dev.GetString("model"))
	o16, err := e.app.FindFirstRecordByFilter(collections.Orders, "tenant = {:t} && number = 16", dbx.Params{"t": shop})
	require.NoError(t, err)
	require.Equal(t, "quoted", o16.GetString("status"))
	dev16, err := e.app.FindRecordById(collections.Devices, o16.GetString("device"))
	require.NoError(t, err)
	require.Equal(t, "computer", dev16.GetString("type"))
	o17, err := e.app.FindFirstRecordByFilter(collections.Orders, "tenant = {:t} && number = 17", dbx.Params{"t": shop})
	require.NoError(t, err)
	require.Equal(t, "repairing", o17.GetString("status"))

	// the shop's next order takes the number after MapOS's last one
	next := hooktest.NewOrder(t, e.app, shop, bruno.Id, o17.GetString("device"))
	require.Equal(t, 18, next.GetInt("number"))
}

// An import writes only into the caller's shop and reads only its
// records; an export holds only the caller's shop.
func TestImportAndExportKeepShopsApart(t *testing.T) {
	e := newEnv(t)
	a, b := e.f.A, e.f.B
	phoneOfA := a.Rec[collections.Customers].GetString("phone")
	aBefore := e.count(t, collections.Customers, a.ID())
	// a phone shop A has is new in shop B: created in B, not skipped
	csv := "Nome;Telefone\nCliente de B;" + phoneOfA + "\n"
	status, raw := upload(t, e.url, "/api/bancada/import/customers?tenant="+b.ID(), b.Owner, csv)
	require.Equal(t, http.StatusOK, status, string(raw))
	require.Equal(t, 1, decode[dataimport.Result](t, raw).Created)
	require.Equal(t, aBefore, e.count(t, collections.Customers, a.ID()))
	inB, err := e.app.FindFirstRecordByFilter(collections.Customers, "phone = {:p} && tenant = {:t}", dbx.Params{"p": phoneOfA, "t": b.ID()})
	require.NoError(t, err)
	require.Equal(t, "Cliente de B", inB.GetString("name"))
	// devices of B cannot name A's customers (they are not found)
	status, raw = upload(t, e.url, "/api/bancada/import/devices?tenant="+b.ID(), b.Owner,
		"Telefone do cliente;Modelo\n"+phoneOfA+";Galaxy S21\n")
	require.Equal(t, http.StatusOK, status, string(raw))
	dev, err := e.app.FindFirstRecordByFilter(collections.Devices, "model = 'Galaxy S21'", nil)
	require.NoError(t, err)
	require.Equal(t, b.ID(), dev.GetString("tenant"))
	require.Equal(t, inB.Id, dev.GetString("customer"))
	// B's owner naming shop A: refused, nothing written
	status, _ = upload(t, e.url, "/api/bancada/import/customers?tenant="+a.ID(), b.Owner, "Nome;Telefone\nIntrusa;(11) 97777-0000\n")
	require.Equal(t, http.StatusForbidden, status)
	require.Equal(t, aBefore, e.count(t, collections.Customers, a.ID()))
	// A's technician and manager may not import
	for _, u := range []*core.Record{a.Tech, a.Manager, a.Attend} {
		status, _ = upload(t, e.url, "/api/bancada/import/customers?tenant="+a.ID(), u, "Nome;Telefone\nX;(11) 97777-0001\n")
		require.Equal(t, http.StatusForbidden, status)
	}
	// B's export holds B's records only
	for _, c := range []string{"customers", "devices", "parts", "orders"} {
		status, raw = hooktest.Call(t, e.url, http.MethodGet, "/api/bancada/export/"+c+"?tenant="+b.ID(), b.Owner, nil)
		require.Equal(t, http.StatusOK, status, string(raw))
		require.NotContains(t, string(raw), "Cliente A", c)
		require.NotContains(t, string(raw), "Tela A", c)
	}
	status, raw = hooktest.Call(t, e.url, http.MethodGet, "/api/bancada/export/customers?tenant="+b.ID(), b.Owner, nil)
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, string(raw), "Cliente B")
	require.Contains(t, string(raw), "Cliente de B")
}

// Every collection exported from one shop and imported into a new one
// gives the same export back.
func TestRoundTripIntoANewShop(t *testing.T) {
	e := newEnv(t)
	a := e.f.A
	app := e.app
	// richer data in shop A
	cust := hooktest.NewRecord(t, app, collections.Customers, map[string]any{"tenant": a.ID(), "name": "Joana Prado",
		"phone": "(31) 99123-4567", "document": "529.982.247-25", "email": "joana@example.com", "address": "Av. Brasil, 500",
		"notes": "prefere WhatsApp; \"cliente antiga\"", "marketing_opt_in": true})
	dev := hooktest.NewRecord(t, app, collections.Devices, map[string]any{"tenant": a.ID(), "customer": cust.Id, "type": "phone",
		"brand": "Samsung", "model": "Galaxy S21", "imei": "490154203237518", "serial": "R58N", "color": "preto", "condition_notes": "risco na tampa"})
	part := hooktest.NewRecord(t, app, collections.Parts, map[string]any{"tenant": a.ID(), "name": "Tela S21", "sku": "TS21",
		"compatible_models": "S21, S21+", "cost_cents": 23050, "price_cents": 52000, "quantity": 5, "minimum": 2, "location": "A3"})
	o, err := collections.NewOrder(app, a.ID(), cust.Id, dev.Id)
	require.NoError(t, err)
	o.SetProblem("Tela trincada; touch falha")
	o.SetDiagnosis("Display e touch")
	o.SetQuoteLines([]collections.QuoteLine{{Kind: "part", Part: part.Id, Description: "Tela S21", Quantity: 1, UnitCents: 52000},
		{Kind: "labor", Description: "Mão de obra", Quantity: 1, UnitCents: 8000}})
	require.NoError(t, app.Save(o))
	_, err = app.DB().Update(collections.Orders, dbx.Params{"status": "delivered", "final_total": 58000, "paid": 58000,
		"approved_at": "2026-11-20 13:00:00.000Z", "completed_at": "2026-11-21 18:30:00.000Z", "delivered_at": "2026-11-22 12:15:00.000Z"},
		dbx.HashExp{"id": o.Id}).Execute()
	require.NoError(t, err)

	exportOf := func(tenant string, owner *core.Record, c string) string {
		t.Helper()
		status, raw := hooktest.Call(t, e.url, http.MethodGet, "/api/bancada/export/"+c+"?tenant="+tenant, owner, nil)
		require.Equal(t, http.StatusOK, status, string(raw))
		return string(raw)
	}
	shop, owner := e.newShop(t, "Nova")
	for _, c := range []string{"customers", "parts", "devices", "orders"} {
		status, raw := upload(t, e.url, "/api/bancada/import/"+c+"?tenant="+shop, owner, exportOf(a.ID(), a.Owner, c))
		require.Equal(t, http.StatusOK, status, "%s: %s", c, raw)
		require.Empty(t, decode[dataimport.Result](t, raw).Skipped, c)
	}
	for _, c := range []string{"customers", "parts", "devices", "orders"} {
		require.Equal(t, sortedLines(exportOf(a.ID(), a.Owner, c)), sortedLines(exportOf(shop, owner, c)), c)
	}
	// the imported part line is linked to the new shop's part
	var imported *core.Record
	imported, err = app.FindFirstRecordByFilter(collections.Orders, "tenant = {:t} && number = {:n}", dbx.Params{"t": shop, "n": o.Number()})
	require.NoError(t, err)
	newPart, err := app.FindFirstRecordByFilter(collections.Parts, "tenant = {:t} && sku = 'TS21'", dbx.Params{"t": shop})
	require.NoError(t, err)
	require.Equal(t, newPart.Id, collections.AsOrder(imported).QuoteLines()[0].Part)
}

// sortedLines is a CSV's lines in order (records are exported by creation
// time, which an import does not keep to the millisecond).
func sortedLines(csv string) []string {
	lines := strings.Split(csv, "\r\n")
	slices.Sort(lines)
	return lines
}

// A row the database refuses while the file is being written (here a
// hook of the test refuses one customer) rolls back the rows written
// before it: the answer is a 400 naming that row, and the shop is as it
// was.
func TestImportRollsBackWhenARowFailsWhileWriting(t *testing.T) {
	e := newEnv(t)
	e.app.OnRecordCreate(collections.Customers).BindFunc(func(ev *core.RecordEvent) error {
		if ev.Record.GetString("name") == "Recusada Pelo Banco" {
			return apierr.Field("name", "refused", "Recusado pelo banco de dados.")
		}
		return ev.Next()
	})
	before := e.count(t, collections.Customers, e.f.A.ID())
	csv := "Nome;Telefone\nPrimeira;(11) 98111-0001\nSegunda;(11) 98111-0002\nRecusada Pelo Banco;(11) 98111-0003\nQuarta;(11) 98111-0004\n"
	status, raw := upload(t, e.url, "/api/bancada/import/customers?tenant="+e.f.A.ID(), e.f.A.Owner, csv)
	require.Equal(t, http.StatusBadRequest, status, string(raw))
	require.Equal(t, []dataimport.RowError{{Row: 4, Message: "Recusado pelo banco de dados."}}, decode[rowErrors](t, raw).Data.Rows)
	require.Equal(t, before, e.count(t, collections.Customers, e.f.A.ID()), "rows 2 and 3 were rolled back")
	n, err := e.app.CountRecords(collections.AuditLog, dbx.HashExp{"tenant": e.f.A.ID(), "action": dataimport.ActionImport})
	require.NoError(t, err)
	require.Zero(t, n)
}
