# Protege. The two commands: `make build` and `make test`. `make help` lists the rest.
GO       ?= go
# The Go toolchain, exactly: go.mod's `toolchain` line (go1.27.3). Exported, so every go command
# make starts, and those the tools and tests start (`go tool -n hugo`, actionlint), use it even
# where GOTOOLCHAIN=local (Debian's Go, the golang images); the go command fetches it once from
# the module proxy. `make GOTOOLCHAIN=… test` still overrides it.
export GOTOOLCHAIN := $(shell sed -n 's/^toolchain //p' go.mod)
$(if $(GOTOOLCHAIN),,$(error go.mod has no toolchain line))
BASE_URL ?=
STRICT   ?=
export STRICT

BIN      := build/bin/protege
PROTEGE  := $(BIN)
HUGO     := $(GO) tool hugo
HUGO_STRICT := --printI18nWarnings --printPathWarnings --panicOnWarning
BASEURL_FLAG := $(if $(BASE_URL),-baseurl $(BASE_URL),)

.DEFAULT_GOAL := help
.PHONY: help build release serve check new status test screenshots bench clean tool materials npm deploy-configs

help: ## list the targets
	@echo "Protege — make targets:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  make \1\t\2/' | expand -t 22
	@echo
	@echo "  BASE_URL=https://host/sub/  build for another address (default: site/hugo.toml)"
	@echo "  make release BASE_URL=…     the build to publish and print (no PREVIEW mark on the PDFs)"
	@echo "  STRICT=1 (or true)          warnings (stale hotline checks, outdated translations) fail, in check and the PDFs"

tool: ## compile the protege toolchain (build/bin/protege)
	@$(GO) build -o $(BIN) ./tools/cmd/protege

check: tool ## check content, translations, i18n strings, links and hotline data (seconds)
	@$(PROTEGE) check $(CHECK_FLAGS)
	@$(PROTEGE) deploy-configs -check

materials: tool ## generate the PDF kit into build/materials (done by build and serve)
	@$(PROTEGE) materials -root . -out build/materials $(BASEURL_FLAG)

build: deploy-configs ## build the site into public/: check, PDFs and Hugo at once, verify, then swapped in only on success
	@$(PROTEGE) deploy-configs -check
	@$(PROTEGE) build -check -root . -out public $(BASEURL_FLAG)
	@echo "built public/"

release: tool ## the build to publish and print: make release BASE_URL=https://your-domain/ (refuses placeholders, needs content/data/publisher.yaml)
	@$(PROTEGE) release-check -root . $(BASEURL_FLAG)
	@$(PROTEGE) deploy-configs -check
	@$(PROTEGE) build -release -check -root . -out public $(BASEURL_FLAG)
	@echo "built public/ for release: $(BASE_URL)"

serve: check materials ## live preview on http://localhost:1313/
	@$(PROTEGE) status -data build/l10n/status.json
	$(HUGO) server -s site --bind 127.0.0.1 --port 1313 $(HUGO_STRICT)

new: tool ## add a page in es, en and fr with a shared translationKey
	@$(PROTEGE) new $(ARGS)

status: tool ## translation status (FORMAT=markdown; DIFF=content/en/PAGE.md: Spanish changes to carry over)
	@$(PROTEGE) status $(if $(FORMAT),-format $(FORMAT),) $(if $(DIFF),-diff $(DIFF),)

node_modules/.package-lock.json: package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund

npm: node_modules/.package-lock.json

test: tool npm ## Go tests, a full build with verify, browser and accessibility tests
	$(GO) vet ./...
	$(MAKE) --no-print-directory build
	PROTEGE_PUBLIC=$(CURDIR)/public $(GO) test -count=1 -timeout 30m ./...

screenshots: tool npm ## full-page screenshots of each page type, es/en/fr, phone and desktop, into test-artifacts/screenshots/
	$(MAKE) --no-print-directory build
	PROTEGE_PUBLIC=$(CURDIR)/public PROTEGE_SCREENSHOTS=1 $(GO) test -count=1 -run '^TestScreenshots$$' ./tools/browsertest/

bench: tool materials ## time each build stage (real site, 1,000 x 3 and 3,000 x 3 pages); rewrites the README table
	@mkdir -p build
	$(GO) test -run '^$$' -bench . -benchtime 1x -count 3 -timeout 90m ./tools/bench/ > build/bench.txt; s=$$?; cat build/bench.txt; exit $$s
	PROTEGE_BENCH_SUITE=1 $(GO) test -run '^$$' -bench '^BenchmarkSuite$$' -benchtime 1x -timeout 60m ./tools/bench/ > build/suite.txt; s=$$?; cat build/suite.txt; cat build/suite.txt >> build/bench.txt; exit $$s
	@$(PROTEGE) bench-table -in build/bench.txt -readme README.md

deploy-configs: tool ## regenerate the host configs in deploy/ from deploy/headers.toml
	@$(PROTEGE) deploy-configs

clean: ## remove generated files
	rm -rf public build test-artifacts site/resources .public.new-* .public.build-* .public.previous-*
