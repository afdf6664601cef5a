package textfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestUTF8(t *testing.T) {
	cases := []struct {
		in        string
		line, col int // 0: valid
	}{
		{"título\nsegunda línea\n", 0, 0},
		{"t\xedtulo\n", 1, 2},             // "í" in Windows-1252
		{"ok\nalso ok\nna\xefve\n", 3, 3}, // "ï" in Latin-1
		{"ok\n\xe2\x80\n", 2, 1},          // a cut multi-byte sequence
		{"\xef\xbb\xbfBOM is valid UTF-8", 0, 0},
	}
	for _, c := range cases {
		d := UTF8("f.md", []byte(c.in))
		switch {
		case c.line == 0 && d != nil:
			t.Errorf("%q: %v, want valid", c.in, d)
		case c.line != 0 && d == nil:
			t.Errorf("%q: valid, want an error at %d:%d", c.in, c.line, c.col)
		case c.line != 0 && (d.Line != c.line || d.Col != c.col):
			t.Errorf("%q: at %d:%d, want %d:%d", c.in, d.Line, d.Col, c.line, c.col)
		}
	}
}

func TestControl(t *testing.T) {
	for in, want := range map[string]string{
		"Guía para hoteles":     "",
		"Árabe: مرحبا":          "",
		"bell\a":                "U+0007",
		"esc\x1b[31m":           "U+001B",
		"tab\there":             "U+0009",
		"abc\u202edcba":         "U+202E",
		"isolate \u2066x\u2069": "U+2066",
		"broken \ufffd":         "U+FFFD",
		"c1 \u0085 next line":   "U+0085",
	} {
		got := Control(in)
		if (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("Control(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCheckTree(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "es"), 0o755)
	os.WriteFile(filepath.Join(dir, "es", "index.html"), []byte("<p>ok</p>\n<p>caf\xe9</p>\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "sitemap.xml"), []byte("<x>\x00</x>"), 0o644)
	os.WriteFile(filepath.Join(dir, "kit.pdf"), []byte("\xff\xfe binary"), 0o644)
	ds, err := CheckTree(dir, "public", []string{".html", ".xml"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range ds {
		got = append(got, d.String())
	}
	if len(got) != 2 || !strings.HasPrefix(got[0], "public/es/index.html:2:7:") || !strings.HasPrefix(got[1], "public/sitemap.xml:1:") {
		t.Errorf("got %q", got)
	}
}
