// Package scaffold creates a new page in every language: one file per language with the same
// translationKey, in the folder each language uses for the section, with the front matter
// filled in as far as it can be. The writer completes the rest; until then `protege check`
// fails on the new files and says what is missing.
package scaffold

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"

	"protege/tools/content"
	"protege/tools/frontmatter"
)

// Options of a new page. Empty fields are asked for on In (when set).
type Options struct {
	Root    string            // repository root
	Langs   []string          // the site's languages, default first (siteconfig)
	Section string            // the section: its Spanish folder ("guias"), its translationKey ("guides") or "" for the top level
	Key     string            // translationKey of the new page
	Slugs   map[string]string // file name (without .md) per language
	Titles  map[string]string // title per language
	Today   time.Time         // the `reviewed` date (zero: today)
	In      io.Reader         // answers to the questions (nil: do not ask)
	Out     io.Writer         // where questions are printed
}

// Create writes the new page's files and returns their paths. It never overwrites a file.
func Create(o Options) ([]string, error) {
	if o.Today.IsZero() {
		o.Today = time.Now()
	}
	if o.Out == nil {
		o.Out = io.Discard
	}
	contentDir := filepath.Join(o.Root, "content")
	site, _, err := content.Load(contentDir, o.Langs)
	if err != nil {
		return nil, err
	}
	ask := newAsker(o.In, o.Out)
	if o.Key == "" {
		if o.Key, err = ask.line("translationKey of the new page (e.g. guide-museums)", ""); err != nil {
			return nil, err
		}
	}
	if msg := frontmatter.CheckKey(o.Key); msg != "" {
		return nil, fmt.Errorf("translationKey %s (nothing was created)", msg)
	}
	for _, p := range site.Pages {
		if p.TranslationKey() == o.Key {
			return nil, fmt.Errorf("translationKey %q is already used by %s", o.Key, p.File)
		}
	}
	folders, err := sectionFolders(site, o.Section)
	if err != nil {
		return nil, err
	}
	if o.Titles == nil {
		o.Titles = map[string]string{}
	}
	if o.Slugs == nil {
		o.Slugs = map[string]string{}
	}
	for _, l := range o.Langs {
		if strings.TrimSpace(o.Titles[l]) == "" {
			if o.Titles[l], err = ask.line("title in "+l, ""); err != nil {
				return nil, err
			}
		}
		if o.Slugs[l] == "" {
			if o.Slugs[l], err = ask.line("file name in "+l+" (the page's address)", Slug(o.Titles[l])); err != nil {
				return nil, err
			}
		}
		if strings.TrimSpace(o.Titles[l]) == "" {
			return nil, fmt.Errorf("no title in %s", l)
		}
		if msg := frontmatter.CheckTitle(strings.TrimSpace(o.Titles[l])); msg != "" {
			return nil, fmt.Errorf("title in %s: %s (nothing was created)", l, msg)
		}
		if msg := content.CheckSlug(o.Slugs[l]); msg != "" {
			return nil, fmt.Errorf("file name in %s: %s (nothing was created)", l, msg)
		}
	}
	// Check every target first: create all three files or none.
	var paths []string
	for _, l := range o.Langs {
		p := filepath.Join(contentDir, l, filepath.FromSlash(folders[l]), o.Slugs[l]+".md")
		if _, err := os.Stat(p); err == nil {
			return nil, fmt.Errorf("%s already exists: choose another file name (nothing was created)", p)
		}
		paths = append(paths, p)
	}
	weight := nextWeight(site, folders)
	// All three files or none: a file that cannot be written removes those already written.
	var made []string
	undo := func(err error) ([]string, error) {
		for _, p := range made {
			os.Remove(p)
		}
		return nil, fmt.Errorf("%w (nothing was created)", err)
	}
	for i, l := range o.Langs {
		if err := os.MkdirAll(filepath.Dir(paths[i]), 0o755); err != nil {
			return undo(err)
		}
		f, err := openNew(paths[i])
		if err != nil {
			return undo(err)
		}
		made = append(made, paths[i])
		_, werr := f.WriteString(render(l, l == o.Langs[0], o.Key, o.Titles[l], weight, o.Today))
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return undo(werr)
		}
	}
	return paths, nil
}

// openNew creates a file that must not exist yet (a variable: a test makes it fail).
var openNew = func(p string) (*os.File, error) {
	return os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
}

// sectionFolders finds the folder of a section in every language through the translationKey
// of the section's _index.md ("guias" in es is "guides" in en and fr).
func sectionFolders(site *content.Site, section string) (map[string]string, error) {
	out := map[string]string{}
	section = strings.Trim(section, "/")
	if section == "" {
		for _, l := range site.Langs {
			out[l] = ""
		}
		return out, nil
	}
	key := ""
	for _, p := range site.Pages {
		if path.Base(p.Rel) != "_index.md" || p.Rel == "_index.md" {
			continue
		}
		if path.Dir(p.Rel) == section && p.Lang == site.Default() || p.TranslationKey() == section {
			key = p.TranslationKey()
			break
		}
	}
	if key == "" {
		for _, p := range site.Pages {
			if path.Base(p.Rel) == "_index.md" && path.Dir(p.Rel) == section {
				key = p.TranslationKey()
				break
			}
		}
	}
	if key == "" {
		return nil, fmt.Errorf("no section %q: give the Spanish folder of a section (%s) or nothing for the top level", section, strings.Join(sections(site), ", "))
	}
	for _, p := range site.Pages {
		if path.Base(p.Rel) == "_index.md" && p.Rel != "_index.md" && p.TranslationKey() == key {
			out[p.Lang] = path.Dir(p.Rel)
		}
	}
	for _, l := range site.Langs {
		if _, ok := out[l]; !ok {
			return nil, fmt.Errorf("the section %q (translationKey %s) has no _index.md in content/%s: create the section there first", section, key, l)
		}
	}
	return out, nil
}

