package dispatch_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"testing"
)

// TestAgendaEmailsPassAStrictMIMEParser reads real agenda emails with
// Python's email package in strict mode, which raises on any defect.
func TestAgendaEmailsPassAStrictMIMEParser(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	r := newRig(t, 10<<20)
	if _, err := r.dispatcher.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	const script = `
import email, json, sys
from email import policy
msg = email.message_from_bytes(sys.stdin.buffer.read(), policy=policy.strict)
parts = []
for part in msg.walk():
    if part.defects:
        raise SystemExit("defects in %s: %s" % (part.get_content_type(), part.defects))
    if not part.is_multipart():
        part.get_content()
        parts.append({"type": part.get_content_type(), "filename": part.get_filename() or ""})
print(json.dumps({"subject": str(msg["subject"]), "parts": parts}))
`
	msgs := r.smtp.Messages()
	if len(msgs) == 0 {
		t.Fatal("nothing was sent")
	}
	for _, m := range msgs[:3] {
		cmd := exec.Command(python, "-c", script)
		cmd.Stdin = bytes.NewReader(m.Data)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("the strict parser refused the email to %s: %v\n%s", m.To[0], err, out)
		}
		var got struct {
			Subject string
			Parts   []struct{ Type, Filename string }
		}
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		types := map[string]string{}
		for _, p := range got.Parts {
			types[p.Type] = p.Filename
		}
		if got.Subject == "" || types["application/pdf"] == "" || types["text/calendar"] != "meeting.ics" || len(types) != 4 {
			t.Errorf("the email to %s reads as %+v", m.To[0], got)
		}
	}
}
