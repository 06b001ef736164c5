package pack

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"minutebook/dates"
)

func itoa(n int) string { return strconv.Itoa(n) }

// build builds a pack into dir and returns its path.
func build(t testing.TB, dir string, m Meeting, k Kind) (string, Result) {
	t.Helper()
	path := filepath.Join(dir, k.String()+".pdf")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Build(context.Background(), m, Options{Kind: k}, f)
	if cerr := f.Close(); cerr != nil {
		t.Fatal(cerr)
	}
	if err != nil {
		t.Fatalf("Build(%s): %v", k, err)
	}
	return path, res
}

var (
	footerRE = regexp.MustCompile(`(?m)^Page (\d+)$`)
	sheetRE  = regexp.MustCompile(`(PAPER-\S+) sheet (\d+) of (\d+)`)
)

// marker is the text writePaper puts on each page of a paper.
func marker(p Paper) string { return strings.TrimSuffix(filepath.Base(p.Path), ".pdf") }

// pagesText is what the front sheet prints for a range.
func pagesText(r PageRange) string {
	if r.From == r.To {
		return fmt.Sprintf("(Page %d)", r.From)
	}
	return fmt.Sprintf("(Pages %d - %d)", r.From, r.To)
}

// verifyPack checks a built pack page by page against the meeting, without
// using the package's own page plan.
func verifyPack(t *testing.T, path string, m Meeting, k Kind, res Result) {
	t.Helper()
	qpdfCheck(t, path)
	info := pdfInfo(t, path)
	if info["Pages"] != itoa(res.Pages) {
		t.Errorf("pdfinfo Pages = %s, Result.Pages = %d", info["Pages"], res.Pages)
	}
	wantTitle := "Agenda: Policy and Resources Cabinet Committee, Wednesday, 15 January 2025"
	if k.IsSupplement() {
		wantTitle = "Supplementary agenda: Policy and Resources Cabinet Committee, Wednesday, 15 January 2025"
	}
	if info["Title"] != wantTitle {
		t.Errorf("Title = %q, want %q", info["Title"], wantTitle)
	}
	if lang := catalogLang(t, path); lang != "en-GB" {
		t.Errorf("/Lang = %q, want en-GB", lang)
	}

	texts := pageTexts(t, path)
	if len(texts) != res.Pages {
		t.Fatalf("pdftotext found %d pages, Result.Pages = %d", len(texts), res.Pages)
	}
	for i, tx := range texts {
		got := footerRE.FindAllStringSubmatch(tx, -1)
		if len(got) != 1 || got[0][1] != itoa(i+1) {
			t.Errorf("page %d footers %v, want one \"Page %d\"", i+1, got, i+1)
		}
	}
	// The same through pdftotext -f k -l k for the first and last pages.
	for _, k := range []int{1, res.Pages} {
		if tx := pageText(t, path, k); !strings.Contains(tx, "Page "+itoa(k)+"\n") {
			t.Errorf("pdftotext -f %d -l %d has no \"Page %d\":\n%s", k, k, k, tx)
		}
	}

	isBlank := func(tx string) bool { return strings.Contains(tx, blankText) }
	isPaper := func(tx string) bool { return sheetRE.MatchString(tx) }

	// The front sheet is the pages before the first blank or paper page.
	front := 0
	for front < len(texts) && !isBlank(texts[front]) && !isPaper(texts[front]) {
		front++
	}
	if front == 0 || !strings.Contains(texts[0], "AGENDA") {
		t.Fatalf("page 1 is not a front sheet:\n%s", texts[0])
	}
	frontText := strings.Join(texts[:front], "\n")

	// Walk the papers in agenda order.
	p := front + 1
	blanks := 0
	ranges := make([]PageRange, len(m.Items))
	exemptPages := map[int]bool{}
	for i, it := range m.Items {
		if !k.HasExempt() && it.Part == 2 {
			continue
		}
		for _, paper := range it.Papers {
			if p%2 == 0 {
				if p > len(texts) || !isBlank(texts[p-1]) {
					t.Fatalf("page %d should be blank before %s", p, marker(paper))
				}
				blanks++
				p++
			}
			if p%2 != 1 {
				t.Fatalf("%s starts on even page %d", marker(paper), p)
			}
			start := p
			for p <= len(texts) {
				sm := sheetRE.FindStringSubmatch(texts[p-1])
				if sm == nil || sm[1] != marker(paper) {
					break
				}
				if want := itoa(p - start + 1); sm[2] != want {
					t.Fatalf("page %d is sheet %s of %s, want sheet %s", p, sm[2], sm[1], want)
				}
				if it.Part == 2 {
					exemptPages[p] = true
				}
				p++
			}
			if p == start {
				t.Fatalf("page %d should start %s:\n%s", p, marker(paper), texts[p-1])
			}
			if ranges[i].From == 0 {
				ranges[i].From = start
			}
			ranges[i].To = p - 1
		}
	}
	if p-1 != len(texts) {
		t.Errorf("pack has %d pages, papers end on page %d", len(texts), p-1)
	}
	count := 0
	for _, tx := range texts {
		if isBlank(tx) {
			count++
		}
	}
	if count != blanks {
		t.Errorf("%d blank pages, %d needed", count, blanks)
	}

	for i, it := range m.Items {
		if res.Ranges[i] != ranges[i] {
			t.Errorf("item %s: Result range %v, papers are on %v", it.Number, res.Ranges[i], ranges[i])
		}
		if ranges[i].From > 0 && !strings.Contains(frontText, pagesText(ranges[i])) {
			t.Errorf("front sheet does not print %s for item %s", pagesText(ranges[i]), it.Number)
		}
		if !strings.Contains(strings.Join(strings.Fields(frontText), " "), strings.Join(strings.Fields(it.Title), " ")) {
			t.Errorf("front sheet does not list item %s %q", it.Number, it.Title)
		}
	}
	labels := regexp.MustCompile(`\(Pages? \d+`).FindAllString(frontText, -1)
	withPages := 0
	for _, r := range ranges {
		if r.From > 0 {
			withPages++
		}
	}
	if len(labels) != withPages {
		t.Errorf("front sheet prints %d page ranges, %d items have papers", len(labels), withPages)
	}

	for i, tx := range texts {
		stamped := strings.Contains(tx, exemptText)
		if stamped != exemptPages[i+1] {
			t.Errorf("page %d: exempt stamp %v, want %v", i+1, stamped, exemptPages[i+1])
		}
		if stamped && !strings.Contains(tx, "Paragraph 3 of Part 1 of Schedule 12A") {
			t.Errorf("page %d: exempt stamp without its paragraph", i+1)
		}
	}

	// Bookmarks: the front sheet, then each item with papers.
	want := []outline{{"Agenda", 1}}
	for i, it := range m.Items {
		if ranges[i].From > 0 {
			want = append(want, outline{it.Number + " " + it.Title, ranges[i].From})
		}
	}
	got := outlines(t, path)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("bookmarks\n got %v\nwant %v", got, want)
	}
}

