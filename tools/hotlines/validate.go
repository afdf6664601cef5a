package hotlines

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"

	"protege/tools/diag"
)

// MaxAge is how old a `checked` date may be before Validate warns (an error in strict mode).
const MaxAge = 180 * 24 * time.Hour

// Kinds of line, and what each needs.
var Kinds = []string{"phone", "text", "whatsapp", "web", "email"}

// Topics are what a line outside Costa Rica is for; RunBy who runs it; Anonymous whether it
// takes anonymous reports.
var (
	Topics    = []string{"abroad", "online", "trafficking", "tips"}
	RunBy     = []string{"police", "public", "ngo"}
	Anonymous = []string{"yes", "no", "depends"}
)

// topKeys are the keys at the top of the file.
var topKeys = []string{"advice", "order", "countries", "lines"}

// countryKeys are the keys of a country.
var countryKeys = []string{"code", "name", "once_home", "sources", "checked"}

// SourceKinds are the kinds of a source.
var SourceKinds = []string{"official", "secondary"}

// entryKeys are the keys an entry may have, in the order the file documents them.
var entryKeys = []string{"id", "kind", "display", "dial", "url", "letters", "country", "topic",
	"run_by", "anonymous", "reach", "panel", "operator", "audience", "purpose", "name", "description",
	"after", "cost", "hours", "languages", "caveat", "sources", "checked"}

// textKeys are the fields written once per language.
var textKeys = []string{"operator", "audience", "purpose", "name", "description", "after", "cost",
	"hours", "languages", "caveat"}

var (
	idRe      = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	e164Re    = regexp.MustCompile(`^\+[1-9][0-9]{7,14}$`)
	crShortRe = regexp.MustCompile(`^[0-9]{3,4}$`)
	smsRe     = regexp.MustCompile(`^[0-9]{5,6}$`)
	dateRe    = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
	emailRe   = regexp.MustCompile(`^[a-z0-9._-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$`)
	lettersRe = regexp.MustCompile(`^[0-9]+(-[0-9A-Z]+)+$`)
	// North American toll-free area codes.
	nanpFreeRe = regexp.MustCompile(`^\+1(800|833|844|855|866|877|888)[0-9]{7}$`)
)

// Validate checks the hotline file's bytes (file is the path used in messages) against the
// rules written at the top of content/data/hotlines.yaml: schema, unique ids and panel numbers,
// dialable forms, display consistent with dial, texts in every language, sources, and the
// `checked` date (not in the future; older than MaxAge is a warning). Every problem is
// reported at the line of the offending key. It also returns the decoded data when the file
// could be decoded (nil otherwise), for the checks that use the hotlines.
func Validate(file string, src []byte, now time.Time, langs []string) (*Data, []diag.Diagnostic) {
	v := &validator{file: file, today: dateOf(now), langs: langs}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		line, msg := splitYAMLError(err.Error())
		v.errf(line, 0, "malformed YAML: %s", msg)
		return nil, v.ds
	}
	v.document(&doc)
	d, err := Parse(src)
	if err != nil {
		if !diag.HasErrors(v.ds) {
			line, msg := splitYAMLError(err.Error())
			v.errf(line, 0, "%s", msg)
		}
		return nil, v.ds
	}
	return d, v.ds
}

type validator struct {
	file      string
	langs     []string // the site's languages, default first
	today     time.Time
	ds        []diag.Diagnostic
	ids       map[string]int // id → line of its first use
	panels    map[int]int    // panel number → line of its first use
	advice    map[string]bool
	countries map[string]int // country code → line of its entry
	used      map[string]bool
}

// languagesWord stands in messages for the list of the site's languages ("es, en and fr").
const languagesWord = "{languages}"

func (v *validator) errf(line, col int, format string, args ...any) {
	msg := strings.ReplaceAll(fmt.Sprintf(format, args...), languagesWord, v.languageList())
	v.ds = append(v.ds, diag.Errorf(v.file, line, col, "%s", msg))
}

func (v *validator) warnf(line, col int, format string, args ...any) {
	msg := strings.ReplaceAll(fmt.Sprintf(format, args...), languagesWord, v.languageList())
	v.ds = append(v.ds, diag.Warnf(v.file, line, col, "%s", msg))
}

