package pack

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// Kinds of unusable paper, for errors.Is.
var (
	ErrNotPDF    = errors.New("not a PDF")
	ErrDamaged   = errors.New("damaged PDF")
	ErrEncrypted = errors.New("encrypted PDF")
	ErrNoPages   = errors.New("PDF without pages")
)

// PaperError says why a file cannot be used as a paper, in words a clerk can
// act on.
type PaperError struct {
	Kind    error  // ErrNotPDF, ErrDamaged, ErrEncrypted, ErrNoPages, or nil when the file cannot be read
	Problem string // "the PDF is encrypted"
	Remedy  string // "save it without a password and upload it again"
	Err     error  // the underlying error, if any
}

func (e *PaperError) Error() string {
	return upperFirst(e.Problem) + ": " + e.Remedy
}

// inline is the message as part of a longer one, as Build reports it.
func (e *PaperError) inline() string { return e.Problem + "; " + e.Remedy }

func (e *PaperError) Unwrap() []error {
	var errs []error
	if e.Kind != nil {
		errs = append(errs, e.Kind)
	}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// Check validates a file as a usable paper: it starts with %PDF-, parses, is
// not encrypted and has at least one page. It returns the page count, or a
// *PaperError whose message a clerk can act on.
func Check(path string) (pages int, err error) {
	ctx, err := openPaper(path)
	if err != nil {
		return 0, err
	}
	return ctx.PageCount, nil
}

// headerWindow is how far into a file the "%PDF-" header may be found; like
// Acrobat, bytes before it (a mail header, a byte order mark) are skipped.
const headerWindow = 1024

// openPaper reads and validates a paper and returns it ready to merge.
func openPaper(path string) (*model.Context, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &PaperError{Problem: "the file cannot be read", Remedy: "upload it again", Err: err}
	}
	defer func() { _ = f.Close() }() // opened only to read
	st, err := f.Stat()
	if err != nil {
		return nil, &PaperError{Problem: "the file cannot be read", Remedy: "upload it again", Err: err}
	}
	if st.Size() == 0 {
		return nil, &PaperError{Kind: ErrNotPDF, Problem: "the file is empty", Remedy: "upload the PDF again"}
	}
	head := make([]byte, 8192)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	off := bytes.Index(head[:min(n, headerWindow)], []byte("%PDF-"))
	if off < 0 {
		return nil, &PaperError{Kind: ErrNotPDF, Problem: "the file is not a PDF",
			Remedy: "it looks like " + sniff(head, f, st.Size()) + ", so save or export it as a PDF and upload it again"}
	}
	return readPDF(io.NewSectionReader(f, int64(off), st.Size()-int64(off)))
}

// readPDF parses and validates a PDF.
func readPDF(rs io.ReadSeeker) (ctx *model.Context, err error) {
	defer func() {
		// A malformed file must not take the server down with it.
		if r := recover(); r != nil {
			ctx, err = nil, damaged(fmt.Errorf("%v", r))
		}
	}()
	ctx, err = api.ReadContext(rs, newConf())
	if err != nil {
		if errors.Is(err, pdfcpu.ErrEncrypted) || errors.Is(err, pdfcpu.ErrWrongPassword) {
			return nil, encrypted(err)
		}
		return nil, damaged(err)
	}
	if ctx.Encrypt != nil || ctx.E != nil {
		return nil, encrypted(nil)
	}
	if err := api.ValidateContext(ctx); err != nil {
		return nil, damaged(err)
	}
	if err := ctx.EnsurePageCount(); err != nil {
		return nil, damaged(err)
	}
	if ctx.PageCount < 1 {
		return nil, &PaperError{Kind: ErrNoPages, Problem: "the PDF has no pages",
			Remedy: "check it is the right file and upload it again"}
	}
	return ctx, nil
}

func encrypted(err error) *PaperError {
	return &PaperError{Kind: ErrEncrypted, Problem: "the PDF is encrypted",
		Remedy: "save it without a password and upload it again", Err: err}
}

func damaged(err error) *PaperError {
	reason := err.Error()
	if i := strings.IndexByte(reason, '\n'); i >= 0 {
		reason = reason[:i]
	}
	if len(reason) > 160 {
		reason = reason[:160] + "…"
	}
	return &PaperError{Kind: ErrDamaged, Problem: "the PDF is damaged",
		Remedy: "it may be incomplete or corrupted; open it, save it as a new PDF and upload it again (details: " + reason + ")", Err: err}
}

// sniff names the kind of a file that is not a PDF, from its first bytes.
func sniff(head []byte, r io.ReaderAt, size int64) string {
	has := func(p string) bool { return bytes.HasPrefix(head, []byte(p)) }
	switch {
	case has("\x89PNG\r\n\x1a\n"):
		return "a PNG image"
	case has("\xff\xd8\xff"):
		return "a JPEG image"
	case has("GIF87a"), has("GIF89a"):
		return "a GIF image"
	case has("II*\x00"), has("MM\x00*"):
		return "a TIFF image"
	case has("RIFF") && len(head) >= 12 && string(head[8:12]) == "WEBP":
		return "a WebP image"
	case has("PK\x03\x04"):
		return sniffZip(r, size)
	case has("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
		return "an older Microsoft Office file (.doc or .xls)"
	case has("{\\rtf"):
		return "an RTF document"
	case has("%!PS"):
		return "a PostScript file"
	}
	lower := strings.ToLower(strings.TrimSpace(string(head)))
	if strings.HasPrefix(lower, "<!doctype html") || strings.HasPrefix(lower, "<html") {
		return "a web page"
	}
	if utf8.Valid(head) && !bytes.ContainsRune(head, 0) {
		return "a text file"
	}
	return "a file of another kind"
}

// sniffZip tells Office and OpenDocument files from other ZIP archives.
func sniffZip(r io.ReaderAt, size int64) string {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return "a ZIP archive"
	}
	for _, f := range z.File {
		switch {
		case strings.HasPrefix(f.Name, "word/"):
			return "a Word document"
		case strings.HasPrefix(f.Name, "xl/"):
			return "an Excel spreadsheet"
		case strings.HasPrefix(f.Name, "ppt/"):
			return "a PowerPoint presentation"
		case f.Name == "mimetype":
			return "an OpenDocument file"
		}
	}
	return "a ZIP archive"
}
