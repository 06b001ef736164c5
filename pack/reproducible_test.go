package pack

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// keepDiffering saves two outputs that should have been the same where
// PACK_KEEP says, to compare with qpdf --qdf.
func keepDiffering(t *testing.T, name string, a, b []byte) {
	t.Helper()
	if dir := os.Getenv("PACK_KEEP"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, name+"-a.pdf"), a, 0o644)
		_ = os.WriteFile(filepath.Join(dir, name+"-b.pdf"), b, 0o644)
	}
}

// A published pack is a document of record: the web, the command line and
// the scheduler must all produce the same bytes from the same meeting.
func TestBuildIsReproducible(t *testing.T) {
	dir := t.TempDir()
	m := sampleMeeting(t, dir, map[string][]int{"4": {2}, "6": {3, 1}, "7": {5}, "9": {2}})
	// A paper with bookmarks and named destinations of its own, which the
	// merge has to rename.
	p := filepath.Join(dir, "minutes.pdf")
	writeDoc(t, p, minutesDoc())
	m.Items[7].Papers = append(m.Items[7].Papers, Paper{Title: "Minutes", Path: p})
	for _, k := range []Kind{Public, Members, Supplementary, MembersSupplementary} {
		var first []byte
		for i := range 6 {
			var out bytes.Buffer
			if _, err := Build(context.Background(), m, Options{Kind: k}, &out); err != nil {
				t.Fatalf("Build(%s): %v", k, err)
			}
			if i == 0 {
				first = out.Bytes()
				continue
			}
			if !bytes.Equal(first, out.Bytes()) {
				keepDiffering(t, k.String(), first, out.Bytes())
				t.Fatalf("Build(%s) gave different bytes on build %d", k, i+1)
			}
		}
	}
}

func TestWriteDocumentIsReproducible(t *testing.T) {
	docs := []Document{
		minutesDoc(),
		{},
		{Title: "Report", Sections: []Section{{Heading: "One", Body: []Paragraph{{Markdown: "- a\n- b"}}}, {Heading: "Two"}}},
	}
	for _, d := range docs {
		var first []byte
		for i := range 6 {
			var out bytes.Buffer
			if err := WriteDocument(&out, d); err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				first = out.Bytes()
				continue
			}
			if !bytes.Equal(first, out.Bytes()) {
				keepDiffering(t, "document", first, out.Bytes())
				t.Fatalf("WriteDocument(%q) gave different bytes on write %d", d.Title, i+1)
			}
		}
	}
}
