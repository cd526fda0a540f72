package wiring

import (
	"github.com/pocketbase/pocketbase"
	"github.com/spf13/cobra"

	"github.com/bancada/bancada/config"
	"github.com/bancada/bancada/vault"
)

// ServeCommand reports how wiring for `serve` went.
type ServeCommand struct{ err error }

// Refused is the error that stopped `serve` before it started (nil when
// it started, or when another command ran).
func (s *ServeCommand) Refused() error { return s.err }

// OnServeCommand wires Bancada onto pb when its `serve` command runs: the
// command line is parsed by then, so cfg (filled by config.Bind) is final
// and where serve listens is known. v is the vault main opened. PocketBase's
// other commands (migrate, superuser, ...) run without Bancada's hooks and
// workers.
func OnServeCommand(pb *pocketbase.PocketBase, cfg *config.Config, v *vault.Vault) *ServeCommand {
	s := &ServeCommand{}
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
		_, s.err = New(pb, *cfg, Options{Listen: ServeListen(c, args), Vault: v})
		return s.err
	}
	return s
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