// longAgenda adds items until the front sheet runs to three pages.
func longAgenda(t testing.TB, dir string, m Meeting) Meeting {
	t.Helper()
	var extra []Item
	for n := 10; n < 52; n++ {
		it := Item{Number: itoa(n), Part: 1,
			Title: fmt.Sprintf("Decision %d: proposed revision of the scheme of delegation for the Growth, Environment and Transport directorate", n)}
		if n%3 != 0 {
			name := fmt.Sprintf("PAPER-%d-A", n)
			path := filepath.Join(dir, name+".pdf")
			writePaper(t, path, name, 1+n%12, n%2 == 0)
			it.Papers = []Paper{{Title: "Report", Path: path}}
		}
		extra = append(extra, it)
	}
	// Keep the Part 2 item last.
	last := m.Items[len(m.Items)-1]
	m.Items = append(append(m.Items[:len(m.Items)-1:len(m.Items)-1], extra...), last)
	return m
}

func TestBuild(t *testing.T) {
	requireTools(t)
	cases := []struct {
		name  string
		pages map[string][]int
		long  bool
	}{
		{name: "sample", pages: map[string][]int{"4": {4}, "6": {3, 2}, "7": {12}, "8": {4}, "9": {5}}},
		{name: "odd lengths", pages: map[string][]int{"4": {1}, "6": {1, 1, 1}, "7": {3}, "8": {5}, "9": {1}}},
		{name: "even lengths", pages: map[string][]int{"4": {2}, "6": {2}, "7": {12}, "8": {6}, "9": {2}}},
		{name: "varied", pages: map[string][]int{"4": {7}, "6": {10, 11}, "7": {9, 8, 1}, "8": {12}, "9": {6, 3}}},
		{name: "no papers", pages: map[string][]int{}},
		{name: "long agenda", pages: map[string][]int{"4": {3}, "7": {2}, "9": {4}}, long: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			m := sampleMeeting(t, dir, tc.pages)
			if tc.long {
				m = longAgenda(t, dir, m)
			}
			for _, k := range []Kind{Public, Members} {
				t.Run(k.String(), func(t *testing.T) {
					path, res := build(t, dir, m, k)
					verifyPack(t, path, m, k, res)
					all := strings.Join(pageTexts(t, path), "\n")
					if tc.long && res.Ranges[3].From != 5 {
						t.Errorf("long agenda: want a 3-page front sheet and a blank, first paper on page 5, got %v", res.Ranges[3])
					}
					if !strings.Contains(all, "Report to follow.") {
						t.Error(`no "Report to follow." for item 5`)
					}
					for _, s := range []string{
						"Motion to exclude the press and public for exempt business",
						"exempt information as defined in paragraph 3 of part 1 of Schedule 12A of the Act.",
						"Paragraph 3 – Information relating to the financial or business affairs of any particular person",
						"UNRESTRICTED ITEMS", "(During these items the meeting is likely to be open to the public)",
						"EXEMPT ITEMS", "(During these items the meeting is likely NOT to be open to the press and public)",
						"Membership (16)", "Ask for:", "Emily Kennedy", "03000 419625", "Wednesday, 15 January 2025, at 10.00 am",
						"Ben Watts", "General Counsel", "Tuesday, 7 January 2025",
					} {
						if !strings.Contains(strings.Join(strings.Fields(all), " "), s) {
							t.Errorf("pack lacks %q", s)
						}
					}
					part2 := len(tc.pages["9"]) > 0
					switch k {
					case Public:
						if strings.Contains(all, "PAPER-9-") || strings.Contains(all, exemptText) {
							t.Error("public pack carries Part 2 paper text or an exempt stamp")
						}
						if res.Ranges[len(m.Items)-1] != (PageRange{}) {
							t.Error("public pack gives the Part 2 item pages")
						}
					case Members:
						if part2 && (!strings.Contains(all, "PAPER-9-A") || !strings.Contains(all, exemptText)) {
							t.Error("members' pack lacks the Part 2 paper or its stamp")
						}
					}
				})
			}
		})
	}
}

