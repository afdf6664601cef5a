package cli

import "protege/tools/siteconfig"

// loadSite reads the site's facts, once per command, in the one place that reads them
// (tools/siteconfig): the languages and base URL of root's site/hugo.toml, STRICT from the
// environment (1 or true), and the -baseurl flag when one is given. The command passes the
// result down to the packages that need it.
func loadSite(getenv func(string) string, root, baseURL string) (*siteconfig.Site, error) {
	s, err := siteconfig.Load(root, getenv)
	if err != nil {
		return nil, err
	}
	return s.WithBaseURL(baseURL)
}
