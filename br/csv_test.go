package br

import (
	"bytes"
	"testing"
)

func TestCSVWriterIsWhatBrazilianExcelOpens(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewCSVWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write("Período", "Receita (R$)"); err != nil {
		t.Fatal(err)
	}
	if err := w.Write("nov/2026", CSVMoney(123456)); err != nil {
		t.Fatal(err)
	}
	if err := w.Write("a;b", CSVDecimal(12.345, 1)); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "\xEF\xBB\xBFPeríodo;Receita (R$)\r\nnov/2026;1234,56\r\n\"a;b\";12,3\r\n"
	if got := buf.String(); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestCSVMoney(t *testing.T) {
	for in, want := range map[int64]string{0: "0,00", 5: "0,05", 100: "1,00", 123456: "1234,56", -5: "-0,05", -150000: "-1500,00"} {
		if got := CSVMoney(in); got != want {
			t.Errorf("CSVMoney(%d) = %q, want %q", in, got, want)
		}
	}
}

func TestReadCSVSniffsSeparatorBOMAndLatin1(t *testing.T) {
	cases := []struct {
		name string
		in   []byte
		sep  rune
		want [][]string
	}{
		{"semicolon with BOM", []byte("\xEF\xBB\xBFNome;Telefone\r\nJoão;11 98765-4321\r\n\r\n"), ';', [][]string{{"Nome", "Telefone"}, {"João", "11 98765-4321"}}},
		{"comma, quoted comma", []byte("nome,valor\n\"Silva, Ana\",\"1.234,50\"\n"), ',', [][]string{{"nome", "valor"}, {"Silva, Ana", "1.234,50"}}},
		{"tab", []byte("a\tb\n1\t2\n"), '\t', [][]string{{"a", "b"}, {"1", "2"}}},
		{"windows-1252", []byte("Nome;Endere\xe7o\nJos\xe9;Rua \x93A\x94\n"), ';', [][]string{{"Nome", "Endereço"}, {"José", "Rua “A”"}}},
	}
	for _, c := range cases {
		rows, sep, err := ReadCSV(c.in)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if sep != c.sep {
			t.Errorf("%s: separator %q, want %q", c.name, sep, c.sep)
		}
		if len(rows) != len(c.want) {
			t.Fatalf("%s: rows %q, want %q", c.name, rows, c.want)
		}
		for i := range rows {
			for j := range rows[i] {
				if rows[i][j] != c.want[i][j] {
					t.Errorf("%s: [%d][%d] = %q, want %q", c.name, i, j, rows[i][j], c.want[i][j])
				}
			}
		}
	}
}