func TestSupplementary(t *testing.T) {
	requireTools(t)
	dir := t.TempDir()
	m := sampleMeeting(t, dir, map[string][]int{"5": {9}, "8": {2}})
	m.Items = []Item{m.Items[4], m.Items[7]}
	path, res := build(t, dir, m, Supplementary)
	verifyPack(t, path, m, Supplementary, res)
	front := pageText(t, path, 1)
	if !strings.Contains(front, "SUPPLEMENTARY AGENDA") {
		t.Errorf("front sheet is not titled SUPPLEMENTARY AGENDA:\n%s", front)
	}
	if strings.Contains(front, "Work Programme") == false || strings.Contains(front, "Apologies") {
		t.Errorf("supplement should list items 5 and 8 only:\n%s", front)
	}
	if strings.Contains(front, "Report to follow.") {
		t.Error(`an item with its paper should not say "Report to follow."`)
	}
	if res.Ranges[0] != (PageRange{3, 11}) || res.Ranges[1] != (PageRange{13, 14}) {
		t.Errorf("ranges %v", res.Ranges)
	}
}

// TestALatePart2PaperGoesOnlyToTheMembersSupplement: the public supplement
// lists the exempt item without its paper; the members' carries it, stamped.
func TestALatePart2PaperGoesOnlyToTheMembersSupplement(t *testing.T) {
	requireTools(t)
	dir := t.TempDir()
	m := sampleMeeting(t, dir, map[string][]int{"5": {3}, "9": {2}})
	m.Items = []Item{m.Items[4], m.Items[len(m.Items)-1]}
	for _, k := range []Kind{Supplementary, MembersSupplementary} {
		path, res := build(t, dir, m, k)
		verifyPack(t, path, m, k, res)
		all := strings.Join(pageTexts(t, path), "\n")
		exempt := strings.Contains(all, "PAPER-9-A") && strings.Contains(all, exemptText)
		hasRange := res.Ranges[1] != PageRange{}
		if exempt != (k == MembersSupplementary) || hasRange != (k == MembersSupplementary) {
			t.Errorf("%s supplement: carries the exempt paper %v, its range %v", k, exempt, res.Ranges[1])
		}
	}
}

