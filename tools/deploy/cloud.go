package deploy

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"protege/tools/precompress"
)

// HugoDeploy renders deploy/hugo-deploy.toml: `hugo deploy` targets for Amazon S3, Google
// Cloud Storage and Azure Blob Storage, and matchers that give each file its Cache-Control
// and compression. Object stores cannot send other headers: CloudFront adds them
// (CloudFront below); docs/deploy.md says what to do elsewhere.
func HugoDeploy(s *Source, o Options) (string, error) {
	var b strings.Builder
	b.WriteString(comment("#",
		"Protege: `hugo deploy` to Amazon S3, Google Cloud Storage or Azure Blob Storage.",
		generatedNote,
		"",
		"Copy it (cp deploy/hugo-deploy.toml site/deploy.toml), put your bucket in the copy, then after",
		"a `make build` pass the copy after the site's own configuration (paths are relative to site/):",
		"    go run -tags withdeploy github.com/gohugoio/hugo deploy -s site \\",
		"        --config hugo.toml,deploy.toml -d ../public --target s3 --dryRun",
		"`go tool hugo` is built without deploy support; the first `go run -tags withdeploy` compiles",
		"Hugo with it (minutes). See docs/deploy.md.",
	))
	b.WriteString(`
[deployment]
  # The .gz copies are for servers that choose per request; a bucket sends one encoding to
  # everyone, so the matchers below compress text as it is uploaded instead.
  [[deployment.targets]]
    name = "s3"
    url = "s3://BUCKET?region=REGION"
    exclude = "**.gz"
    # cloudFrontDistributionID = "E1234567890"   # invalidates CloudFront's cache after each deploy
  [[deployment.targets]]
    name = "gcs"
    url = "gs://BUCKET"
    exclude = "**.gz"
  [[deployment.targets]]
    name = "azure"
    url = "azblob://$web"
    exclude = "**.gz"

  # The first matching pattern (a Go regexp on the path inside public/) wins; text files are
  # compressed on upload (gzip = true: stored with Content-Encoding: gzip).
`)
	text := `\.(?i:` + strings.Join(exts(precompress.Extensions), "|") + ")$"
	for _, r := range s.Cache {
		if r.Default() {
			// Files of a media type the bucket would not know: the default rule's caching,
			// with their Content-Type.
			for _, m := range s.Types {
				fmt.Fprintf(&b, "  [[deployment.matchers]]\n    # %s\n    pattern = '\\.%s$'\n    cacheControl = \"%s\"\n    contentType = \"%s\"\n    gzip = %v\n",
					m.Name, regexpAlt(m.Extensions), r.Control, m.Value(), precompress.Compressible("x."+m.Extensions[0]))
			}
			writeMatcher(&b, r, text, true)
			writeMatcher(&b, r, ".*", false)
			continue
		}
		if len(r.Folders) > 0 {
			folder := "^" + regexpAlt(r.Folders) + "/[^/]+"
			writeMatcher(&b, r, folder+text, true)
			writeMatcher(&b, r, folder+"$", false)
		}
		var zipped, plain []string
		for _, e := range r.Extensions {
			if precompress.Compressible("x." + e) {
				zipped = append(zipped, e)
			} else {
				plain = append(plain, e)
			}
		}
		if len(zipped) > 0 {
			writeMatcher(&b, r, `\.`+regexpAlt(zipped)+"$", true)
		}
		if len(plain) > 0 {
			writeMatcher(&b, r, `\.`+regexpAlt(plain)+"$", false)
		}
	}
	return b.String(), nil
}

func writeMatcher(b *strings.Builder, r CacheRule, pattern string, gzip bool) {
	what := r.Name
	if gzip {
		what += ", text"
	}
	fmt.Fprintf(b, "  [[deployment.matchers]]\n    # %s\n    pattern = '%s'\n    cacheControl = \"%s\"\n    gzip = %v\n", what, pattern, r.Control, gzip)
}

func exts(list []string) []string {
	out := make([]string, len(list))
	for i, e := range list {
		out[i] = strings.TrimPrefix(e, ".")
	}
	return out
}

// cloudFrontPolicy is the ResponseHeadersPolicyConfig of CloudFront's API
// (aws cloudfront create-response-headers-policy --response-headers-policy-config file://…).
type cloudFrontPolicy struct {
	Name                  string
	Comment               string
	SecurityHeadersConfig struct {
		ContentSecurityPolicy *struct {
			Override              bool
			ContentSecurityPolicy string
		} `json:",omitempty"`
		ContentTypeOptions *struct{ Override bool } `json:",omitempty"`
		FrameOptions       *struct {
			Override    bool
			FrameOption string
		} `json:",omitempty"`
		ReferrerPolicy *struct {
			Override       bool
			ReferrerPolicy string
		} `json:",omitempty"`
		StrictTransportSecurity *struct {
			Override               bool
			AccessControlMaxAgeSec int
			IncludeSubdomains      bool
			Preload                bool
		} `json:",omitempty"`
	}
	CustomHeadersConfig struct {
		Quantity int
		Items    []cloudFrontHeader
	}
}

type cloudFrontHeader struct {
	Header   string
	Value    string
	Override bool
}

var hstsRe = regexp.MustCompile(`^max-age=(\d+)((?:; ?(?:includeSubDomains|preload))*)$`)

// CloudFront renders deploy/aws/cloudfront-response-headers-policy.json: the security
// headers for a site served from S3 through CloudFront (S3 sends none of its own).
func CloudFront(s *Source, o Options) (string, error) {
	var p cloudFrontPolicy
	p.Name = "protege-security-headers"
	p.Comment = "Generated from deploy/headers.toml by protege deploy-configs"
	sh := &p.SecurityHeadersConfig
	for _, h := range s.Security() {
		v := h.Value
		switch strings.ToLower(h.Name) {
		case "content-security-policy":
			sh.ContentSecurityPolicy = &struct {
				Override              bool
				ContentSecurityPolicy string
			}{true, v}
		case "x-content-type-options":
			if v != "nosniff" {
				return "", fmt.Errorf("X-Content-Type-Options %q: CloudFront only sends nosniff", v)
			}
			sh.ContentTypeOptions = &struct{ Override bool }{true}
		case "x-frame-options":
			if v != "DENY" && v != "SAMEORIGIN" {
				return "", fmt.Errorf("X-Frame-Options %q: CloudFront only sends DENY or SAMEORIGIN", v)
			}
			sh.FrameOptions = &struct {
				Override    bool
				FrameOption string
			}{true, v}
		case "referrer-policy":
			sh.ReferrerPolicy = &struct {
				Override       bool
				ReferrerPolicy string
			}{true, v}
		case "strict-transport-security":
			m := hstsRe.FindStringSubmatch(v)
			if m == nil {
				return "", fmt.Errorf("Strict-Transport-Security %q: want max-age=N[; includeSubDomains][; preload]", v)
			}
			age, _ := strconv.Atoi(m[1])
			sh.StrictTransportSecurity = &struct {
				Override               bool
				AccessControlMaxAgeSec int
				IncludeSubdomains      bool
				Preload                bool
			}{true, age, strings.Contains(m[2], "includeSubDomains"), strings.Contains(m[2], "preload")}
		default:
			p.CustomHeadersConfig.Items = append(p.CustomHeadersConfig.Items, cloudFrontHeader{h.Name, v, true})
		}
	}
	p.CustomHeadersConfig.Quantity = len(p.CustomHeadersConfig.Items)
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return "", err
	}
	return string(b) + "\n", nil
}
