package br

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// CSV as Brazilian Excel opens it with a double click: UTF-8 with a byte
// order mark (without it Excel reads Windows-1252 and mangles accents),
// ';' between fields (',' is the decimal separator in pt-BR, so Excel's
// list separator is ';') and CRLF line ends. Numbers are written with a
// decimal comma and no thousands separator, so Excel reads them as numbers.

// utf8BOM is the byte order mark Excel needs to read UTF-8.
const utf8BOM = "\uFEFF"

// CSVWriter writes Brazilian-Excel CSV.
type CSVWriter struct{ w *csv.Writer }

// NewCSVWriter writes the byte order mark to w and returns a writer of
// ';'-separated, CRLF-ended records.
func NewCSVWriter(w io.Writer) (*CSVWriter, error) {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return nil, fmt.Errorf("csv bom: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	return &CSVWriter{w: cw}, nil
}

// Write writes one record.
func (c *CSVWriter) Write(record ...string) error {
	if err := c.w.Write(record); err != nil {
		return fmt.Errorf("csv write: %w", err)
	}
	return nil
}

// Flush writes out what is buffered and returns the first write error.
func (c *CSVWriter) Flush() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return fmt.Errorf("csv flush: %w", err)
	}
	return nil
}

// CSVMoney formats centavos as a plain decimal with a comma, as Excel in
// pt-BR reads a number: 123456 → "1234,56", -5 → "-0,05".
func CSVMoney(centavos int64) string {
	neg := centavos < 0
	u := uint64(centavos)
	if neg {
		u = uint64(-centavos)
	}
	s := strconv.FormatUint(u/100, 10) + "," + fmt.Sprintf("%02d", u%100)
	if neg {
		return "-" + s
	}
	return s
}

// CSVDecimal formats v with the given number of decimals and a comma:
// CSVDecimal(12.345, 1) → "12,3".
func CSVDecimal(v float64, decimals int) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', decimals, 64), ".", ",", 1)
}

// maxCSVLine bounds one line of an uploaded file.
const maxCSVLine = 1 << 20

// ReadCSV reads a whole CSV file as people export it from spreadsheets and
// other systems: an optional byte order mark, ';', ',' or tab between
// fields (the one the header line uses most, outside quotes), Windows-1252
// when the bytes are not valid UTF-8 (older Excel and MySQL exports), and
// blank lines skipped. It returns the rows and the separator found.
func ReadCSV(data []byte) ([][]string, rune, error) {
	data = bytes.TrimPrefix(data, []byte(utf8BOM))
	if !utf8.Valid(data) {
		data = fromWindows1252(data)
	}
	sep := sniffSeparator(data)
	r := csv.NewReader(bufio.NewReaderSize(bytes.NewReader(data), maxCSVLine))
	r.Comma = sep
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var rows [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, sep, fmt.Errorf("csv read: %w", err)
		}
		blank := true
		for _, f := range rec {
			if strings.TrimSpace(f) != "" {
				blank = false
				break
			}
		}
		if !blank {
			rows = append(rows, rec)
		}
	}
	return rows, sep, nil
}

// sniffSeparator picks ';', ',' or tab by counting them, outside quotes,
// on the first line.
func sniffSeparator(data []byte) rune {
	counts := map[rune]int{}
	inQuotes := false
	for _, r := range string(data) {
		if r == '"' {
			inQuotes = !inQuotes
			continue
		}
		if inQuotes {
			continue
		}
		if r == '\n' {
			break
		}
		if r == ';' || r == ',' || r == '\t' {
			counts[r]++
		}
	}
	best, n := ';', 0
	for _, r := range []rune{';', '\t', ','} {
		if counts[r] > n {
			best, n = r, counts[r]
		}
	}
	return best
}

// win1252 maps the bytes 0x80–0x9F of Windows-1252 that differ from
// Latin-1.
var win1252 = map[byte]rune{
	0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰',
	0x8A: 'Š', 0x8B: '‹', 0x8C: 'Œ', 0x8E: 'Ž', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•',
	0x96: '–', 0x97: '—', 0x98: '˜', 0x99: '™', 0x9A: 'š', 0x9B: '›', 0x9C: 'œ', 0x9E: 'ž', 0x9F: 'Ÿ',
}

func fromWindows1252(b []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(b) + len(b)/4)
	for _, c := range b {
		if r, ok := win1252[c]; ok {
			out.WriteRune(r)
		} else {
			out.WriteRune(rune(c))
		}
	}
	return out.Bytes()
}
