package bot

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/br"
)

// The golden conversations live in testdata/conversas/*.txt, written for
// a shop owner to read. Format:
//
//	=== Title of the conversation
//	loja: celfix                 (a fixture: celfix, tecnoponto, fechada)
//	cliente: maria               (a customer of that fixture)
//	início: 2026-12-01 10:00     (shop's local time of the first message)
//	ocupado: 2026-12-02 14:30    (optional: someone else books this slot first)
//
//	[+0s] cliente: what the customer writes
//	bot: one WhatsApp message
//	     its next lines, indented
//	registro: what was recorded (quote request, booking, cancellation)
//	atendente: hand-off to a person, and why
//	(sem resposta)               the bot stayed silent
//	[+2h] equipe: a staff member writes (the bot stays silent meanwhile)
//	[+0s] equipe encerra         the staff close the conversation
//
// [+…] is the time since the previous message. Lines starting with # are
// comments. Run `go test ./bot -run Golden -update` to rewrite the bot's
// lines after a deliberate change, then review the diff.
var update = flag.Bool("update", false, "rewrite the golden conversations with the current answers")

type goldenItem struct {
	comments []string
	line     string // the input line as written
	offset   time.Duration
	who      string // "cliente", "equipe", "encerra"
	text     string
	want     []string
}

type goldenConv struct {
	file     string
	title    string
	header   []string
	fields   map[string][]string
	items    []*goldenItem
	trailing []string
}

func parseGolden(t *testing.T, path string) (preamble []string, convs []*goldenConv) {
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	var cur *goldenConv
	var pending []string
	var item *goldenItem
	for _, line := range strings.Split(strings.TrimRight(string(raw), "\n"), "\n") {
		line = strings.TrimRight(line, " \t")
		switch {
		case strings.HasPrefix(line, "=== "):
			if cur != nil {
				cur.trailing = pending
			} else {
				preamble = pending
			}
			pending, item = nil, nil
			cur = &goldenConv{file: filepath.Base(path), title: strings.TrimPrefix(line, "=== "), fields: map[string][]string{}}
			convs = append(convs, cur)
		case cur == nil:
			pending = append(pending, line)
		case strings.HasPrefix(line, "#"):
			pending = append(pending, line)
		case strings.HasPrefix(line, "["):
			it := parseInput(t, cur, line)
			it.comments, pending = pending, nil
			cur.items = append(cur.items, it)
			item = it
		case item == nil:
			if line == "" && len(cur.header) == 0 {
				continue
			}
			cur.header = append(cur.header, line)
			if k, v, ok := strings.Cut(line, ":"); ok {
				cur.fields[strings.TrimSpace(k)] = append(cur.fields[strings.TrimSpace(k)], strings.TrimSpace(v))
			}
		case line == "":
			pending = append(pending, line)
		case strings.HasPrefix(line, "     ") && len(item.want) == 0:
			// A customer message of several lines.
			item.line += "\n" + line
			item.text += "\n" + strings.TrimPrefix(line, "     ")
		case strings.HasPrefix(line, "     ") && len(item.want) > 0:
			item.want[len(item.want)-1] += "\n" + line
		default:
			item.want = append(item.want, line)
		}
	}
	if cur != nil {
		cur.trailing = pending
	}
	return preamble, convs
}

func parseInput(t *testing.T, c *goldenConv, line string) *goldenItem {
	end := strings.Index(line, "]")
	require.Positive(t, end, "%s: %q: missing ]", c.title, line)
	off := strings.TrimPrefix(line[1:end], "+")
	if strings.HasSuffix(off, "d") {
		var days int
		_, err := fmt.Sscanf(off, "%dd", &days)
		require.NoError(t, err)
		off = fmt.Sprintf("%dh", days*24)
	}
	d, err := time.ParseDuration(off)
	require.NoError(t, err, "%s: %q", c.title, line)
	rest := strings.TrimSpace(line[end+1:])
	it := &goldenItem{line: line, offset: d}
	switch {
	case strings.HasPrefix(rest, "cliente:"):
		it.who, it.text = "cliente", strings.TrimPrefix(strings.TrimPrefix(rest, "cliente:"), " ")
	case strings.HasPrefix(rest, "equipe encerra"):
		it.who = "encerra"
	case strings.HasPrefix(rest, "equipe:"):
		it.who, it.text = "equipe", strings.TrimSpace(strings.TrimPrefix(rest, "equipe:"))
	default:
		t.Fatalf("%s: %q: expected cliente:, equipe: or equipe encerra", c.title, line)
	}
	return it
}

