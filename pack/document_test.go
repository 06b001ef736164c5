package pack

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// squash joins text with single spaces, as pdftotext's layout of columns
// and indents is not what these tests are about.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

func writeDoc(t testing.TB, path string, d Document) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteDocument(f, d); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// minutesDoc is minutes written by a clerk in Markdown, long enough for
// three pages so that headings fall on later pages too.
func minutesDoc() Document {
	d := Document{
		Title:       "POLICY AND RESOURCES CABINET COMMITTEE",
		Header:      [][2]string{{"PRESENT:", "Mr D L Brazier (Chairman), Mr M Dendor (Vice-Chairman), Mr P Bartlett"}},
		PageNumbers: true,
	}
	d.Sections = append(d.Sections, Section{
		Heading: "1. Apologies and Substitutes",
		Body: []Paragraph{
			{Text: "(Item 2)"},
			{Number: "1.", Markdown: "Apologies were received from **Mr A Brady** and *Ms M Dawkins*."},
		},
	})
	d.Sections = append(d.Sections, Section{
		Heading: "2. Performance Dashboard",
		Body: []Paragraph{
			{Number: "1.", Markdown: "Further to questions from Members:\n\n- Agency staff were used to cover **vacant posts**.\n- Roles were duplicated across *two* teams:\n  - finance\n  - legal\n- See [the report](https://example.org/r) and <https://www.kent.gov.uk/dashboard>."},
			{Number: "2.", Markdown: "**RESOLVED** that the dashboard be noted, with:\n\n3. the KPI for GL01 kept **GREEN**;\n4. a review in March."},
			{Text: "A plain paragraph with **asterisks** kept as typed."},
		},
	})
	long := strings.Repeat("The Cabinet Committee considered the report on the Domestic Abuse Strategy and the *first* year of its delivery, and asked questions about **funding**. ", 5)
	for n := 3; n <= 8; n++ {
		d.Sections = append(d.Sections, Section{
			Heading: fmt.Sprintf("%d. Kent & Medway Domestic Abuse Strategy", n),
			Body:    []Paragraph{{Number: "1.", Markdown: long}, {Number: "2.", Markdown: "RESOLVED that the report be **noted**."}},
		})
	}
	return d
}

func TestWriteDocumentMarkdown(t *testing.T) {
	requireTools(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "minutes.pdf")
	d := minutesDoc()
	writeDoc(t, path, d)
	qpdfCheck(t, path)

	texts := pageTexts(t, path)
	if len(texts) < 3 {
		t.Fatalf("%d pages, want at least 3", len(texts))
	}
	footer := regexp.MustCompile(`Page (\d+) of (\d+)`)
	for i, tx := range texts {
		got := footer.FindAllStringSubmatch(tx, -1)
		if len(got) != 1 || got[0][1] != itoa(i+1) || got[0][2] != itoa(len(texts)) {
			t.Errorf("page %d footers %v, want one \"Page %d of %d\"", i+1, got, i+1, len(texts))
		}
	}

	// -layout keeps a hanging number on the line of its text; without it
	// pdftotext may read the column of numbers apart from the text.
	all := squash(run(t, "pdftotext", "-layout", path, "-"))
	for _, s := range []string{
		"1. Apologies were received from Mr A Brady and Ms M Dawkins.",
		"• Agency staff were used to cover vacant posts.",
		"• Roles were duplicated across two teams:",
		"– finance", "– legal",
		"See the report (https://example.org/r) and https://www.kent.gov.uk/dashboard.",
		"2. RESOLVED that the dashboard be noted, with:",
		"3. the KPI for GL01 kept GREEN;", "4. a review in March.",
		"A plain paragraph with **asterisks** kept as typed.",
	} {
		if !strings.Contains(all, s) {
			t.Errorf("text lacks %q:\n%s", s, all)
		}
	}
	rendered := strings.ReplaceAll(all, "A plain paragraph with **asterisks** kept as typed.", "")
	for _, s := range []string{"**", "](", "- Agency", "<https", "*two*"} {
		if strings.Contains(rendered, s) {
			t.Errorf("text shows Markdown %q", s)
		}
	}

	// Bookmarks: the title, then each heading on the page it is printed on.
	got := outlines(t, path)
	if len(got) != len(d.Sections)+1 || got[0] != (outline{d.Title, 1}) {
		t.Fatalf("bookmarks %v, want the title to page 1 and one per section", got)
	}
	last := 1
	for i, s := range d.Sections {
		bm := got[i+1]
		if bm.Title != s.Heading {
			t.Errorf("bookmark %d is %q, want %q", i+1, bm.Title, s.Heading)
		}
		if !strings.Contains(squash(pageText(t, path, bm.Page)), s.Heading) {
			t.Errorf("bookmark %q points at page %d, which does not show it", s.Heading, bm.Page)
		}
		last = bm.Page
	}
	if last < 2 {
		t.Errorf("every heading is on page 1; the test needs some on later pages")
	}
	if pm := catalogEntry(t, path, "/PageMode"); pm != "/UseOutlines" {
		t.Errorf("/PageMode = %q, want /UseOutlines", pm)
	}
}

// catalogEntry reads one entry of the document catalog with qpdf.
func catalogEntry(t testing.TB, path, key string) string {
	t.Helper()
	out := run(t, "qpdf", "--show-object=trailer", path)
	root := regexp.MustCompile(`/Root (\d+) (\d+) R`).FindStringSubmatch(out)
	if root == nil {
		t.Fatalf("no /Root in the trailer: %s", out)
	}
	cat := run(t, "qpdf", "--show-object="+root[1]+","+root[2], path)
	m := regexp.MustCompile(regexp.QuoteMeta(key) + `\s*(/\w+)`).FindStringSubmatch(cat)
	if m == nil {
		return ""
	}
	return m[1]
}

