// Package nginxtest proves the shipped nginx configuration (deploy/nginx/protege.conf) with a
// real nginx: it serves a built site on loopback, at the root and under a subpath, and checks
// status codes, every header of deploy/headers.toml, caching, compression and the
// per-language 404 pages with real HTTP requests. The package has only tests; run
//
//	go test ./tools/nginxtest/
//
// It needs Debian's nginx (/usr/sbin/nginx, or $PROTEGE_NGINX): skipped without it, except
// in CI (CI=true), where a missing nginx fails. It uses the site in $PROTEGE_PUBLIC when set
// (make test builds it first) and builds the subpath site itself.
package nginxtest
