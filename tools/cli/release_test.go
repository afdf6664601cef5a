package cli

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"protege/tools/pdftest"
	"protege/tools/publisher"
	"protege/tools/qrcode"
	"protege/tools/repotest"
)

// testPublisher is a publisher for tests only, at a real-looking address.
const testPublisher = `name:
  es: "Fundación de Prueba Protege"
  en: "Protege Test Foundation"
email: "info@fundacion-prueba-protege.cr"
url: "https://fundacion-prueba-protege.cr/"
address: ""
phone: ""
`

const releaseBase = "https://protege-pruebas.cr/"

func setPublisher(t *testing.T, root, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(publisher.File)), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestReleaseBuild: with a real-looking address and a publisher, the release build succeeds;
// its PDFs carry no PREVIEW mark, name the publisher and the site's address, and every QR code
// leads to that host. Every PDF is read with one pdftotext run; every code is read exactly from
// its drawing (pdftest.QRDrawn, under the link the generator puts over it, to the same
// address), and zbarimg decodes the codes of the A4 poster of each language and kind, rendered
// in their squares, end to end.
func TestReleaseBuild(t *testing.T) {
	t.Parallel() // its own scratch copy of the repository
	pdftest.Need(t, "pdftotext", "pdfunite", "pdftoppm", "zbarimg")
	root := repotest.ScratchCopy(t)
	setPublisher(t, root, testPublisher)
	var out, errb bytes.Buffer
	if code := Run([]string{"build", "-release", "-root", root, "-out", filepath.Join(root, "public"), "-baseurl", releaseBase}, nil, nil, &out, &errb); code != 0 {
		t.Fatalf("release build: exit %d\n%s", code, errb.String())
	}
	pub := filepath.Join(root, "public")
	pdfs, _ := filepath.Glob(filepath.Join(pub, "materiales", "*", "*.pdf"))
	if len(pdfs) < 50 {
		t.Fatalf("%d PDFs", len(pdfs))
	}
	files := make([][]byte, len(pdfs))
	for i, p := range pdfs {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[i] = b
	}
	texts := pdftest.Texts(t, files...)
	qrs := 0
	var samples []pdftest.Area
	var sampleNames []string
	var sampleWants []string
	sampled := map[string]bool{}
	for i, p := range pdfs {
		b := files[i]
		rel, _ := filepath.Rel(pub, p)
		text := texts[i]
		for _, mark := range []string{"PREVIEW", "VISTA PREVIA", "APERÇU"} {
			if strings.Contains(text, mark) {
				t.Errorf("%s: release PDF carries %q", rel, mark)
			}
		}
		if !strings.Contains(text, "Protege Test Foundation") && !strings.Contains(text, "Fundación de Prueba Protege") {
			t.Errorf("%s: no publisher", rel)
		}
		if !strings.Contains(text, "protege-pruebas.cr") {
			t.Errorf("%s: the site's address is not printed", rel)
		}
		name := filepath.Base(p)
		if !strings.Contains(name, "afiche") && !strings.Contains(name, "poster") && !strings.Contains(name, "affiche") {
			continue
		}
		// One poster of each language and kind (the name without the paper), A4, end to end.
		kind := filepath.Dir(rel) + " " + name[:strings.LastIndex(name, "-")]
		sample := strings.HasSuffix(name, "-a4.pdf") && !sampled[kind]
		if sample {
			sampled[kind] = true
		}
		var codes []string
		for _, l := range pdftest.Links(t, b) {
			if math.Abs(l.W-l.H) > 0.5 {
				continue // the link over a printed address
			}
			if err := pdftest.QRDrawn(t, b, l, qrcode.Quiet); err != nil {
				t.Errorf("%s: %v", rel, err)
				continue
			}
			codes = append(codes, l.URI)
			if sample {
				samples = append(samples, pdftest.Area{PDF: b, Page: l.Page, X: l.X, Y: l.Y, W: l.W, H: l.H})
				sampleNames = append(sampleNames, rel)
				sampleWants = append(sampleWants, l.URI)
			}
		}
		if len(codes) == 0 {
			t.Errorf("%s: no QR code", rel)
		}
		for _, c := range codes {
			qrs++
			if !strings.HasPrefix(c, releaseBase) {
				t.Errorf("%s: QR code %q does not lead to %s", rel, c, releaseBase)
			}
		}
	}
	if qrs < 28 {
		t.Errorf("%d QR codes, want one per poster (28 or more)", qrs)
	}
	if len(sampled) < 7 || len(samples) < 8 {
		t.Errorf("%d codes of %d posters decoded end to end, want each language and kind (7 posters, 8 codes)", len(samples), len(sampled))
	}
	for i, got := range pdftest.QRCodes(t, 150, samples...) {
		if len(got) != 1 || got[0] != sampleWants[i] {
			t.Errorf("%s: zbarimg reads %q, the code is drawn for %q", sampleNames[i], got, sampleWants[i])
		}
	}
	// The pages name the publisher where readers look for it.
	for _, page := range []string{"es/index.html", "en/about/index.html", "en/accessibility/index.html", "fr/confidentialite/index.html"} {
		b, err := os.ReadFile(filepath.Join(pub, filepath.FromSlash(page)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, []byte("info@fundacion-prueba-protege.cr")) || bytes.Contains(b, []byte("publisher--unset")) {
			t.Errorf("%s: publisher not shown", page)
		}
	}
	vcfs, _ := filepath.Glob(filepath.Join(pub, "materiales", "*", "*.vcf"))
	if !slices.ContainsFunc(vcfs, func(s string) bool { return strings.Contains(s, "/en/") }) || len(vcfs) != 3 {
		t.Errorf("contact files: %q", vcfs)
	}
}
