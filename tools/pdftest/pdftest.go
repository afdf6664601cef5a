// Package pdftest helps tests look at generated PDFs with the usual command-line tools:
// pdftotext, pdfinfo, pdfunite and pdftoppm (poppler-utils) and zbarimg (zbar-tools).
// Pages are rendered as grey PGM rather than PNG: the same pixels, several times faster.
//
// When a tool is missing, the test is skipped with a loud message — except in CI
// (CI=true), where a missing tool fails the test: CI installs them (.ci/run).
package pdftest

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// Need skips (or, with CI=true, fails) the test unless every command is installed.
func Need(t testing.TB, cmds ...string) {
	t.Helper()
	var missing []string
	for _, c := range cmds {
		if _, err := exec.LookPath(c); err != nil {
			missing = append(missing, c)
		}
	}
	if len(missing) == 0 {
		return
	}
	msg := fmt.Sprintf("!!! %s not installed: PDF checks NOT RUN (apt-get install poppler-utils zbar-tools)", strings.Join(missing, ", "))
	if os.Getenv("CI") == "true" {
		t.Fatal(msg + " — required in CI")
	}
	t.Skip(msg)
}

func file(t testing.TB, pdf []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func run(t testing.TB, name string, args ...string) []byte {
	t.Helper()
	var out, errb bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, errb.String())
	}
	return out.Bytes()
}

// seen remembers what the tools said about a PDF, by the tool and the PDF's SHA-256: the
// tests of a package often look at the same generated file several times. Tests running in
// parallel that ask for the same thing wait for the one run.
var seen sync.Map

type memo struct {
	once sync.Once
	v    any
	ok   atomic.Bool // v is set
}

func key(tool string, pdf []byte) string {
	return tool + " " + fmt.Sprintf("%x", sha256.Sum256(pdf))
}

func remember[T any](tool string, pdf []byte, f func() T) T {
	v, _ := seen.LoadOrStore(key(tool, pdf), &memo{})
	m := v.(*memo)
	m.once.Do(func() {
		// f may stop its test (t.Fatal): then ok stays false and other callers run f themselves.
		m.v = f()
		m.ok.Store(true)
	})
	if !m.ok.Load() {
		return f()
	}
	return m.v.(T)
}

// known returns what a tool said about a PDF, if it ran already.
func known[T any](tool string, pdf []byte) (T, bool) {
	if v, ok := seen.Load(key(tool, pdf)); ok {
		if m := v.(*memo); m.ok.Load() {
			return m.v.(T), true
		}
	}
	var zero T
	return zero, false
}

func store(tool string, pdf []byte, v any) {
	m := &memo{v: v}
	m.once.Do(func() {})
	m.ok.Store(true)
	seen.Store(key(tool, pdf), m)
}

// Text is the text of a PDF, as pdftotext extracts it (UTF-8, reading order).
func Text(t testing.TB, pdf []byte) string {
	t.Helper()
	Need(t, "pdftotext")
	return remember("pdftotext", pdf, func() string {
		return string(run(t, "pdftotext", "-enc", "UTF-8", file(t, pdf), "-"))
	})
}

// Pages is a PDF's page count: the pages pdftotext read, when Texts or Text ran already
// (it ends each with a form feed), or else pdfinfo's.
func Pages(t testing.TB, pdf []byte) int {
	t.Helper()
	if text, ok := known[string]("pdftotext", pdf); ok {
		return strings.Count(text, "\f")
	}
	Need(t, "pdfinfo")
	info := remember("pdfinfo", pdf, func() string { return string(run(t, "pdfinfo", file(t, pdf))) })
	for _, l := range strings.Split(info, "\n") {
		if v, ok := strings.CutPrefix(l, "Pages:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				t.Fatalf("pdfinfo: %q", l)
			}
			return n
		}
	}
	t.Fatal("pdfinfo: no page count")
	return 0
}

// Render renders one page (1-based) at dpi in shades of grey and returns the image file's
// path (PGM: as pdftoppm -png, without the cost of compressing it).
func Render(t testing.TB, pdf []byte, page, dpi int) string {
	t.Helper()
	Need(t, "pdftoppm")
	dir := t.TempDir()
	p := strconv.Itoa(page)
	run(t, "pdftoppm", "-gray", "-r", strconv.Itoa(dpi), "-f", p, "-l", p, "-singlefile", file(t, pdf), filepath.Join(dir, "page"))
	return filepath.Join(dir, "page.pgm")
}

// Image renders one page at dpi and decodes it.
func Image(t testing.TB, pdf []byte, page, dpi int) *image.Gray {
	t.Helper()
	b, err := os.ReadFile(Render(t, pdf, page, dpi))
	if err != nil {
		t.Fatal(err)
	}
	img, err := decodePGM(b)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// decodePGM reads a binary 8-bit PGM ("P5"), as pdftoppm -gray writes it.
func decodePGM(b []byte) (*image.Gray, error) {
	// Header: "P5", width, height, maximum value, each followed by whitespace.
	var fields []string
	off := 0
	for len(fields) < 4 && off < len(b) {
		for off < len(b) && isSpace(b[off]) {
			off++
		}
		start := off
		for off < len(b) && !isSpace(b[off]) {
			off++
		}
		fields = append(fields, string(b[start:off]))
	}
	if len(fields) < 4 || fields[0] != "P5" || fields[3] != "255" {
		return nil, fmt.Errorf("not an 8-bit PGM: %q", fields)
	}
	w, errW := strconv.Atoi(fields[1])
	h, errH := strconv.Atoi(fields[2])
	if errW != nil || errH != nil {
		return nil, fmt.Errorf("PGM size %q", fields[1:3])
	}
	off++ // the single whitespace after the maximum value
	if len(b)-off < w*h {
		return nil, fmt.Errorf("PGM: %d bytes of pixels, want %d", len(b)-off, w*h)
	}
	img := image.NewGray(image.Rect(0, 0, w, h))
	copy(img.Pix, b[off:off+w*h])
	return img, nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }
