package wiring

import (
	"github.com/pocketbase/pocketbase"
	"github.com/spf13/cobra"

	"github.com/bancada/bancada/config"
)

// OnServeCommand wires Bancada onto pb when its `serve` command runs: the
// command line is parsed by then, so cfg (filled by config.Bind) is final
// and where serve listens is known. PocketBase's other commands (migrate,
// superuser, ...) run without Bancada's hooks and workers.
func OnServeCommand(pb *pocketbase.PocketBase, cfg *config.Config) {
	prev := pb.RootCmd.PersistentPreRunE
	pb.RootCmd.PersistentPreRunE = func(c *cobra.Command, args []string) error {
		if prev != nil {
			if err := prev(c, args); err != nil {
				return err
			}
		}
		if c.Name() != "serve" {
			return nil
		}
		_, err := New(pb, *cfg, Options{Listen: ServeListen(c, args)})
		return err
	}
}

// ServeListen reads where PocketBase's serve command c listens: its --http
// and --https flags and its domain arguments.
func ServeListen(c *cobra.Command, args []string) Listen {
	var l Listen
	if len(args) > 0 {
		l.Domains = args
	}
	l.HTTP, _ = c.Flags().GetString("http")
	l.HTTPS, _ = c.Flags().GetString("https")
	return l
}
