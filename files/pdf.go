package files

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"errors"
	"io"
	"os"
	"strconv"
)

// Kinds of active content, for errors.Is on an *ActiveContentError.
var (
	ErrJavaScript  = errors.New("PDF with JavaScript")
	ErrLaunch      = errors.New("PDF with a launch action")
	ErrUncheckable = errors.New("PDF with parts that cannot be checked")
)

// ActiveContentError is a PDF refused because opening it could run code,
// in words a clerk can act on.
type ActiveContentError struct {
	Kind    error  // ErrJavaScript, ErrLaunch or ErrUncheckable
	Problem string // "This PDF contains JavaScript, which minutebook does not accept in council papers."
	Name    string // the PDF name that gave it away, like "/JS", for the log
}

// reprint is the remedy for every kind: printing to PDF keeps the pages and
// drops scripts, actions and exotic compression.
const reprint = "Print it to a new PDF (\u201cMicrosoft Print to PDF\u201d or \u201cSave as PDF\u201d) and upload that instead."

func (e *ActiveContentError) Error() string { return e.Problem + " " + reprint }

func (e *ActiveContentError) Unwrap() error { return e.Kind }

// Limits on what is inflated to look inside object streams, so that a small
// upload cannot make the server inflate gigabytes.
const (
	maxInflated = 64 << 20 // all object streams of one file together
	maxNesting  = 2
	maxForks    = 8 // each scans the rest of the file again
	// Stream dictionaries are short; a long one is kept only in part.
	maxDictTokens = 1024
)

// CheckPDF refuses a PDF that could run code when opened: JavaScript
// (document, page, form field or link actions, also when the names are
// #-escaped or inside compressed object streams) and launch actions. It
// returns nil or an *ActiveContentError. It does not check that the file is
// a well-formed PDF; pack.Check does.
func CheckPDF(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return scanPDF(data)
}

// scanPDF reads PDF syntax just far enough to see every name outside
// strings, comments and stream data, and inflates object streams, where
// the objects of most modern PDFs are.
func scanPDF(data []byte) error {
	s := &scanner{top: data, budget: maxInflated}
	return s.scan(data, 0)
}

type scanner struct {
	top     []byte         // the whole file
	budget  int64          // bytes left to inflate
	forks   int            // streams read both ways
	objects map[string]int // "num gen" to the offset after "obj", made when first needed
}

// token is a lexical token that matters for finding streams.
type token struct {
	kind  byte   // '/' name, 'k' keyword or number, '<' dict open, '>' dict close, '[' or ']'
	text  string // name without the slash, #xx decoded; keyword text
	depth int    // dictionary depth at the token, 1 inside a top-level dictionary
}

func isSpace(c byte) bool {
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// decodeName undoes the #xx escapes of PDF name syntax (PDF 1.2 and later).
func decodeName(raw []byte) string {
	if bytes.IndexByte(raw, '#') < 0 {
		return string(raw)
	}
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		if raw[i] == '#' && i+2 < len(raw) {
			if v, err := strconv.ParseUint(string(raw[i+1:i+3]), 16, 8); err == nil {
				out = append(out, byte(v))
				i += 2
				continue
			}
		}
		out = append(out, raw[i])
	}
	return string(out)
}

// active is what each name that can run code means.
func active(name string) *ActiveContentError {
	switch name {
	case "JavaScript", "JS":
		return &ActiveContentError{Kind: ErrJavaScript, Name: "/" + name,
			Problem: "This PDF contains JavaScript, which minutebook does not accept in council papers."}
	case "Launch":
		return &ActiveContentError{Kind: ErrLaunch, Name: "/" + name,
			Problem: "This PDF contains an action that starts a program or opens another file, which minutebook does not accept in council papers."}
	}
	return nil
}

func uncheckable(why string) *ActiveContentError {
	return &ActiveContentError{Kind: ErrUncheckable,
		Problem: "This PDF has " + why + ", so minutebook cannot check it for JavaScript."}
}

