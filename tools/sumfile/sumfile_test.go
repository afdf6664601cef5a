package sumfile

import (
	"os"
	"path/filepath"
	"testing"
)

// What Write wrote reads back; a file changed in any way, cut short or missing does not.
func TestReadWrite(t *testing.T) {
	body := []byte(`{"pages":{"a":1}}` + "\nsecond line\n")
	for _, c := range []struct {
		name   string
		damage func(b []byte) []byte
		ok     bool
	}{
		{"as written", func(b []byte) []byte { return b }, true},
		{"a bit flipped in the body", func(b []byte) []byte { b[len(b)-3] ^= 1; return b }, false},
		{"a bit flipped in the sum", func(b []byte) []byte { b[0] ^= 1; return b }, false},
		{"cut short", func(b []byte) []byte { return b[:len(b)-4] }, false},
		{"sum only", func(b []byte) []byte { return b[:64] }, false},
		{"empty", func(b []byte) []byte { return nil }, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "sub", "cache.json")
			if err := Write(file, body); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, c.damage(b), 0o644); err != nil {
				t.Fatal(err)
			}
			got, ok := Read(file)
			if ok != c.ok || ok && string(got) != string(body) {
				t.Errorf("Read = %q, %v; want ok %v", got, ok, c.ok)
			}
			if left, _ := filepath.Glob(filepath.Join(filepath.Dir(file), ".tmp-*")); len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
	if _, ok := Read(filepath.Join(t.TempDir(), "missing")); ok {
		t.Error("a missing file reads")
	}
}
