package pricing

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bancada/bancada/br"
)

func TestFoldAgreesWithBrFold(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"apple", "Apple", "ÁPPLE", " apple", "apple ", "a  b", "a b", "câmera", "iphone 11", "\tx", "x\n", "", "ps5", "Conector de carga"} {
		assert.Equal(t, br.Fold(s), fold(s), "%q", s)
	}
}
