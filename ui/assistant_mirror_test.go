package ui_test

import (
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
)

// TestAssistantOptionsMirrorGo: the settings screen's built-in menu
// options, tones and out-of-hours modes are the ones the server accepts,
// in the same order.
func TestAssistantOptionsMirrorGo(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("src/lib/assistant.js")
	require.NoError(t, err)
	var builtins []string
	for _, m := range regexp.MustCompile(`\{ action: '([^']*)', label: '([^']*)' \}`).FindAllStringSubmatch(string(src), -1) {
		builtins = append(builtins, m[1]+"="+m[2])
	}
	var want []string
	for _, b := range collections.AssistantBuiltins {
		want = append(want, b.Action+"="+b.Label)
	}
	assert.Equal(t, want, builtins)
	values := func(name string) []string {
		block := regexp.MustCompile(`(?s)export const ` + name + ` = \[(.*?)\];`).FindStringSubmatch(string(src))
		require.NotNil(t, block, name)
		var out []string
		for _, m := range regexp.MustCompile(`value: '([^']*)'`).FindAllStringSubmatch(block[1], -1) {
			out = append(out, m[1])
		}
		return out
	}
	assert.Equal(t, collections.AssistantTones, values("TONES"))
	assert.Equal(t, collections.AssistantOutOfHours, values("OUT_OF_HOURS"))
}