// Faces: pdftohtml -xml marks bold with <b> and italic with <i>.
func TestWriteDocumentFaces(t *testing.T) {
	requireTools(t)
	if _, err := exec.LookPath("pdftohtml"); err != nil {
		t.Skip("pdftohtml not installed")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "faces.pdf")
	writeDoc(t, path, Document{Sections: []Section{{Body: []Paragraph{
		{Markdown: "Plain **strong** *emphasis* ***both*** plain."},
	}}}})
	if got := outlines(t, path); len(got) != 0 {
		t.Errorf("a document without headings has bookmarks %v", got)
	}
	xml := run(t, "pdftohtml", "-xml", "-i", "-stdout", path)
	body := regexp.MustCompile(`(?s)<text[^>]*>(.*?)</text>`).FindAllStringSubmatch(xml, -1)
	if len(body) != 1 {
		t.Fatalf("want one line of text:\n%s", xml)
	}
	// Each word with the tags around it: "b" bold, "i" italic.
	var b, i bool
	var got []string
	for _, tok := range regexp.MustCompile(`</?[bi]>|[^<\s]+`).FindAllString(body[0][1], -1) {
		switch tok {
		case "<b>", "</b>":
			b = tok == "<b>"
		case "<i>", "</i>":
			i = tok == "<i>"
		default:
			if b {
				tok += "/b"
			}
			if i {
				tok += "/i"
			}
			got = append(got, tok)
		}
	}
	if want := "Plain strong/b emphasis/i both/b/i plain."; strings.Join(got, " ") != want {
		t.Errorf("faces %q, want %q\n%s", strings.Join(got, " "), want, xml)
	}
}

func TestWrapRuns(t *testing.T) {
	text := []piece{
		{regular, "That the "}, {bold, "Policy and Resources Cabinet Committee"}, {regular, " "},
		{italic, "notes"}, {regular, " the report, see https://www.kent.gov.uk/" + strings.Repeat("x", 90) + " and "},
		{bold, "RESOLVED"}, {regular, ": that\nit be agreed."},
	}
	const max = 150.0
	lines := wrapRuns(10, max, text)
	// Every letter keeps its face wherever the line breaks.
	type letter struct {
		r rune
		f face
	}
	letters := func(ps []piece) []letter {
		var ls []letter
		for _, p := range ps {
			for _, r := range p.s {
				if r != ' ' && r != '\n' {
					ls = append(ls, letter{r, p.f})
				}
			}
		}
		return ls
	}
	var got []string
	var out []piece
	for _, l := range lines {
		if w := piecesWidth(10, l); w > max {
			t.Errorf("line %q is %.1f wide, more than %v", plainPieces(l), w, max)
		}
		got = append(got, plainPieces(l))
		out = append(out, l...)
	}
	if fmt.Sprint(letters(out)) != fmt.Sprint(letters(text)) {
		t.Errorf("wrapping lost text or faces: %q", got)
	}
	if len(lines) < 5 {
		t.Errorf("%d lines, want the text wrapped", len(lines))
	}
	if !strings.Contains(strings.Join(got, "|"), "RESOLVED: that|it be agreed.") {
		t.Errorf("the line break or the bold word with its colon was not kept: %q", got)
	}
	if n := len(wrapRuns(10, max, nil)); n != 1 {
		t.Errorf("no text gives %d lines, want 1 (for a marker on its own)", n)
	}
}

// A document with bookmarks merged as papers: the pack keeps its own
// bookmarks and its own page numbers.
func TestDocumentsWithBookmarksMergeIntoPack(t *testing.T) {
	requireTools(t)
	dir := t.TempDir()
	m := sampleMeeting(t, dir, nil)
	docs := map[string]Document{
		"4": minutesDoc(),
		// Headings that repeat in the first paper, and one named as the
		// pack's own first bookmark, so their destinations clash.
		"7": {Title: "Agenda", Sections: []Section{{Heading: "Agenda", Body: []Paragraph{{Markdown: "- one"}}}, {Heading: "2. Performance Dashboard"}}},
	}
	docs["4"] = func(d Document) Document { d.PageNumbers = false; return d }(docs["4"])
	for i, it := range m.Items {
		if d, ok := docs[it.Number]; ok {
			p := filepath.Join(dir, "doc-"+it.Number+".pdf")
			writeDoc(t, p, d)
			m.Items[i].Papers = []Paper{{Title: d.Title, Path: p}}
		}
	}
	path, res := build(t, dir, m, Members)
	qpdfCheck(t, path)
	texts := pageTexts(t, path)
	if len(texts) != res.Pages {
		t.Fatalf("pdftotext found %d pages, Result.Pages = %d", len(texts), res.Pages)
	}
	for i, tx := range texts {
		got := footerRE.FindAllStringSubmatch(tx, -1)
		if len(got) != 1 || got[0][1] != itoa(i+1) || strings.Contains(tx, "Page "+itoa(i+1)+" of") {
			t.Errorf("page %d footers %v, want one \"Page %d\" only", i+1, got, i+1)
		}
	}
	want := []outline{{"Agenda", 1}}
	for i, it := range m.Items {
		if r := res.Ranges[i]; r.From > 0 {
			want = append(want, outline{it.Number + " " + it.Title, r.From})
			if !strings.Contains(squash(texts[r.From-1]), squash(docs[it.Number].Sections[0].Heading)) {
				t.Errorf("item %s: page %d does not start its paper", it.Number, r.From)
			}
		}
	}
	if got := outlines(t, path); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("bookmarks\n got %v\nwant %v", got, want)
	}
	if n, err := Check(path); err != nil || n != res.Pages {
		t.Errorf("Check(pack) = %d, %v", n, err)
	}
}
