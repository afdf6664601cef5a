package toolhash

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"testing"
)

// TestSum: the sum is the SHA-256 of the test binary itself, the same on every call.
func TestSum(t *testing.T) {
	p, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	want := sha256.Sum256(b)
	for range 2 {
		got, err := Sum()
		if err != nil {
			t.Fatal(err)
		}
		if got != hex.EncodeToString(want[:]) {
			t.Fatalf("Sum() = %s, want %x", got, want)
		}
	}
}
