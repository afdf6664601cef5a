package materials

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"protege/tools/diag"
	"protege/tools/hotlines"
	"protege/tools/pdfmd"
	"protege/tools/pdftest"
	"protege/tools/qrcode"
	"protege/tools/siteconfig"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

const (
	fixture = "testdata/site"
	baseSub = "https://example.org/sub/"
)

// kitCache renders the fixture once per base URL for the tests that only read the result
// (a *kitOnce by base URL: tests running in parallel wait for the one render).
var kitCache sync.Map

type kitResult struct {
	idx   *Index
	files map[string][]byte
	texts *kitTexts
}

type kitOnce struct {
	once sync.Once
	kit  kitResult
	err  string
}

// kitTexts are the texts of a kit's PDFs by path, read with one pdftotext run.
type kitTexts struct {
	once sync.Once
	m    map[string]string
}

func fixtureKit(t *testing.T, base string) kitResult {
	t.Helper()
	return cachedKit(t, base, func() (*Index, map[string][]byte, []diag.Diagnostic, error) {
		return Render(Options{Root: fixture, Site: testSite(base)})
	})
}

func cachedKit(t *testing.T, name string, render func() (*Index, map[string][]byte, []diag.Diagnostic, error)) kitResult {
	t.Helper()
	v, _ := kitCache.LoadOrStore(name, &kitOnce{})
	k := v.(*kitOnce)
	k.once.Do(func() {
		idx, files, ds, err := render()
		switch {
		case err != nil:
			k.err = err.Error()
		case len(ds) > 0:
			k.err = "diagnostics:\n" + fmtDiags(ds)
		}
		k.kit = kitResult{idx, files, &kitTexts{}}
	})
	if k.err != "" {
		t.Fatal(k.err)
	}
	return k.kit
}

// text is the text of the kit's PDF at path; the first call reads every PDF of the kit.
func (k kitResult) text(t *testing.T, path string) string {
	t.Helper()
	k.texts.once.Do(func() {
		var paths []string
		var pdfs [][]byte
		for _, f := range k.idx.Files {
			paths = append(paths, f.Path)
			pdfs = append(pdfs, k.files[f.Path])
		}
		texts := pdftest.Texts(t, pdfs...)
		k.texts.m = map[string]string{}
		for i, p := range paths {
			k.texts.m[p] = texts[i]
		}
	})
	s, ok := k.texts.m[path]
	if !ok {
		t.Fatalf("%s: no text (reading the kit failed in another test?)", path)
	}
	return s
}

// pages is the page count of the kit's PDF at path, as poppler reads it (the form feeds of the
// kit's one pdftotext run: pdftest.Pages).
func (k kitResult) pages(t *testing.T, path string) int {
	t.Helper()
	k.text(t, path)
	return pdftest.Pages(t, k.files[path])
}

const releaseTestBase = "https://protege-pruebas.cr/"

// releaseKit is the fixture's kit built for release at an address without a path, with a
// test publisher and changed hotline data (another OIJ number, another date checked):
// TestReleaseKit, TestHotlineDataFlowsToEveryMaterial and TestQRCodesLeadToTheReportPage
// look at the one render.
func releaseKit(t *testing.T) kitResult {
	t.Helper()
	return cachedKit(t, "release", func() (*Index, map[string][]byte, []diag.Diagnostic, error) {
		root := copyTree(t, fixture)
		p := filepath.Join(root, "content", "data", "hotlines.yaml")
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, nil, nil, err
		}
		b = bytes.ReplaceAll(b, []byte(`display: "800-8000-645"`), []byte(`display: "800-1234-567"`))
		b = bytes.ReplaceAll(b, []byte(`checked: 2026-11-27`), []byte(`checked: 2027-01-05`))
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return nil, nil, nil, err
		}
		if err := os.WriteFile(filepath.Join(root, "content", "data", "publisher.yaml"), []byte(testPublisher), 0o644); err != nil {
			return nil, nil, nil, err
		}
		return Render(Options{Root: root, Site: testSite(releaseTestBase), Release: true})
	})
}

const testPublisher = "name:\n  es: \"Fundación de Prueba\"\n  en: \"Test Foundation\"\nemail: \"info@fundacion-prueba-protege.cr\"\nurl: \"https://fundacion-prueba-protege.cr/\"\n"

var reportPath = map[string]string{"es": "es/denunciar/", "en": "en/report/", "fr": "fr/signaler/"}

