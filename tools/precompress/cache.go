package precompress

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
)

// Cache remembers the gzip encoding (Compress) of contents by their SHA-256: in memory, so
// that verify's weights and precompress compress a file once per build, and on disk when Dir
// is set, so that a build compresses only the contents no earlier build has seen. The key is
// the content alone (not a path or a time): a fresh clone and a warm tree give the same bytes.
//
// An entry on disk is Dir/<Version>/<xx>/<sha256 of the content>: the SHA-256 of the gzip
// bytes, then the gzip bytes. It is used only when that hash matches, the gzip header is this
// package's and the gzip trailer's CRC-32 and length are those of the content; any other entry
// (torn, corrupt, from another encoder) is ignored and written again. Entries are written to a
// temporary file and renamed into place, so two builds sharing a cache never see half an entry.
type Cache struct {
	Dir string // "" keeps the cache in memory only

	mu   sync.Mutex
	mem  map[[32]byte][]byte
	used map[string]bool // disk entries this process read or wrote (Prune keeps them)
}

// Version names the encoder of the cached bytes: the compression level and the Go release
// (whose compress/flate made them). Entries of another version are never read.
var Version = "gzip9-" + runtime.Version()

// NewCache returns a cache kept in dir ("" for memory only).
func NewCache(dir string) *Cache {
	return &Cache{Dir: dir, mem: map[[32]byte][]byte{}, used: map[string]bool{}}
}

func (c *Cache) entry(key [32]byte) string {
	h := hex.EncodeToString(key[:])
	return filepath.Join(c.Dir, Version, h[:2], h)
}

// Compress returns Compress(b), from the cache when it holds it (and keeps it otherwise).
func (c *Cache) Compress(b []byte) ([]byte, error) {
	if z, ok := c.lookup(b); ok {
		return z, nil
	}
	z, err := Compress(b)
	if err != nil {
		return nil, err
	}
	c.store(b, z)
	return z, nil
}

// lookup returns the encoding of b when the cache (memory, then disk) holds it.
func (c *Cache) lookup(b []byte) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	key := sha256.Sum256(b)
	c.mu.Lock()
	z, ok := c.mem[key]
	c.mu.Unlock()
	if ok {
		return z, true
	}
	if c.Dir != "" {
		file := c.entry(key)
		if z, ok := readEntry(file, b); ok {
			c.remember(key, z, file)
			return z, true
		}
	}
	return nil, false
}

// store keeps z, the encoding of b (Compress(b)), in memory and on disk.
func (c *Cache) store(b, z []byte) {
	if c == nil {
		return
	}
	key := sha256.Sum256(b)
	file := ""
	if c.Dir != "" {
		file = c.entry(key)
		// A cache that cannot be written only costs time: the build goes on.
		writeEntry(file, z)
	}
	c.remember(key, z, file)
}

func (c *Cache) remember(key [32]byte, z []byte, file string) {
	c.mu.Lock()
	c.mem[key] = z
	if file != "" {
		c.used[file] = true
	}
	c.mu.Unlock()
}

// Size is the length of Compress(b) (0 when b cannot be compressed).
func (c *Cache) Size(b []byte) int {
	z, err := c.Compress(b)
	if err != nil {
		return 0
	}
	return len(z)
}

// readEntry returns the gzip bytes of a disk entry when they are a valid encoding of b.
func readEntry(file string, b []byte) ([]byte, bool) {
	raw, err := os.ReadFile(file)
	if err != nil || len(raw) < sha256.Size+len(gzipHeader)+8 {
		return nil, false
	}
	z := raw[sha256.Size:]
	if sum := sha256.Sum256(z); !bytes.Equal(sum[:], raw[:sha256.Size]) || !bytes.HasPrefix(z, gzipHeader) {
		return nil, false
	}
	trailer := z[len(z)-8:]
	if binary.LittleEndian.Uint32(trailer) != crc32.ChecksumIEEE(b) || binary.LittleEndian.Uint32(trailer[4:]) != uint32(len(b)) {
		return nil, false
	}
	return z, true
}

func writeEntry(file string, z []byte) {
	dir := filepath.Dir(file)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return
	}
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return
	}
	sum := sha256.Sum256(z)
	_, err1 := f.Write(sum[:])
	_, err2 := f.Write(z)
	err3 := f.Close()
	if err := errors.Join(err1, err2, err3); err != nil {
		os.Remove(f.Name())
		return
	}
	if err := os.Rename(f.Name(), file); err != nil {
		os.Remove(f.Name())
	}
}

// Prune removes from the disk cache every entry this process did not read or write, and the
// folders of other encoder versions, so that the cache holds what the last build used (the
// caller holds the build lock: no other build is using the cache).
func (c *Cache) Prune() error {
	if c == nil || c.Dir == "" {
		return nil
	}
	ents, err := os.ReadDir(c.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range ents {
		if e.Name() != Version {
			if err := os.RemoveAll(filepath.Join(c.Dir, e.Name())); err != nil {
				return err
			}
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return filepath.WalkDir(filepath.Join(c.Dir, Version), func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil || d.IsDir() {
			return err
		}
		if !c.used[p] {
			return os.Remove(p)
		}
		return nil
	})
}
