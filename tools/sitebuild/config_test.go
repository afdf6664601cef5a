package sitebuild

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"protege/tools/hugotool"
	"protege/tools/siteconfig"
)

// TestWriteConfig: the copy of site/hugo.toml a build passes to Hugo with --config mounts the
// build's own PDF kit and no longer build/materials, and Hugo still merges the menus of
// site/config/_default/ into it, for every language.
func TestWriteConfig(t *testing.T) {
	t.Parallel()
	root, err := hugotool.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	hugo, err := hugotool.Binary()
	if err != nil {
		t.Fatal(err)
	}
	site, err := siteconfig.Load(root, nil)
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	cfg, err := writeConfig(root, work)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range site.Languages {
		t.Run(l.Lang, func(t *testing.T) {
			t.Parallel()
			checkConfig(t, hugo, root, cfg, work, l.Lang)
		})
	}
}

// checkConfig checks Hugo's view of the build's configuration cfg for one language.
func checkConfig(t *testing.T, hugo, root, cfg, work, lang string) {
	out, err := exec.Command(hugo, "config", "-s", filepath.Join(root, "site"), "--config", cfg, "--lang", lang, "--format", "json").Output()
	if err != nil {
		t.Fatalf("hugo config --lang %s: %v", lang, err)
	}
	var c struct {
		Menus  map[string][]struct{ PageRef string } `json:"menus"`
		Module struct {
			Mounts []struct{ Source string } `json:"mounts"`
		} `json:"module"`
	}
	if err := json.Unmarshal(out, &c); err != nil {
		t.Fatal(err)
	}
	if len(c.Menus["main"]) == 0 || len(c.Menus["footer"]) == 0 {
		t.Errorf("%s: menus %v: the build's configuration lost site/config/_default/menus.%s.toml", lang, c.Menus, lang)
	}
	own := 0
	for _, m := range c.Module.Mounts {
		if strings.Contains(m.Source, "build/materials") {
			t.Errorf("%s: the build's configuration still mounts %s", lang, m.Source)
		}
		if strings.HasSuffix(filepath.ToSlash(m.Source), filepath.Base(work)+"/materials/static") ||
			strings.HasSuffix(filepath.ToSlash(m.Source), filepath.Base(work)+"/materials/data") {
			own++
		}
	}
	if own != 2 {
		t.Errorf("%s: %d mounts of the build's own kit (%s/materials), want 2: %v", lang, own, work, c.Module.Mounts)
	}
}
