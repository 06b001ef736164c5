package browsertest

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const inaccessible = `<!DOCTYPE html><html><head><title>Bad</title></head><body>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<input type="text" name="q">
<p style="color:#ccc;background:#fff">Low contrast text</p>
</body></html>`

const accessible = `<!DOCTYPE html><html lang="en-GB"><head><title>Good</title></head><body>
<header><p>Kent County Council</p></header>
<main><h1>Committee meetings</h1>
<label for="q">Search the minutes</label><input id="q" type="text" name="q">
<p>Agendas are published five clear days before each meeting.</p></main>
<footer><p>Footer</p></footer>
</body></html>`

func serve(t *testing.T, page string) string {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(page))
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

func TestAxeFindsViolations(t *testing.T) {
	b := Start(t)
	found := map[string]bool{}
	for _, v := range b.Axe(t, serve(t, inaccessible)) {
		found[v.ID] = true
	}
	for _, id := range []string{"image-alt", "label", "color-contrast", "html-has-lang"} {
		if !found[id] {
			t.Errorf("axe did not report %s on an inaccessible page (found %v)", id, found)
		}
	}
}

func TestAxePassesAnAccessiblePage(t *testing.T) {
	b := Start(t)
	if vs := b.Axe(t, serve(t, accessible)); len(vs) != 0 {
		t.Errorf("violations on an accessible page: %+v", vs)
	}
	if text := b.Text(t, serve(t, accessible)); !strings.Contains(text, "five clear days") {
		t.Errorf("Text = %q", text)
	}
}

func TestScreenshotIsAPNG(t *testing.T) {
	b := Start(t)
	path := filepath.Join(t.TempDir(), "page.png")
	b.Screenshot(t, serve(t, accessible), path, 1024)
	png, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(png) < 1000 || string(png[1:4]) != "PNG" {
		t.Errorf("screenshot is %d bytes, not a PNG", len(png))
	}
}

// govukPage is the skeleton of templates/layout.html with a minute on it,
// so that the compiled styles (colours, focus, the council's font) are
// checked as they render.
const govukPage = `<!DOCTYPE html>
<html lang="en-GB" class="govuk-template">
<head><meta charset="utf-8"><title>Minutes - Planning Committee</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/app.css"></head>
<body class="govuk-template__body">
<a href="#main-content" class="govuk-skip-link">Skip to main content</a>
<header class="govuk-generic-header"><div class="govuk-generic-header__container govuk-width-container">
<div class="govuk-generic-header__logo"><a href="/" class="govuk-generic-header__homepage-link">Kent County Council</a></div>
</div></header>
<section aria-label="Service information" class="govuk-service-navigation"><div class="govuk-width-container">
<div class="govuk-service-navigation__container">
<span class="govuk-service-navigation__service-name"><a href="/" class="govuk-service-navigation__link">Committee meetings</a></span>
<nav aria-label="Menu" class="govuk-service-navigation__wrapper"><ul class="govuk-service-navigation__list">
<li class="govuk-service-navigation__item govuk-service-navigation__item--active"><a class="govuk-service-navigation__link" href="/meetings" aria-current="true"><strong class="govuk-service-navigation__active-fallback">Meetings</strong></a></li>
<li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="/sign-in">Sign in</a></li>
</ul></nav></div></div></section>
<div class="govuk-width-container">
<main class="govuk-main-wrapper" id="main-content">
<h1 class="govuk-heading-l">Planning Committee, 14 January 2027</h1>
<p class="govuk-body"><strong class="govuk-tag govuk-tag--green">Signed</strong> <strong class="govuk-tag govuk-tag--red">Overdue</strong></p>
<div class="mb-minute">
<h2 class="govuk-heading-m"><span class="mb-minute__number">12.</span> Land at Mill Lane</h2>
<div class="mb-paragraph"><span class="mb-paragraph__number">12.1</span><div class="mb-paragraph__text"><p class="govuk-body">The officer presented the report.</p></div></div>
<div class="mb-paragraph mb-resolution"><span class="mb-paragraph__number">12.2</span><div class="mb-paragraph__text"><p class="govuk-body">RESOLVED</p><p class="govuk-body">That permission be granted.</p></div></div>
</div>
<div class="govuk-form-group"><label class="govuk-label" for="q">Search the minutes</label><input class="govuk-input" id="q" name="q" type="text"></div>
<button type="submit" class="govuk-button">Search</button>
<p class="govuk-body">Font: <span id="font"></span></p>
</main></div>
<footer class="govuk-footer"><div class="govuk-width-container"><div class="govuk-footer__meta">
<div class="govuk-footer__meta-item govuk-footer__meta-item--grow"><h2 class="govuk-visually-hidden">Support links</h2>
<ul class="govuk-footer__inline-list"><li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="/committees">Committees</a></li></ul>
</div></div></div></footer>
<script>document.getElementById("font").textContent = getComputedStyle(document.getElementById("font").parentNode).fontFamily;</script>
</body></html>`

func TestCompiledStylesAreAccessible(t *testing.T) {
	css, err := os.ReadFile(filepath.Join("..", "static", "build", "app.css"))
	if os.IsNotExist(err) {
		t.Skip("static/build/app.css is missing: make assets builds it")
	}
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/app.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Write(css)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(govukPage))
	})
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)

	b := Start(t)
	b.AssertAccessible(t, ts.URL)
	// An unstyled page passes axe too: the font shows the styles applied.
	if text := b.Text(t, ts.URL); !strings.Contains(strings.ToLower(text), "font: arial") {
		t.Errorf("page not in the council's font; text = %q", text)
	}
	path := filepath.Join(t.TempDir(), "govuk.png")
	b.Screenshot(t, ts.URL, path, 1280)
	if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
		t.Errorf("screenshot: %v", err)
	}
}
