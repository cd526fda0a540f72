package reports

import (
	"io"
	"strconv"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/reports/calc"
)

// fileNames are the reports' names in the CSV file names.
var fileNames = map[string]string{
	"revenue": "receita", "turnaround": "tempo-por-situacao", "technicians": "tecnicos",
	"quotes": "orcamentos", "top": "mais-frequentes", "parts": "pecas",
}

// writeCSV writes a report as Brazilian Excel opens it (see br.CSVWriter):
// Portuguese headers, amounts in reais with a decimal comma.
func writeCSV(w io.Writer, report any) error {
	cw, err := br.NewCSVWriter(w)
	if err != nil {
		return err
	}
	money, itoa := br.CSVMoney, strconv.Itoa
	dec := func(v float64) string { return br.CSVDecimal(v, 1) }
	var rows [][]string
	switch r := report.(type) {
	case calc.Revenue:
		rows = append(rows, []string{"Período", "OS entregues", "Receita (R$)", "Peças (R$)", "Mão de obra (R$)", "Descontos (R$)", "Custo das peças (R$)", "Margem (R$)", "Margem (%)"})
		for _, x := range append(r.Rows, r.Total) {
			rows = append(rows, []string{x.Label, itoa(x.Orders), money(x.Revenue), money(x.PartsPrice), money(x.Labor), money(x.Discount), money(x.PartsCost), money(x.Margin), dec(x.MarginPct)})
		}
	case calc.Turnaround:
		rows = append(rows, []string{"Situação", "Passagens", "Média (horas)", "Mediana (horas)"})
		for _, x := range r.Statuses {
			rows = append(rows, []string{collections.OrderStatus(x.Status).Label(), itoa(x.Count), dec(x.AvgHours), dec(x.MedianHours)})
		}
		rows = append(rows, []string{"Entrada até entrega (dias)", itoa(r.Delivered), dec(r.AvgDays), dec(r.MedianDays)})
	case calc.Technicians:
		rows = append(rows, []string{"Técnico", "OS concluídas", "Receita (R$)", "Tempo médio de reparo (horas)"})
		for _, x := range r.Rows {
			rows = append(rows, []string{x.Name, itoa(x.Completed), money(x.Revenue), dec(x.AvgRepairHours)})
		}
	case calc.Quotes:
		rows = append(rows, []string{"Período", "Orçamentos enviados", "Aprovados", "Recusados", "Cancelados", "Aguardando", "Aprovação (%)"})
		for _, x := range append(r.Rows, r.Total) {
			rows = append(rows, []string{x.Label, itoa(x.Sent), itoa(x.Approved), itoa(x.Rejected), itoa(x.Cancelled), itoa(x.Pending), dec(x.Rate)})
		}
	case calc.Top:
		rows = append(rows, []string{"Tipo", "Descrição", "Quantidade", "Valor (R$)"})
		for _, x := range r.Repairs {
			rows = append(rows, []string{"Reparo", x.Label, itoa(x.Count), money(x.Revenue)})
		}
		for _, x := range r.Devices {
			rows = append(rows, []string{"Aparelho", x.Label, itoa(x.Count), money(x.Revenue)})
		}
	case calc.Parts:
		rows = append(rows, []string{"Peça", "Quantidade usada", "Custo (R$)", "Cobrado (R$)", "Estoque atual", "Estoque mínimo", "Estoque baixo"})
		for _, x := range r.Rows {
			low := "não"
			if x.Low {
				low = "sim"
			}
			stock, minimum := itoa(x.Stock), itoa(x.Minimum)
			if x.Part == "" {
				stock, minimum, low = "", "", ""
			}
			rows = append(rows, []string{x.Name, itoa(x.Quantity), money(x.Cost), money(x.Price), stock, minimum, low})
		}
		rows = append(rows, []string{"Total", itoa(r.Total.Quantity), money(r.Total.Cost), money(r.Total.Price), "", "", ""})
	}
	for _, row := range rows {
		if err := cw.Write(row...); err != nil {
			return err
		}
	}
	return cw.Flush()
}
