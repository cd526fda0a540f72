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
	v, err := parseGoBench(out, "BenchmarkWebhookIntake", "")
	require.NoError(t, err)
	require.Equal(t, map[string]float64{"ns/op": 528123, "cpu-ms/webhook": 0.74, "webhooks/s": 1892, "ack-p50-ms": 8.4, "ack-p99-ms": 184}, v)

	_, err = parseGoBench("FAIL\n", "BenchmarkWebhookIntake", "")
	require.Error(t, err)
}

// TestParseGoBenchSelectsOneSubBenchmark: a row reports one sub-benchmark's
// metrics, never a merge of its siblings' (the "free slots on the
// database" row once carried the HTTP sub-benchmark's numbers).
func TestParseGoBenchSelectsOneSubBenchmark(t *testing.T) {
	t.Parallel()
	out := `goos: linux
BenchmarkFreeSlotsMonth/engine-2         	     200	    401234 ns/op	       850.0 p50-µs	       990.0 p99-µs	      1551 bookings	       612 slots
BenchmarkFreeSlotsMonth/db-2             	     200	   2300000 ns/op	      2100 p50-µs	      3900 p99-µs	      1551 bookings	       612 slots
BenchmarkFreeSlotsMonth/db_first3-2      	     200	    900000 ns/op	       800.0 p50-µs	      1200 p99-µs
BenchmarkFreeSlotsMonth/http-2           	     200	   5100000 ns/op	      4800 p50-µs	      9100 p99-µs
BenchmarkFreeSlotsMonthly-2              	     200	         1.000 ns/op	         1.000 p50-µs
PASS`
	db, err := parseGoBench(out, "BenchmarkFreeSlotsMonth", "db")
	require.NoError(t, err)
	require.Equal(t, map[string]float64{"ns/op": 2300000, "p50-µs": 2100, "p99-µs": 3900, "bookings": 1551, "slots": 612}, db)
	first, err := parseGoBench(out, "BenchmarkFreeSlotsMonth", "db_first3")
	require.NoError(t, err)
	require.Equal(t, map[string]float64{"ns/op": 900000, "p50-µs": 800, "p99-µs": 1200}, first)

	_, err = parseGoBench(out, "BenchmarkFreeSlotsMonth", "")
	require.ErrorContains(t, err, "has sub-benchmarks (engine, db, db_first3, http): choose one")
	_, err = parseGoBench(out, "BenchmarkFreeSlotsMonth", "cache")
	require.ErrorContains(t, err, "no result line for BenchmarkFreeSlotsMonth/cache")
	monthly, err := parseGoBench(out, "BenchmarkFreeSlotsMonthly", "")
	require.NoError(t, err, "a longer name is another benchmark")
	require.Equal(t, map[string]float64{"ns/op": 1, "p50-µs": 1}, monthly)
}

func TestConditionsComeFromWhatTheBenchmarkReported(t *testing.T) {
	t.Parallel()
	got, err := fillConditions("30 days, {bookings} appointments, {slots} free slots", map[string]float64{"bookings": 1551, "slots": 612.4})
	require.NoError(t, err)
	require.Equal(t, "30 days, 1,551 appointments, 612 free slots", got)
	_, err = fillConditions("{bookings} appointments", map[string]float64{})
	require.ErrorContains(t, err, "the benchmark reported no bookings")
	require.Equal(t, "1,234,567", thousands(1234567))
	require.Equal(t, "999", thousands(999))
}

func TestEveryGoBenchPatternSelectsOneBenchmark(t *testing.T) {
	t.Parallel()
	g := goBench{Bench: "BenchmarkFreeSlotsMonth", Sub: "db"}
	require.Equal(t, "^BenchmarkFreeSlotsMonth$/^db$", g.pattern())
	require.Equal(t, "^BenchmarkMonitor10k$", goBench{Bench: "BenchmarkMonitor10k"}.pattern())
}
