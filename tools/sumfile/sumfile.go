// Package sumfile reads and writes the one-file caches of the toolchain (check's pages,
// typography's edits): the SHA-256 (hex) of the body, a newline, the body. A file is written
// to a temporary file and renamed into place, so a reader never sees half of one; a file
// whose sum does not hold (torn, corrupt, edited) reads as missing.
package sumfile

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Read returns the body of file when its sum holds.
func Read(file string) ([]byte, bool) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, false
	}
	sum, body, ok := bytes.Cut(b, []byte{'\n'})
	if !ok {
		return nil, false
	}
	got := sha256.Sum256(body)
	if hex.EncodeToString(got[:]) != string(sum) {
		return nil, false
	}
	return body, true
}

// Write writes body to file with its sum (creating the folder).
func Write(file string, body []byte) error {
	dir := filepath.Dir(file)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	sum := sha256.Sum256(body)
	_, err = fmt.Fprintf(tmp, "%s\n%s", hex.EncodeToString(sum[:]), body)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), file)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// WriteOne is Write for a folder that holds one sumfile: it also removes the temporary files
// that killed writers left there (an hour old: not a writer's at work).
func WriteOne(file string, body []byte) error {
	if err := Write(file, body); err != nil {
		return err
	}
	olds, _ := filepath.Glob(filepath.Join(filepath.Dir(file), ".tmp-*"))
	for _, p := range olds {
		if fi, err := os.Stat(p); err == nil && time.Since(fi.ModTime()) > time.Hour {
			os.Remove(p)
		}
	}
	return nil
}