func (v *validator) document(doc *yaml.Node) {
	if len(doc.Content) == 0 {
		v.errf(1, 1, "the file is empty: it must hold \"lines:\" followed by the list of hotlines")
		return
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		v.errf(top.Line, top.Column, "the file must start with \"lines:\" followed by the list of hotlines")
		return
	}
	var lines, advice, order, countries *yaml.Node
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, val := top.Content[i], top.Content[i+1]
		switch k.Value {
		case "lines":
			lines = val
		case "advice":
			advice = val
		case "order":
			order = val
		case "countries":
			countries = val
		default:
			v.errf(k.Line, k.Column, "unknown key %q: the file holds %s", k.Value, strings.Join(topKeys, ", "))
		}
	}
	v.advice, v.countries, v.used = map[string]bool{}, map[string]int{}, map[string]bool{}
	if advice != nil {
		v.adviceList(advice)
	}
	if countries != nil {
		v.countryList(countries)
	}
	if order != nil {
		v.order(order)
	} else if len(v.countries) > 0 {
		v.errf(top.Line, top.Column, "missing \"order\": for {languages}, the list of country codes in the order readers of that language see them")
	}
	if lines == nil {
		v.errf(top.Line, top.Column, "missing \"lines:\": the list of hotlines")
		return
	}
	if lines.Kind != yaml.SequenceNode {
		v.errf(lines.Line, lines.Column, "\"lines\" must be a list of hotlines, each starting with \"- id: …\"")
		return
	}
	v.ids, v.panels = map[string]int{}, map[int]int{}
	for _, e := range lines.Content {
		v.entry(e)
	}
	if countries != nil {
		for _, c := range countries.Content {
			if c.Kind != yaml.MappingNode {
				continue
			}
			for i := 0; i+1 < len(c.Content); i += 2 {
				if k, val := c.Content[i], c.Content[i+1]; k.Value == "code" && v.countries[val.Value] == val.Line && !v.used[val.Value] {
					v.errf(val.Line, val.Column, "country %s has no line: add its channels to \"lines\" (country: %s) or remove it", val.Value, val.Value)
				}
			}
		}
	}
}

func (v *validator) adviceList(n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		v.errf(n.Line, n.Column, "\"advice\" must map ids to texts in {languages}, e.g. no-connect:")
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if !idRe.MatchString(k.Value) {
			v.errf(k.Line, k.Column, "advice id %q must be lowercase letters and digits joined by \"-\", e.g. no-connect", k.Value)
		}
		v.advice[k.Value] = true
		v.text("advice "+k.Value, field{k, n.Content[i+1]})
	}
}

func (v *validator) countryList(n *yaml.Node) {
	if n.Kind != yaml.SequenceNode {
		v.errf(n.Line, n.Column, "\"countries\" must be a list, each starting with \"- code: …\"")
		return
	}
	for _, c := range n.Content {
		if c.Kind != yaml.MappingNode {
			v.errf(c.Line, c.Column, "each country must be a set of \"key: value\" lines starting with \"- code: …\"")
			continue
		}
		f := v.fields(c, countryKeys)
		missing := func(key, hint string) { v.errf(c.Line, c.Column, "missing %q: %s", key, hint) }
		code := v.str(f, "code")
		switch {
		case code == nil:
			missing("code", "add the country's ISO 3166-1 alpha-2 code, e.g. code: FR")
		case code.Value == "CR" || code.Value == "INT" || !validCountry(code.Value):
			v.errf(code.Line, code.Column, "country code %q must be the ISO 3166-1 alpha-2 code of a travellers' home country (not CR nor INT), e.g. FR", code.Value)
		case v.countries[code.Value] != 0:
			v.errf(code.Line, code.Column, "country %s is listed twice (also at line %d)", code.Value, v.countries[code.Value])
		default:
			v.countries[code.Value] = code.Line
		}
		for _, key := range []string{"name", "once_home"} {
			if fd, ok := f[key]; ok {
				v.text(key, fd)
			} else {
				missing(key, "write it in {languages}")
			}
		}
		v.sources(f, func() (int, int) { return c.Line, c.Column })
		if fd, ok := f["checked"]; !ok {
			missing("checked", "add the date the entry was last compared with its sources, e.g. checked: "+v.today.Format("2006-01-02"))
		} else {
			v.checked(fd.val)
		}
	}
}

