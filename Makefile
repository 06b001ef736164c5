# minutebook: `make run` serves the demo, `make test` runs every test.
GO_TAGS := sqlite_fts5
GO      ?= go
ADDR    ?= 127.0.0.1:8080
DB      ?= minutebook.db

export CGO_ENABLED := 1
# Go 1.27.3, fetched from the Go module proxy on first use: the standard
# library of this machine's Go 1.26.8 has vulnerabilities fixed since.
export GOTOOLCHAIN := go1.27.3

# The Go vulnerability database, built from a pinned copy of
# golang.org/x/vulndb served by the module proxy (vuln.go.dev cannot be
# reached from here), so that a scan gives the same answer every time.
VULNDB_VERSION := v0.0.0-20261105234957-e22db6528018
VULNDB := .cache/vulndb-$(VULNDB_VERSION)
GOVULNCHECK := golang.org/x/vuln/cmd/govulncheck@v1.9.0

# Fuzz targets run briefly on every test run: PDF sniffing, Markdown,
# dates, form text, sign-in redirects and email headers.
FUZZ_TARGETS := files:FuzzCheckPDF markdown:FuzzRenderNeverEmitsScript dates:FuzzParseDate \
	server:FuzzFormText server:FuzzSafeNext mail:FuzzMessageHeaders
FUZZ_TIME ?= 10s

# Debian packages the tests need: a browser for accessibility checks and the
# PDF tools that check the agenda packs.
SYSTEM_TOOLS := chromium:chromium qpdf:qpdf pdfinfo:poppler-utils sqlite3:sqlite3 openssl:openssl python3:python3

.PHONY: run build test lint deps system-deps assets clean fmt-check vulncheck fuzz

run: assets
	$(GO) run -tags $(GO_TAGS) . serve --addr $(ADDR) --db $(DB) --demo

build: assets
	$(GO) build -tags $(GO_TAGS) -o minutebook .

test: system-deps assets fmt-check
	$(GO) vet -tags $(GO_TAGS) ./...
	MINUTEBOOK_REQUIRE_BROWSER=1 $(GO) test -race -count=1 -tags $(GO_TAGS) ./...
	$(MAKE) --no-print-directory fuzz vulncheck

fmt-check:
	@unformatted=$$(find . -name '*.go' -not -path './node_modules/*' -not -path './.cache/*' | xargs gofmt -l); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi

fuzz:
	@for target in $(FUZZ_TARGETS); do \
		pkg=$${target%%:*}; name=$${target##*:}; \
		echo "fuzz $$name ($$pkg, $(FUZZ_TIME))"; \
		$(GO) test -tags $(GO_TAGS) -run='^$$' -fuzz="^$$name\$$" -fuzztime=$(FUZZ_TIME) ./$$pkg/ || exit 1; \
	done

# govulncheck exits 3 when it finds something; vulncheck.py judges what.
vulncheck: $(VULNDB)/index/db.json
	$(GO) run $(GOVULNCHECK) -db file://$(CURDIR)/$(VULNDB) -format json -tags $(GO_TAGS) ./... > .cache/vulncheck.json || [ $$? -eq 3 ]
	python3 .ci/vulncheck.py < .cache/vulncheck.json

$(VULNDB)/index/db.json:
	rm -rf $(VULNDB).tmp
	src=$$($(GO) mod download -json golang.org/x/vulndb@$(VULNDB_VERSION) | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])') && \
		GOFLAGS=-mod=mod $(GO) run golang.org/x/vulndb/cmd/indexdb@$(VULNDB_VERSION) -vulns $$src/data/osv -out $(VULNDB).tmp
	rm -rf $(VULNDB) && mv $(VULNDB).tmp $(VULNDB)

lint:
	gofmt -l . | (! grep .)
	$(GO) vet -tags $(GO_TAGS) ./...
	$(GO) run github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.6.2 run --build-tags $(GO_TAGS) ./...

deps: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

system-deps:
	@missing=""; for pair in $(SYSTEM_TOOLS); do \
		cmd=$${pair%%:*}; pkg=$${pair##*:}; \
		command -v $$cmd >/dev/null 2>&1 || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# The GOV.UK Frontend styles, compiled with the council's font (Arial), and
# its script, copied next to our own assets so that they are embedded.
assets: deps static/build/app.css static/build/govuk-frontend.min.js

static/build/app.css: static/scss/app.scss node_modules/.package-lock.json
	@mkdir -p static/build
	npx sass --quiet --no-source-map --style=compressed --load-path=node_modules static/scss/app.scss $@

static/build/govuk-frontend.min.js: node_modules/.package-lock.json
	@mkdir -p static/build
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $@

clean:
	rm -rf static/build minutebook
