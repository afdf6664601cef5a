package markdown

import "bytes"

// Shortcode is one {{< name args >}} (or {{% name args %}}) in a body.
type Shortcode struct {
	Name    string
	Args    []string // positional and named arguments as written, quotes removed
	Closing bool     // {{< /name >}}
	// Start and End are byte offsets of the whole shortcode in the body.
	Start, End int
}

// Shortcodes returns the shortcodes of a body in order. Hugo's escaped form {{</* … */>}}
// (which prints the shortcode as text) is skipped.
func Shortcodes(body []byte) []Shortcode {
	var out []Shortcode
	for i := 0; i+3 <= len(body); {
		j := bytes.Index(body[i:], []byte("{{"))
		if j < 0 {
			break
		}
		start := i + j
		if start+2 >= len(body) || (body[start+2] != '<' && body[start+2] != '%') {
			i = start + 2
			continue
		}
		closeSeq := []byte(">}}")
		if body[start+2] == '%' {
			closeSeq = []byte("%}}")
		}
		k := bytes.Index(body[start+3:], closeSeq)
		if k < 0 {
			break
		}
		end := start + 3 + k + 3
		inner := bytes.TrimSpace(body[start+3 : start+3+k])
		i = end
		if bytes.HasPrefix(inner, []byte("/*")) {
			continue // {{</* escaped */>}}
		}
		sc := Shortcode{Start: start, End: end}
		if bytes.HasPrefix(inner, []byte("/")) {
			sc.Closing = true
			inner = bytes.TrimSpace(inner[1:])
		}
		words := splitArgs(string(inner))
		if len(words) == 0 {
			continue
		}
		sc.Name, sc.Args = words[0], words[1:]
		out = append(out, sc)
	}
	return out
}

// splitArgs splits shortcode arguments on spaces, honouring "double" and `raw` quotes.
func splitArgs(s string) []string {
	var out []string
	var cur []byte
	in := byte(0)
	has := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case in != 0 && c == '\\' && in == '"' && i+1 < len(s):
			i++
			cur = append(cur, s[i])
		case in != 0 && c == in:
			in = 0
		case in != 0:
			cur = append(cur, c)
		case c == '"' || c == '`':
			in, has = c, true
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			if has || len(cur) > 0 {
				out = append(out, string(cur))
			}
			cur, has = cur[:0:0], false
		default:
			cur = append(cur, c)
		}
	}
	if has || len(cur) > 0 {
		out = append(out, string(cur))
	}
	return out
}
