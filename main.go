// Command bancada runs the Bancada appliance: a multi-tenant SaaS for repair shops.
package main

import (
	"log"

	"github.com/pocketbase/pocketbase"
)

func main() {
	app := pocketbase.NewWithConfig(pocketbase.Config{DefaultDataDir: "./pb_data"})
	if err := app.Start(); err != nil {
		log.Fatal(err)
	}
}
