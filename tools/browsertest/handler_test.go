package browsertest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

// TestHandler: the test server answers like a static host (no browser needed).
func TestHandler(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for rel, body := range map[string]string{
		"index.html": "root", "404.html": "root 404", "es/index.html": "es home",
		"es/404.html": "es 404", "es/guias/index.html": "guides", "css/a.css": "css",
	} {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(body), 0o644)
	}
	for _, prefix := range []string{"/", "/sub/"} {
		srv := httptest.NewServer(Handler(dir, prefix, langs))
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		for _, c := range []struct {
			path   string
			status int
			body   string
		}{
			{"", 200, "root"},
			{"es/", 200, "es home"},
			{"es/guias/", 200, "guides"},
			{"es/guias", 301, ""},
			{"css/a.css", 200, "css"},
			{"es/nada/", 404, "es 404"},
			{"en/nothing/", 404, "root 404"},
			{"nothing", 404, "root 404"},
		} {
			resp, err := client.Get(srv.URL + prefix + c.path)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != c.status || (c.body != "" && string(b) != c.body) {
				t.Errorf("%s%s: %d %q, want %d %q", prefix, c.path, resp.StatusCode, b, c.status, c.body)
			}
		}
		srv.Close()
	}
}
