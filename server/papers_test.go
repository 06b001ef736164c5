package server_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// pdfWithScript is a one-page PDF that runs JavaScript when opened.
func pdfWithScript() []byte {
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
		"<< /S /JavaScript /JS (app.launchURL\\('https://example.com/'\\)) >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

func TestAPaperWithJavaScriptIsRefusedWithTheReason(t *testing.T) {
	site := newSite(t)
	clerk := site.signIn(t, "clerk@example.org")
	next := site.nextMeeting(t, pandr)
	builder := "/clerk/meetings/" + itoa(next.ID)
	_, page := clerk.get(t, builder)
	item := itemIDs(t, page)["6"]
	before, err := site.DB.Reports(t.Context(), next.ID)
	if err != nil {
		t.Fatal(err)
	}
	status, body := clerk.upload(t, builder+"/items/"+item+"/papers", "cyber\u202egpj.pdf", bytes.NewReader(pdfWithScript()))
	text := visibleText(body)
	if status != http.StatusUnprocessableEntity || !strings.Contains(text, "contains JavaScript") || !strings.Contains(text, "Print it to a new PDF") {
		t.Errorf("a PDF with JavaScript: %d %q", status, excerpt(text, "JavaScript"))
	}
	if strings.Contains(body, "\u202e") {
		t.Error("the refusal repeats the file name's bidi override")
	}
	after, err := site.DB.Reports(t.Context(), next.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Error("the refused paper was added anyway")
	}
}