func (v *validator) order(n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		v.errf(n.Line, n.Column, "\"order\" must have one list of country codes per language: {languages}")
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, list := n.Content[i], n.Content[i+1]
		if !slices.Contains(v.langs, k.Value) {
			v.errf(k.Line, k.Column, "order: unknown language %q: use {languages}", k.Value)
			continue
		}
		seen[k.Value] = true
		if list.Kind != yaml.SequenceNode {
			v.errf(list.Line, list.Column, "order.%s must be a list of country codes, e.g. [FR, CA, BE]", k.Value)
			continue
		}
		got := map[string]bool{}
		for _, c := range list.Content {
			switch {
			case v.countries[c.Value] == 0:
				v.errf(c.Line, c.Column, "order.%s: %q is not a country of \"countries\"", k.Value, c.Value)
			case got[c.Value]:
				v.errf(c.Line, c.Column, "order.%s: %s is listed twice", k.Value, c.Value)
			}
			got[c.Value] = true
		}
		var miss []string
		for code := range v.countries {
			if !got[code] {
				miss = append(miss, code)
			}
		}
		if len(miss) > 0 {
			slices.Sort(miss)
			v.errf(k.Line, k.Column, "order.%s lacks %s: every country appears once in each language's order", k.Value, strings.Join(miss, ", "))
		}
	}
	for _, l := range v.langs {
		if !seen[l] {
			v.errf(n.Line, n.Column, "order has no %q list: write one for {languages}", l)
		}
	}
}

// fields collects a mapping's keys, reporting duplicates and keys not in known.
func (v *validator) fields(e *yaml.Node, known []string) map[string]field {
	f := map[string]field{}
	for i := 0; i+1 < len(e.Content); i += 2 {
		k, val := e.Content[i], e.Content[i+1]
		if prev, dup := f[k.Value]; dup {
			v.errf(k.Line, k.Column, "%q is written twice here (also at line %d): keep one", k.Value, prev.key.Line)
			continue
		}
		if !slices.Contains(known, k.Value) {
			v.errf(k.Line, k.Column, "unknown key %q: known keys are %s", k.Value, strings.Join(known, ", "))
			continue
		}
		f[k.Value] = field{k, val}
	}
	return f
}

// field is one key of an entry with its value.
type field struct{ key, val *yaml.Node }

