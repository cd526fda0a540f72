package hooks_test

import (
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tools/inflector"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/hooks"
)

// moduleDir returns the directory of module at the version this build
// uses.
func moduleDir(t *testing.T, module string) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", module).Output()
	require.NoError(t, err, "go list %s", module)
	dir := strings.TrimSpace(string(out))
	require.NotEmpty(t, dir, "module %s is in the module cache", module)
	return dir
}

// moduleSource returns the Go source (tests left out) of module.
func moduleSource(t *testing.T, module string) string {
	t.Helper()
	dir := moduleDir(t, module)
	var src strings.Builder
	require.NoError(t, filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		b, err := os.ReadFile(path)
		src.Write(b)
		return err
	}))
	return src.String()
}

// literals returns the string literals of Go source src.
func literals(src string) map[string]bool {
	out := map[string]bool{}
	for _, q := range goString.FindAllString(src, -1) {
		if s, err := strconv.Unquote(q); err == nil {
			out[s] = true
		}
	}
	return out
}

var goString = regexp.MustCompile(`"(?:[^"\\\n]|\\.)*"`)

// TestTranslatedErrorsStillExistInPocketBase: the Portuguese tables match
// PocketBase's English messages and validation codes by their exact text.
// A PocketBase upgrade that rewords one must fail here, not let English
// reach the staff.
func TestTranslatedErrorsStillExistInPocketBase(t *testing.T) {
	t.Parallel()
	// PocketBase's API errors end their message with a period
	// (router.NewApiError sentenizes it).
	messages := map[string]bool{}
	for s := range literals(moduleSource(t, "github.com/pocketbase/pocketbase")) {
		messages[strings.TrimSpace(inflector.Sentenize(s))] = true
	}
	codes := literals(moduleSource(t, "github.com/pocketbase/pocketbase") + moduleSource(t, "github.com/pocketbase/ozzo-validation/v4"))
	var gone []string
	for _, msg := range slices.Sorted(maps.Keys(hooks.TranslatedMessages)) {
		if !messages[msg] {
			gone = append(gone, "message "+strconv.Quote(msg))
		}
	}
	for _, code := range slices.Sorted(maps.Keys(hooks.TranslatedCodes)) {
		if !codes[code] {
			gone = append(gone, "code "+code)
		}
	}
	require.Empty(t, gone, "PocketBase no longer has these: update the tables in hooks/errors.go")
}
