package materials

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"io/fs"
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
}

type kitOnce struct {
	once sync.Once
	kit  kitResult
	err  string
}

func fixtureKit(t *testing.T, base string) kitResult {
	t.Helper()
	v, _ := kitCache.LoadOrStore(base, &kitOnce{})
	k := v.(*kitOnce)
	k.once.Do(func() {
		idx, files, ds, err := Render(Options{Root: fixture, Site: testSite(base)})
		switch {
		case err != nil:
			k.err = err.Error()
		case len(ds) > 0:
			k.err = "diagnostics:\n" + fmtDiags(ds)
		}
		k.kit = kitResult{idx, files}
	})
	if k.err != "" {
		t.Fatal(k.err)
	}
	return k.kit
}

func mustRender(t testing.TB, root, base string) (*Index, map[string][]byte) {
	t.Helper()
	idx, files, ds, err := Render(Options{Root: root, Site: testSite(base)})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) > 0 {
		var b strings.Builder
		_ = diag.Write(&b, ds, false)
		t.Fatalf("diagnostics:\n%s", b.String())
	}
	return idx, files
}

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
		if n := pdftest.Pages(t, k.files[f.Path]); n != f.Pages {
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
			text := normalize(pdftest.Text(t, k.files[f.Path]))
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

func TestHotlineDataFlowsToEveryMaterial(t *testing.T) {
	t.Parallel()
	root := copyTree(t, fixture)
	p := filepath.Join(root, "content", "data", "hotlines.yaml")
	b, _ := os.ReadFile(p)
	b = bytes.ReplaceAll(b, []byte(`display: "800-8000-645"`), []byte(`display: "800-1234-567"`))
	b = bytes.ReplaceAll(b, []byte(`checked: 2026-11-27`), []byte(`checked: 2027-01-05`))
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	idx, files := mustRender(t, root, baseSub)
	for _, f := range idx.Files {
		if f.Paper != "A4" || f.Key == "material-checklist" || f.Key == "material-staff-guide" || f.Key == "attendance-sheet" {
			continue
		}
		text := normalize(pdftest.Text(t, files[f.Path]))
		if f.Key != "material-supplier-clause" && (!strings.Contains(text, "800-1234-567") || strings.Contains(text, "800-8000-645")) {
			t.Errorf("%s: the OIJ number did not change:\n%s", f.Path, text)
		}
		date := map[string]string{"es": "5 de enero de 2027", "en": "January 5, 2027", "fr": "5 janvier 2027"}[f.Lang]
		if !strings.Contains(text, date) {
			t.Errorf("%s: lacks the new date %q", f.Path, date)
		}
	}
}

func TestQRCodesLeadToTheReportPage(t *testing.T) {
	t.Parallel()
	for _, base := range []string{baseSub, "https://example.org/"} {
		k := fixtureKit(t, base)
		for _, f := range k.idx.Files {
			if !strings.HasPrefix(f.Key, "poster-") || (base != baseSub && f.Paper != "A4") {
				continue
			}
			t.Run(base+f.Path, func(t *testing.T) {
				t.Parallel()
				wants := []string{base + reportPath[f.Lang]}
				if f.Key == "poster-guests-bilingual" {
					// One code per language on the sheet, es and en.
					wants = []string{base + reportPath["en"], base + reportPath["es"]}
				}
				got := pdftest.QR(t, k.files[f.Path], 1)
				slices.Sort(got)
				if !slices.Equal(got, wants) {
					t.Errorf("QR codes say %q, want %q", got, wants)
				}
				for _, want := range wants {
					if !strings.Contains(pdftest.Text(t, k.files[f.Path]), want) {
						t.Errorf("the address %q is not printed", want)
					}
				}
			})
		}
	}
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

func TestSameSourcesSameBytes(t *testing.T) {
	t.Parallel()
	a := fixtureKit(t, baseSub)
	idx, files := mustRender(t, fixture, baseSub)
	ja, _ := MarshalIndex(a.idx)
	jb, _ := MarshalIndex(idx)
	if !bytes.Equal(ja, jb) {
		t.Error("materials.json differs between two runs")
	}
	for p, b := range files {
		if !bytes.Equal(a.files[p], b) {
			t.Errorf("%s differs between two runs", p)
		}
	}
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
		if f.Pages != 1 || pdftest.Pages(t, k.files[f.Path]) != 1 {
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

func TestProblems(t *testing.T) {
	t.Parallel()
	tests := []struct {
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
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			t.Parallel()
			root := copyTree(t, fixture, filepath.Join("testdata", "fail", tt.fixture))
			_, _, ds, err := Render(Options{Root: root, Site: testSite(baseSub)})
			if err != nil {
				t.Fatal(err)
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

func fmtDiags(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintln(&b, d)
	}
	return b.String()
}

func TestGenerateSwapsOnlyOnSuccess(t *testing.T) {
	t.Parallel()
	root := copyTree(t, fixture)
	out := filepath.Join(root, "build", "materials")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	keep := filepath.Join(out, "previous.txt")
	if err := os.WriteFile(keep, []byte("previous run"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := copyTree(t, fixture, filepath.Join("testdata", "fail", "unknown-hotline"))
	if _, ds, err := Generate(Options{Root: bad, Out: out, Site: testSite(baseSub)}); err != nil || !diag.HasErrors(ds) {
		t.Fatalf("want errors, got %v %v", ds, err)
	}
	if _, err := os.Stat(keep); err != nil {
		t.Fatal("a failed run touched the previous output")
	}
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
	for _, f := range idx.Files {
		if f.Paper != "A4" {
			continue
		}
		t.Run(f.Path, func(t *testing.T) {
			t.Parallel()
			text := normalize(pdftest.Text(t, files[f.Path]))
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
				got := pdftest.QR(t, files[f.Path], 1)
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
		text := normalize(pdftest.Text(t, k.files[f.Path]))
		if n := strings.Count(text, previewWords[f.Lang]); n != f.Pages {
			t.Errorf("%s: the mark %q appears %d times on %d pages", f.Path, previewWords[f.Lang], n, f.Pages)
		}
		notSet := map[string]string{"es": "Entidad editora aún sin indicar", "en": "Publisher not set yet", "fr": "Éditeur pas encore indiqué"}[f.Lang]
		if !strings.Contains(text, notSet) {
			t.Errorf("%s: the footer does not say %q", f.Path, notSet)
		}
	}
}

const releaseTestBase = "https://protege-pruebas.cr/"

// TestReleaseKit: a release kit (a test publisher, a real-looking address) has no mark, names
// the publisher in every PDF and on the model texts; without a publisher, or with a
// placeholder address, Render refuses.
func TestReleaseKit(t *testing.T) {
	t.Parallel()
	root := copyTree(t, fixture)
	pubFile := filepath.Join(root, "content", "data", "publisher.yaml")
	if _, _, ds, err := Render(Options{Root: root, Site: testSite(releaseTestBase), Release: true}); err != nil || !strings.Contains(fmtDiags(ds), "the publisher is not set") {
		t.Errorf("release without a publisher: err %v, diagnostics:\n%s", err, fmtDiags(ds))
	}
	pub := "name:\n  es: \"Fundación de Prueba\"\n  en: \"Test Foundation\"\nemail: \"info@fundacion-prueba-protege.cr\"\nurl: \"https://fundacion-prueba-protege.cr/\"\n"
	if err := os.WriteFile(pubFile, []byte(pub), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, ds, _ := Render(Options{Root: root, Site: testSite("https://protege.example.org/"), Release: true}); !strings.Contains(fmtDiags(ds), "placeholder") {
		t.Errorf("release at a placeholder address:\n%s", fmtDiags(ds))
	}
	idx, files, ds, err := Render(Options{Root: root, Site: testSite(releaseTestBase), Release: true})
	if err != nil || len(ds) > 0 {
		t.Fatalf("release: %v\n%s", err, fmtDiags(ds))
	}
	name := map[string]string{"es": "Fundación de Prueba", "en": "Test Foundation", "fr": "Fundación de Prueba"}
	for _, f := range idx.Files {
		if f.Paper != "A4" {
			continue
		}
		text := normalize(pdftest.Text(t, files[f.Path]))
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
		text := normalize(pdftest.Text(t, k.files[f.Path]))
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
