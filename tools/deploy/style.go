package deploy

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"

	"protege/tools/diag"
)

// StyleFile is the one stylesheet, relative to the repository root. Every page carries it,
// minified, in a <style> element (site/layouts/_partials/css.html), and the policy allows
// that text by its hash.
const StyleFile = "assets/css/main.css"

// StylePlaceholder stands, in a directive of deploy/headers.toml, for the hash source of the
// inline stylesheet ('sha256-…'), which changes with the stylesheet. The generated configs and
// the pages carry the hash itself.
const StylePlaceholder = "{inline-style-hash}"

// StyleHash is the Content-Security-Policy hash of the inline stylesheet, "sha256-<base64>":
// the SHA-256 of assets/css/main.css minified as Hugo minifies it (Hugo's `minify` uses
// tdewolff/minify's CSS minifier with these settings, at the version go.mod pins for both).
// The build checks that every page's <style> has this hash, so a difference between this
// minifier and Hugo's fails the build instead of blocking the styles in a browser.
func StyleHash(root string) (string, error) {
	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(StyleFile)))
	if err != nil {
		return "", err
	}
	min, err := MinifyCSS(src)
	if err != nil {
		return "", fmt.Errorf("%s: %w", StyleFile, err)
	}
	return CSPHash(min), nil
}

// MinifyCSS minifies a stylesheet with Hugo's default CSS settings.
func MinifyCSS(src []byte) ([]byte, error) {
	m := minify.New()
	m.Add("text/css", &css.Minifier{Precision: 0, Version: 0})
	var out bytes.Buffer
	if err := m.Minify("text/css", &out, bytes.NewReader(src)); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// CSPHash is the hash source of text for a Content-Security-Policy, without its quotes.
func CSPHash(text []byte) string {
	sum := sha256.Sum256(text)
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

// LoadSite loads deploy/headers.toml under root and, when its policy uses StylePlaceholder,
// fills in the hash of the stylesheet under root: the source every config is generated from
// and checked against.
func LoadSite(root string) (*Source, []diag.Diagnostic) {
	s, ds := Load(filepath.Join(root, SourceFile))
	for i := range ds {
		ds[i].Path = SourceFile
	}
	if s == nil || !strings.Contains(s.HeaderCSP(), StylePlaceholder) {
		return s, ds
	}
	h, err := StyleHash(root)
	if err != nil {
		return nil, append(ds, diag.Errorf(StyleFile, 0, 0, "%v", err))
	}
	s.StyleHash = h
	return s, ds
}

// fill puts the stylesheet's hash in place of the placeholder of a directive.
func (s *Source) fill(directive string) string {
	if !strings.Contains(directive, StylePlaceholder) {
		return directive
	}
	if s.StyleHash == "" {
		return directive // a Source read without LoadSite: Generate refuses it
	}
	return strings.ReplaceAll(directive, StylePlaceholder, "'"+s.StyleHash+"'")
}