// TestRotatedAndCroppedPages checks that the footer sits at the bottom centre
// of the page as the reader sees it, whatever the page's rotation and crop.
func TestRotatedAndCroppedPages(t *testing.T) {
	requireTools(t)
	dir := t.TempDir()
	c := &canvas{}
	for range 4 {
		c.newPage()
		c.text(bold, 16, marginLeft, pageH-90, "ROTATED")
	}
	ctx, err := c.context()
	if err != nil {
		t.Fatal(err)
	}
	crop := [4]float64{40, 60, 500, 760}
	for i, rot := range []int{0, 90, 180, 270} {
		d, _, _, err := ctx.PageDict(i+1, false)
		if err != nil {
			t.Fatal(err)
		}
		d["Rotate"] = integer(rot)
		d["CropBox"] = rect(crop)
	}
	paper := filepath.Join(dir, "rotated.pdf")
	writeContext(t, ctx, paper)
	m := sampleMeeting(t, dir, nil)
	m.Items = []Item{{Number: "1", Title: "Plans", Part: 1, Papers: []Paper{{Title: "Plans", Path: paper}}}}
	path, res := build(t, dir, m, Members)
	qpdfCheck(t, path)
	pages := pageWords(t, path)
	for i, rot := range []int{0, 90, 180, 270} {
		n := res.Ranges[0].From + i
		pg := pages[n-1]
		// The crop box in pdftotext's displayed coordinates (y down).
		W, H := pageW, pageH
		var x0, x1, y1 float64
		switch rot {
		case 0:
			x0, x1, y1 = crop[0], crop[2], H-crop[1]
		case 90:
			x0, x1, y1 = crop[1], crop[3], crop[2]
		case 180:
			x0, x1, y1 = W-crop[2], W-crop[0], crop[3]
		case 270:
			x0, x1, y1 = H-crop[3], H-crop[1], W-crop[0]
		}
		var left, right, bottom float64
		found := false
		for j, w := range pg.Words {
			if w.Text == "Page" && j+1 < len(pg.Words) && pg.Words[j+1].Text == itoa(n) {
				left, right, bottom, found = w.XMin, pg.Words[j+1].XMax, w.YMax, true
			}
		}
		if !found {
			t.Errorf("rotation %d: no footer on page %d", rot, n)
			continue
		}
		if mid := (left + right) / 2; mid < (x0+x1)/2-3 || mid > (x0+x1)/2+3 {
			t.Errorf("rotation %d: footer centred at %.1f, page centre %.1f", rot, mid, (x0+x1)/2)
		}
		if gap := y1 - bottom; gap < 10 || gap > 30 {
			t.Errorf("rotation %d: footer %.1f pt above the bottom edge", rot, gap)
		}
	}
}