func sections(site *content.Site) []string {
	var out []string
	for _, p := range site.ByLang(site.Default()) {
		if path.Base(p.Rel) == "_index.md" && p.Rel != "_index.md" {
			out = append(out, path.Dir(p.Rel))
		}
	}
	slices.Sort(out)
	return out
}

// nextWeight is 10 more than the largest weight among the section's Spanish pages, or 0 when
// they have none (then the new page gets no weight).
func nextWeight(site *content.Site, folders map[string]string) int {
	best := 0
	dir := folders[site.Default()]
	if dir == "" {
		dir = "."
	}
	for _, p := range site.ByLang(site.Default()) {
		if path.Dir(p.Rel) != dir || path.Base(p.Rel) == "_index.md" {
			continue
		}
		if w, ok := p.Params["weight"].(int); ok && w > best {
			best = w
		}
	}
	if best == 0 {
		return 0
	}
	return best + 10
}

// render is the new file.
func render(lang string, isDefault bool, key, title string, weight int, today time.Time) string {
	var b strings.Builder
	date := today.Format("2006-01-02")
	fmt.Fprintf(&b, "---\n")
	fmt.Fprintf(&b, "# New page, created by `make new` on %s. `make check` reports this file until you:\n", date)
	fmt.Fprintf(&b, "#   - write the description: what the page offers and to whom, 70 to 160 characters;\n")
	fmt.Fprintf(&b, "#   - choose the audience: tourists, hotel-staff, tour-operators, drivers,\n")
	fmt.Fprintf(&b, "#     informal-workers, businesses, young-people, everyone (one or more);\n")
	fmt.Fprintf(&b, "#   - list the sources of every fact, from shared/reference: \"- title: …\" and \"url: https://…\";\n")
	fmt.Fprintf(&b, "#   - write the text below the closing \"---\" (headings start at ##, with an {#anchor}).\n")
	if !isDefault {
		fmt.Fprintf(&b, "# Not translated yet? Copy the Spanish text below and add the line: untranslated: true\n")
	}
	fmt.Fprintf(&b, "# Then delete these comment lines. See docs/editors-guide.es.md or docs/editors-guide.en.md.\n")
	fmt.Fprintf(&b, "title: %s\n", quote(title))
	fmt.Fprintf(&b, "description: \"\"\n")
	fmt.Fprintf(&b, "translationKey: %s\n", key)
	fmt.Fprintf(&b, "audience: []\n")
	fmt.Fprintf(&b, "reviewed: %s\n", date)
	if weight > 0 {
		fmt.Fprintf(&b, "weight: %d\n", weight)
	}
	fmt.Fprintf(&b, "sources: []\n")
	fmt.Fprintf(&b, "---\n\n")
	return b.String()
}

// quote writes s as a YAML double-quoted string.
func quote(s string) string {
	n := &yaml.Node{Kind: yaml.ScalarNode, Style: yaml.DoubleQuotedStyle, Value: strings.TrimSpace(s)}
	out, err := yaml.Marshal(n)
	if err != nil {
		return fmt.Sprintf("%q", s)
	}
	return strings.TrimSpace(string(out))
}

// Slug makes a file name from a title: lower case, no accents, words joined by "-".
func Slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(title)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	return b.String()
}

// ParsePairs reads "es=…,en=…,fr=…" (a value may contain commas: only ",xx=" with a known
// language starts the next pair).
func ParsePairs(s string, langs []string) (map[string]string, error) {
	out := map[string]string{}
	if strings.TrimSpace(s) == "" {
		return out, nil
	}
	type at struct {
		lang string
		i    int
	}
	var starts []at
	for _, l := range langs {
		if strings.HasPrefix(s, l+"=") {
			starts = append(starts, at{l, 0})
		}
		for i := 0; ; {
			j := strings.Index(s[i:], ","+l+"=")
			if j < 0 {
				break
			}
			starts = append(starts, at{l, i + j + 1})
			i += j + 1
		}
	}
	slices.SortFunc(starts, func(a, b at) int { return a.i - b.i })
	if len(starts) == 0 || starts[0].i != 0 {
		return nil, fmt.Errorf("%q: write es=…,en=…,fr=…", s)
	}
	for k, st := range starts {
		end := len(s)
		if k+1 < len(starts) {
			end = starts[k+1].i - 1
		}
		if _, dup := out[st.lang]; dup {
			return nil, fmt.Errorf("%q: %s is given twice", s, st.lang)
		}
		out[st.lang] = strings.TrimSpace(s[st.i+len(st.lang)+1 : end])
	}
	return out, nil
}

type asker struct {
	sc  *bufio.Scanner
	out io.Writer
}

func newAsker(in io.Reader, out io.Writer) *asker {
	a := &asker{out: out}
	if in != nil {
		a.sc = bufio.NewScanner(in)
	}
	return a
}

// line asks a question and returns the answer (def when the answer is empty).
func (a *asker) line(question, def string) (string, error) {
	if a.sc == nil {
		return "", fmt.Errorf("missing %s (give it as a flag; see protege new -h)", question)
	}
	if def != "" {
		fmt.Fprintf(a.out, "%s [%s]: ", question, def)
	} else {
		fmt.Fprintf(a.out, "%s: ", question)
	}
	if !a.sc.Scan() {
		if err := a.sc.Err(); err != nil {
			return "", err
		}
		return "", errors.New("no answer for " + question)
	}
	ans := strings.TrimSpace(a.sc.Text())
	if ans == "" {
		ans = def
	}
	return ans, nil
}