func (c *goldenConv) field(t *testing.T, k string) string {
	v := c.fields[k]
	require.Len(t, v, 1, "%s: header %q", c.title, k)
	return v[0]
}

// run plays the conversation and returns the actual output lines per item.
func (c *goldenConv) run(t *testing.T, eng *Engine) [][]string {
	fx, ok := fixtures()[c.field(t, "loja")]
	require.True(t, ok, "%s: unknown loja", c.title)
	cust, ok := fx.customers[c.field(t, "cliente")]
	require.True(t, ok, "%s: unknown cliente", c.title)
	loc := fx.tenant.Location
	data := fx.data()
	start, err := time.ParseInLocation("2006-01-02 15:04", c.field(t, "início")[:16], loc)
	require.NoError(t, err)
	for _, o := range c.fields["ocupado"] {
		at, err := time.ParseInLocation("2006-01-02 15:04", o[:16], loc)
		require.NoError(t, err)
		data.taken[at.UTC()] = true
	}
	at := start.UTC()
	var st State
	out := make([][]string, len(c.items))
	for i, it := range c.items {
		at = at.Add(it.offset)
		switch it.who {
		case "equipe":
			st.NoteStaffActivity(at)
			continue
		case "encerra":
			st.ReleaseHuman()
			continue
		}
		before := len(data.log)
		res, err := eng.Handle(context.Background(), Inbound{Tenant: fx.tenant, Customer: cust, Text: it.text, At: at, MessageID: fmt.Sprint(i)}, st, data)
		require.NoError(t, err, "%s: %q", c.title, it.line)
		var lines []string
		for _, r := range res.Replies {
			lines = append(lines, "bot: "+strings.ReplaceAll(r, "\n", "\n     "))
		}
		if len(res.Replies) == 0 {
			lines = append(lines, "(sem resposta)")
		}
		lines = append(lines, data.log[before:]...)
		if h := res.Handoff; h != nil {
			s := "atendente: " + h.Reason
			if h.Queued {
				s += " (na fila até " + br.ShortDateTime(h.OpensAt, loc) + ")"
			}
			lines = append(lines, s)
		}
		out[i] = lines
		// The glue stores the State as JSON: every step goes through it.
		raw, err := json.Marshal(res.State)
		require.NoError(t, err)
		st = State{}
		require.NoError(t, json.Unmarshal(raw, &st))
	}
	return out
}

func (c *goldenConv) render(out [][]string) string {
	var b strings.Builder
	b.WriteString("=== " + c.title + "\n")
	for _, h := range c.header {
		b.WriteString(h + "\n")
	}
	for i, it := range c.items {
		for _, cm := range it.comments {
			b.WriteString(cm + "\n")
		}
		b.WriteString(it.line + "\n")
		for _, l := range out[i] {
			b.WriteString(l + "\n")
		}
	}
	for _, l := range c.trailing {
		b.WriteString(l + "\n")
	}
	return b.String()
}

func TestGoldenConversations(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/conversas/*.txt")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	eng := New(Options{})
	total := 0
	for _, path := range files {
		preamble, convs := parseGolden(t, path)
		total += len(convs)
		var rewritten strings.Builder
		for _, l := range preamble {
			rewritten.WriteString(l + "\n")
		}
		for _, c := range convs {
			out := c.run(t, eng)
			if *update {
				rewritten.WriteString(c.render(out))
				continue
			}
			t.Run(c.file+"/"+c.title, func(t *testing.T) {
				for i, it := range c.items {
					if it.who != "cliente" {
						assert.Empty(t, it.want, "%q: staff lines get no bot lines", it.line)
						continue
					}
					require.NotEmpty(t, it.want, "%q: write the expected lines (or (sem resposta))", it.line)
					assert.Equal(t, strings.Join(it.want, "\n"), strings.Join(out[i], "\n"), "after %q", it.line)
				}
			})
		}
		if *update {
			require.NoError(t, os.WriteFile(path, []byte(strings.TrimRight(rewritten.String(), "\n")+"\n"), 0o644))
		}
	}
	assert.GreaterOrEqual(t, total, 40, "golden conversations")
}
