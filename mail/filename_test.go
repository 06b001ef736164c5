package mail

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/jordan-wright/email"
)

func TestFileNameRemovesBidiAndControlCharacters(t *testing.T) {
	tests := map[string]string{
		"Agenda pack Cabinet 2026-03-12.pdf": "Agenda pack Cabinet 2026-03-12.pdf",
		"Invoice\u202Efdp.exe":               "Invoicefdp.exe",
		"a\u2066b\u2067c\u2068d\u2069e\u200E\u200F\u061Cf\u202A\u202B\u202C\u202D.pdf": "abcdef.pdf",
		"Minutes\r\nBcc: all@example.org.pdf":                                          "MinutesBcc: all@example.org.pdf",
		"tab\there\x00\x1b\x7f\u0085.pdf":                                              "tabhere.pdf",
		"../../etc/passwd":                                                             "-..-etc-passwd",
		"  Report   on\u00a0fees .pdf  ":                                               "Report on fees .pdf",
		"Côté Ärztekammer – 2026.pdf":                                                  "Côté Ärztekammer – 2026.pdf",
		"\u202E":                                                                       "file",
		"...":                                                                          "file",
		"bad\xffutf8.pdf":                                                              "badutf8.pdf",
	}
	for in, want := range tests {
		if got := FileName(in); got != want {
			t.Errorf("FileName(%q) = %q, want %q", in, got, want)
		}
	}
	long := FileName(strings.Repeat("é", 300) + ".pdf")
	if len(long) > maxFileName || !strings.HasSuffix(long, ".pdf") || !strings.HasPrefix(long, "éé") {
		t.Errorf("a long name became %d bytes: %q", len(long), long)
	}
}

func TestContentDispositionGivesBothNames(t *testing.T) {
	tests := []struct{ kind, name, ascii, full string }{
		{"attachment", "Agenda pack Cabinet 2026-03-12.pdf", "Agenda pack Cabinet 2026-03-12.pdf", "Agenda pack Cabinet 2026-03-12.pdf"},
		{"inline", "Côté – \u202Efdp.exe", "C_t_ _ fdp.exe", "Côté – fdp.exe"},
		{"INLINE", `Say "no" \ 100%.pdf`, "Say _no_ - 100_.pdf", `Say "no" - 100%.pdf`},
		{"form-data\r\nX-Evil: 1", "x.pdf", "x.pdf", "x.pdf"},
	}
	for _, tt := range tests {
		got := ContentDisposition(tt.kind, tt.name)
		if strings.ContainsFunc(got, unicode.IsControl) || strings.ContainsFunc(got, func(r rune) bool { return r > '~' }) {
			t.Errorf("ContentDisposition(%q, %q) = %q: not printable ASCII", tt.kind, tt.name, got)
		}
		kind, params, err := mime.ParseMediaType(got)
		if err != nil {
			t.Fatalf("ContentDisposition(%q, %q) = %q does not parse: %v", tt.kind, tt.name, got, err)
		}
		// Go's parser, like mail readers, prefers filename* when there is one.
		if want := strings.ToLower(tt.kind); (want == "inline") != (kind == "inline") || params["filename"] != tt.full {
			t.Errorf("ContentDisposition(%q, %q) = %q, read as %q %q", tt.kind, tt.name, got, kind, params["filename"])
		}
		if !strings.HasSuffix(got, `; filename="`+tt.ascii+`"`) {
			t.Errorf("ContentDisposition(%q, %q) = %q, want the ASCII name %q", tt.kind, tt.name, got, tt.ascii)
		}
	}
	if got := ContentDisposition("attachment", "Côté.pdf"); got != `attachment; filename*=UTF-8''C%C3%B4t%C3%A9.pdf; filename="C_t_.pdf"` {
		t.Errorf("got %s", got)
	}
}

// agendaMessage builds a message the way dispatch does, with the
// attachment named through FileName and ContentDisposition.
func agendaMessage(t testing.TB, subject, name, address, filename string) []byte {
	t.Helper()
	e := email.NewEmail()
	e.From = "Democratic Services <democratic.services@example.org>"
	to, err := Recipient(name, address)
	if err != nil {
		t.Skip(err) // refused, so never written into a header
	}
	e.To = []string{to}
	e.Subject = subject
	at, err := e.Attach(strings.NewReader("%PDF-1.7\n"), FileName(filename), "application/pdf")
	if err != nil {
		t.Fatal(err)
	}
	at.Header.Set("Content-Disposition", ContentDisposition("attachment", filename))
	e.Text = []byte("The agenda is attached.\n")
	msg, err := e.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return msg
}

