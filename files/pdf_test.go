package files

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// testPDF is a small real PDF: one page, with extra objects from 5 on.
// Objects listed in packed go into a compressed object stream with a
// cross-reference stream, as modern writers do.
type testPDF struct {
	catalog string   // extra catalog entries
	page    string   // extra page entries
	extra   []string // objects 5, 6, ...
	packed  bool     // put objects 1-3 and extra in an object stream
	objStm  string   // object stream dictionary entries; "/Type /ObjStm /Filter /FlateDecode" by default
}

func (p testPDF) bytes(t testing.TB) []byte {
	t.Helper()
	content := "BT /F1 12 Tf 72 720 Td (Agenda item 1: minutes) Tj ET"
	objs := append([]string{
		"<< /Type /Catalog /Pages 2 0 R " + p.catalog + " >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> " + p.page + " >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content)+1, content),
	}, p.extra...)
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs)+3)
	inStream := func(n int) bool { return p.packed && n != 4 && !strings.Contains(objs[n-1], "stream\n") }
	for n := 1; n <= len(objs); n++ {
		if !inStream(n) {
			offsets[n] = b.Len()
			fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, objs[n-1])
		}
	}
	if !p.packed {
		xref := b.Len()
		fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
		for n := 1; n <= len(objs); n++ {
			fmt.Fprintf(&b, "%010d 00000 n \n", offsets[n])
		}
		fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /Info << /Title (Using /JS and /Launch in a title is only text) >> >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
		return b.Bytes()
	}
	var head, body bytes.Buffer
	var index []int // object stream index of each packed object
	index = make([]int, len(objs)+1)
	count := 0
	for n := 1; n <= len(objs); n++ {
		if inStream(n) {
			fmt.Fprintf(&head, "%d %d ", n, body.Len())
			body.WriteString(objs[n-1] + "\n")
			index[n] = count
			count++
		}
	}
	data := append(head.Bytes(), body.Bytes()...)
	dict := p.objStm
	if dict == "" {
		dict = "/Type /ObjStm /Filter /FlateDecode"
	}
	if strings.Contains(dict, "/FlateDecode") {
		var z bytes.Buffer
		w := zlib.NewWriter(&z)
		w.Write(data)
		w.Close()
		data = z.Bytes()
	}
	stm, xrefNum := len(objs)+1, len(objs)+2
	offsets[stm] = b.Len()
	fmt.Fprintf(&b, "%d 0 obj\n<< %s /N %d /First %d /Length %d >>\nstream\n", stm, dict, count, head.Len(), len(data))
	b.Write(data)
	b.WriteString("\nendstream\nendobj\n")
	offsets[xrefNum] = b.Len()
	var rows bytes.Buffer
	row := func(typ byte, f2 uint32, f3 uint16) {
		rows.WriteByte(typ)
		binary.Write(&rows, binary.BigEndian, f2)
		binary.Write(&rows, binary.BigEndian, f3)
	}
	row(0, 0, 65535)
	for n := 1; n <= xrefNum; n++ {
		if n <= len(objs) && inStream(n) {
			row(2, uint32(stm), uint16(index[n]))
		} else {
			row(1, uint32(offsets[n]), 0)
		}
	}
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n", xrefNum, xrefNum+1, rows.Len())
	b.Write(rows.Bytes())
	fmt.Fprintf(&b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", offsets[xrefNum])
	return b.Bytes()
}

