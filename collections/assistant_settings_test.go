package collections_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bancada/bancada/bot"
	"github.com/bancada/bancada/collections"
)

// TestAssistantSettingsMirrorTheBot: the actions, tones and modes the
// settings accept are the assistant's, so a stored value always means
// something to it.
func TestAssistantSettingsMirrorTheBot(t *testing.T) {
	t.Parallel()
	var actions []string
	for _, b := range collections.AssistantBuiltins {
		actions = append(actions, b.Action)
	}
	var want []string
	for _, m := range bot.DefaultMenu() {
		want = append(want, m.Action)
	}
	assert.Equal(t, want, actions)
	assert.Equal(t, bot.ActionCustom, collections.AssistantCustom)
	assert.Equal(t, []string{bot.ToneNeutral, bot.ToneFormal, bot.ToneInformal}, collections.AssistantTones)
	assert.Equal(t, []string{bot.OutOfHoursAnswer, bot.OutOfHoursHandoff}, collections.AssistantOutOfHours)
}