func TestKitList(t *testing.T) {
	t.Parallel()
	k := fixtureKit(t, baseSub)
	// 3 languages × (6 documents × 2 papers + 2 posters × 4 papers + 3 generated sheets × 2 papers), and
	// the Spanish and English poster × 2 papers listed in es and en.
	if n := len(k.idx.Files); n != 82 {
		t.Errorf("%d files, want 82", n)
	}
	var prevLang string
	for i, f := range k.idx.Files {
		if strings.HasPrefix(f.Path, "/") || !strings.HasPrefix(f.Path, "materiales/"+f.Lang+"/") ||
			!strings.HasSuffix(f.Path, "-"+strings.ToLower(f.Paper)+".pdf") {
			t.Errorf("path %q (lang %s, paper %s)", f.Path, f.Lang, f.Paper)
		}
		if f.Title == "" || f.Description == "" || strings.Contains(f.Description, "\n") {
			t.Errorf("%s: title %q, description %q", f.Path, f.Title, f.Description)
		}
		if f.Bytes != len(k.files[f.Path]) || f.Pages < 1 {
			t.Errorf("%s: bytes %d (file %d), pages %d", f.Path, f.Bytes, len(k.files[f.Path]), f.Pages)
		}
		if strings.HasPrefix(f.Key, "material-") != (f.Page != "") {
			t.Errorf("%s: page %q", f.Path, f.Page)
		}
		if i > 0 && f.Lang != prevLang && slices.Index([]string{"es", "en", "fr"}, f.Lang) < slices.Index([]string{"es", "en", "fr"}, prevLang) {
			t.Errorf("order: %s after %s", f.Lang, prevLang)
		}
		prevLang = f.Lang
	}
	js, err := MarshalIndex(k.idx)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "testdata/materials.golden.json", js)
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run go test ./tools/materials -update after checking the change):\n%s", path, got)
	}
}

func TestPageCountsMatchTheFiles(t *testing.T) {
	t.Parallel()
	k := fixtureKit(t, baseSub)
	for _, f := range k.idx.Files {
		if f.Paper != "A4" {
			continue
		}
		if n := k.pages(t, f.Path); n != f.Pages {
			t.Errorf("%s: %d pages, index says %d", f.Path, n, f.Pages)
		}
	}
}

// Words that prove a PDF's language: the footer's date line, and the fixture's texts.
var langWords = map[string][]string{
	"es": {"Números verificados el 27 de noviembre de 2026"},
	"en": {"Numbers checked on November 27, 2026"},
	"fr": {"Numéros vérifiés le 27 novembre 2026"},
}

var materialWords = map[string]map[string][]string{
	"material-code": {
		"es": {"Código de conducta modelo", "Protegemos a la niñez", "Nombre de la empresa:", "Emergencias (911)", "OIJ, línea confidencial (800-8000-645)", "1147", "www.ecpatusa.org/code", "Firma", "1 / 2"},
		"en": {"Model code of conduct", "We protect children", "Name of the business:", "Emergency line (911)", "OIJ confidential line (800-8000-645)", "1147", "Signature", "1 / 2"},
		"fr": {"Code de conduite type", "Nous protégeons les enfants", "reçu", "à la lettre", "Urgences (911)", "Ligne confidentielle de l'OIJ (800-8000-645)", "façon", "1 / 2"},
	},
	"material-staff-guide": {
		"es": {"Guía rápida para el personal", "Señales", "Persona designada:", "Emergencias (911)"},
		"en": {"Staff quick guide", "Signs", "Designated person:", "Emergency line (911)"},
		"fr": {"Guide express du personnel", "Signes", "Personne référente", "Urgences (911)"},
	},
	"poster-staff": {
		"es": {"Proteger a la niñez es parte de nuestro trabajo", "¿A quién llamar?", "911", "800-8000-645", "1147", "Peligro inmediato", "OIJ, línea confidencial", baseSub + "es/denunciar/"},
		"en": {"Protecting children is part of our job", "Who to call", "911", "800-8000-645", "1147", "Danger right now", "OIJ confidential line", baseSub + "en/report/"},
		"fr": {"Protéger les enfants fait partie de notre travail", "Qui appeler", "911", "800-8000-645", "1147", "Danger immédiat", "Ligne confidentielle de l'OIJ", baseSub + "fr/signaler/"},
	},
	"poster-guests": {
		"es": {"Esta empresa protege a niñas, niños y adolescentes", "911", "800-8000-645", "1147"},
		"en": {"This business protects children", "911", "800-8000-645", "1147"},
		"fr": {"Cette entreprise protège les enfants", "911", "800-8000-645", "1147"},
	},
	"wallet-cards": {
		"es": {"Protejamos a la niñez", "LLAME", "SEÑALES", "911", "800-8000-645", "1147", "Recorte por las marcas"},
		"en": {"Protect children", "CALL", "SIGNS", "911", "800-8000-645", "1147", "Cut along the marks"},
		"fr": {"Protégeons les enfants", "APPELEZ", "SIGNES", "911", "800-8000-645", "1147", "Découpez le long des repères"},
	},
	"material-checklist": {
		"es": {"Lista de autoevaluación", "¿Adoptamos una política escrita", "Evidencia:"},
		"en": {"Self-assessment checklist", "Have we adopted a written policy", "Evidence:"},
		"fr": {"Grille d'auto-évaluation", "Avons-nous adopté une politique écrite", "Preuve"},
	},
	"material-supplier-clause": {
		"es": {"Cláusula para proveedores", "Rechazo común.", "(la Empresa)", "Emergencias (911)"},
		"en": {"Supplier clause", "Shared rejection.", "(the Business)", "Emergency line (911)"},
		"fr": {"Clause fournisseurs", "Rejet commun.", "(l'Entreprise)", "Urgences (911)"},
	},
}

