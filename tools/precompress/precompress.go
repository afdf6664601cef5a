// Package precompress writes a gzip copy (file.html.gz) next to each compressible file of a
// built site, so that a server with precompressed-file support (nginx gzip_static) sends it
// without compressing on every request. The output is deterministic: best compression, no
// name and a zero modification time in the gzip header, so two builds give the same bytes.
package precompress

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// Extensions are the file types that get a .gz copy (text formats; PDFs and images are
// already compressed).
var Extensions = []string{".html", ".css", ".js", ".svg", ".xml", ".json"}

// Stats says what a run did.
type Stats struct {
	Files   int   // compressible files seen
	Written int   // .gz files written
	Skipped int   // files whose gzip copy would not be smaller (no .gz written)
	Bytes   int64 // total size of the files that got a .gz
	GzBytes int64 // total size of those .gz files
}

// Compress returns the deterministic gzip encoding of b.
func Compress(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	// The header's Name stays empty and ModTime zero: the output depends on b alone.
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Compressible reports whether a file name has one of the Extensions.
func Compressible(name string) bool {
	return slices.Contains(Extensions, strings.ToLower(filepath.Ext(name)))
}

// Dir writes name.gz next to every compressible file under dir. A file whose gzip copy
// would not be smaller gets none (and a stale one is removed): the server then sends the
// file as it is or compresses it itself. Each .gz gets its source's modification time.
func Dir(dir string) (Stats, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && Compressible(d.Name()) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return Stats{}, err
	}
	type result struct {
		size, gz int64
		written  bool
		err      error
	}
	results := make([]result, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				r := &results[i]
				r.size, r.gz, r.written, r.err = file(files[i])
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()

	var st Stats
	var errs []error
	for _, r := range results {
		if r.err != nil {
			errs = append(errs, r.err)
			continue
		}
		st.Files++
		if r.written {
			st.Written++
			st.Bytes += r.size
			st.GzBytes += r.gz
		} else {
			st.Skipped++
		}
	}
	return st, errors.Join(errs...)
}

// file compresses one file; it returns the sizes and whether a .gz was written.
func file(p string) (size, gz int64, written bool, err error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return 0, 0, false, err
	}
	info, err := os.Stat(p)
	if err != nil {
		return 0, 0, false, err
	}
	z, err := Compress(b)
	if err != nil {
		return 0, 0, false, fmt.Errorf("%s: %w", p, err)
	}
	out := p + ".gz"
	if len(z) >= len(b) {
		if err := os.Remove(out); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return 0, 0, false, err
		}
		return int64(len(b)), 0, false, nil
	}
	if err := os.WriteFile(out, z, info.Mode().Perm()); err != nil {
		return 0, 0, false, err
	}
	if err := os.Chtimes(out, info.ModTime(), info.ModTime()); err != nil {
		return 0, 0, false, err
	}
	return int64(len(b)), int64(len(z)), true, nil
}