func writePNG(t testing.TB, path string) {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 8, 8))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// badPapers makes unusable papers in dir, keyed by what is wrong.
func badPapers(t testing.TB, dir string) map[string]string {
	t.Helper()
	good := filepath.Join(dir, "good.pdf")
	writePaper(t, good, "GOOD", 3, false)
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"png":       filepath.Join(dir, "scan.pdf"),
		"truncated": filepath.Join(dir, "truncated.pdf"),
		"encrypted": filepath.Join(dir, "encrypted.pdf"),
		"owner":     filepath.Join(dir, "owner.pdf"),
		"empty":     filepath.Join(dir, "empty.pdf"),
		"text":      filepath.Join(dir, "notes.pdf"),
		"garbage":   filepath.Join(dir, "garbage.pdf"),
		"prefixed":  filepath.Join(dir, "prefixed.pdf"),
	}
	writePNG(t, files["png"])
	write := func(path string, b []byte) {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(files["truncated"], data[:len(data)/2])
	write(files["prefixed"], append([]byte("\xef\xbb\xbfSaved by a mail gateway\r\n"), data...))
	write(files["empty"], nil)
	write(files["text"], []byte("Minutes of the meeting\nheld on 27 November 2024\n"))
	write(files["garbage"], append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte{0x9c, 0x00, 0xfe}, 400)...))
	run(t, "qpdf", "--encrypt", "user", "owner", "256", "--", good, files["encrypted"])
	run(t, "qpdf", "--encrypt", "", "owner", "256", "--", good, files["owner"])
	files["good"] = good
	return files
}

func TestCheck(t *testing.T) {
	requireTools(t)
	files := badPapers(t, t.TempDir())
	letter := filepath.Join(t.TempDir(), "letter.pdf")
	writePaper(t, letter, "LETTER", 12, true)
	cases := []struct {
		name, file string
		pages      int
		kind       error
		message    string
	}{
		{name: "good", file: files["good"], pages: 3},
		{name: "letter size", file: letter, pages: 12},
		{name: "bytes before the header", file: files["prefixed"], pages: 3},
		{name: "renamed PNG", file: files["png"], kind: ErrNotPDF, message: "The file is not a PDF: it looks like a PNG image"},
		{name: "text file", file: files["text"], kind: ErrNotPDF, message: "The file is not a PDF: it looks like a text file"},
		{name: "empty", file: files["empty"], kind: ErrNotPDF, message: "The file is empty"},
		{name: "truncated", file: files["truncated"], kind: ErrDamaged, message: "The PDF is damaged: "},
		{name: "garbage after header", file: files["garbage"], kind: ErrDamaged, message: "The PDF is damaged: "},
		{name: "encrypted", file: files["encrypted"], kind: ErrEncrypted, message: "The PDF is encrypted: save it without a password and upload it again"},
		{name: "owner password only", file: files["owner"], kind: ErrEncrypted, message: "The PDF is encrypted: "},
		{name: "missing", file: filepath.Join(t.TempDir(), "missing.pdf"), message: "The file cannot be read"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n, err := Check(tc.file)
			if tc.message == "" {
				if err != nil || n != tc.pages {
					t.Fatalf("Check = %d, %v; want %d pages", n, err, tc.pages)
				}
				return
			}
			if err == nil {
				t.Fatalf("Check = %d, nil; want %q", n, tc.message)
			}
			if !strings.HasPrefix(err.Error(), tc.message) {
				t.Errorf("Check error %q, want prefix %q", err, tc.message)
			}
			if tc.kind != nil && !errors.Is(err, tc.kind) {
				t.Errorf("Check error %v is not %v", err, tc.kind)
			}
			var pe *PaperError
			if !errors.As(err, &pe) {
				t.Errorf("Check error %T is not a *PaperError", err)
			}
		})
	}
}

