package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseGoBenchKeepsEveryReportedMetric(t *testing.T) {
	t.Parallel()
	out := `goos: linux
BenchmarkWebhookIntake-2   	    5000	    528123 ns/op	         0.7400 cpu-ms/webhook	      1892 webhooks/s	         8.400 ack-p50-ms	       184.0 ack-p99-ms
PASS
ok  	github.com/bancada/bancada/hooks/whatsapp	40.1s`
	v, err := parseGoBench(out, "BenchmarkWebhookIntake")
	require.NoError(t, err)
	require.Equal(t, map[string]float64{"ns/op": 528123, "cpu-ms/webhook": 0.74, "webhooks/s": 1892, "ack-p50-ms": 8.4, "ack-p99-ms": 184}, v)

	_, err = parseGoBench("FAIL\n", "BenchmarkWebhookIntake")
	require.Error(t, err)
}
