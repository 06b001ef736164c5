package dispatch_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"minutebook/agenda"
	"minutebook/dates"
	"minutebook/dispatch"
	"minutebook/files"
	"minutebook/fixtures"
	"minutebook/mail"
	"minutebook/mail/mailtest"
	"minutebook/store"
)

var london, _ = time.LoadLocation("Europe/London")

// demoDay is when the demo is loaded; its next meeting is four weeks on.
var demoDay = time.Date(2026, 11, 2, 9, 0, 0, 0, london)

type rig struct {
	db         *store.DB
	agenda     *agenda.Agenda
	files      *files.Store
	smtp       *mailtest.Server
	dispatcher *dispatch.Dispatcher
	meetingID  int64
	now        time.Time
}

// newRig loads the demo, publishes the Committee's next agenda (which
// queues its emails) and points a dispatcher at a real SMTP server.
func newRig(t *testing.T, maxAttachment int64) *rig {
	t.Helper()
	return newRigBefore(t, maxAttachment, nil)
}

// newRigBefore is newRig with a change to the agenda before it is published.
func newRigBefore(t *testing.T, maxAttachment int64, beforePublishing func(r *rig)) *rig {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	r := &rig{db: db, now: demoDay}
	db.Now = func() time.Time { return r.now }
	fs := &files.Store{Dir: filepath.Join(dir, "files")}
	ag, err := agenda.New(context.Background(), agenda.Config{DB: db, Files: fs, Location: london, Nation: dates.EnglandAndWales, MailDomain: "kent.example.org"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fixtures.LoadDemo(context.Background(), db, fixtures.Options{Agenda: ag, Files: fs}); err != nil {
		t.Fatal(err)
	}
	meetings, err := db.Meetings(context.Background(), store.MeetingFilter{BodyID: 1, From: demoDay})
	if err != nil || len(meetings) == 0 {
		t.Fatalf("no scheduled meeting: %v", err)
	}
	r.meetingID = meetings[0].ID
	r.agenda, r.files = ag, fs
	if beforePublishing != nil {
		beforePublishing(r)
	}
	if err := ag.Publish(context.Background(), r.meetingID, agenda.Actor{Name: "test"}, ""); err != nil {
		t.Fatal(err)
	}
	r.smtp = mailtest.Start(t)
	sender, err := mail.New(mail.Config{Addr: r.smtp.Addr, CommandTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sender.Close() })
	r.dispatcher = &dispatch.Dispatcher{DB: db, Sender: sender, Envelope: "democratic.services@kent.example.org",
		Temporary: mail.IsTemporary, Now: func() time.Time { return r.now },
		Composer: &dispatch.Composer{DB: db, From: "Democratic Services <democratic.services@kent.example.org>",
			BaseURL: "https://democracy.kent.example.org", Location: london, MaxAttachment: maxAttachment,
			Pack: ag.Issued}}
	return r
}

func (r *rig) emails(t *testing.T) []store.OutboxMessage {
	t.Helper()
	list, err := r.db.MeetingEmails(context.Background(), r.meetingID)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// part is one leaf of a MIME message.
type part struct {
	contentType string
	body        []byte
}

func parts(t *testing.T, raw []byte) (*netmail.Message, []part) {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	var out []part
	var walk func(ct string, body io.Reader, encoding string)
	walk = func(ct string, body io.Reader, encoding string) {
		mt, params, err := mime.ParseMediaType(ct)
		if err != nil {
			t.Fatalf("content type %q: %v", ct, err)
		}
		if strings.HasPrefix(mt, "multipart/") {
			mr := multipart.NewReader(body, params["boundary"])
			for {
				p, err := mr.NextRawPart()
				if err == io.EOF {
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				walk(p.Header.Get("Content-Type"), p, p.Header.Get("Content-Transfer-Encoding"))
			}
		}
		b, _ := io.ReadAll(decoder(body, encoding))
		out = append(out, part{mt, b})
	}
	walk(msg.Header.Get("Content-Type"), msg.Body, msg.Header.Get("Content-Transfer-Encoding"))
	return msg, out
}

func TestEveryRecipientGetsTheAgendaOnce(t *testing.T) {
	r := newRig(t, 10<<20)
	queued := r.emails(t)
	if len(queued) < 18 {
		t.Fatalf("%d emails queued, want every member of the Committee, its clerk and its contact", len(queued))
	}
	counts, err := r.dispatcher.RunOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if counts.Sent != len(queued) || counts.Retried != 0 || counts.Failed != 0 {
		t.Errorf("first pass: %+v, want %d sent", counts, len(queued))
	}
	got := r.smtp.Messages()
	if len(got) != len(queued) {
		t.Fatalf("the SMTP server received %d messages, want %d", len(got), len(queued))
	}
	byRecipient := map[string][]byte{}
	for _, m := range got {
		if len(m.To) != 1 {
			t.Errorf("one message went to %v: each recipient gets their own", m.To)
		}
		byRecipient[strings.ToLower(m.To[0])] = m.Data
	}
	for _, want := range []string{"d.brazier@example.org", "a.hook@example.org", "clerk@example.org", "emily.kennedy@example.org"} {
		if byRecipient[want] == nil {
			t.Errorf("%s received nothing", want)
		}
	}
	msg, ps := parts(t, byRecipient["a.hook@example.org"])
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if subject != "Agenda: Policy and Resources Cabinet Committee, Wednesday 2 December 2026, 10.00 am" {
		t.Errorf("subject = %q", subject)
	}
	types := map[string][]byte{}
	for _, p := range ps {
		types[p.contentType] = p.body
	}
	for _, ct := range []string{"text/plain", "text/html", "application/pdf", "text/calendar"} {
		if types[ct] == nil {
			t.Errorf("the message has no %s part (parts: %v)", ct, keys(types))
		}
	}
	text := string(types["text/plain"])
	for _, want := range []string{"Council Chamber, Sessions House", "5  Risk Management (Including RAG ratings)  (Pages", "https://democracy.kent.example.org/meetings/", "members' agenda pack: attached, and at https://democracy.kent.example.org/meetings/"} {
		if !strings.Contains(text, want) {
			t.Errorf("the text part lacks %q:\n%s", want, text)
		}
	}
	if !bytes.HasPrefix(types["application/pdf"], []byte("%PDF-")) {
		t.Error("the attached pack is not a PDF")
	}
	if ics := string(types["text/calendar"]); !strings.Contains(ics, "DTSTART:20261202T100000Z") || !strings.Contains(ics, "SUMMARY:Policy and Resources Cabinet Committee") {
		t.Errorf("the invitation is wrong:\n%s", ics)
	}
	for _, e := range r.emails(t) {
		if e.Status != "sent" || e.SentAt == nil {
			t.Errorf("%s: status %s", e.Email, e.Status)
		}
		if raw := byRecipient[strings.ToLower(e.Email)]; !bytes.Contains(raw, []byte(e.MessageID)) {
			t.Errorf("%s: the message sent does not carry its Message-ID %s", e.Email, e.MessageID)
		}
	}
	again, err := r.dispatcher.RunOnce(context.Background())
	if err != nil || again != (dispatch.Counts{}) || len(r.smtp.Messages()) != len(queued) {
		t.Errorf("a second pass did %+v (%v); nothing should be sent twice", again, err)
	}
}

func TestFailuresAreRetriedOrReported(t *testing.T) {
	r := newRig(t, 10<<20)
	total := len(r.emails(t))
	r.smtp.FailNext(451, 1)
	r.smtp.FailNext(550, 1)
	r.smtp.DropAfterDataNext(1)
	counts, err := r.dispatcher.RunOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if counts.Retried != 2 || counts.Failed != 1 || counts.Sent != total-3 {
		t.Errorf("first pass: %+v, want 2 retried, 1 failed, %d sent", counts, total-3)
	}
	var failed, retrying []store.OutboxMessage
	for _, e := range r.emails(t) {
		switch e.Status {
		case "failed":
			failed = append(failed, e)
		case "retrying":
			retrying = append(retrying, e)
		}
	}
	if len(failed) != 1 || !strings.Contains(failed[0].LastError, "550") {
		t.Errorf("failed = %+v, want one with the server's 550 answer", failed)
	}
	for _, e := range retrying {
		if !e.NextAttemptAt.After(r.now) {
			t.Errorf("%s is retried at %v, not after a back-off", e.Email, e.NextAttemptAt)
		}
	}
	// Nothing is due until the back-off has passed.
	if c, _ := r.dispatcher.RunOnce(context.Background()); c != (dispatch.Counts{}) {
		t.Errorf("a pass before the back-off did %+v", c)
	}
	r.now = r.now.Add(2 * time.Minute)
	counts, err = r.dispatcher.RunOnce(context.Background())
	if err != nil || counts.Sent != 2 || counts.Failed != 0 {
		t.Errorf("after the back-off: %+v %v, want the 2 retried messages sent", counts, err)
	}
	if err := r.db.Update(context.Background(), func(tx *store.Tx) error { return tx.Resend(r.meetingID, failed[0].ID) }); err != nil {
		t.Fatal(err)
	}
	if c, _ := r.dispatcher.RunOnce(context.Background()); c.Sent != 1 {
		t.Errorf("resending the failed message: %+v", c)
	}
}

func TestLargePacksAreLinkedNotAttached(t *testing.T) {
	r := newRig(t, 1024)
	if _, err := r.dispatcher.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	msgs := r.smtp.Messages()
	if len(msgs) == 0 {
		t.Fatal("nothing sent")
	}
	_, ps := parts(t, msgs[0].Data)
	for _, p := range ps {
		if p.contentType == "application/pdf" {
			t.Error("a pack over the size limit was attached")
		}
		if p.contentType == "text/plain" && !strings.Contains(string(p.body), "members' agenda pack") {
			t.Errorf("no link to the pack:\n%s", p.body)
		}
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func decoder(r io.Reader, encoding string) io.Reader {
	switch strings.ToLower(encoding) {
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, r)
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	}
	return r
}

func TestSubscribersGetLinksAndNoExemptContent(t *testing.T) {
	r := newRig(t, 10<<20)
	ctx := context.Background()
	if err := r.db.Update(ctx, func(tx *store.Tx) error { return tx.Subscribe(1, "resident@example.org", "kent.example.org") }); err != nil {
		t.Fatal(err)
	}
	if _, err := r.dispatcher.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	var confirm []byte
	for _, m := range r.smtp.Messages() {
		if m.To[0] == "resident@example.org" {
			confirm = m.Data
		}
	}
	var text []byte
	if confirm != nil {
		_, ps := parts(t, confirm)
		for _, p := range ps {
			if p.contentType == "text/plain" {
				text = p.body
			}
		}
	}
	token := regexp.MustCompile(`subscriptions/confirm\?token=([0-9a-f]+)`).FindSubmatch(text)
	if token == nil {
		t.Fatalf("no confirmation link reached the subscriber:\n%s", confirm)
	}
	if err := r.db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.ConfirmSubscription(string(token[1])); err != nil {
			return err
		}
		if err := tx.ReissueAgenda(r.meetingID, 0, r.now.Add(time.Hour), "Paper added"); err != nil {
			return err
		}
		_, err := tx.QueueAgendaEmails(r.meetingID, "kent.example.org")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	before := len(r.smtp.Messages())
	if _, err := r.dispatcher.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	var raw []byte
	for _, m := range r.smtp.Messages()[before:] {
		if m.To[0] == "resident@example.org" {
			raw = m.Data
		}
	}
	if raw == nil {
		t.Fatal("the confirmed subscriber got no agenda")
	}
	msg, ps := parts(t, raw)
	// The unsubscribe link carries a token of its own, never the one that
	// confirmed.
	if got := msg.Header.Get("List-Unsubscribe"); !regexp.MustCompile(`/unsubscribe\?token=[0-9a-f]{16,}>$`).MatchString(got) || strings.Contains(got, string(token[1])) {
		t.Errorf("List-Unsubscribe = %q", got)
	}
	if got := msg.Header.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post = %q", got)
	}
	for _, p := range ps {
		switch {
		case p.contentType == "application/pdf":
			t.Error("a public subscriber was sent a pack as an attachment")
		case bytes.Contains(p.body, []byte("members' agenda pack")) || bytes.Contains(p.body, []byte("exempt (Part 2) papers")):
			t.Errorf("a public subscriber's %s part points at exempt papers", p.contentType)
		case p.contentType == "text/plain" && !regexp.MustCompile(`The agenda pack: https://democracy\.kent\.example\.org/meetings/\d+/packs/\d+\r?\n`).Match(p.body):
			t.Errorf("the subscriber's message has no link to the public pack:\n%s", p.body)
		}
	}
}
