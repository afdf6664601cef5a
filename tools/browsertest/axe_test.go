package browsertest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// axeTags are the rule sets every page must pass: WCAG 2.0, 2.1 and 2.2, levels A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// widths are the phone and desktop widths every page is checked at.
var widths = []int64{390, 1280}

type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
	Summary string   `json:"summary"`
}

// TestAxe runs axe-core (node_modules/axe-core) on every page, every language, at 390 and
// 1280 px (and at 390 px in the dark color scheme): zero violations.
func TestAxe(t *testing.T) {
	t.Parallel()
	axePath := filepath.Join(repoRoot(t), "node_modules", "axe-core", "axe.min.js")
	requireFile(t, axePath, "axe-core")
	src, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatal(err)
	}
	browser(t) // skips (or fails in CI) without Chromium, before building anything
	e := site(t)
	tags, _ := json.Marshal(axeTags)
	run := fmt.Sprintf(`axe.run(document, {runOnly: {type: 'tag', values: %s}, resultTypes: ['violations']})
		.then(r => r.violations.map(v => ({id: v.id, impact: v.impact || '', help: v.help,
			targets: v.nodes.map(n => n.target.join(' ')),
			summary: v.nodes.length ? (v.nodes[0].failureSummary || '') : ''})))`, tags)
	// Each page loaded once and checked at both widths (the layout follows the emulated
	// viewport without a reload); the pages are shared out between tabs run in parallel.
	// The light scheme at both widths, and the dark scheme (prefers-color-scheme) on a phone.
	type mode struct {
		width int64
		dark  bool
	}
	modes := []mode{{390, false}, {1280, false}, {390, true}}
	inTabs(t, e.pages, []tabOption{withScript(string(src))}, func(t *testing.T, tb *tab, p string) {
		for _, m := range modes {
			if err := viewport(m.width)(tb.ctx); err != nil {
				t.Fatal(err)
			}
			scheme := "light"
			if m.dark {
				scheme = "dark"
			}
			if _, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}); err != nil {
				t.Fatal(err)
			}
			for _, v := range eval[[]axeViolation](t, tb, run) {
				t.Errorf("%s at %d px, %s scheme: axe %s (%s): %s\n    targets: %s\n    %s", p, m.width, scheme, v.ID, v.Impact, v.Help,
					strings.Join(v.Targets, " | "), strings.ReplaceAll(strings.TrimSpace(v.Summary), "\n", "\n    "))
			}
		}
	})
}