// qpdfCheck has qpdf confirm that a test PDF is a real one, where qpdf is
// installed.
func qpdfCheck(t *testing.T, pdf []byte) {
	t.Helper()
	if _, err := exec.LookPath("qpdf"); err != nil {
		return
	}
	path := filepath.Join(t.TempDir(), "check.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
}

func checkBytes(t *testing.T, pdf []byte) error {
	t.Helper()
	path := filepath.Join(t.TempDir(), "paper.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	return CheckPDF(path)
}

func TestCheckPDFAcceptsOrdinaryPapers(t *testing.T) {
	ordinary := map[string]testPDF{
		"plain": {},
		// Opening at a page view is an OpenAction too, and harmless.
		"open at page": {catalog: "/OpenAction [3 0 R /Fit] /PageMode /UseOutlines"},
		"web link": {page: "/Annots [5 0 R]", extra: []string{
			"<< /Type /Annot /Subtype /Link /Rect [72 700 200 720] /A << /S /URI /URI (https://www.kent.gov.uk/JS/Launch) >> >>"}},
		// Stream data is not PDF syntax: bytes that look like names there mean nothing.
		"names in stream data": {extra: []string{"<< /Length 23 >>\nstream\n/JavaScript /JS /Launch\nendstream"}},
	}
	for name, p := range ordinary {
		for _, packed := range []bool{false, true} {
			p.packed = packed
			t.Run(fmt.Sprintf("%s packed=%v", name, packed), func(t *testing.T) {
				pdf := p.bytes(t)
				qpdfCheck(t, pdf)
				if err := checkBytes(t, pdf); err != nil {
					t.Errorf("refused: %v", err)
				}
			})
		}
	}
}

func TestCheckPDFRefusesScriptsAndLaunchActions(t *testing.T) {
	const js = "This PDF contains JavaScript, which minutebook does not accept in council papers. Print it to a new PDF (\u201cMicrosoft Print to PDF\u201d or \u201cSave as PDF\u201d) and upload that instead."
	tests := []struct {
		name string
		pdf  testPDF
		kind error
		want string
	}{
		{"open action", testPDF{catalog: "/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>"}, ErrJavaScript, js},
		{"open action by reference", testPDF{catalog: "/OpenAction 5 0 R", extra: []string{"<< /S /JavaScript /JS 6 0 R >>",
			"<< /Length 13 >>\nstream\napp.alert(1);\nendstream"}}, ErrJavaScript, js},
		{"document scripts", testPDF{catalog: "/Names << /JavaScript << /Names [(init) 5 0 R] >> >>",
			extra: []string{"<< /S /JavaScript /JS (this.print\\(\\)) >>"}}, ErrJavaScript, js},
		{"page open action", testPDF{page: "/AA << /O << /S /JavaScript /JS (app.alert\\(1\\)) >> >>"}, ErrJavaScript, js},
		{"hex-escaped names", testPDF{catalog: "/OpenAction << /S /J#61va#53cript /J#53 (app.alert\\(1\\)) >>"}, ErrJavaScript, js},
		{"escaped key only", testPDF{page: "/AA << /C << /S /Rendition /#4a#53 (x) >> >>"}, ErrJavaScript, js},
		{"launch link", testPDF{page: "/Annots [5 0 R]", extra: []string{
			"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /Launch /Win << /F (cmd.exe) >> >> >>"}},
			ErrLaunch, "This PDF contains an action that starts a program or opens another file"},
		{"escaped launch", testPDF{catalog: "/OpenAction << /S /#4C#61unch /F (x.exe) >>"}, ErrLaunch, "starts a program"},
	}
	for _, tt := range tests {
		for _, packed := range []bool{false, true} {
			tt.pdf.packed = packed
			t.Run(fmt.Sprintf("%s packed=%v", tt.name, packed), func(t *testing.T) {
				pdf := tt.pdf.bytes(t)
				qpdfCheck(t, pdf)
				if packed && bytes.Contains(pdf, []byte("/S /")) {
					t.Fatal("the object stream is not compressed")
				}
				err := checkBytes(t, pdf)
				var ace *ActiveContentError
				if !errors.As(err, &ace) || !errors.Is(err, tt.kind) {
					t.Fatalf("err = %v, want an *ActiveContentError of kind %v", err, tt.kind)
				}
				if !strings.Contains(err.Error(), tt.want) {
					t.Errorf("message %q\nlacks %q", err, tt.want)
				}
			})
		}
	}
}

func TestCheckPDFLooksInEveryObjectStream(t *testing.T) {
	script := testPDF{packed: true, catalog: "/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>"}
	// A reader finds object streams through the cross-reference stream,
	// so leaving out /Type /ObjStm must not hide one.
	script.objStm = "/Filter [/FlateDecode]"
	pdf := script.bytes(t)
	if _, err := exec.LookPath("qpdf"); err == nil {
		path := filepath.Join(t.TempDir(), "untyped.pdf")
		if err := os.WriteFile(path, pdf, 0o600); err != nil {
			t.Fatal(err)
		}
		// qpdf warns, then reads the objects all the same.
		if out, _ := exec.Command("qpdf", "--show-object=1", path).CombinedOutput(); !bytes.Contains(out, []byte("/JavaScript")) {
			t.Fatalf("qpdf did not read the catalog from the untyped object stream:\n%s", out)
		}
	}
	if err := checkBytes(t, pdf); !errors.Is(err, ErrJavaScript) {
		t.Errorf("object stream without /Type: err = %v, want ErrJavaScript", err)
	}

	script.objStm = "/Type /ObjStm /Filter /LZWDecode"
	err := checkBytes(t, script.bytes(t))
	if !errors.Is(err, ErrUncheckable) || !strings.Contains(err.Error(), "cannot check it for JavaScript. Print it to a new PDF") {
		t.Errorf("LZW object stream: err = %v, want ErrUncheckable", err)
	}
}

func TestCheckPDFReadsStreamsBothWays(t *testing.T) {
	// Object 6 is the script. In each file a string opens in what one
	// reading takes for stream data, and would hide object 6 from a
	// scanner that took only the other.
	script := "<< /S /JavaScript /JS <6170702e616c657274283129> >>"
	tests := map[string]testPDF{
		// /Length says the data ends early; readers that repair look for endstream.
		"short length": {catalog: "/OpenAction 6 0 R", extra: []string{"<< /Length 1 >>\nstream\nq ( Q\nendstream", script}},
		// The data holds the word endstream; /Length, written after, says where it really ends.
		"endstream in data": {catalog: "/OpenAction 6 0 R", extra: []string{"<< /Length 7 0 R >>\nstream\nq endstream ( Q\nendstream", script, "15"}},
	}
	for name, p := range tests {
		t.Run(name, func(t *testing.T) {
			pdf := p.bytes(t)
			if _, err := exec.LookPath("qpdf"); err == nil {
				path := filepath.Join(t.TempDir(), "both.pdf")
				if err := os.WriteFile(path, pdf, 0o600); err != nil {
					t.Fatal(err)
				}
				if out, _ := exec.Command("qpdf", "--show-object=6", path).CombinedOutput(); !bytes.Contains(out, []byte("/JavaScript")) {
					t.Fatalf("qpdf does not see the script either:\n%s", out)
				}
			}
			if err := checkBytes(t, pdf); !errors.Is(err, ErrJavaScript) {
				t.Errorf("err = %v, want ErrJavaScript", err)
			}
		})
	}
	if err := checkBytes(t, []byte("%PDF-1.7\n1 0 obj\n<< >>\nstream\n(")); !errors.Is(err, ErrUncheckable) {
		t.Errorf("a stream with no end: err = %v, want ErrUncheckable", err)
	}
}

func TestCheckPDFFindsScriptsAddedByQPDF(t *testing.T) {
	if _, err := exec.LookPath("qpdf"); err != nil {
		t.Skip("qpdf is not installed")
	}
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.pdf"), filepath.Join(dir, "out.pdf")
	p := testPDF{page: "/AA << /O 5 0 R >>", extra: []string{"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"}}
	if err := os.WriteFile(in, p.bytes(t), 0o600); err != nil {
		t.Fatal(err)
	}
	if o, err := exec.Command("qpdf", "--object-streams=generate", "--compress-streams=y", in, out).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v\n%s", err, o)
	}
	rewritten, _ := os.ReadFile(out)
	if bytes.Contains(rewritten, []byte("JavaScript")) {
		t.Fatal("qpdf left the script uncompressed")
	}
	if err := CheckPDF(out); !errors.Is(err, ErrJavaScript) {
		t.Errorf("err = %v, want ErrJavaScript", err)
	}
}

func TestCheckPDFCapsInflation(t *testing.T) {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(make([]byte, 2<<20))
	w.Close()
	pdf := fmt.Appendf(nil, "%%PDF-1.7\n1 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n", z.Len())
	pdf = append(append(pdf, z.Bytes()...), "\nendstream\nendobj\n"...)
	s := &scanner{budget: 1 << 20}
	if err := s.scan(pdf, 0); !errors.Is(err, ErrUncheckable) || !strings.Contains(err.Error(), "too large") {
		t.Errorf("err = %v, want ErrUncheckable for too much to inflate", err)
	}
	if err := scanPDF(pdf); err != nil {
		t.Errorf("within the real limit: %v", err)
	}
	// Padding a stream's dictionary must not push /First out of sight.
	padded := "%PDF-1.7\n1 0 obj\n<< /Pad [" + strings.Repeat("0 ", 5000) + "] /First 4 /N 1 /Length 1 >>\nstream\nx\nendstream\nendobj\n"
	if err := scanPDF([]byte(padded)); !errors.Is(err, ErrUncheckable) {
		t.Errorf("padded stream dictionary: err = %v, want ErrUncheckable", err)
	}
}

func FuzzCheckPDF(f *testing.F) {
	seeds := []testPDF{{}, {packed: true}, {catalog: "/OpenAction << /S /JavaScript /JS (x) >>"},
		{packed: true, page: "/AA << /O << /S /J#61vaScript /JS (x) >> >>"},
		{extra: []string{"<< /Length 23 >>\nstream\n/JavaScript /JS /Launch\nendstream"}}}
	for _, p := range seeds {
		f.Add(p.bytes(f))
	}
	f.Add([]byte("%PDF-1.4\n1 0 obj (unterminated /JS"))
	f.Add([]byte("%PDF-1.4\n1 0 obj << /First 1 /Filter /FlateDecode >>\nstream\nx\x9c"))
	f.Fuzz(func(t *testing.T, data []byte) {
		err := scanPDF(data)
		var ace *ActiveContentError
		if err != nil && !errors.As(err, &ace) {
			t.Fatalf("scanPDF returned %T %v, want nil or *ActiveContentError", err, err)
		}
		if err != nil && (ace.Kind == nil || !strings.Contains(err.Error(), "Print it to a new PDF")) {
			t.Fatalf("error without a kind or a remedy: %#v", ace)
		}
		// Anything after the end of a complete object is still read.
		if err == nil && !bytes.ContainsAny(data, "(<%[{") && !bytes.Contains(data, []byte("stream")) {
			tail := append(append([]byte{}, data...), "\n9 0 obj << /S /JavaScript >> endobj\n"...)
			if !errors.Is(scanPDF(tail), ErrJavaScript) {
				t.Fatalf("a script appended to %q was not found", data)
			}
		}
	})
}