func TestAttachmentNamesReadByPythonStrictly(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	const script = `
import email, json, sys
from email import policy
msg = email.message_from_bytes(sys.stdin.buffer.read(), policy=policy.strict)
names = [p.get_filename() for p in msg.iter_attachments()]
print(json.dumps({"names": names, "subject": str(msg["subject"]), "to": str(msg["to"])}))
`
	for _, filename := range []string{"Agenda pack Cabinet 2026-03-12.pdf", "Agenda pack Côté – Planning 2026-03-12.pdf",
		"Report\u202Efdp.exe", "Minutes\r\nBcc: all@example.org.pdf", strings.Repeat("Ünterlagen ", 30) + ".pdf"} {
		msg := agendaMessage(t, "Agenda: Cabinet, Thursday 12 March 2026", "Cllr Zoë O'Brien", "zoe.obrien@example.org", filename)
		cmd := exec.Command(python, "-c", script)
		cmd.Stdin = bytes.NewReader(msg)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("python's strict email parser refused the message for %q: %v\n%s\n%s", filename, err, out, msg)
		}
		var got struct {
			Names       []string
			Subject, To string
		}
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		if len(got.Names) != 1 || got.Names[0] != FileName(filename) {
			t.Errorf("python read the attachment of %q as %q, want %q", filename, got.Names, FileName(filename))
		}
		if got.To != "Cllr Zoë O'Brien <zoe.obrien@example.org>" {
			t.Errorf("python read To as %q", got.To)
		}
	}
}

func FuzzMessageHeaders(f *testing.F) {
	f.Add("Agenda: Cabinet, Thursday 12 March 2026", "Cllr Zoë O'Brien", "zoe.obrien@example.org", "Agenda pack Cabinet 2026-03-12.pdf")
	f.Add("Revised agenda\r\nBcc: all@example.org", "Smith, John\r\nX-Evil: 1", "a@example.org\r\nBcc: b@example.org", "x.pdf\r\nContent-Type: text/html")
	f.Add("=?UTF-8?q?Subj?=", "\"quoted\" <name>", "<a@b>", "Report\u202Efdp.exe")
	f.Add("\u00e9\u202e\x00", "\n", ",", "\"; filename=evil.exe")
	want := []string{"Content-Type", "Date", "From", "Message-Id", "Mime-Version", "Subject", "To"}
	f.Fuzz(func(t *testing.T, subject, name, address, filename string) {
		if subject == "" {
			t.Skip("an empty subject is left out of the headers, not injected; no email of ours has one")
		}
		msg := agendaMessage(t, subject, name, address, filename)
		m, err := netmail.ReadMessage(bytes.NewReader(msg))
		if err != nil {
			t.Fatalf("the message does not parse: %v\n%s", err, msg)
		}
		var keys []string
		for k := range m.Header {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, want) {
			t.Fatalf("headers %v, want %v: something was injected\n%s", keys, want, msg)
		}
		_, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
		if err != nil {
			t.Fatal(err)
		}
		r := multipart.NewReader(m.Body, params["boundary"])
		parts := 0
		for {
			p, err := r.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("part %d: %v\n%s", parts, err, msg)
			}
			parts++
			for k := range p.Header {
				if !slices.Contains([]string{"Content-Type", "Content-Disposition", "Content-Id", "Content-Transfer-Encoding"}, k) {
					t.Fatalf("part %d has header %s: something was injected\n%s", parts, k, msg)
				}
			}
			if cd := p.Header.Get("Content-Disposition"); cd != "" {
				if _, ps, err := mime.ParseMediaType(cd); err != nil || ps["filename"] != FileName(filename) {
					t.Fatalf("attachment named %q, want %q (%v)", ps["filename"], FileName(filename), err)
				}
			}
		}
		if parts != 2 {
			t.Fatalf("%d parts, want the text and the attachment\n%s", parts, msg)
		}
	})
}
