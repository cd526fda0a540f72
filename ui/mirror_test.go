package ui_test

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/branding"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/msgtemplate"
)

// The staff app mirrors two Go tables in JavaScript so it can offer only
// what the server accepts. These tests fail when the two drift apart.

var jsQuoted = regexp.MustCompile(`'([^']*)'`)

// jsTable reads the `name = { key: [...] or '...', ... }` object literal of
// a JS source file into key → quoted strings.
func jsTable(t *testing.T, src, name string) map[string][]string {
	t.Helper()
	start := strings.Index(src, "export const "+name+" = {")
	require.GreaterOrEqual(t, start, 0, "%s not found", name)
	body := src[start:]
	body = body[:strings.Index(body, "\n};")]
	entry := regexp.MustCompile(`(?m)^\s+(\w+): (.*),$`)
	out := map[string][]string{}
	for _, m := range entry.FindAllStringSubmatch(body, -1) {
		vals := []string{}
		for _, q := range jsQuoted.FindAllStringSubmatch(m[2], -1) {
			vals = append(vals, q[1])
		}
		out[m[1]] = vals
	}
	return out
}

func TestStatusTableMirrorsGo(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("src/lib/status.js")
	require.NoError(t, err)
	transitions := jsTable(t, string(src), "TRANSITIONS")
	labels := jsTable(t, string(src), "LABELS")

	require.Len(t, transitions, len(collections.OrderStatuses), "every status, no more")
	for _, s := range collections.OrderStatuses {
		want := []string{}
		for _, n := range s.Next() {
			want = append(want, string(n))
		}
		assert.ElementsMatch(t, want, transitions[string(s)], "transitions from %s", s)
		assert.Equal(t, []string{s.Label()}, labels[string(s)], "label of %s", s)
	}

	statuses := jsQuoted.FindAllStringSubmatch(string(src)[strings.Index(string(src), "export const STATUSES"):strings.Index(string(src), "];")], -1)
	order := []string{}
	for _, m := range statuses {
		order = append(order, m[1])
	}
	want := []string{}
	for _, s := range collections.OrderStatuses {
		want = append(want, string(s))
	}
	assert.Equal(t, want, order, "STATUSES in lifecycle order")
}

func TestMessageTextsMirrorGo(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("src/lib/templates.js")
	require.NoError(t, err)
	line := regexp.MustCompile(`\{ key: '([^']*)', label: '([^']*)', default: '([^']*)', vars: \[([^\]]*)\] \}`)
	type text struct {
		label, def string
		vars       []string
	}
	js := map[string]text{}
	var keys []string
	for _, m := range line.FindAllStringSubmatch(string(src), -1) {
		vars := []string{}
		for _, q := range jsQuoted.FindAllStringSubmatch(m[4], -1) {
			vars = append(vars, q[1])
		}
		js[m[1]] = text{m[2], strings.ReplaceAll(m[3], `\n`, "\n"), vars}
		keys = append(keys, m[1])
	}
	statusVars := jsQuoted.FindAllStringSubmatch(regexp.MustCompile(`export const STATUS_VARS = \[([^\]]*)\]`).FindStringSubmatch(string(src))[1], -1)
	orderLine := regexp.MustCompile(`\{ key: '([^']*)', status: '([^']*)', label: '([^']*)', default: '([^']*)', vars: STATUS_VARS \}`)
	for _, m := range orderLine.FindAllStringSubmatch(string(src), -1) {
		vars := []string{}
		for _, q := range statusVars {
			vars = append(vars, q[1])
		}
		assert.Equal(t, msgtemplate.OrderKey(m[2]), m[1], "key of status %s", m[2])
		js[m[1]] = text{m[3], m[4], vars}
		keys = append(keys, m[1])
	}
	var goKeys []string
	for _, want := range msgtemplate.Catalog() {
		goKeys = append(goKeys, want.Key)
		got, ok := js[want.Key]
		if !assert.True(t, ok, "BOT_TEXTS lacks %q", want.Key) {
			continue
		}
		assert.Equal(t, want.Label, got.label, want.Key)
		assert.Equal(t, want.Default, got.def, want.Key)
		assert.Equal(t, want.Vars, got.vars, want.Key)
	}
	assert.Equal(t, goKeys, keys, "same keys, same order")
	assert.Len(t, keys, len(msgtemplate.Catalog()))
}

// brand.js paints the staff app with the same defaults and threshold as
// package branding paints the tracking page (the ratios themselves are
// tested in both, with the same hand-worked values).
func TestBrandMirrorsGo(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("src/lib/brand.js")
	require.NoError(t, err)
	for name, want := range map[string]string{
		"DEFAULT_PRIMARY": "'" + branding.DefaultPrimary + "'",
		"DEFAULT_ACCENT":  "'" + branding.DefaultAccent + "'",
		"MIN_CONTRAST":    strconv.FormatFloat(branding.MinContrast, 'f', -1, 64),
	} {
		assert.Contains(t, string(src), "export const "+name+" = "+want+";", name)
	}
}
