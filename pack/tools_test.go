package pack

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// requireTools skips a test that needs qpdf and poppler when they are
// missing, unless the run must check packs (CI, or make test).
func requireTools(t testing.TB) {
	t.Helper()
	for _, tool := range []string{"qpdf", "pdfinfo", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("MINUTEBOOK_REQUIRE_BROWSER") != "" || os.Getenv("CI") == "true" {
				t.Fatalf("%s is needed to check packs: apt-get install -y qpdf poppler-utils", tool)
			}
			t.Skipf("%s not installed", tool)
		}
	}
}

func run(t testing.TB, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// qpdfCheck fails the test unless qpdf finds the file sound.
func qpdfCheck(t testing.TB, path string) {
	t.Helper()
	out := run(t, "qpdf", "--check", path)
	if !strings.Contains(out, "No syntax or stream encoding errors found") {
		t.Fatalf("qpdf --check %s:\n%s", path, out)
	}
}

// pdfInfo returns pdfinfo's fields.
func pdfInfo(t testing.TB, path string) map[string]string {
	t.Helper()
	info := map[string]string{}
	for _, l := range strings.Split(run(t, "pdfinfo", path), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok {
			info[k] = strings.TrimSpace(v)
		}
	}
	return info
}

// pageTexts returns the text of every page; pdftotext ends each page with a
// form feed.
func pageTexts(t testing.TB, path string) []string {
	t.Helper()
	pages := strings.Split(run(t, "pdftotext", path, "-"), "\f")
	return pages[:len(pages)-1]
}

// pageText returns the text of page k alone.
func pageText(t testing.TB, path string, k int) string {
	t.Helper()
	n := itoa(k)
	return run(t, "pdftotext", "-f", n, "-l", n, path, "-")
}

type outline struct {
	Title string `json:"title"`
	Page  int    `json:"destpageposfrom1"`
}

// outlines reads the bookmarks back with qpdf.
func outlines(t testing.TB, path string) []outline {
	t.Helper()
	var doc struct {
		Outlines []outline `json:"outlines"`
	}
	if err := json.Unmarshal([]byte(run(t, "qpdf", "--json=2", "--json-key=outlines", path)), &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Outlines
}

// catalogLang reads /Lang from the document catalog with qpdf.
func catalogLang(t testing.TB, path string) string {
	t.Helper()
	var doc struct {
		QPDF []map[string]json.RawMessage `json:"qpdf"`
	}
	if err := json.Unmarshal([]byte(run(t, "qpdf", "--json=2", "--json-key=qpdf", path)), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.QPDF) < 2 {
		t.Fatal("qpdf json: no objects")
	}
	objs := doc.QPDF[1]
	var trailer struct {
		Value struct {
			Root string `json:"/Root"`
		} `json:"value"`
	}
	if err := json.Unmarshal(objs["trailer"], &trailer); err != nil {
		t.Fatal(err)
	}
	var root struct {
		Value map[string]any `json:"value"`
	}
	if err := json.Unmarshal(objs["obj:"+trailer.Value.Root], &root); err != nil {
		t.Fatal(err)
	}
	lang, _ := root.Value["/Lang"].(string)
	return strings.TrimPrefix(lang, "u:")
}

// bboxWord is a word on a page as pdftotext -bbox reports it: in the page's
// displayed orientation, y measured down from the top.
type bboxWord struct {
	XMin float64 `xml:"xMin,attr"`
	YMin float64 `xml:"yMin,attr"`
	XMax float64 `xml:"xMax,attr"`
	YMax float64 `xml:"yMax,attr"`
	Text string  `xml:",chardata"`
}

type bboxPage struct {
	Width  float64    `xml:"width,attr"`
	Height float64    `xml:"height,attr"`
	Words  []bboxWord `xml:"word"`
}

func pageWords(t testing.TB, path string) []bboxPage {
	t.Helper()
	out := run(t, "pdftotext", "-bbox", path, "-")
	var doc struct {
		Pages []bboxPage `xml:"body>doc>page"`
	}
	dec := xml.NewDecoder(strings.NewReader(out))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	return doc.Pages
}
