package mail

import (
	"fmt"
	netmail "net/mail"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxFileName is the longest name offered, in bytes, so that a header with
// it percent-encoded stays under the 998-byte line limit of RFC 5322.
const maxFileName = 200

// FileName makes name safe to offer as the name of an attachment or a
// download: control characters and Unicode bidi controls are removed (a
// right-to-left override can make "report\u202Efdp.exe" look like
// "reportexe.pdf"), path separators become "-", and runs of spaces one.
// It keeps the extension when it shortens a long name, and gives "file"
// for a name with nothing left.
func FileName(name string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToValidUTF8(name, "") {
		switch {
		case unicode.IsControl(r), isBidiControl(r):
			continue
		case r == '/' || r == '\\':
			r = '-'
		case unicode.IsSpace(r):
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	// Leading dots would hide the file on Unix; trailing ones Windows drops.
	s := strings.Trim(b.String(), ". ")
	if len(s) > maxFileName {
		ext := ""
		if i := strings.LastIndexByte(s, '.'); i >= 0 && len(s)-i <= 10 {
			ext = s[i:]
		}
		s = truncate(s[:len(s)-len(ext)], maxFileName-len(ext)) + ext
	}
	if strings.Trim(s, ". -") == "" {
		return "file"
	}
	return s
}

// isBidiControl is true for the characters that change the direction of
// text: embeddings and overrides, isolates, and the directional marks.
func isBidiControl(r rune) bool {
	switch {
	case r >= '\u202A' && r <= '\u202E', r >= '\u2066' && r <= '\u2069':
		return true
	case r == '\u200E', r == '\u200F', r == '\u061C':
		return true
	case r == '\u2028', r == '\u2029': // line and paragraph separators break lines too
		return true
	}
	return false
}

// truncate cuts s to at most n bytes on a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// ContentDisposition is a Content-Disposition header value offering a file
// by name, for mail (RFC 2183 with RFC 2231) and HTTP (RFC 6266) alike:
// kind is "inline" or "attachment" (anything else is taken as attachment),
// the name passes through FileName, and is given in full as a UTF-8
// filename* and as an ASCII filename for readers that know only that.
//
// filename* comes first, against the advice of RFC 6266 appendix D:
// browsers, Go and mail clients that know filename* prefer it wherever it
// is, but Python's email package takes whichever comes first.
func ContentDisposition(kind, name string) string {
	if kind = strings.ToLower(kind); kind != "inline" {
		kind = "attachment"
	}
	name = FileName(name)
	return fmt.Sprintf(`%s; filename*=UTF-8''%s; filename="%s"`, kind, percentEncode(name), asciiName(name))
}

// asciiName is name with every character that cannot stand in a quoted
// ASCII filename replaced by "_"; "%" too, which some browsers decode.
func asciiName(name string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r > '~' || r == '"' || r == '\\' || r == '%' {
			return '_'
		}
		return r
	}, name)
}

// percentEncode writes s as an RFC 5987 value: attr-chars as they are,
// every other byte as %XX.
func percentEncode(s string) string {
	const attrChars = "!#$&+-.^_`|~"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(attrChars, c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// Recipient writes a name and address as a header address (RFC 5322, the
// name encoded as RFC 2047 asks). An address no mail server would take,
// or one carrying a line break, is refused, so that nothing stored can
// add a header to a message.
func Recipient(name, address string) (string, error) {
	parsed, err := netmail.ParseAddress(address)
	if err != nil || parsed.Name != "" || strings.ContainsFunc(address, unicode.IsControl) {
		return "", fmt.Errorf("%q is not an email address a message can be sent to", address)
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, name)
	return (&netmail.Address{Name: strings.TrimSpace(name), Address: parsed.Address}).String(), nil
}
