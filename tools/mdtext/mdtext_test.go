package mdtext

import (
	"strings"
	"testing"
)

func TestVisible(t *testing.T) {
	// Each case: the text, and the parts of it that must become spaces.
	for _, tc := range []struct {
		in     string
		hidden []string
	}{
		{`Vea [la guía](/guias/hoteles#paso-911 "título") hoy`, []string{`(/guias/hoteles#paso-911 "título")`}},
		{`![alt](https://x.org/a_(b).png) fin`, []string{`(https://x.org/a_(b).png)`}},
		{`## Llame {#paso-911}`, []string{`{#paso-911}`}},
		{"en https://x.org/911, y www.pani.go.cr.", []string{"https://x.org/911", "www.pani.go.cr"}},
		{"[ref]: https://x.org/911\nTexto", []string{"[ref]: https://x.org/911"}},
		{`{{< hotline "cr-911" >}} y 911`, []string{`{{< hotline "cr-911" >}}`}},
		{"texto [no es link] (911)", nil},
	} {
		want := tc.in
		for _, h := range tc.hidden {
			want = strings.Replace(want, h, strings.Repeat(" ", len(h)), 1)
		}
		if got := string(Visible([]byte(tc.in))); got != want {
			t.Errorf("Visible(%q)\n got %q\nwant %q", tc.in, got, want)
		}
	}
}

func TestMask(t *testing.T) {
	in := "a {{< hotline\n\"cr-911\" >}} b"
	want := "a xxxxxxxxxxx\nxxxxxxxxxxxx b"
	if got := string(Mask([]byte(in))); got != want {
		t.Errorf("Mask = %q, want %q", got, want)
	}
}

func TestIndexPos(t *testing.T) {
	body := []byte("ñandú\nsegunda línea\n\nfin")
	ix := NewIndex(body, 10)
	at := func(s string) int { return strings.Index(string(body), s) }
	for _, tc := range []struct{ off, line, col int }{
		{0, 10, 1},
		{at("ndú"), 10, 3}, // after "ña": 2 characters, 3 bytes
		{at("segunda"), 11, 1},
		{at("ea\n"), 11, 12},
		{at("fin"), 13, 1},
		{len(body), 13, 4},
	} {
		if l, c := ix.Pos(tc.off); l != tc.line || c != tc.col {
			t.Errorf("Pos(%d) = %d:%d, want %d:%d", tc.off, l, c, tc.line, tc.col)
		}
	}
}
