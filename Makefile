# minutebook: `make run` serves the demo, `make test` runs every test.
GO_TAGS := sqlite_fts5
GO      ?= go
ADDR    ?= 127.0.0.1:8080
DB      ?= minutebook.db

export CGO_ENABLED := 1

# Debian packages the tests need: a browser for accessibility checks and the
# PDF tools that check the agenda packs.
SYSTEM_TOOLS := chromium:chromium qpdf:qpdf pdfinfo:poppler-utils sqlite3:sqlite3

.PHONY: run build test lint deps system-deps assets clean

run: assets
	$(GO) run -tags $(GO_TAGS) . serve --addr $(ADDR) --db $(DB) --demo

build: assets
	$(GO) build -tags $(GO_TAGS) -o minutebook .

test: system-deps assets
	$(GO) vet -tags $(GO_TAGS) ./...
	MINUTEBOOK_REQUIRE_BROWSER=1 $(GO) test -race -count=1 -tags $(GO_TAGS) ./...

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
