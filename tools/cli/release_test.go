package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"protege/tools/pdftest"
	"protege/tools/publisher"
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
// its PDFs carry no PREVIEW mark, name the publisher, and every QR code decodes to that host.
func TestReleaseBuild(t *testing.T) {
	pdftest.Need(t, "pdftotext", "pdftoppm", "zbarimg")
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
	qrs := 0
	for _, p := range pdfs {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(pub, p)
		text := pdftest.Text(t, b)
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
		if strings.Contains(filepath.Base(p), "afiche") || strings.Contains(filepath.Base(p), "poster") || strings.Contains(filepath.Base(p), "affiche") {
			codes := pdftest.QR(t, b, 1)
			if len(codes) == 0 {
				t.Errorf("%s: no QR code decodes", rel)
			}
			for _, c := range codes {
				qrs++
				if !strings.HasPrefix(c, releaseBase) {
					t.Errorf("%s: QR code %q does not lead to %s", rel, c, releaseBase)
				}
			}
		}
	}
	if qrs < 28 {
		t.Errorf("%d QR codes decoded, want one per poster (28 or more)", qrs)
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