func TestCheckNoPages(t *testing.T) {
	path := filepath.Join(t.TempDir(), "zero.pdf")
	writeZeroPagePDF(t, path)
	if _, err := Check(path); !errors.Is(err, ErrNoPages) || !strings.HasPrefix(err.Error(), "The PDF has no pages") {
		t.Fatalf("Check = %v, want ErrNoPages", err)
	}
}

func TestBuildStopsOnBadPaper(t *testing.T) {
	requireTools(t)
	dir := t.TempDir()
	files := badPapers(t, dir)
	cases := []struct {
		bad  string
		kind error
		want string
	}{
		{"encrypted", ErrEncrypted, "the PDF is encrypted; save it without a password and upload it again"},
		{"truncated", ErrDamaged, "the PDF is damaged; "},
		{"png", ErrNotPDF, "the file is not a PDF; it looks like a PNG image"},
		{"empty", ErrNotPDF, "the file is empty; "},
	}
	for _, tc := range cases {
		t.Run(tc.bad, func(t *testing.T) {
			m := sampleMeeting(t, dir, map[string][]int{"4": {2}, "8": {3}})
			m.Items[6].Papers = []Paper{{Title: "Domestic Abuse Strategy report", Path: files[tc.bad]}}
			var out bytes.Buffer
			_, err := Build(context.Background(), m, Options{Kind: Members}, &out)
			if err == nil {
				t.Fatal("Build succeeded with a bad paper")
			}
			want := `item 7, "Domestic Abuse Strategy report": ` + tc.want
			if !strings.HasPrefix(err.Error(), want) {
				t.Errorf("error %q\nwant prefix %q", err, want)
			}
			if !errors.Is(err, tc.kind) {
				t.Errorf("error %v is not %v", err, tc.kind)
			}
			var be *BuildError
			if !errors.As(err, &be) || be.Item != "7" || be.Paper != "Domestic Abuse Strategy report" {
				t.Errorf("error %#v does not name the item and paper", be)
			}
			if out.Len() != 0 {
				t.Error("a failed build wrote output")
			}
		})
	}
}

func TestBuildPublicIgnoresBadPart2Paper(t *testing.T) {
	dir := t.TempDir()
	m := sampleMeeting(t, dir, map[string][]int{"4": {2}})
	bad := filepath.Join(dir, "bad.pdf")
	if err := os.WriteFile(bad, []byte("not a pdf"), 0o644); err != nil {
		t.Fatal(err)
	}
	m.Items[8].Papers = []Paper{{Title: "Confidential appendix", Path: bad}}
	var out bytes.Buffer
	if _, err := Build(context.Background(), m, Options{Kind: Public}, &out); err != nil {
		t.Fatalf("public pack reads Part 2 papers: %v", err)
	}
}

func TestBuildValidation(t *testing.T) {
	dir := t.TempDir()
	m := sampleMeeting(t, dir, nil)
	m.Items[8].ExemptParagraph = 0
	_, err := Build(context.Background(), m, Options{Kind: Members}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), `item 9, "Disposal of Former Oakwood House, Maidstone": a Part 2 item needs the paragraph`) {
		t.Errorf("Part 2 item without a paragraph: %v", err)
	}
	if _, err := Build(context.Background(), sampleMeeting(t, dir, nil), Options{Kind: Kind(7)}, &bytes.Buffer{}); err == nil {
		t.Error("unknown kind accepted")
	}
}

