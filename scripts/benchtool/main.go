// Command benchtool builds Bancada's benchmark data set and drives a running
// appliance to measure it. scripts/bench calls it; people rarely need to.
//
//	benchtool gen     --dir .bench/data --shops 1000 --orders 1000000 --seed 1
//	benchtool startup --bin .bench/bin/bancada --dir .bench/data --runs 3
//	benchtool load    --url http://127.0.0.1:8097 --pid 1234 --logins .bench/data/bench_logins.json
//	benchtool report  --results .bench/results.json [--write-docs docs/benchmarks.md]
//	benchtool busy    --bin .bench/bin/bancada --results .bench/busy-results.json
//
// gen writes rows through PocketBase's own database handle, exactly as the
// appliance would store them, and reuses a data set whose marker file
// matches the parameters. load runs the benchmark functions listed in
// registry.go (one file per area) and appends their figures to a results
// file; report prints the one table and can write it into the docs.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	if len(os.Args) < 2 {
		usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	var err error
	args := os.Args[2:]
	switch os.Args[1] {
	case "gen":
		err = runGen(ctx, args)
	case "startup":
		err = runStartup(ctx, args)
	case "load":
		err = runLoad(ctx, args)
	case "report":
		err = runReport(args)
	case "busy":
		err = runBusy(ctx, args)
	case "wait":
		err = runWait(ctx, args)
	case "ops":
		err = runOps(ctx, args)
	case "-h", "--help", "help":
		usage()
		return
	default:
		usage()
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtool:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprint(os.Stderr, `usage: benchtool <command> [flags]

commands:
  gen      build (or reuse) the data set and write the logins file
  startup  measure start-up time of the appliance binary on a data dir
  load     drive a running appliance and append figures to the results file
  report   print the results table; --write-docs updates docs/benchmarks.md
  busy     the busy shop: bursts of new customers to one shop and kill -9, on
           the appliance binary with the fake Evolution (own results file)
  wait     wait until the appliance answers /api/health
  ops      backup and restore of the data set, the replica's staleness and kill -9 loss

run "benchtool <command> -h" for the flags of one command.
`)
}