func (v *validator) entry(e *yaml.Node) {
	if e.Kind != yaml.MappingNode {
		v.errf(e.Line, e.Column, "each hotline must be a set of \"key: value\" lines starting with \"- id: …\"")
		return
	}
	f := v.fields(e, entryKeys)
	// Where to point when a key is missing: the entry's first line ("- id: …").
	at := func() (int, int) { return e.Line, e.Column }
	missing := func(key, hint string) {
		l, c := at()
		v.errf(l, c, "missing %q: %s", key, hint)
	}

	id := v.str(f, "id")
	switch {
	case id == nil:
		missing("id", "add a unique id, lowercase words joined by \"-\", e.g. id: cr-911")
	case !idRe.MatchString(id.Value):
		v.errf(id.Line, id.Column, "id %q must be lowercase letters and digits joined by \"-\", e.g. cr-pani-1147", id.Value)
	case v.ids[id.Value] != 0:
		v.errf(id.Line, id.Column, "duplicate id %q (also at line %d): every hotline needs its own id", id.Value, v.ids[id.Value])
	default:
		v.ids[id.Value] = id.Line
	}

	kind := v.str(f, "kind")
	k := ""
	switch {
	case kind == nil:
		missing("kind", "add kind: phone, text, whatsapp, web or email")
	case !slices.Contains(Kinds, kind.Value):
		v.errf(kind.Line, kind.Column, "unknown kind %q: use phone, text, whatsapp, web or email", kind.Value)
	default:
		k = kind.Value
	}

	country := v.str(f, "country")
	switch {
	case country == nil:
		missing("country", "add the ISO 3166-1 alpha-2 code of the country the line serves (CR, US, CA), or INT")
	case !validCountry(country.Value):
		v.errf(country.Line, country.Column, "country %q is not an ISO 3166-1 alpha-2 code (CR, US, CA…) nor INT", country.Value)
	case country.Value != "CR" && country.Value != "INT" && v.countries[country.Value] == 0:
		v.errf(country.Line, country.Column, "country %s is not in \"countries\": add it there (name, once_home, sources, checked) and to each language's order", country.Value)
	default:
		v.used[country.Value] = true
	}
	v.choice(f, "topic", Topics)
	v.choice(f, "run_by", RunBy)
	v.choice(f, "anonymous", Anonymous)
	if _, ok := f["topic"]; !ok && country != nil && country.Value != "CR" {
		missing("topic", "a line outside Costa Rica says what it is for: topic: abroad, online, trafficking or tips")
	}

	display := v.str(f, "display")
	if display == nil {
		missing("display", "add the number or address as readers should see it, e.g. display: \"8989-1147\"")
	}
	dial := v.str(f, "dial")
	u := v.str(f, "url")
	letters := v.str(f, "letters")
	if letters != nil {
		switch {
		case k != "web":
			v.errf(letters.Line, letters.Column, "letters belongs to a web entry only: a number written in letters is shown as text next to the official page, never dialled")
		case !lettersRe.MatchString(letters.Value) || strings.IndexFunc(letters.Value, func(r rune) bool { return r >= 'A' && r <= 'Z' }) < 0:
			v.errf(letters.Line, letters.Column, "letters %q must be a number exactly as its source writes it in capital letters and digits joined by \"-\", e.g. \"1-877-4-HSI-TIP\"", letters.Value)
		}
	}
	if k == "email" {
		for _, key := range []string{"dial", "url"} {
			if fd, ok := f[key]; ok {
				v.errf(fd.key.Line, fd.key.Column, "an email entry has no %q: the link writes to the address in display", key)
			}
		}
		if display != nil && !emailRe.MatchString(display.Value) {
			v.errf(display.Line, display.Column, "display %q is not an e-mail address (name@domain, lowercase)", display.Value)
		}
	} else if k == "web" {
		if fd, ok := f["dial"]; ok {
			v.errf(fd.key.Line, fd.key.Column, "a web entry has no \"dial\": remove it (the link opens \"url\")")
		}
		switch {
		case u == nil:
			missing("url", "a web entry needs the https address of the reporting site")
		case !isHTTPS(u.Value):
			v.errf(u.Line, u.Column, "url %q must be a full https:// address", u.Value)
		case display != nil && !sameHost(display.Value, u.Value):
			v.errf(display.Line, display.Column, "display %q does not match the address %q: write its host, e.g. display: %q", display.Value, u.Value, host(u.Value))
		}
	} else if k != "" {
		if _, ok := f["dial"]; !ok {
			missing("dial", "add the number to dial, in E.164 form (\"+\" country code and number) or a Costa Rican short code")
		} else if dial != nil {
			v.dial(k, dial, country)
			if display != nil {
				dd, ds := digits(dial.Value), digits(display.Value)
				// A national trunk "0" may start the display ("0800 555 111" for "+44800555111").
				if ds == "" || !(strings.HasSuffix(dd, ds) || strings.HasPrefix(ds, "0") && strings.HasSuffix(dd, ds[1:])) {
					v.errf(display.Line, display.Column, "display %q does not match dial %q: the digits of display must end the digits of dial", display.Value, dial.Value)
				}
			}
		}
		if u != nil && !isHTTPS(u.Value) {
			v.errf(u.Line, u.Column, "url %q must be a full https:// address", u.Value)
		}
	}

	reach := v.str(f, "reach")
	switch {
	case reach != nil && !v.advice[reach.Value]:
		v.errf(reach.Line, reach.Column, "reach %q is not an id of \"advice\"", reach.Value)
	case reach == nil && mayNotConnect(k, dial, letters):
		l, c := at()
		if dial != nil {
			l, c = dial.Line, dial.Column
		} else if letters != nil {
			l, c = letters.Line, letters.Column
		}
		v.errf(l, c, "a foreign phone may not reach this number (short code, Costa Rican 800, freephone or North American toll-free, lettered number): add reach: with an id of \"advice\", the site's advice if it does not connect")
	}
	if k == "whatsapp" {
		if _, ok := f["hours"]; !ok {
			missing("hours", "a WhatsApp line shows its hours, and their status when no official source gives them, in {languages}")
		}
	}

	if pf, ok := f["panel"]; ok {
		n, err := strconv.Atoi(pf.val.Value)
		switch {
		case pf.val.Kind != yaml.ScalarNode || pf.val.Tag != "!!int" || err != nil || n < 1:
			v.errf(pf.val.Line, pf.val.Column, "panel must be a whole number from 1 (its place in the \"get help\" panel)")
		case v.panels[n] != 0:
			v.errf(pf.val.Line, pf.val.Column, "panel %d is already used at line %d: each panel line needs its own number", n, v.panels[n])
		case country != nil && country.Value != "CR":
			v.errf(pf.val.Line, pf.val.Column, "panel: only a Costa Rican line (country: CR) goes in the \"get help\" panel")
		default:
			v.panels[n] = pf.val.Line
		}
	}

	for _, key := range textKeys {
		fd, ok := f[key]
		if !ok {
			switch {
			case key == "operator":
				missing("operator", "add who runs the line, in {languages}")
			case key == "name":
				missing("name", "add the line's name in {languages}")
			case key == "description":
				missing("description", "add what the line is for, in {languages}")
			case key == "purpose" && f["panel"].key != nil:
				missing("purpose", "a panel line needs its purpose in a few words, in {languages}")
			}
			continue
		}
		v.text(key, fd)
	}

	v.sources(f, at)

	if fd, ok := f["checked"]; !ok {
		missing("checked", "add the date the entry was last compared with its sources, e.g. checked: "+v.today.Format("2006-01-02"))
	} else {
		v.checked(fd.val)
	}
}

