package vcard

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"protege/tools/hotlines"
)

// card is one parsed vCard: property name (with parameters) → values.
type card map[string][]string

// parse reads a vCard 3.0 file strictly: CRLF line ends, lines of at most 75 octets, folded
// lines joined, each card BEGIN…END with VERSION:3.0, FN, N and at least one TEL; values
// unescaped.
func parse(b []byte) ([]card, error) {
	if !bytes.HasSuffix(b, []byte("\r\n")) {
		return nil, fmt.Errorf("the file does not end with CRLF")
	}
	raw := strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n")
	var lines []string
	for i, l := range raw {
		if strings.ContainsAny(l, "\r\n") {
			return nil, fmt.Errorf("line %d: a bare CR or LF", i+1)
		}
		if len(l) > 75 {
			return nil, fmt.Errorf("line %d: %d octets, more than 75", i+1, len(l))
		}
		if !utf8.ValidString(l) {
			return nil, fmt.Errorf("line %d: not UTF-8 (a fold split a character)", i+1)
		}
		if strings.HasPrefix(l, " ") {
			if len(lines) == 0 {
				return nil, fmt.Errorf("line %d: continuation of nothing", i+1)
			}
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	var cards []card
	var cur card
	for _, l := range lines {
		name, value, ok := strings.Cut(l, ":")
		if !ok {
			return nil, fmt.Errorf("%q: no colon", l)
		}
		switch {
		case name == "BEGIN" && value == "VCARD":
			if cur != nil {
				return nil, fmt.Errorf("BEGIN inside a card")
			}
			cur = card{}
		case name == "END" && value == "VCARD":
			if cur == nil {
				return nil, fmt.Errorf("END outside a card")
			}
			if got := cur["VERSION"]; len(got) != 1 || got[0] != "3.0" {
				return nil, fmt.Errorf("VERSION %q", got)
			}
			if len(cur["FN"]) != 1 || len(cur["N"]) != 1 || len(cur.tels()) == 0 {
				return nil, fmt.Errorf("a card without FN, N or TEL: %v", cur)
			}
			cards = append(cards, cur)
			cur = nil
		default:
			if cur == nil {
				return nil, fmt.Errorf("%q outside a card", l)
			}
			cur[name] = append(cur[name], unescape(value))
		}
	}
	if cur != nil {
		return nil, fmt.Errorf("the last card is not closed")
	}
	return cards, nil
}

func (c card) tels() []string {
	var out []string
	for k, v := range c {
		if k == "TEL" || strings.HasPrefix(k, "TEL;") {
			out = append(out, v...)
		}
	}
	return out
}

func unescape(s string) string {
	return strings.NewReplacer(`\\`, `\`, `\,`, ",", `\;`, ";", `\n`, "\n", `\N`, "\n").Replace(s)
}

func TestFileParsesAndMatchesTheData(t *testing.T) {
	for _, path := range []string{filepath.Join("..", "..", "content", "data", "hotlines.yaml"), filepath.Join("..", "materials", "testdata", "site", "content", "data", "hotlines.yaml")} {
		d, err := hotlines.Load(path)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		lines := Lines(d)
		if len(lines) < len(d.Panel()) || len(d.Panel()) == 0 {
			t.Fatalf("%s: %d lines", path, len(lines))
		}
		for _, lang := range []string{"es", "en", "fr"} {
			b := File(lines, Texts{Lang: lang, Category: "Protege – Costa Rica", WhatsApp: "WhatsApp"})
			cards, err := parse(b)
			if err != nil {
				t.Fatalf("%s %s: %v\n%s", path, lang, err, b)
			}
			if len(cards) != len(lines) {
				t.Fatalf("%s %s: %d cards for %d lines", path, lang, len(cards), len(lines))
			}
			for i, l := range lines {
				c := cards[i]
				if l.Country != "CR" || l.Kind == "web" {
					t.Errorf("%s: line %s is not a Costa Rican number", path, l.ID)
				}
				if got := c.tels(); !slices.Equal(got, []string{l.Dial}) {
					t.Errorf("%s %s %s: TEL %q, want %q", path, lang, l.ID, got, l.Dial)
				}
				if c["FN"][0] != l.Name[lang] {
					t.Errorf("%s %s %s: FN %q, want %q", path, lang, l.ID, c["FN"][0], l.Name[lang])
				}
				if p := l.Purpose[lang]; p != "" && !strings.Contains(c["NOTE"][0], p) {
					t.Errorf("%s %s %s: the note %q lacks the purpose %q", path, lang, l.ID, c["NOTE"][0], p)
				}
			}
			// Every Costa Rican phone line of the data is in the file.
			for _, l := range d.Lines {
				if l.Country == "CR" && l.Kind != "web" && !slices.ContainsFunc(lines, func(x hotlines.Line) bool { return x.ID == l.ID }) {
					t.Errorf("%s: %s missing", path, l.ID)
				}
			}
		}
	}
}

func TestFoldingAndEscaping(t *testing.T) {
	var b bytes.Buffer
	long := strings.Repeat("é", 60) + ", a; b\\c"
	prop(&b, "NOTE:"+escape(long))
	cards, err := parse([]byte("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:x\r\nN:x;;;;\r\nTEL:911\r\n" + b.String() + "END:VCARD\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := cards[0]["NOTE"][0]; got != long {
		t.Errorf("round trip: %q, want %q", got, long)
	}
}
