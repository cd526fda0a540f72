package buildinfo

import (
	"runtime/debug"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestFromBuildInfo(t *testing.T) {
	vcs := []debug.BuildSetting{
		{Key: "vcs.revision", Value: "4f2a9c1d0e3b5a6978bc0d1e2f3a4b5c6d7e8f90"},
		{Key: "vcs.time", Value: "2026-11-30T12:34:56Z"},
		{Key: "vcs.modified", Value: "true"},
	}
	cases := []struct {
		name     string
		bi       *debug.BuildInfo
		stamped  string
		want     Info
		wantText string
	}{
		{"work tree build", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: vcs}, "",
			Info{Version: "dev", Revision: "4f2a9c1d0e3b5a6978bc0d1e2f3a4b5c6d7e8f90",
				Time: time.Date(2026, 11, 30, 12, 34, 56, 0, time.UTC), Dirty: true, GoVersion: "go1.26.8"},
			"dev (4f2a9c1d0e3b, modified)"},
		{"release stamp wins", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-2026"}}, "v1.4.0",
			Info{Version: "v1.4.0"}, "v1.4.0"},
		{"go install of a tag", &debug.BuildInfo{Main: debug.Module{Version: "v1.3.2"}}, "",
			Info{Version: "v1.3.2"}, "v1.3.2"},
		{"no build info", nil, "", Info{Version: "dev"}, "dev"},
	}
	for _, c := range cases {
		got := fromBuildInfo(c.bi, c.stamped)
		assert.Equal(t, c.want, got, c.name)
		assert.Equal(t, c.wantText, got.Short(), c.name)
	}
}

func TestSlug(t *testing.T) {
	assert.Equal(t, "v1_2_3", Slug("v1.2.3"))
	assert.Equal(t, "dev", Slug("dev"))
	assert.Equal(t, "v0_0_0-20261130-4f2a9c1d", Slug("v0.0.0-20261130-4F2A9C1D"))
	assert.Equal(t, "unknown", Slug(""))
}
