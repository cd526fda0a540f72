package tlsauto

import (
	"bytes"
	"errors"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/zap"
)

func TestZapLogsLandInSlog(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	h := slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo})
	logger := newZapLogger(h).Named("obtain").With(zap.String("subject", "loja.example.com"))

	logger.Debug("not wanted at info")
	logger.Info("certificate obtained", zap.Int("attempt", 1))
	logger.Error("could not get certificate", zap.Error(errors.New("rate limited")))

	out := buf.String()
	assert.NotContains(t, out, "not wanted")
	assert.Contains(t, out, `level=INFO msg="certificate obtained" logger=tls.obtain subject=loja.example.com attempt=1`)
	assert.Contains(t, out, `level=ERROR msg="could not get certificate" logger=tls.obtain subject=loja.example.com error="rate limited"`)
}