func (s *scanner) scan(data []byte, nesting int) error {
	var dict []token // the last top-level dictionary, for the stream after it
	depth := 0
	keep := func(t token) {
		if t.depth <= 2 && len(dict) <= maxDictTokens {
			dict = append(dict, t)
		}
	}
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case isSpace(c):
			i++
		case c == '%':
			for i < len(data) && data[i] != '\n' && data[i] != '\r' {
				i++
			}
		case c == '(':
			i = skipString(data, i)
		case c == '<' && i+1 < len(data) && data[i+1] == '<':
			if depth == 0 {
				dict = dict[:0]
			}
			depth++
			keep(token{kind: '<', depth: depth})
			i += 2
		case c == '>' && i+1 < len(data) && data[i+1] == '>':
			if depth > 0 {
				keep(token{kind: '>', depth: depth})
				depth--
			}
			i += 2
		case c == '<':
			if j := bytes.IndexByte(data[i:], '>'); j >= 0 {
				i += j + 1
			} else {
				i = len(data)
			}
		case c == '/':
			j := i + 1
			for j < len(data) && !isSpace(data[j]) && !isDelim(data[j]) {
				j++
			}
			name := decodeName(data[i+1 : j])
			if e := active(name); e != nil {
				return e
			}
			if depth > 0 {
				keep(token{kind: '/', text: name, depth: depth})
			}
			i = j
		case isDelim(c):
			if depth > 0 && (c == '[' || c == ']') {
				keep(token{kind: c, depth: depth})
			}
			i++
		default:
			j := i
			for j < len(data) && !isSpace(data[j]) && !isDelim(data[j]) {
				j++
			}
			word := data[i:j]
			i = j
			if depth > 0 {
				if depth <= 2 {
					keep(token{kind: 'k', text: string(word), depth: depth})
				}
				continue
			}
			switch string(word) {
			case "endobj":
				dict = dict[:0]
			case "stream":
				next, err := s.stream(data, i, dict, nesting)
				if err != nil {
					return err
				}
				i = next
				dict = dict[:0]
			}
		}
	}
	return nil
}

// skipString returns the index after the literal string that starts at i.
func skipString(data []byte, i int) int {
	depth := 0
	for ; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return len(data)
}

// stream handles the data of a stream whose keyword ends at i: object
// streams are inflated and scanned, other data skipped. It returns where
// scanning goes on.
func (s *scanner) stream(data []byte, i int, dict []token, nesting int) (int, error) {
	if i < len(data) && data[i] == '\r' {
		i++
	}
	if i < len(data) && data[i] == '\n' {
		i++
	}
	if len(dict) > maxDictTokens {
		return 0, uncheckable("a stream with an oversized dictionary")
	}
	start := i
	end := bytes.Index(data[start:], []byte("endstream"))
	if end >= 0 {
		end += start
	}
	length, hasLength := s.length(dict, nesting)
	if hasLength && (length < 0 || length > int64(len(data)-start)) {
		hasLength = false
	}
	byLength := start + int(length)
	if end < 0 && !hasLength {
		return 0, uncheckable("a stream with no end")
	}
	// A reader may trust /Length or look for endstream. Where the two
	// disagree, what one takes for data the other reads as objects (and a
	// string in it could swallow the rest of the file), so both readings
	// are scanned.
	resume, inflateTo := end, end
	switch {
	case end < 0:
		resume, inflateTo = byLength, byLength
	case hasLength && len(bytes.TrimLeft(data[min(end, byLength):max(end, byLength)], "\x00\t\n\f\r ")) > 0:
		if s.forks++; s.forks > maxForks {
			return 0, uncheckable("too many streams whose length is wrong")
		}
		if err := s.scan(data[max(end, byLength):], nesting); err != nil {
			return 0, err
		}
		resume, inflateTo = min(end, byLength), max(end, byLength)
	}
	if !isObjectStream(dict) {
		return resume, nil
	}
	if nesting >= maxNesting {
		return 0, uncheckable("object streams inside object streams")
	}
	inner, err := s.decode(data[start:inflateTo], dict)
	if err != nil {
		return 0, err
	}
	if err := s.scan(inner, nesting+1); err != nil {
		return 0, err
	}
	return resume, nil
}

