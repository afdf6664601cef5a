// Package scenarios reads and checks the training scenarios: content/data/scenarios/<lang>.yaml,
// one file per language, the one source of both the "What would you do?" page and the printed
// scenario cards. Every language has the same scenarios, by key and in the same order, with the
// same role and the same lines to call; the texts are the language's own.
//
// The hotlines are never written in the texts: a scenario's `call` names lines of
// content/data/hotlines.yaml by id, so a number changed there reaches the page and the cards.
package scenarios

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"protege/tools/diag"
	"protege/tools/hotlines"
	"protege/tools/terms"
)

// Dir is the folder of the scenario files, relative to the repository root.
const Dir = "content/data/scenarios"

// Roles are the jobs a scenario can be written for, in the order of the training.
var Roles = []string{"front-desk", "housekeeping", "bar-restaurant", "security-parking", "drivers", "tour-guides", "informal-vendors", "managers"}

// CallLines are the lines a scenario may tell a worker to call: the emergency line and the OIJ
// confidential line, which anyone may call directly. PANI's lines are for children and
// adolescents themselves, not the adult witness's route.
var CallLines = []string{"cr-911", "cr-oij-cico"}

// RoleID is the i18n string id of a role's name: "front-desk" → "scenarioRoleFrontDesk".
// The page template builds the same id.
func RoleID(role string) string {
	var b strings.Builder
	b.WriteString("scenarioRole")
	for w := range strings.SplitSeq(role, "-") {
		if w != "" {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

// Call is one line to call and when.
type Call struct {
	Line string // hotline id
	When string
}

// Scenario is one situation, for one role.
type Scenario struct {
	Key       string
	Role      string
	Title     string
	Situation string
	Do, Dont  []string
	Call      []Call
	Line      int // where it starts in its file
}

// Set is the scenarios of one language.
type Set struct {
	Lang, File string
	Scenarios  []Scenario
}

var keyRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// digitsRE finds a run of three or more digits, with spaces or dashes between them: a number
// typed by hand.
var digitsRE = regexp.MustCompile(`\d[\d\s-]{1,}\d`)

var fields = []string{"key", "role", "title", "situation", "do", "dont", "call"}

// Load reads the scenario files of dir, one per language. A missing or unreadable file, or a
// scenario that is not well formed, is a diagnostic; what could be read is returned.
func Load(dir string, langs []string) (map[string]*Set, []diag.Diagnostic) {
	sets := map[string]*Set{}
	var ds []diag.Diagnostic
	for _, lang := range langs {
		file := filepath.Join(dir, lang+".yaml")
		b, err := os.ReadFile(file)
		if errors.Is(err, fs.ErrNotExist) {
			ds = append(ds, diag.Errorf(file, 0, 0, "no scenario file for %q: every language has the same scenarios (copy %s.yaml and translate it)", lang, langs[0]))
			continue
		} else if err != nil {
			ds = append(ds, diag.Errorf(file, 0, 0, "cannot read the scenarios: %v", err))
			continue
		}
		s, sds := Parse(file, lang, b)
		ds = append(ds, sds...)
		if s != nil {
			sets[lang] = s
		}
	}
	return sets, ds
}

// Parse reads one language's file.
func Parse(file, lang string, b []byte) (*Set, []diag.Diagnostic) {
	var ds []diag.Diagnostic
	errf := func(n *yaml.Node, format string, args ...any) {
		line := 0
		if n != nil {
			line = n.Line
		}
		ds = append(ds, diag.Errorf(file, line, 0, format, args...))
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		line, msg := 0, err.Error()
		if m := regexp.MustCompile(`line (\d+): (.*)`).FindStringSubmatch(msg); m != nil {
			fmt.Sscan(m[1], &line)
			msg = m[2]
		}
		return nil, []diag.Diagnostic{diag.Errorf(file, line, 0, "not valid YAML: %s", msg)}
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, []diag.Diagnostic{diag.Errorf(file, 1, 0, "the file holds `scenarios:`, a list of scenarios")}
	}
	var list *yaml.Node
	top := doc.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == "scenarios" {
			list = top.Content[i+1]
		} else {
			errf(top.Content[i], "unknown key %q: the file holds `scenarios:` only", top.Content[i].Value)
		}
	}
	if list == nil || list.Kind != yaml.SequenceNode {
		errf(top, "the file holds `scenarios:`, a list of scenarios")
		return nil, ds
	}
	set := &Set{Lang: lang, File: file}
	seen := map[string]int{}
	for _, n := range list.Content {
		if n.Kind != yaml.MappingNode {
			errf(n, "a scenario has the keys %s", strings.Join(fields, ", "))
			continue
		}
		sc := Scenario{Line: n.Line}
		f := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if !slices.Contains(fields, k.Value) {
				errf(k, "unknown key %q in a scenario (keys: %s)", k.Value, strings.Join(fields, ", "))
				continue
			}
			f[k.Value] = n.Content[i+1]
		}
		str := func(key string) string {
			v := f[key]
			if v == nil || v.Kind != yaml.ScalarNode || strings.TrimSpace(v.Value) == "" {
				at := v
				if at == nil {
					at = n
				}
				errf(at, "the scenario needs `%s`, a text", key)
				return ""
			}
			return strings.TrimSpace(v.Value)
		}
		strs := func(key string) []string {
			v := f[key]
			var out []string
			if v != nil && v.Kind == yaml.SequenceNode {
				for _, e := range v.Content {
					if e.Kind == yaml.ScalarNode && strings.TrimSpace(e.Value) != "" {
						out = append(out, strings.TrimSpace(e.Value))
					} else {
						errf(e, "each item of `%s` is a text", key)
					}
				}
			}
			if len(out) == 0 {
				at := v
				if at == nil {
					at = n
				}
				errf(at, "the scenario needs `%s`, a list of at least one text", key)
			}
			return out
		}
		sc.Key = str("key")
		if sc.Key != "" {
			if !keyRE.MatchString(sc.Key) {
				errf(f["key"], "key %q: lowercase words joined by \"-\", the same in every language", sc.Key)
			}
			if l, dup := seen[sc.Key]; dup {
				errf(f["key"], "key %q is used twice (also line %d)", sc.Key, l)
			} else {
				seen[sc.Key] = f["key"].Line
			}
		}
		sc.Role = str("role")
		if sc.Role != "" && !slices.Contains(Roles, sc.Role) {
			errf(f["role"], "unknown role %q: known roles are %s", sc.Role, strings.Join(Roles, ", "))
		}
		sc.Title = str("title")
		sc.Situation = str("situation")
		sc.Do = strs("do")
		sc.Dont = strs("dont")
		if v := f["call"]; v != nil && v.Kind == yaml.SequenceNode {
			for _, c := range v.Content {
				var line, when string
				if c.Kind == yaml.MappingNode {
					for i := 0; i+1 < len(c.Content); i += 2 {
						switch c.Content[i].Value {
						case "line":
							line = strings.TrimSpace(c.Content[i+1].Value)
						case "when":
							when = strings.TrimSpace(c.Content[i+1].Value)
						default:
							errf(c.Content[i], "unknown key %q in `call`: an item has `line` (a hotline id) and `when`", c.Content[i].Value)
						}
					}
				}
				if line == "" || when == "" {
					errf(c, "each item of `call` has `line` (a hotline id) and `when` (a text)")
					continue
				}
				if !slices.Contains(CallLines, line) {
					errf(c, "line %q: a scenario sends the worker to %s only (PANI's lines are for children and adolescents themselves)", line, strings.Join(CallLines, " or "))
				}
				sc.Call = append(sc.Call, Call{Line: line, When: when})
			}
		}
		if len(sc.Call) == 0 && f["call"] == nil {
			errf(n, "the scenario needs `call`: the lines to call, each with `line` and `when`")
		}
		set.Scenarios = append(set.Scenarios, sc)
	}
	return set, ds
}

// Texts are a scenario's texts, in order, with the key each comes from.
func (s Scenario) texts() []string {
	out := []string{s.Title, s.Situation}
	out = append(out, s.Do...)
	out = append(out, s.Dont...)
	for _, c := range s.Call {
		out = append(out, c.When)
	}
	return out
}

// Check loads the scenarios and reports every problem: malformed files, lines unknown to the
// hotline data (hot may be nil: not checked), numbers typed by hand, terms to avoid, and the
// scenarios one language has and another lacks. The first language is the reference.
func Check(dir string, langs []string, hot *hotlines.Data) []diag.Diagnostic {
	sets, ds := Load(dir, langs)
	matcher := terms.Default().Matcher()
	for _, lang := range langs {
		set := sets[lang]
		if set == nil {
			continue
		}
		for _, sc := range set.Scenarios {
			for _, c := range sc.Call {
				if hot != nil {
					if _, ok := hot.ByID(c.Line); !ok {
						ds = append(ds, diag.Errorf(set.File, sc.Line, 0, "scenario %q: unknown hotline id %q (see content/data/hotlines.yaml)", sc.Key, c.Line))
					}
				}
			}
			for _, t := range sc.texts() {
				if m := digitsRE.FindString(t); m != "" {
					ds = append(ds, diag.Errorf(set.File, sc.Line, 0, "scenario %q: %q looks like a number typed by hand: name the line in `call` instead", sc.Key, m))
				}
				for _, mt := range matcher.Find(lang, []byte(t)) {
					ds = append(ds, diag.Errorf(set.File, sc.Line, 0, "scenario %q: avoid %q: write %q instead (Luxembourg Guidelines, tools/terms/terms.yaml)", sc.Key, mt.Found, mt.Use))
				}
			}
		}
	}
	ds = append(ds, parity(sets, langs)...)
	diag.Sort(ds)
	return ds
}

// parity compares every language with the first: same keys, same order, same role, same lines.
func parity(sets map[string]*Set, langs []string) []diag.Diagnostic {
	if len(langs) == 0 || sets[langs[0]] == nil {
		return nil
	}
	ref := sets[langs[0]]
	refName := filepath.Base(ref.File)
	refIdx := map[string]int{}
	for i, sc := range ref.Scenarios {
		refIdx[sc.Key] = i
	}
	var ds []diag.Diagnostic
	for _, lang := range langs[1:] {
		set := sets[lang]
		if set == nil {
			continue
		}
		has := map[string]int{}
		var order []string
		for _, sc := range set.Scenarios {
			has[sc.Key] = sc.Line
			i, ok := refIdx[sc.Key]
			if !ok {
				ds = append(ds, diag.Errorf(set.File, sc.Line, 0, "scenario %q is not in %s: add it there too, or remove it here", sc.Key, refName))
				continue
			}
			order = append(order, sc.Key)
			r := ref.Scenarios[i]
			if sc.Role != r.Role {
				ds = append(ds, diag.Errorf(set.File, sc.Line, 0, "scenario %q: role %q, but %q in %s:%d", sc.Key, sc.Role, r.Role, refName, r.Line))
			}
			if got, want := lineIDs(sc.Call), lineIDs(r.Call); got != want {
				ds = append(ds, diag.Errorf(set.File, sc.Line, 0, "scenario %q: calls %s, but %s in %s:%d", sc.Key, got, want, refName, r.Line))
			}
		}
		var refOrder []string
		for _, sc := range ref.Scenarios {
			if _, ok := has[sc.Key]; ok {
				refOrder = append(refOrder, sc.Key)
				continue
			}
			ds = append(ds, diag.Errorf(set.File, lastLine(set), 0, "scenario %q (%s:%d) is missing in %s: translate it", sc.Key, refName, sc.Line, lang))
		}
		if !slices.Equal(order, refOrder) {
			for i := range order {
				if order[i] != refOrder[i] {
					ds = append(ds, diag.Errorf(set.File, has[order[i]], 0, "scenario %q is not in the order of %s (there, %q comes here): keep the same order so that cards and page match", order[i], refName, refOrder[i]))
					break
				}
			}
		}
	}
	return ds
}

func lineIDs(cs []Call) string {
	var ids []string
	for _, c := range cs {
		ids = append(ids, c.Line)
	}
	return "[" + strings.Join(ids, ", ") + "]"
}

func lastLine(s *Set) int {
	if n := len(s.Scenarios); n > 0 {
		return s.Scenarios[n-1].Line
	}
	return 1
}
