package sumfile

import (
	"encoding/json"
	"sync"
)

// Map is a cache of entries by key kept in one sumfile (check's pages, typography's edits):
// read once when opened, written again by Save only when this run put an entry or left one
// unused, with the entries this run used (got or put) and no others. A file whose sum does
// not hold, that does not decode, or of another version, reads as empty. The zero of a nil
// *Map finds nothing and keeps nothing (no cache). Get and Put are safe for concurrent use.
type Map[V any] struct {
	file, version string
	old           map[string]V // as read

	mu      sync.Mutex
	used    map[string]V
	changed bool
}

type mapBody[V any] struct {
	Version string       `json:"version"`
	Entries map[string]V `json:"entries"`
}

// OpenMap reads the entries of file written with version.
func OpenMap[V any](file, version string) *Map[V] {
	m := &Map[V]{file: file, version: version, used: map[string]V{}}
	if body, ok := Read(file); ok {
		var b mapBody[V]
		if json.Unmarshal(body, &b) == nil && b.Version == version {
			m.old = b.Entries
		}
	}
	return m
}

// Len is the number of entries read from the file.
func (m *Map[V]) Len() int {
	if m == nil {
		return 0
	}
	return len(m.old)
}

// Get returns the entry read under key, and keeps it for Save.
func (m *Map[V]) Get(key string) (V, bool) {
	var zero V
	if m == nil {
		return zero, false
	}
	v, ok := m.old[key]
	if ok {
		m.mu.Lock()
		m.used[key] = v
		m.mu.Unlock()
	}
	return v, ok
}

// Put keeps v under key for Save.
func (m *Map[V]) Put(key string, v V) {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.used[key] = v
	m.changed = true
	m.mu.Unlock()
}

// Save writes the entries this run used, when they differ from those read (WriteOne). A
// failure only costs the next run the work the entries saved.
func (m *Map[V]) Save() error {
	if m == nil {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.changed && len(m.used) == len(m.old) {
		return nil
	}
	body, err := json.Marshal(mapBody[V]{Version: m.version, Entries: m.used})
	if err != nil {
		return err
	}
	return WriteOne(m.file, body)
}