func TestBuildCancelled(t *testing.T) {
	dir := t.TempDir()
	m := sampleMeeting(t, dir, map[string][]int{"4": {2}, "7": {3}})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Build(ctx, m, Options{Kind: Members}, &bytes.Buffer{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Build with a cancelled context = %v", err)
	}
}

func TestProgress(t *testing.T) {
	dir := t.TempDir()
	m := sampleMeeting(t, dir, map[string][]int{"4": {2}, "6": {1, 1}, "7": {3}, "9": {2}})
	var got []Progress
	_, err := Build(context.Background(), m, Options{Kind: Members, Progress: func(p Progress) { got = append(got, p) }}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	order := []string{StageChecking, StageLayout, StageMerging, StageStamping, StageWriting}
	stage := 0
	last := map[string]Progress{}
	for _, p := range got {
		for stage < len(order) && order[stage] != p.Stage {
			stage++
		}
		if stage == len(order) {
			t.Fatalf("stage %q out of order in %v", p.Stage, got)
		}
		if p.Done < 0 || p.Done > p.Total {
			t.Errorf("bad progress %+v", p)
		}
		if prev, ok := last[p.Stage]; ok && p.Done < prev.Done {
			t.Errorf("progress went back: %+v after %+v", p, prev)
		}
		last[p.Stage] = p
	}
	for _, s := range order {
		if p := last[s]; p.Done != p.Total {
			t.Errorf("stage %s ended at %d of %d", s, p.Done, p.Total)
		}
	}
	if p := last[StageChecking]; p.Total != 5 || last[StageMerging].Total != 5 {
		t.Errorf("5 papers, progress says %+v and %+v", p, last[StageMerging])
	}
}

func TestWriteDocument(t *testing.T) {
	requireTools(t)
	dir := t.TempDir()
	long := strings.Repeat("The Cabinet Committee is asked to note the update on the strategy’s first year – including £1.2m of funding – and to comment. ", 12)
	d := Document{
		Title: "Kent & Medway Domestic Abuse Strategy 2024-2029 Year One Update",
		Header: [][2]string{
			{"From:", "Dan Watkins, Cabinet Member for Adult Social Care and Public Health"},
			{"To:", "Policy and Resources Cabinet Committee – 15 January 2025"},
			{"Subject:", "Domestic Abuse Strategy"},
			{"Classification:", "Unrestricted"},
		},
	}
	for i := 1; i <= 8; i++ {
		d.Sections = append(d.Sections, Section{Heading: fmt.Sprintf("%d. Background", i), Body: []Paragraph{{Text: long}, {Text: "A short paragraph."}}})
	}
	path := filepath.Join(dir, "doc.pdf")
	writeDoc(t, path, d)
	qpdfCheck(t, path)
	info := pdfInfo(t, path)
	if info["Title"] != d.Title || !strings.Contains(info["Page size"], "A4") {
		t.Errorf("pdfinfo: %v", info)
	}
	n, err := Check(path)
	if err != nil || n < 3 {
		t.Fatalf("Check = %d, %v; want a document of several pages", n, err)
	}
	text := strings.Join(strings.Fields(strings.Join(pageTexts(t, path), " ")), " ")
	for _, s := range []string{d.Title, "Classification:", "Unrestricted", "Policy and Resources Cabinet Committee – 15 January 2025",
		"8. Background", "strategy’s first year – including £1.2m of funding", "A short paragraph."} {
		if !strings.Contains(text, s) {
			t.Errorf("document text lacks %q", s)
		}
	}
}

func TestWrap(t *testing.T) {
	cases := []struct {
		name string
		text string
		max  float64
	}{
		{"prose", "That, under Section 100A of the Local Government Act 1972, the press and public be excluded", 200},
		{"long word", strings.Repeat("x", 120), 100},
		{"newlines", "one\ntwo three", 300},
		{"empty", "", 100},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			lines := wrap(regular, 10, tc.max, tc.text)
			for _, l := range lines {
				if width(regular, 10, l) > tc.max {
					t.Errorf("line %q is wider than %v", l, tc.max)
				}
			}
			if got := strings.Join(strings.Fields(strings.Join(lines, " ")), ""); got != strings.Join(strings.Fields(tc.text), "") {
				t.Errorf("wrap lost text: %q", lines)
			}
		})
	}
	toks := memberTokens([]string{"Mr A Brady", "Ms M Dawkins", "Mr A J Hook"})
	if got := strings.Join(toks, " "); got != "Mr A Brady, Ms M Dawkins and Mr A J Hook" {
		t.Errorf("memberTokens = %q", got)
	}
	for _, l := range wrapTokens(regular, 10, 80, toks) {
		if strings.HasSuffix(l, "Mr") || strings.HasSuffix(l, "Ms") {
			t.Errorf("a name is split across lines: %q", l)
		}
	}
}

