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
