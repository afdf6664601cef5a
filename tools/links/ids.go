package links

import (
	"strconv"
	"strings"
	"unicode"
)

// ids makes heading ids the way Hugo does with autoHeadingIDType = "github"
// (hugo/markup/goldmark/autoid.go): lower-case letters, digits and "_", spaces and "-" as
// "-", everything else dropped; "heading" when nothing is left; "-1", "-2"… for repeats.
type ids struct{ seen map[string]bool }

func newIDs() *ids { return &ids{seen: map[string]bool{}} }

func (x *ids) put(id string) { x.seen[id] = true }

func (x *ids) generate(text string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(text) {
		switch {
		case r == '-' || r == ' ':
			b.WriteRune('-')
		case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	id := b.String()
	if id == "" {
		id = "heading"
	}
	if x.seen[id] {
		for i := 1; ; i++ {
			if c := id + "-" + strconv.Itoa(i); !x.seen[c] {
				id = c
				break
			}
		}
	}
	x.put(id)
	return id
}
