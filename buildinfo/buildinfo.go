// Package buildinfo says which build of Bancada is running: the module
// version, the VCS revision and time, and whether the tree was dirty, as
// the Go toolchain records them, or the version a release build stamps
// with
//
//	go build -ldflags "-X github.com/bancada/bancada/buildinfo.Version=v1.2.3
//	  -X github.com/bancada/bancada/buildinfo.Revision=$(git rev-parse HEAD)"
package buildinfo

import (
	"fmt"
	"runtime/debug"
	"strings"
	"time"
)

// Version and Revision are set by release builds through -ldflags -X;
// empty means "ask the Go toolchain's build info" (which has no revision
// when VCS stamping is off, as with -buildvcs=false).
var (
	Version  = ""
	Revision = ""
)

// Info describes a build.
type Info struct {
	// Version is the release version ("v1.2.3"), the module version of a
	// `go install`, or "dev" for a build from a work tree.
	Version string
	// Revision is the VCS commit the build was made from ("" if unknown).
	Revision string
	// Time is the commit's time (zero if unknown).
	Time time.Time
	// Dirty reports uncommitted changes in the tree built.
	Dirty bool
	// GoVersion is the toolchain that built the binary.
	GoVersion string
}

// Get returns the running binary's build information.
func Get() Info {
	bi, _ := debug.ReadBuildInfo()
	info := fromBuildInfo(bi, Version)
	if Revision != "" {
		info.Revision = Revision
	}
	return info
}

// fromBuildInfo reads bi, with stamped (the -X value) taking precedence
// over the module version.
func fromBuildInfo(bi *debug.BuildInfo, stamped string) Info {
	info := Info{Version: stamped}
	if bi != nil {
		info.GoVersion = bi.GoVersion
		if info.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			info.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				info.Revision = s.Value
			case "vcs.time":
				info.Time, _ = time.Parse(time.RFC3339, s.Value)
			case "vcs.modified":
				info.Dirty = s.Value == "true"
			}
		}
	}
	if info.Version == "" {
		info.Version = "dev"
	}
	return info
}

// Short is the version and the abbreviated revision, e.g.
// "v1.2.3 (4f2a9c1d0e3b)" or "dev (4f2a9c1d0e3b, modified)".
func (i Info) Short() string {
	var extra []string
	if i.Revision != "" {
		extra = append(extra, abbrev(i.Revision))
	}
	if i.Dirty {
		extra = append(extra, "modified")
	}
	if len(extra) == 0 {
		return i.Version
	}
	return i.Version + " (" + strings.Join(extra, ", ") + ")"
}

// String is the full description `bancada version` prints.
func (i Info) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "bancada %s\n", i.Version)
	if i.Revision != "" {
		fmt.Fprintf(&b, "revision: %s\n", i.Revision)
	}
	if !i.Time.IsZero() {
		fmt.Fprintf(&b, "commit time: %s\n", i.Time.UTC().Format(time.RFC3339))
	}
	if i.Dirty {
		b.WriteString("modified: true (uncommitted changes)\n")
	}
	if i.GoVersion != "" {
		fmt.Fprintf(&b, "go: %s\n", i.GoVersion)
	}
	return b.String()
}

// Slug is the version in a form fit for a backup file name: lower case
// letters, digits, '_' and '-' only ("v1.2.3" → "v1_2_3").
func Slug(version string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(version) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-':
			b.WriteRune(r)
		default:
			b.WriteRune('_')
		}
	}
	if b.Len() == 0 {
		return "unknown"
	}
	return b.String()
}

func abbrev(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}