func TestWording(t *testing.T) {
	loc := london(t)
	times := []struct {
		h, m int
		want string
	}{{10, 0, "10.00 am"}, {14, 30, "2.30 pm"}, {12, 0, "12 noon"}, {12, 15, "12.15 pm"}, {0, 5, "12.05 am"}, {19, 0, "7.00 pm"}}
	for _, tc := range times {
		if got := dates.ClockTime(dateAt(loc, tc.h, tc.m)); got != tc.want {
			t.Errorf("ClockTime(%02d:%02d) = %q, want %q", tc.h, tc.m, got, tc.want)
		}
	}
	if got := pagesLabel(PageRange{23, 40}); got != "(Pages 23 - 40)" {
		t.Errorf("pagesLabel = %q", got)
	}
	if got := pagesLabel(PageRange{5, 5}); got != "(Page 5)" {
		t.Errorf("pagesLabel = %q", got)
	}
	if got := exclusionMotion([]int{3}); got != "That, under Section 100A of the Local Government Act 1972, the press and public be excluded from the meeting for the following business on the grounds that it involves the likely disclosure of exempt information as defined in paragraph 3 of part 1 of Schedule 12A of the Act." {
		t.Errorf("motion = %q", got)
	}
	if got := exclusionMotion([]int{1, 3, 5}); !strings.Contains(got, "defined in paragraphs 1, 3 and 5 of part 1") {
		t.Errorf("motion = %q", got)
	}
	if got := paragraphLine(3); got != "Paragraph 3 – Information relating to the financial or business affairs of any particular person (including the authority holding that information)" {
		t.Errorf("paragraphLine(3) = %q", got)
	}
	for p := 1; p <= 7; p++ {
		if ExemptParagraphs[p] == "" {
			t.Errorf("paragraph %d has no description", p)
		}
	}
	m := Meeting{ExclusionParagraphs: []int{5, 3}, Items: []Item{{Part: 2, ExemptParagraph: 3}, {Part: 2, ExemptParagraph: 1}}}
	if got := fmt.Sprint(exclusionParagraphs(m)); got != "[1 3 5]" {
		t.Errorf("exclusionParagraphs = %s", got)
	}
}

func BenchmarkBuild(b *testing.B) {
	dir := b.TempDir()
	counts := []int{4, 18, 6, 1, 12, 25, 3, 9, 40, 2, 14, 7, 22, 5, 11, 30, 8, 16, 27, 40} // 300 pages
	m := sampleMeeting(b, dir, nil)
	m.Items = nil
	for i, n := range counts {
		name := fmt.Sprintf("PAPER-%d-A", i+1)
		path := filepath.Join(dir, name+".pdf")
		writePaper(b, path, name, n, i%4 == 3)
		it := Item{Number: itoa(i + 1), Title: fmt.Sprintf("Report %d", i+1), Part: 1, Papers: []Paper{{Title: "Report", Path: path}}}
		if i >= 17 {
			it.Part, it.ExemptParagraph = 2, 3
		}
		m.Items = append(m.Items, it)
	}
	var out bytes.Buffer
	for b.Loop() {
		out.Reset()
		if _, err := Build(context.Background(), m, Options{Kind: Members}, &out); err != nil {
			b.Fatal(err)
		}
	}
}
