package sumfile

import (
	"os"
	"path/filepath"
	"testing"
	"time"
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
			if err := WriteOne(file, body); err != nil {
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

// WriteOne removes the temporary files that killed writers left, not those of a writer at work.
func TestWriteOneRemovesStale(t *testing.T) {
	dir := t.TempDir()
	stale, fresh := filepath.Join(dir, ".tmp-1"), filepath.Join(dir, ".tmp-2")
	for _, p := range []string{stale, fresh} {
		if err := os.WriteFile(p, []byte("half"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-2 * time.Hour)
	os.Chtimes(stale, old, old)
	if err := WriteOne(filepath.Join(dir, "cache.json"), []byte("{}")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("the killed writer's file is still there")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("the file of a writer at work was removed: %v", err)
	}
}

// TestMap: a Map keeps what a run got or put, and only that; it writes only when something
// changed; a damaged file or another version reads as empty.
func TestMap(t *testing.T) {
	file := filepath.Join(t.TempDir(), "m", "cache.json")
	m := OpenMap[int](file, "v1")
	if _, ok := m.Get("a"); ok || m.Len() != 0 {
		t.Fatal("a new map holds entries")
	}
	m.Put("a", 1)
	m.Put("b", 2)
	if err := m.Save(); err != nil {
		t.Fatal(err)
	}
	m = OpenMap[int](file, "v1")
	if v, ok := m.Get("a"); !ok || v != 1 || m.Len() != 2 {
		t.Fatalf("reopened: a = %d, %v; %d entries, want 1, true; 2", v, ok, m.Len())
	}
	before, _ := os.Stat(file)
	m.Get("b")
	if err := m.Save(); err != nil { // every entry used, none put: nothing to write
		t.Fatal(err)
	}
	if after, _ := os.Stat(file); !after.ModTime().Equal(before.ModTime()) {
		t.Error("a run that used every entry and put none wrote the file again")
	}
	m = OpenMap[int](file, "v1")
	m.Get("a") // b unused: dropped
	m.Save()
	if m = OpenMap[int](file, "v1"); m.Len() != 1 {
		t.Errorf("after a run that used only a: %d entries, want 1", m.Len())
	}
	if OpenMap[int](file, "v2").Len() != 0 {
		t.Error("another version's entries were read")
	}
	b, _ := os.ReadFile(file)
	os.WriteFile(file, b[:len(b)-1], 0o644)
	if OpenMap[int](file, "v1").Len() != 0 {
		t.Error("a torn file's entries were read")
	}
	var none *Map[int]
	none.Put("a", 1)
	if _, ok := none.Get("a"); ok || none.Save() != nil || none.Len() != 0 {
		t.Error("a nil map keeps something")
	}
}
