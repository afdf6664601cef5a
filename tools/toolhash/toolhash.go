// Package toolhash names the running toolchain by its bytes, for the caches that must not
// outlive it (the PDF kit's, verify's page facts): a rebuilt protege makes new entries.
package toolhash

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"sync"
)

var (
	once sync.Once
	sum  string
	err  error
)

// Sum is the SHA-256 of the running executable, in hex, read once per process.
func Sum() (string, error) {
	once.Do(func() {
		var p string
		if p, err = os.Executable(); err != nil {
			return
		}
		var f *os.File
		if f, err = os.Open(p); err != nil {
			return
		}
		defer f.Close()
		h := sha256.New()
		if _, err = io.Copy(h, f); err != nil {
			return
		}
		sum = hex.EncodeToString(h.Sum(nil))
	})
	return sum, err
}