// choice checks an optional key whose value is one of a few words.
func (v *validator) choice(f map[string]field, key string, allowed []string) {
	if n := v.str(f, key); n != nil && !slices.Contains(allowed, n.Value) {
		v.errf(n.Line, n.Column, "%s %q: use %s", key, n.Value, strings.Join(allowed, ", "))
	}
}

// mayNotConnect: numbers a foreign phone in Costa Rica may not reach (travellers.md: whether
// 911 and the 800 numbers work from foreign SIMs is unconfirmed).
func mayNotConnect(kind string, dial, letters *yaml.Node) bool {
	if letters != nil {
		return true
	}
	if dial == nil || kind == "whatsapp" || kind == "web" || kind == "email" {
		return false
	}
	d := dial.Value
	return !e164Re.MatchString(d) || strings.HasPrefix(d, "+506800") || nanpFreeRe.MatchString(d) ||
		strings.HasPrefix(d, "+44800") || strings.HasPrefix(d, "+44808")
}

// str returns the value node of a string key, reporting a value that is not a quoted or plain
// string (e.g. a number, which Hugo would not print as written).
func (v *validator) str(f map[string]field, key string) *yaml.Node {
	fd, ok := f[key]
	if !ok {
		return nil
	}
	n := fd.val
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
		hint := ""
		if n.Kind == yaml.ScalarNode {
			hint = fmt.Sprintf(": write it in quotes, %s: \"%s\"", key, n.Value)
		}
		v.errf(n.Line, n.Column, "%s must be text%s", key, hint)
		return nil
	}
	if strings.TrimSpace(n.Value) == "" {
		v.errf(n.Line, n.Column, "%s is empty", key)
		return nil
	}
	return n
}

func (v *validator) dial(kind string, dial, country *yaml.Node) {
	d := dial.Value
	cr := country != nil && country.Value == "CR"
	switch {
	case e164Re.MatchString(d):
	case kind == "whatsapp":
		v.errf(dial.Line, dial.Column, "dial %q: a WhatsApp number must be in E.164 form, \"+\" then 8 to 15 digits, e.g. \"+50689891147\"", d)
	case cr && crShortRe.MatchString(d):
	case kind == "text" && smsRe.MatchString(d):
	default:
		v.errf(dial.Line, dial.Column, "dial %q is not dialable: write \"+\", the country code and the number (8 to 15 digits, no spaces), e.g. \"+5068008000645\"; a Costa Rican short code (3 or 4 digits, country CR), e.g. \"911\"; or for a text line a 5- or 6-digit short code", d)
	}
}

func (v *validator) text(key string, fd field) {
	n := fd.val
	if n.Kind != yaml.MappingNode {
		v.errf(n.Line, n.Column, "%s must have one line per language: {languages}", key)
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		lk, lv := n.Content[i], n.Content[i+1]
		if !slices.Contains(v.langs, lk.Value) {
			v.errf(lk.Line, lk.Column, "%s: unknown language %q: use {languages}", key, lk.Value)
			continue
		}
		seen[lk.Value] = true
		if lv.Kind != yaml.ScalarNode || lv.Tag != "!!str" || strings.TrimSpace(lv.Value) == "" {
			v.errf(lv.Line, lv.Column, "%s.%s must be a non-empty text", key, lk.Value)
		}
	}
	for _, l := range v.langs {
		if !seen[l] {
			v.errf(fd.key.Line, fd.key.Column, "%s has no %q text: write it in {languages}", key, l)
		}
	}
}