// normalize turns the no-break spaces of French typography into spaces, and joins lines.
func normalize(s string) string {
	s = strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

func TestLanguagesNumbersAndAccents(t *testing.T) {
	t.Parallel()
	k := fixtureKit(t, baseSub)
	for _, f := range k.idx.Files {
		t.Run(f.Path, func(t *testing.T) {
			t.Parallel()
			text := normalize(k.text(t, f.Path))
			want := append(slices.Clone(langWords[f.Lang]), materialWords[f.Key][f.Lang]...)
			for _, w := range want {
				// pdftotext finds word breaks from the gaps between glyphs: it reads
				// the page number "1 / 2" as "1/2".
				if !strings.Contains(text, w) && !strings.Contains(strings.ReplaceAll(text, " ", ""), strings.ReplaceAll(w, " ", "")) {
					t.Errorf("lacks %q", w)
				}
			}
			for lang, words := range langWords {
				if lang != f.Lang && strings.Contains(text, words[0]) {
					t.Errorf("has the %s text %q", lang, words[0])
				}
			}
			for _, bad := range []string{"\\_", "___", "{{", "{#", "\uE000", "\uFFFD"} {
				if strings.Contains(text, bad) {
					t.Errorf("has %q", bad)
				}
			}
			if t.Failed() {
				t.Logf("text:\n%s", text)
			}
		})
	}
}

// copyTree copies the fixture, then the overlay folders (later ones win), into a new folder.
func copyTree(t testing.TB, dirs ...string) string {
	t.Helper()
	dst := t.TempDir()
	for _, src := range dirs {
		err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out := filepath.Join(dst, rel)
			if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
				return err
			}
			return os.WriteFile(out, b, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// TestHotlineDataFlowsToEveryMaterial: another OIJ number and another date checked in the
// hotline data show in every material that prints them (on the release kit, built from
// changed data).
func TestHotlineDataFlowsToEveryMaterial(t *testing.T) {
	t.Parallel()
	k := releaseKit(t)
	for _, f := range k.idx.Files {
		if f.Paper != "A4" || f.Key == "material-checklist" || f.Key == "material-staff-guide" || f.Key == "attendance-sheet" {
			continue
		}
		text := normalize(k.text(t, f.Path))
		if f.Key != "material-supplier-clause" && (!strings.Contains(text, "800-1234-567") || strings.Contains(text, "800-8000-645")) {
			t.Errorf("%s: the OIJ number did not change:\n%s", f.Path, text)
		}
		date := map[string]string{"es": "5 de enero de 2027", "en": "January 5, 2027", "fr": "5 janvier 2027"}[f.Lang]
		if !strings.Contains(text, date) {
			t.Errorf("%s: lacks the new date %q", f.Path, date)
		}
	}
}

// TestQRCodesLeadToTheReportPage: every poster's QR codes (at an address with a path, every
// paper; at one without, the release kit, A4) lead to the report page of its languages, whose
// address is printed. Every code is read exactly from its drawing (pdftest.QRDrawn, in the
// square of the link the generator puts over it, to the same address); zbarimg decodes, with
// one run, the whole page of each A4 poster with a path (every language and kind: no other
// code on it) and one code of each other paper and of the kit without a path.
func TestQRCodesLeadToTheReportPage(t *testing.T) {
	t.Parallel()
	type poster struct {
		name  string
		k     kitResult
		f     File
		wants []string
		got   []string // decoded by zbarimg
	}
	var posters []*poster
	for _, kit := range []struct {
		base string
		k    kitResult
	}{{baseSub, fixtureKit(t, baseSub)}, {releaseTestBase, releaseKit(t)}} {
		for _, f := range kit.k.idx.Files {
			if !strings.HasPrefix(f.Key, "poster-") || (kit.base != baseSub && f.Paper != "A4") {
				continue
			}
			wants := []string{kit.base + reportPath[f.Lang]}
			if f.Key == "poster-guests-bilingual" {
				// One code per language on the sheet, es and en.
				wants = []string{kit.base + reportPath["en"], kit.base + reportPath["es"]}
			}
			posters = append(posters, &poster{name: kit.base + f.Path, k: kit.k, f: f, wants: wants})
		}
	}
	if len(posters) != 28+8 {
		t.Errorf("%d posters, want 36", len(posters))
	}
	var areas []pdftest.Area
	var decoded []*poster
	sampled := map[string]bool{}
	for _, p := range posters {
		pdf := p.k.files[p.f.Path]
		var uris []string
		for _, l := range qrLinks(t, pdf) {
			uris = append(uris, l.URI)
			if err := pdftest.QRDrawn(t, pdf, l, qrcode.Quiet); err != nil {
				t.Errorf("%s: %v", p.name, err)
			}
		}
		slices.Sort(uris)
		if !slices.Equal(uris, p.wants) {
			t.Errorf("%s: the QR codes' links lead to %q, want %q", p.name, uris, p.wants)
		}
		switch base := strings.TrimSuffix(p.name, p.f.Path); {
		case base == baseSub && p.f.Paper == "A4":
			areas = append(areas, pdftest.Area{PDF: pdf, Page: 1})
			decoded = append(decoded, p)
		case !sampled[base+p.f.Paper] && p.f.Key != "poster-guests-bilingual":
			sampled[base+p.f.Paper] = true
			l := qrLinks(t, pdf)[0]
			areas = append(areas, pdftest.Area{PDF: pdf, Page: l.Page, X: l.X, Y: l.Y, W: l.W, H: l.H})
			decoded = append(decoded, p)
		}
		for _, want := range p.wants {
			if !strings.Contains(p.k.text(t, p.f.Path), want) {
				t.Errorf("%s: the address %q is not printed", p.name, want)
			}
		}
	}
	if len(decoded) != 8+3+1 {
		t.Errorf("%d posters decoded, want 12", len(decoded))
	}
	for i, codes := range pdftest.QRCodes(t, 150, areas...) {
		p := decoded[i]
		slices.Sort(codes)
		want := p.wants
		if areas[i].W > 0 {
			want = want[:1]
		}
		if !slices.Equal(codes, want) {
			t.Errorf("%s: zbarimg reads %q, want %q", p.name, codes, want)
		}
	}
}

// qrLinks are the links over a PDF's QR codes: the generator puts one over each code
// (posterLayout.qr), a square; the links over printed addresses are wider than high.
func qrLinks(t *testing.T, pdf []byte) []pdftest.Link {
	t.Helper()
	var out []pdftest.Link
	for _, l := range pdftest.Links(t, pdf) {
		if math.Abs(l.W-l.H) < 0.5 {
			out = append(out, l)
		}
	}
	return out
}

func TestPosterQRCodeIsLarge(t *testing.T) {
	t.Parallel()
	// Scanned from a metre away: at least 80 mm on Letter and A4, 100 mm on the large papers.
	for _, paper := range posterPapers {
		e := testEnv(t, "fr")
		for _, m := range kit {
			if m.Kind != poster {
				continue
			}
			p := &posterLayout{e: e, m: m, paper: paper}
			p.pdf = newPDF(paper, "fr", "t", "d", e.data.LastChecked())
			p.pdf.AddPage()
			p.l = &pdfmd.Layout{PDF: p.pdf, French: true}
			sz, err := p.fit()
			if err != nil {
				t.Fatal(err)
			}
			min := 80.0
			if paper.W > 250 {
				min = 100
			}
			if sz.qr < min {
				t.Errorf("%s %s: QR code %.0f mm, want at least %.0f", m.Key, paper.Name, sz.qr, min)
			}
		}
	}
}

// TestSameSourcesSameBytes: no clock, no random identifier in the PDFs. (That a second run
// gives the same bytes, materials.json and every file, is checked by
// TestGenerateSwapsOnlyOnSuccess, whose run is the second.)
func TestSameSourcesSameBytes(t *testing.T) {
	t.Parallel()
	files := fixtureKit(t, baseSub).files
	// No clock, no random identifier: the dates are the sources' dates.
	for p, b := range files {
		if !strings.HasSuffix(p, ".pdf") {
			continue // the contact files carry no date
		}
		// The hotline data's date, or a later `reviewed` (the Spanish code's, in the fixture).
		date := "20261127000000"
		if strings.HasPrefix(p, "materiales/es/codigo-de-conducta-") {
			date = "20261201000000"
		}
		if !bytes.Contains(b, []byte("/CreationDate (D:"+date+")")) || !bytes.Contains(b, []byte("/ModDate (D:"+date+")")) {
			t.Errorf("%s: dates are not D:%s", p, date)
		}
		if bytes.Contains(b, []byte("/ID [")) {
			t.Errorf("%s: has a document ID", p)
		}
	}
}

func TestStaffGuideIsOneSheet(t *testing.T) {
	t.Parallel()
	k := fixtureKit(t, baseSub)
	for _, f := range k.idx.Files {
		if f.Key == "material-staff-guide" && f.Pages > 2 {
			t.Errorf("%s: %d pages", f.Path, f.Pages)
		}
	}
}

func TestWalletCardSheet(t *testing.T) {
	t.Parallel()
	k := fixtureKit(t, baseSub)
	for _, f := range k.idx.Files {
		if f.Key != "wallet-cards" {
			continue
		}
		paper := map[string]Paper{"Letter": Letter, "A4": A4}[f.Paper]
		if f.Pages != 1 || k.pages(t, f.Path) != 1 {
			t.Errorf("%s: want one page", f.Path)
		}
		marks := CutMarks(paper)
		if len(marks) != 2*(cardCols+1)+2*(cardRows+1) {
			t.Errorf("%d cut marks", len(marks))
		}
		// Every mark is outside the grid, inside the printable page, and drawn.
		const dpi = 100
		img := pdftest.Image(t, k.files[f.Path], 1, dpi)
		x0, y0 := cardGrid(paper)
		x1, y1 := x0+cardCols*cardW, y0+cardRows*cardH
		for _, m := range marks {
			mx, my := (m[0]+m[2])/2, (m[1]+m[3])/2
			if mx > x0 && mx < x1 && my > y0 && my < y1 {
				t.Errorf("mark %v inside the grid", m)
			}
			if min(m[0], m[1], m[2], m[3]) < 5 || max(m[0], m[2]) > paper.W-5 || max(m[1], m[3]) > paper.H-5 {
				t.Errorf("mark %v too close to the edge of %s", m, paper.Name)
			}
			if !darkNear(img, mx*dpi/25.4, my*dpi/25.4) {
				t.Errorf("%s: no mark drawn at (%.1f, %.1f) mm", f.Path, mx, my)
			}
		}
		// The cards themselves fit the sheet's margins.
		if x0 < 18 || y0 < 18 {
			t.Errorf("%s: grid at (%.1f, %.1f) mm", f.Path, x0, y0)
		}
	}
}

func darkNear(img *image.Gray, x, y float64) bool {
	for dx := -2; dx <= 2; dx++ {
		for dy := -2; dy <= 2; dy++ {
			if img.GrayAt(int(x)+dx, int(y)+dy).Y < 0x60 {
				return true
			}
		}
	}
	return false
}

// TestProblems: each problem in the sources is reported at its file and line. The error
// cases are all in one tree, built once (failedRun): every error is reported at once.
func TestProblems(t *testing.T) {
	t.Parallel()
	for _, tt := range problems {
		t.Run(tt.fixture, func(t *testing.T) {
			t.Parallel()
			var root string
			var ds []diag.Diagnostic
			if tt.warning {
				// Alone: a warning is not an error.
				root = copyTree(t, fixture, filepath.Join("testdata", "fail", tt.fixture))
				var err error
				if _, _, ds, err = Render(Options{Root: root, Site: testSite(baseSub)}); err != nil {
					t.Fatal(err)
				}
			} else {
				r := failedRun(t)
				root, ds = r.root, r.ds
			}
			found := false
			for _, d := range ds {
				rel, _ := filepath.Rel(root, d.Path)
				if filepath.ToSlash(rel) == tt.file && d.Line == tt.line && strings.Contains(d.Message, tt.want) &&
					(d.Severity == diag.Warning) == tt.warning {
					found = true
				}
			}
			if !found {
				t.Errorf("want %s:%d: %q, got:\n%s", tt.file, tt.line, tt.want, fmtDiags(ds))
			}
			if diag.HasErrors(ds) == tt.warning {
				t.Errorf("errors = %v, want %v", diag.HasErrors(ds), !tt.warning)
			}
		})
	}
}

var problems = []struct {
	fixture string
	file    string // path of the diagnostic, relative to the root
	line    int
	want    string
	warning bool
}{
	{"staff-guide-too-long", "content/es/materiales/guia-personal.md", 8, "must fit on 2 (one sheet, both sides)", false},
	{"unknown-hotline", "content/en/materials/code-of-conduct.md", 19, `unknown hotline id "cr-nope"`, false},
	{"other-shortcode", "content/fr/ressources/clause-fournisseurs.md", 16, `shortcode "figure" cannot be printed`, false},
	{"missing-string", "i18n/fr.toml", 0, `missing string "pdfCardTitle"`, false},
	{"unprintable-character", "content/es/materiales/autoevaluacion.md", 12, "cannot print '✓' (U+2713)", false},
	{"table", "content/en/materials/self-assessment.md", 16, "tables are not supported", false},
	{"missing-page", "content/fr", 0, `no page with translationKey "material-checklist"`, false},
	{"poster-too-long", "i18n/es.toml", 0, "too long to fit", false},
	{"bad-slug", "i18n/en.toml", 0, `pdfCardSlug = "Wallet cards"`, false},
	{"untranslated", "content/en/materials/staff-guide.md", 5, "not translated yet", true},
}

// failedRun is one Generate of the fixture with every error of the problems table (their
// testdata/fail folders, which change different files) and a scenario too long for its card,
// into a folder holding a previous run's output.
type failed struct {
	root, out string
	ds        []diag.Diagnostic
	kept      bool // the previous output is still there
}

var failedOnce struct {
	once sync.Once
	r    *failed
}

func failedRun(t *testing.T) *failed {
	t.Helper()
	failedOnce.once.Do(func() {
		dirs := []string{fixture}
		for _, tt := range problems {
			if !tt.warning {
				dirs = append(dirs, filepath.Join("testdata", "fail", tt.fixture))
			}
		}
		root := copyTree(t, dirs...)
		lengthenScenario(t, root)
		out, keep := previousOutput(t, root)
		idx, ds, err := Generate(Options{Root: root, Out: out, Site: testSite(baseSub)})
		if err != nil || idx != nil || !diag.HasErrors(ds) {
			t.Fatalf("want errors and no index, got %v %v %v", idx, ds, err)
		}
		_, err = os.Stat(keep)
		failedOnce.r = &failed{root: root, out: out, ds: ds, kept: err == nil}
	})
	if failedOnce.r == nil {
		t.Fatal("the failing run failed in another test")
	}
	return failedOnce.r
}

// previousOutput makes root's build/materials hold a previous run's output: a file that a
// failed run must leave and a good run must replace. It returns the folder and the file.
func previousOutput(t *testing.T, root string) (out, keep string) {
	t.Helper()
	out = filepath.Join(root, "build", "materials")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	keep = filepath.Join(out, "previous.txt")
	if err := os.WriteFile(keep, []byte("previous run"), 0o644); err != nil {
		t.Fatal(err)
	}
	return out, keep
}

func fmtDiags(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintln(&b, d)
	}
	return b.String()
}

// TestGenerateSwapsOnlyOnSuccess: a run with errors leaves the previous output as it was
// (failedRun); a good run replaces it as a whole, with materials.json listing what it wrote,
// and gives the same bytes as another run of the same sources (fixtureKit).
func TestGenerateSwapsOnlyOnSuccess(t *testing.T) {
	t.Parallel()
	if !failedRun(t).kept {
		t.Error("a failed run touched the previous output")
	}
	root := copyTree(t, fixture)
	out, keep := previousOutput(t, root)
	idx, ds, err := Generate(Options{Root: root, Out: out, Site: testSite(baseSub)})
	if err != nil || len(ds) > 0 {
		t.Fatal(err, ds)
	}
	if _, err := os.Stat(keep); err == nil {
		t.Error("the previous output was not replaced")
	}
	var got Index
	js, err := os.ReadFile(filepath.Join(out, "data", "materials.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(js, &got); err != nil || len(got.Files) != len(idx.Files) {
		t.Fatalf("materials.json: %v, %d files", err, len(got.Files))
	}
	for _, f := range got.Files {
		st, err := os.Stat(filepath.Join(out, "static", filepath.FromSlash(f.Path)))
		if err != nil || st.Size() != int64(f.Bytes) {
			t.Errorf("%s: %v", f.Path, err)
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(root, "build", ".materials-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary folders left: %v", leftovers)
	}

	// Same sources, same bytes: this run and the fixture's kit, made apart.
	a := fixtureKit(t, baseSub)
	ja, _ := MarshalIndex(a.idx)
	jb, _ := MarshalIndex(idx)
	if !bytes.Equal(ja, jb) || !bytes.Equal(ja, js) {
		t.Error("materials.json differs between two runs")
	}
	files := map[string][]byte{}
	for _, c := range idx.Contacts {
		files[c.Path] = nil
	}
	for _, f := range idx.Files {
		files[f.Path] = nil
	}
	if len(files) != len(a.files) {
		t.Errorf("%d files, the other run %d", len(files), len(a.files))
	}
	for p := range files {
		b, err := os.ReadFile(filepath.Join(out, "static", filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.files[p], b) {
			t.Errorf("%s differs between two runs", p)
		}
	}
}

// TestRealRepository generates the kit from the repository's own content, i18n and hotline
// data: what `make build` will ship.
func TestRealRepository(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..")
	if _, err := os.Stat(filepath.Join(root, "content", "data", "hotlines.yaml")); err != nil {
		t.Skip("not in the repository")
	}
	idx, files, ds, err := Render(Options{Root: root, Site: testSite(baseSub)})
	if err != nil {
		t.Fatal(err)
	}
	if diag.HasErrors(ds) {
		t.Fatalf("the real sources give errors:\n%s", fmtDiags(ds))
	}
	if len(ds) > 0 {
		t.Logf("warnings:\n%s", fmtDiags(ds))
	}
	data, err := loadPanel(root)
	if err != nil {
		t.Fatal(err)
	}
	// Every A4 PDF is read with one pdftotext run. Every poster's QR codes are read exactly
	// from their drawing (pdftest.QRDrawn), and zbarimg decodes the whole page of the bilingual
	// poster (two codes, two languages) end to end.
	var a4 []File
	var pdfs [][]byte
	for _, f := range idx.Files {
		if f.Paper == "A4" {
			a4 = append(a4, f)
			pdfs = append(pdfs, files[f.Path])
		}
	}
	texts := pdftest.Texts(t, pdfs...)
	codes := map[string][]string{}
	var sample string
	for _, f := range a4 {
		if !strings.HasPrefix(f.Key, "poster-") {
			continue
		}
		for _, l := range qrLinks(t, files[f.Path]) {
			if err := pdftest.QRDrawn(t, files[f.Path], l, qrcode.Quiet); err != nil {
				t.Errorf("%s: %v", f.Path, err)
			}
			codes[f.Path] = append(codes[f.Path], l.URI)
		}
		if f.Key == "poster-guests-bilingual" && sample == "" {
			sample = f.Path
		}
	}
	if sample == "" {
		t.Fatal("no bilingual A4 poster")
	}
	decoded := pdftest.QR(t, files[sample], 1)
	slices.Sort(decoded)
	if links := slices.Sorted(slices.Values(codes[sample])); !slices.Equal(decoded, links) {
		t.Errorf("%s: zbarimg reads %q, the codes are drawn for %q", sample, decoded, links)
	}
	for i, f := range a4 {
		t.Run(f.Path, func(t *testing.T) {
			t.Parallel()
			text := normalize(texts[i])
			if !strings.Contains(text, langWords[f.Lang][0][:8]) {
				t.Errorf("no footer in %s", f.Lang)
			}
			if f.Key == "material-staff-guide" && f.Pages > 2 {
				t.Errorf("%d pages", f.Pages)
			}
			if strings.HasPrefix(f.Key, "poster-") || f.Key == "wallet-cards" {
				for _, number := range data {
					if !strings.Contains(text, number) {
						t.Errorf("lacks %s", number)
					}
				}
			}
			if strings.HasPrefix(f.Key, "poster-") {
				got := codes[f.Path]
				n := 1
				if f.Key == "poster-guests-bilingual" {
					n = 2
				}
				if len(got) != n {
					t.Errorf("QR codes %q, want %d", got, n)
				}
				for _, g := range got {
					if !strings.HasPrefix(g, baseSub+"es/") && !strings.HasPrefix(g, baseSub+"en/") && !strings.HasPrefix(g, baseSub+f.Lang+"/") {
						t.Errorf("QR code %q", g)
					}
				}
			}
		})
	}
}

// BenchmarkKit times the whole kit — every material, language and paper size — from the
// repository's sources (or the fixture outside the repository), without writing files.
func BenchmarkKit(b *testing.B) {
	root := filepath.Join("..", "..")
	if _, err := os.Stat(filepath.Join(root, "content", "data", "hotlines.yaml")); err != nil {
		root = fixture
	}
	n := 0
	for b.Loop() {
		idx, _, _, err := Render(Options{Root: root, Site: testSite(baseSub)})
		if err != nil {
			b.Fatal(err)
		}
		n = len(idx.Files)
	}
	b.ReportMetric(float64(n), "pdfs")
}

// testEnv is the fixture's environment for one language.
func testEnv(t *testing.T, lang string) *env {
	t.Helper()
	data, err := hotlines.Load(filepath.Join(fixture, "content", "data", "hotlines.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	bundle, err := loadBundle(filepath.Join(fixture, "i18n"), "es-CR", testSite(baseSub).Langs())
	if err != nil {
		t.Fatal(err)
	}
	tx := &texts{lang: lang, file: lang + ".toml", loc: newLocalizer(bundle, lang), strs: &missingStrings{m: map[string]diag.Diagnostic{}}}
	return &env{lang: lang, baseURL: baseSub, tx: tx, data: data, reportURL: baseSub + reportPath[lang],
		checked: tx.Date(data.LastChecked()), theme: pdfmd.DefaultTheme(), kitLabel: "PROTEGE"}
}

// loadPanel returns the numbers of the panel lines of a repository's hotline data.
func loadPanel(root string) ([]string, error) {
	data, err := hotlines.Load(filepath.Join(root, "content", "data", "hotlines.yaml"))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, l := range data.Panel() {
		out = append(out, l.Display)
	}
	return out, nil
}

// previewWords are the first word of the PREVIEW mark in each language.
var previewWords = map[string]string{"es": "VISTA PREVIA", "en": "PREVIEW", "fr": "APERÇU"}

// TestPreviewMarkOnEveryPage: a preview build's PDFs say on every page, in their language,
// that they are not for printing; the footer says the publisher is not set yet.
func TestPreviewMarkOnEveryPage(t *testing.T) {
	t.Parallel()
	k := fixtureKit(t, baseSub)
	for _, f := range k.idx.Files {
		if f.Paper != "A4" {
			continue
		}
		text := normalize(k.text(t, f.Path))
		if n := strings.Count(text, previewWords[f.Lang]); n != f.Pages {
			t.Errorf("%s: the mark %q appears %d times on %d pages", f.Path, previewWords[f.Lang], n, f.Pages)
		}
		notSet := map[string]string{"es": "Entidad editora aún sin indicar", "en": "Publisher not set yet", "fr": "Éditeur pas encore indiqué"}[f.Lang]
		if !strings.Contains(text, notSet) {
			t.Errorf("%s: the footer does not say %q", f.Path, notSet)
		}
	}
}

// TestReleaseKit: a release kit (a test publisher, a real-looking address: releaseKit) has no
// mark, names the publisher in every PDF and on the model texts; without a publisher, or with
// a placeholder address, Render refuses.
func TestReleaseKit(t *testing.T) {
	t.Parallel()
	root := copyTree(t, fixture)
	pubFile := filepath.Join(root, "content", "data", "publisher.yaml")
	if _, _, ds, err := Render(Options{Root: root, Site: testSite(releaseTestBase), Release: true}); err != nil || !strings.Contains(fmtDiags(ds), "the publisher is not set") {
		t.Errorf("release without a publisher: err %v, diagnostics:\n%s", err, fmtDiags(ds))
	}
	if err := os.WriteFile(pubFile, []byte(testPublisher), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, ds, _ := Render(Options{Root: root, Site: testSite("https://protege.example.org/"), Release: true}); !strings.Contains(fmtDiags(ds), "placeholder") {
		t.Errorf("release at a placeholder address:\n%s", fmtDiags(ds))
	}
	k := releaseKit(t)
	name := map[string]string{"es": "Fundación de Prueba", "en": "Test Foundation", "fr": "Fundación de Prueba"}
	for _, f := range k.idx.Files {
		if f.Paper != "A4" {
			continue
		}
		text := normalize(k.text(t, f.Path))
		if strings.Contains(text, previewWords[f.Lang]) {
			t.Errorf("%s: a release PDF carries the mark", f.Path)
		}
		if !strings.Contains(text, name[f.Lang]) {
			t.Errorf("%s: no publisher %q", f.Path, name[f.Lang])
		}
		if f.Key == "material-code" {
			by := map[string]string{"es": "Texto modelo publicado por", "en": "Model text published by", "fr": "Texte type publié par"}[f.Lang]
			if !strings.Contains(text, by+" "+name[f.Lang]) {
				t.Errorf("%s: no %q", f.Path, by)
			}
			// A cross-reference prints the page's short address.
			if f.Lang == "en" && !strings.Contains(text, "(protege-pruebas.cr/en/materials/staff-guide)") {
				t.Errorf("%s: the cross-reference to the staff guide has no address:\n%s", f.Path, text)
			}
		}
	}
}

// TestBilingualPoster: the guest poster in Spanish and English holds both languages' texts,
// and is listed in both languages.
func TestBilingualPoster(t *testing.T) {
	t.Parallel()
	k := fixtureKit(t, baseSub)
	e := map[string]*env{"es": testEnv(t, "es"), "en": testEnv(t, "en")}
	var seen []string
	for _, f := range k.idx.Files {
		if f.Key != "poster-guests-bilingual" {
			continue
		}
		seen = append(seen, f.Lang+" "+f.Paper)
		text := normalize(k.text(t, f.Path))
		for _, lang := range []string{"es", "en"} {
			for _, id := range []string{"pdfPosterGuestTitle", "pdfPosterGuestText", "pdfPosterScan"} {
				if want := normalize(e[lang].tx.T(id, nil)); !strings.Contains(text, want) {
					t.Errorf("%s: lacks the %s %s %q", f.Path, lang, id, want)
				}
			}
			for _, ln := range e[lang].data.Panel() {
				if !strings.Contains(text, ln.Name[lang]) || !strings.Contains(text, ln.Display) {
					t.Errorf("%s: lacks %s / %s", f.Path, ln.Name[lang], ln.Display)
				}
			}
		}
	}
	slices.Sort(seen)
	if want := []string{"en A4", "en Letter", "es A4", "es Letter"}; !slices.Equal(seen, want) {
		t.Errorf("bilingual posters %q, want %q", seen, want)
	}
}

// TestContactFiles: one contact file per language, written with the kit, listed in
// materials.json, holding every Costa Rican phone line of the data.
func TestContactFiles(t *testing.T) {
	t.Parallel()
	k := fixtureKit(t, baseSub)
	if len(k.idx.Contacts) != 3 {
		t.Fatalf("contacts %+v", k.idx.Contacts)
	}
	for _, c := range k.idx.Contacts {
		b := k.files[c.Path]
		if len(b) != c.Bytes || !strings.HasSuffix(c.Path, ".vcf") || !strings.HasPrefix(c.Path, "materiales/"+c.Lang+"/") {
			t.Errorf("%+v", c)
		}
		e := testEnv(t, c.Lang)
		for _, ln := range e.data.Lines {
			if ln.Country == "CR" && ln.Kind != "web" && !strings.Contains(string(b), "TEL;TYPE=") {
				t.Errorf("%s: no number", c.Path)
			}
		}
		if n := strings.Count(string(b), "BEGIN:VCARD"); n != c.Count || n == 0 {
			t.Errorf("%s: %d cards, listed as %d", c.Path, n, c.Count)
		}
	}
}

// testSite is the fixtures' languages, built for base.
func testSite(base string) *siteconfig.Site {
	return &siteconfig.Site{BaseURL: base, Languages: []siteconfig.Language{
		{Lang: "es", Locale: "es-CR", Label: "Español", Weight: 1},
		{Lang: "en", Locale: "en", Label: "English", Weight: 2},
		{Lang: "fr", Locale: "fr", Label: "Français", Weight: 3},
	}}
}

// TestOnlyKitPagesRead: a page whose translationKey is none of PageKeys, in every language,
// changes no byte of the kit (sitebuild's kit cache leaves such pages' text out of its key).
func TestOnlyKitPagesRead(t *testing.T) {
	t.Parallel()
	root := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(root, os.DirFS(fixture)); err != nil {
		t.Fatal(err)
	}
	for _, lang := range testSite(baseSub).Langs() {
		page := "---\ntitle: Otra página\ndescription: Una página que el kit no usa.\ntranslationKey: otra\n---\n\nUn texto con [un enlace](/materiales/) y {{< hotline \"oij\" >}}.\n"
		if err := os.WriteFile(filepath.Join(root, "content", lang, "otra.md"), []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, files, ds, err := Render(Options{Root: root, Site: testSite(baseSub)})
	if err != nil || len(ds) > 0 {
		t.Fatalf("%v\n%s", err, fmtDiags(ds))
	}
	want := fixtureKit(t, baseSub).files
	if len(files) != len(want) {
		t.Fatalf("%d files with the other page, %d without", len(files), len(want))
	}
	for p, b := range want {
		if !bytes.Equal(files[p], b) {
			t.Errorf("%s differs when a page the kit is not made from is added", p)
		}
	}
	for _, k := range PageKeys() {
		if k == "otra" {
			t.Fatal("the test page's key is one of the kit's")
		}
	}
}
