package sitebuild_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"protege/tools/fixture"
	"protege/tools/repotest"
	"protege/tools/sitebuild"
)

// The link render hook (site/layouts/_markup/render-link.html) checks every #anchor against the
// heading ids Hugo made for the target page (.Fragments.Identifiers) and, on the report page,
// the hotline cards: a wrong anchor fails the build with the page's file, a right one passes.
// One build of a copy of the clean build's checkout, with its PDF kit, holds every case.
func TestRenderLinkAnchors(t *testing.T) {
	t.Parallel()
	src := cleanCopy(t)
	fixture.Apply(t, src, nil, []fixture.Edit{
		// Same page: the id Hugo makes for "### En recepción" is "en-recepción" (github style
		// keeps accented letters); an ASCII guess is refused, the real id is accepted.
		{File: "content/es/guias/hoteles.md", Replace: "### En recepción\n",
			With: "### En recepción\n\nVea [recepción](#en-recepcion) y [también](#en-recepción).\n"},
		// Another page: an explicit {#id} is accepted, a missing one refused.
		{File: "content/es/mitos.md", Replace: "[la ley](/ley#paises-de-origen)",
			With: "[la ley](/ley#paises-de-origen) ([origen](/ley#pais-de-origen))"},
		// The report page: the Costa Rican hotline cards are anchors; a line that does not exist
		// (or one not shown as a card there) is not.
		{File: "content/en/materials/training-guide.md", Replace: "[code of conduct](/materials/code-of-conduct#training)",
			With: "[code of conduct](/materials/code-of-conduct#training), [911](/report#cr-911), [its name](/report#cr-911-name), [PANI](/report#cr-pani-1148)"},
		// A page that does not exist in this language.
		{File: "content/fr/a-propos.md", Replace: "## Que visait-il ? {#objectifs}\n", With: "## Que visait-il ? {#objectifs}\n\nVoir [l’hôtel](/guias/hoteles).\n"},
	})
	out := filepath.Join(t.TempDir(), "public")
	var stderr bytes.Buffer
	err := sitebuild.Build(sitebuild.WithKit(sitebuild.Options{Root: src, Site: repotest.Site(t, src), Out: out, Stderr: &stderr}, cleanKit(t)))
	if err == nil {
		t.Fatal("a build with broken anchors succeeded")
	}
	log := stderr.String()
	for _, want := range []string{
		`content/es/guias/hoteles.md: link to "#en-recepcion": this page has no anchor "en-recepcion"`,
		`content/es/mitos.md: link "/ley#pais-de-origen": the page content/es/ley.md has no anchor "pais-de-origen"`,
		`content/fr/a-propos.md: link to a missing page "/guias/hoteles"`,
		`content/en/materials/training-guide.md: link "/report#cr-pani-1148": the page content/en/report.md has no anchor "cr-pani-1148"`,
	} {
		if !strings.Contains(log, want) {
			t.Errorf("the build output does not say\n  %s\n%s", want, log)
		}
	}
	for _, ok := range []string{`"#en-recepción"`, `"/ley#paises-de-origen"`, `"/report#cr-911"`, `"/report#cr-911-name"`, `#training"`} {
		if strings.Contains(log, ok) {
			t.Errorf("the build refused a link to an anchor that exists, %s:\n%s", ok, log)
		}
	}
}
