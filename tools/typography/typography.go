// Package typography applies French typographic spacing to text: a narrow no-break space
// (U+202F) before ; : ! ? and », and after «. It is done once, in the pipeline, on everything
// that reaches a French reader: the built HTML pages (text nodes of elements whose language is
// French, whatever wrote them: Markdown, i18n strings, hotline data) and the PDF kit (the PDF
// layout engine calls French on every French span). Editors type ordinary spaces, or none.
package typography

import (
	"strings"
	"unicode"
)

// NNBSP is the narrow no-break space that French typography puts around high punctuation.
const NNBSP = '\u202f'

// spaceLike are the spaces an editor may have typed where NNBSP belongs.
func spaceLike(r rune) bool {
	return r == ' ' || r == '\u00a0' || r == '\u2009' || r == NNBSP || r == '\t'
}

// French returns s with French spacing:
//   - any space typed before ; : ! ? » becomes one narrow no-break space, and so does any
//     space typed after «;
//   - where none was typed, one is added before ; ! ? and : when the mark follows a letter
//     and ends a word (so "16:00", "https://…" and "&amp;" stay as they are), before » and
//     after «.
func French(s string) string {
	if !strings.ContainsAny(s, ";:!?«»") {
		return s
	}
	in := []rune(s)
	out := make([]rune, 0, len(in)+8)
	for i := 0; i < len(in); i++ {
		r := in[i]
		switch {
		case r == '«':
			out = append(out, r)
			j := i + 1
			for j < len(in) && spaceLike(in[j]) {
				j++
			}
			if j < len(in) && in[j] != '\n' {
				out = append(out, NNBSP)
			}
			i = j - 1
		case isHigh(r):
			// Drop the spaces already written before the mark.
			k := len(out)
			for k > 0 && spaceLike(out[k-1]) {
				k--
			}
			typed := k < len(out)
			out = out[:k]
			if typed || (k > 0 && wantsSpace(r, out[k-1], in, i)) {
				out = append(out, NNBSP)
			}
			out = append(out, r)
		default:
			out = append(out, r)
		}
	}
	return string(out)
}

func isHigh(r rune) bool { return r == ';' || r == ':' || r == '!' || r == '?' || r == '»' }

// wantsSpace says whether a mark written right after prev (with no space) gets one.
func wantsSpace(mark, prev rune, in []rune, i int) bool {
	if mark == '»' {
		return prev != '\n' && prev != '«'
	}
	if !unicode.IsLetter(prev) && prev != ')' && prev != '’' && prev != '"' && prev != '”' {
		return false
	}
	if isHigh(prev) {
		return false
	}
	// The mark must end a word: followed by a space, another mark, a closing sign or the end.
	if i+1 == len(in) {
		return true
	}
	next := in[i+1]
	return unicode.IsSpace(next) || next == '\u00a0' || next == NNBSP || isHigh(next) ||
		next == ')' || next == '»' || next == '"' || next == '”'
}
