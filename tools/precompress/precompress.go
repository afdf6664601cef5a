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
	Linked  int   // .gz files that are the previous build's, linked (see Options.Previous)
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
	// entries are kept per encoder version). With a Cache, Previous only saves writing: when
	// the previous .gz holds exactly the encoding the cache gives, it is linked (a second
	// name for the same file, see linkPrevious), not copied.
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
// file as it is or compresses it itself. Each .gz written gets its source's modification
// time (one linked from Options.Previous keeps its own).
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
	results := make([]result, len(files))
	workers.Each(len(files), o.Workers, func(i int) {
		prev := ""
		if o.Previous != "" {
			rel, _ := filepath.Rel(dir, files[i])
			prev = filepath.Join(o.Previous, rel)
		}
		results[i] = file(files[i], prev, o.Cache)
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
		if r.linked {
			st.Linked++
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

// linkPrevious gives out the previous build's .gz of the same file as a second name (a hard
// link), when that file held exactly b, its .gz holds exactly z with the permissions perm, and
// out does not exist yet: reading two small files costs less than writing a new one, which on
// a file system busy freeing the site before (no journal: ext4 skips the inodes freed in the
// last seconds, one by one) cost a warm build of 3,000 pages half a second of processor. The
// previous build never changes a file in place (it is replaced whole, then removed), so the
// shared file keeps these bytes; it also keeps its modification time, that of the build that
// wrote these bytes (changing it would change the previous build's file too). False, and
// nothing done, in any other case (then out is written).
func linkPrevious(prev string, b, z []byte, out string, perm fs.FileMode) bool {
	if prev == "" {
		return false
	}
	info, err := os.Lstat(prev + ".gz")
	if err != nil || !info.Mode().IsRegular() || info.Mode().Perm() != perm || info.Size() != int64(len(z)) {
		return false
	}
	if old, err := os.ReadFile(prev); err != nil || !bytes.Equal(old, b) {
		return false
	}
	if old, err := os.ReadFile(prev + ".gz"); err != nil || !bytes.Equal(old, z) {
		return false
	}
	return os.Link(prev+".gz", out) == nil
}

// result is what file did with one file.
type result struct {
	size, gz               int64 // the file's size, its .gz's (0: none written)
	written, reuse, linked bool  // a .gz written (or linked), not compressed again, linked
	err                    error
}

// file compresses one file, or takes its encoding from the cache, or the .gz of its unchanged
// copy prev (when prev is not ""), and writes it (or links prev's, see linkPrevious).
func file(p, prev string, cache *Cache) result {
	b, err := os.ReadFile(p)
	if err != nil {
		return result{err: err}
	}
	info, err := os.Stat(p)
	if err != nil {
		return result{err: err}
	}
	var z []byte
	reused := false
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
			return result{err: fmt.Errorf("%s: %w", p, err)}
		}
	}
	out := p + ".gz"
	if len(z) >= len(b) {
		if err := os.Remove(out); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return result{err: err}
		}
		return result{size: int64(len(b))}
	}
	r := result{size: int64(len(b)), gz: int64(len(z)), written: true, reuse: reused}
	if linkPrevious(prev, b, z, out, info.Mode().Perm()) {
		r.linked = true
		return r
	}
	if err := os.WriteFile(out, z, info.Mode().Perm()); err != nil {
		return result{err: err}
	}
	if err := os.Chtimes(out, info.ModTime(), info.ModTime()); err != nil {
		return result{err: err}
	}
	return r
}
