// Package precompress writes a gzip copy (file.html.gz) next to each compressible file of a
// built site, so that a server with precompressed-file support (nginx gzip_static) sends it
// without compressing on every request. The output is deterministic: best compression, no
// name and a zero modification time in the gzip header, so two builds give the same bytes.
//
// It is incremental by content: given the previous build (Options.Previous), a file whose
// bytes are those of the same file there keeps that build's .gz (checked: it must be this
// package's deterministic encoding of those bytes), so a warm tree and a fresh clone give the
// same output and only changed files are compressed again. Timestamps play no part.
package precompress

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"protege/tools/workers"
)

// Extensions are the file types that get a .gz copy (text formats; PDFs and images are
// already compressed).
var Extensions = []string{".html", ".css", ".js", ".svg", ".xml", ".json"}

// Stats says what a run did.
type Stats struct {
	Files   int   // compressible files seen
	Written int   // .gz files written
	Skipped int   // files whose gzip copy would not be smaller (no .gz written)
	Reused  int   // .gz files not compressed again: from the cache, or the previous build's
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

// Options of a run.
type Options struct {
	Dir string // the built site
	// Previous is the previous build of the same site (the public/ about to be replaced), or
	// "": a file with the same bytes there reuses its .gz instead of compressing again. Only
	// for a previous build made by the same toolchain: a .gz of another Go release decodes to
	// the same bytes but is not the bytes this one writes (the build uses Cache instead, whose
	// entries are kept per encoder version).
	Previous string
	// Workers is how many files are compressed at once; 0 means runtime.NumCPU().
	Workers int
	// Cache, when set, gives the encoding of contents compressed before (by verify's weights
	// in this build, or by an earlier build when it is kept on disk); it is consulted before
	// Previous.
	Cache *Cache
}

// Dir writes name.gz next to every compressible file under dir. A file whose gzip copy
// would not be smaller gets none (and a stale one is removed): the server then sends the
// file as it is or compresses it itself. Each .gz gets its source's modification time.
func Dir(dir string) (Stats, error) { return Run(Options{Dir: dir}) }

// Run is Dir with options: files are compressed on a pool of workers, and unchanged files
// keep the previous build's .gz.
func Run(o Options) (Stats, error) {
	dir := o.Dir
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
		size, gz       int64
		written, reuse bool
		err            error
	}
	results := make([]result, len(files))
	workers.Each(len(files), o.Workers, func(i int) {
		r := &results[i]
		prev := ""
		if o.Previous != "" {
			rel, _ := filepath.Rel(dir, files[i])
			prev = filepath.Join(o.Previous, rel)
		}
		r.size, r.gz, r.written, r.reuse, r.err = file(files[i], prev, o.Cache)
	})

	var st Stats
	var errs []error
	for _, r := range results {
		if r.err != nil {
			errs = append(errs, r.err)
			continue
		}
		st.Files++
		if r.reuse {
			st.Reused++
		}
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

// gzipHeader is the start of every Compress output: magic, deflate, no flags, zero time,
// best compression, unknown OS.
var gzipHeader = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 0xff}

// previousGz returns the .gz of prev when prev holds exactly b and its .gz is the
// deterministic encoding of b (this package's header, and it decompresses to b); ok is false
// when b must be compressed again (changed, new, or a previous file without a .gz: small, or
// from a build that did not precompress).
func previousGz(prev string, b []byte) (z []byte, ok bool) {
	if prev == "" {
		return nil, false
	}
	old, err := os.ReadFile(prev)
	if err != nil || !bytes.Equal(old, b) {
		return nil, false
	}
	z, err = os.ReadFile(prev + ".gz")
	if err != nil || !bytes.HasPrefix(z, gzipHeader) || len(z) >= len(b) {
		return nil, false
	}
	zr, err := gzip.NewReader(bytes.NewReader(z))
	if err != nil {
		return nil, false
	}
	plain, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(plain, b) {
		return nil, false
	}
	return z, true
}

// file compresses one file, or takes its encoding from the cache, or the .gz of its unchanged
// copy prev (when prev is not ""); it returns the sizes, whether a .gz was written and whether
// it was reused.
func file(p, prev string, cache *Cache) (size, gz int64, written, reused bool, err error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return 0, 0, false, false, err
	}
	info, err := os.Stat(p)
	if err != nil {
		return 0, 0, false, false, err
	}
	var z []byte
	if cache != nil {
		// Only a hit in memory or on disk: a miss is compressed below, after Previous.
		z, reused = cache.lookup(b)
	}
	if !reused {
		if z, reused = previousGz(prev, b); reused {
			cache.store(b, z)
		}
	}
	if !reused {
		if z, err = cache.Compress(b); err != nil {
			return 0, 0, false, false, fmt.Errorf("%s: %w", p, err)
		}
	}
	out := p + ".gz"
	if len(z) >= len(b) {
		if err := os.Remove(out); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return 0, 0, false, false, err
		}
		return int64(len(b)), 0, false, false, nil
	}
	if err := os.WriteFile(out, z, info.Mode().Perm()); err != nil {
		return 0, 0, false, false, err
	}
	if err := os.Chtimes(out, info.ModTime(), info.ModTime()); err != nil {
		return 0, 0, false, false, err
	}
	return int64(len(b)), int64(len(z)), true, reused, nil
}