func (v *validator) sources(f map[string]field, at func() (int, int)) {
	fd, ok := f["sources"]
	if !ok {
		l, c := at()
		v.errf(l, c, "missing \"sources\": add at least one source with url and kind (official or secondary)")
		return
	}
	n := fd.val
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		v.errf(fd.key.Line, fd.key.Column, "sources must list at least one source, each with url and kind (official or secondary)")
		return
	}
	for _, s := range n.Content {
		if s.Kind != yaml.MappingNode {
			v.errf(s.Line, s.Column, "a source must be written as \"- url: …\" and \"kind: official\" (or secondary)")
			continue
		}
		var su, sk *yaml.Node
		for i := 0; i+1 < len(s.Content); i += 2 {
			k, val := s.Content[i], s.Content[i+1]
			switch k.Value {
			case "url":
				su = val
			case "kind":
				sk = val
			default:
				v.errf(k.Line, k.Column, "unknown key %q in a source: a source has url and kind", k.Value)
			}
		}
		switch {
		case su == nil:
			v.errf(s.Line, s.Column, "the source has no url: add the address of the page the facts come from")
		case !isHTTP(su.Value):
			v.errf(su.Line, su.Column, "source url %q must be a full http:// or https:// address", su.Value)
		}
		switch {
		case sk == nil:
			v.errf(s.Line, s.Column, "the source has no kind: add kind: official (the operator's or a government page) or secondary (news, archive)")
		case !slices.Contains(SourceKinds, sk.Value):
			v.errf(sk.Line, sk.Column, "source kind %q: use official or secondary", sk.Value)
		}
	}
}

func (v *validator) checked(n *yaml.Node) {
	t, ok := parseDate(n)
	if !ok {
		v.errf(n.Line, n.Column, "checked %q is not a date: write it as YYYY-MM-DD, e.g. checked: %s", n.Value, v.today.Format("2006-01-02"))
		return
	}
	switch {
	case t.After(v.today):
		v.errf(n.Line, n.Column, "checked %s is in the future: write the date the entry was actually compared with its sources", n.Value)
	case v.today.Sub(t) > MaxAge:
		v.warnf(n.Line, n.Column, "checked %s is %d days old (more than %d): compare the number with its sources again and update checked", n.Value, int(v.today.Sub(t).Hours()/24), int(MaxAge.Hours()/24))
	}
}

// parseDate reads a YYYY-MM-DD date from a scalar node (plain, quoted or a YAML timestamp).
func parseDate(n *yaml.Node) (time.Time, bool) {
	if n.Kind != yaml.ScalarNode || !dateRe.MatchString(n.Value) {
		return time.Time{}, false
	}
	t, err := time.Parse("2006-01-02", n.Value)
	return t, err == nil
}

// dateOf is the calendar date of t (at 00:00 UTC), so that dates compare as days.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func validCountry(c string) bool {
	if c == "INT" {
		return true
	}
	if len(c) != 2 || strings.ToUpper(c) != c {
		return false
	}
	r, err := language.ParseRegion(c)
	return err == nil && r.IsCountry() && r.String() == c
}

func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Digits returns the digits of a number as written ("+506 8989-1147" → "50689891147").
func Digits(s string) string { return digits(s) }

func isHTTPS(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "https" && u.Host != ""
}

func isHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

func host(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// sameHost: display is the address's host, or its host and path ("dhs.gov/hsi/tipline").
func sameHost(display, addr string) bool {
	d := strings.TrimPrefix(strings.TrimSuffix(strings.ToLower(display), "/"), "www.")
	if d == host(addr) {
		return true
	}
	u, err := url.Parse(addr)
	return err == nil && u.Path != "" && u.Path != "/" && d == host(addr)+strings.ToLower(strings.TrimSuffix(u.Path, "/"))
}

// splitYAMLError turns "yaml: line 3: did not find …" into (3, "did not find …").
func splitYAMLError(msg string) (int, string) {
	msg = strings.TrimPrefix(msg, "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n  ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.Index(rest, ": "); i > 0 {
			if n, err := strconv.Atoi(rest[:i]); err == nil {
				return n, rest[i+2:]
			}
		}
	}
	return 1, msg
}

// languageList is "es, en and fr" for the site's languages.
func (v *validator) languageList() string {
	switch n := len(v.langs); n {
	case 0:
		return ""
	case 1:
		return v.langs[0]
	default:
		return strings.Join(v.langs[:n-1], ", ") + " and " + v.langs[n-1]
	}
}
