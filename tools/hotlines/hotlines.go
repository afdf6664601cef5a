// Package hotlines reads content/data/hotlines.yaml, the one place where a hotline is written.
// Validation (schema, ids, dialable forms, languages, sources, dates) is in validate.go.
package hotlines

import (
	"fmt"
	"os"
	"time"

	"go.yaml.in/yaml/v3"
)

// Text is a string per language code.
type Text map[string]string

// Source is where an entry's facts come from.
type Source struct {
	URL  string `yaml:"url"`
	Kind string `yaml:"kind"` // official | secondary
}

// Line is one reporting channel.
type Line struct {
	ID          string    `yaml:"id"`
	Kind        string    `yaml:"kind"` // phone | text | whatsapp | web | email
	Display     string    `yaml:"display"`
	Dial        string    `yaml:"dial"`
	URL         string    `yaml:"url"`
	Letters     string    `yaml:"letters"` // a number as its source writes it in letters; never a link
	Country     string    `yaml:"country"`
	Topic       string    `yaml:"topic"`     // abroad | online | trafficking | tips
	RunBy       string    `yaml:"run_by"`    // police | public | ngo
	Anonymous   string    `yaml:"anonymous"` // yes | no | depends
	Reach       string    `yaml:"reach"`     // id of the site's advice for numbers that may not connect
	Panel       int       `yaml:"panel"`
	Operator    Text      `yaml:"operator"`
	Audience    Text      `yaml:"audience"`
	Purpose     Text      `yaml:"purpose"`
	After       Text      `yaml:"after"`
	Name        Text      `yaml:"name"`
	Description Text      `yaml:"description"`
	Cost        Text      `yaml:"cost"`
	Hours       Text      `yaml:"hours"`
	Languages   Text      `yaml:"languages"`
	Caveat      Text      `yaml:"caveat"`
	Sources     []Source  `yaml:"sources"`
	Checked     time.Time `yaml:"checked"`

	// Line is where the entry starts in the file (1-based), for messages.
	Line int `yaml:"-"`
}

// Country is a travellers' home country whose channels the site lists.
type Country struct {
	Code     string    `yaml:"code"`
	Name     Text      `yaml:"name"`
	OnceHome Text      `yaml:"once_home"`
	Sources  []Source  `yaml:"sources"`
	Checked  time.Time `yaml:"checked"`
}

// Data is the whole file.
type Data struct {
	// Advice is the site's own advice by id (a line's Reach names one).
	Advice map[string]Text `yaml:"advice"`
	// Order is, per language, the country codes in the order that language's readers see them.
	Order     map[string][]string `yaml:"order"`
	Countries []Country           `yaml:"countries"`
	Lines     []Line              `yaml:"lines"`
	// Node is the parsed document, kept for positions of individual keys.
	Node *yaml.Node `yaml:"-"`
}

// Parse decodes the file's bytes.
func Parse(b []byte) (*Data, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	var d Data
	if err := doc.Decode(&d); err != nil {
		return nil, err
	}
	d.Node = &doc
	if lines := linesNode(&doc); lines != nil {
		for i, n := range lines.Content {
			if i < len(d.Lines) {
				d.Lines[i].Line = n.Line
			}
		}
	}
	return &d, nil
}

// Load reads and decodes the file at path.
func Load(path string) (*Data, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	d, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

// ByID returns the line with the given id.
func (d *Data) ByID(id string) (Line, bool) {
	for _, l := range d.Lines {
		if l.ID == id {
			return l, true
		}
	}
	return Line{}, false
}

// Panel returns the lines shown in the "get help" panel, in panel order.
func (d *Data) Panel() []Line {
	var out []Line
	for n := 1; n <= len(d.Lines); n++ {
		for _, l := range d.Lines {
			if l.Panel == n {
				out = append(out, l)
			}
		}
	}
	return out
}

// LastChecked is the most recent `checked` date: the date of the hotline data as a whole.
func (d *Data) LastChecked() time.Time {
	var t time.Time
	for _, l := range d.Lines {
		if l.Checked.After(t) {
			t = l.Checked
		}
	}
	return t
}

// Href is the link a line opens: tel:, sms:, WhatsApp's https://wa.me/ address, mailto: or its
// web address (the same rule as the site's partial hotline/href.html).
func (l Line) Href() string {
	switch l.Kind {
	case "web":
		return l.URL
	case "text":
		return "sms:" + l.Dial
	case "whatsapp":
		return "https://wa.me/" + digits(l.Dial)
	case "email":
		return "mailto:" + l.Display
	default:
		return "tel:" + l.Dial
	}
}

func linesNode(doc *yaml.Node) *yaml.Node {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "lines" && m.Content[i+1].Kind == yaml.SequenceNode {
			return m.Content[i+1]
		}
	}
	return nil
}