// length is the stream's /Length, looked up when it is a reference.
func (s *scanner) length(dict []token, nesting int) (int64, bool) {
	for k, t := range dict {
		if t.kind != '/' || t.depth != 1 || t.text != "Length" || k+1 >= len(dict) {
			continue
		}
		v := dict[k+1]
		n, err := strconv.ParseInt(v.text, 10, 64)
		if v.kind != 'k' || err != nil {
			return 0, false
		}
		if k+3 < len(dict) && dict[k+3].kind == 'k' && dict[k+3].text == "R" {
			if nesting > 0 {
				return 0, false
			}
			return s.integerObject(dict[k+1].text + " " + dict[k+2].text)
		}
		return n, true
	}
	return 0, false
}

// integerObject is the value of the object "num gen" when it is an
// integer, as stream lengths written after the stream are.
func (s *scanner) integerObject(ref string) (int64, bool) {
	if s.objects == nil {
		s.objects = map[string]int{}
		for off := 0; ; {
			j := bytes.Index(s.top[off:], []byte("obj"))
			if j < 0 {
				break
			}
			at := off + j
			off = at + 3
			if num, gen, ok := objectNumber(s.top[:at]); ok {
				s.objects[num+" "+gen] = off // the last definition wins, as in an update
			}
		}
	}
	off, ok := s.objects[ref]
	if !ok {
		return 0, false
	}
	f := bytes.Fields(s.top[off:min(len(s.top), off+64)])
	if len(f) < 2 || !bytes.HasPrefix(f[1], []byte("endobj")) {
		return 0, false
	}
	n, err := strconv.ParseInt(string(f[0]), 10, 64)
	return n, err == nil
}

// objectNumber reads "num gen " backwards from the end of b.
func objectNumber(b []byte) (num, gen string, ok bool) {
	word := func() string {
		end := len(b)
		for end > 0 && isSpace(b[end-1]) {
			end--
		}
		i := end
		for i > 0 && b[i-1] >= '0' && b[i-1] <= '9' {
			i--
		}
		w := string(b[i:end])
		b = b[:i]
		return w
	}
	if gen = word(); gen == "" {
		return "", "", false
	}
	if num = word(); num == "" {
		return "", "", false
	}
	return num, gen, true
}

// isObjectStream is true for a stream that holds objects. A reader finds
// object streams through the cross-reference stream and needs /First to
// read one, so /First marks one even without /Type /ObjStm.
func isObjectStream(dict []token) bool {
	for k, t := range dict {
		if t.kind != '/' || t.depth != 1 {
			continue
		}
		if t.text == "First" {
			return true
		}
		if t.text == "Type" && k+1 < len(dict) && dict[k+1].kind == '/' && dict[k+1].text == "ObjStm" {
			return true
		}
	}
	return false
}

// decode undoes an object stream's filters: none, or FlateDecode without
// a predictor, which is what PDF writers use for object streams.
func (s *scanner) decode(raw []byte, dict []token) ([]byte, error) {
	var filters []string
	for k, t := range dict {
		switch {
		case t.kind == '/' && t.depth == 1 && t.text == "Filter" && k+1 < len(dict):
			switch v := dict[k+1]; v.kind {
			case '/':
				filters = []string{v.text}
			case '[':
				for _, w := range dict[k+2:] {
					if w.kind != '/' {
						break
					}
					filters = append(filters, w.text)
				}
			default:
				// A reference: the filter is not known here.
				return nil, uncheckable("object streams compressed in an unusual way")
			}
		case t.kind == '/' && t.text == "Predictor" && k+1 < len(dict) && dict[k+1].text != "1":
			return nil, uncheckable("object streams compressed with a predictor")
		}
	}
	switch {
	case len(filters) == 0:
		return raw, nil
	case len(filters) == 1 && (filters[0] == "FlateDecode" || filters[0] == "Fl"):
	default:
		return nil, uncheckable("object streams compressed in an unusual way")
	}
	return s.inflate(raw)
}

// inflate decompresses zlib data within the budget. A damaged stream gives
// what came out before the damage, as lenient readers do; data without a
// zlib header is tried as raw deflate, as some readers do.
func (s *scanner) inflate(raw []byte) ([]byte, error) {
	var r io.ReadCloser
	r, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		r = flate.NewReader(bytes.NewReader(raw))
	}
	defer r.Close()
	var out bytes.Buffer
	n, _ := io.Copy(&out, io.LimitReader(r, s.budget+1))
	if n > s.budget {
		return nil, uncheckable("compressed parts too large to check")
	}
	s.budget -= n
	return out.Bytes(), nil
}
