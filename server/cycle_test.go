package server_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/http"
	netmail "net/mail"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"minutebook/browsertest"
	"minutebook/dispatch"
	"minutebook/fixtures"
	"minutebook/mail"
	"minutebook/mail/mailtest"
	"minutebook/store"
)

// cycleMail sends the site's outbox to a real SMTP server, as the running
// service does.
type cycleMail struct {
	smtp       *mailtest.Server
	dispatcher *dispatch.Dispatcher
	seen       int
}

func startCycleMail(t *testing.T, site *testSite) *cycleMail {
	t.Helper()
	smtp := mailtest.Start(t)
	sender, err := mail.New(mail.Config{Addr: smtp.Addr, CommandTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sender.Close() })
	return &cycleMail{smtp: smtp, dispatcher: &dispatch.Dispatcher{DB: site.DB, Sender: sender, Envelope: "democratic.services@kent.example.org",
		Temporary: mail.IsTemporary, Composer: &dispatch.Composer{DB: site.DB, From: "Democratic Services <democratic.services@kent.example.org>",
			BaseURL: site.URL, Location: london, MaxAttachment: 20 << 20, Pack: site.Agenda.Issued}}}
}

// deliver sends what the outbox owes and returns the messages it sent.
func (m *cycleMail) deliver(t *testing.T) []mailtest.Message {
	t.Helper()
	if _, err := m.dispatcher.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	all := m.smtp.Messages()
	fresh := all[m.seen:]
	m.seen = len(all)
	return fresh
}

// mailTo is the first message to the address, with its subject.
func mailTo(t *testing.T, msgs []mailtest.Message, addr string) (*netmail.Message, []byte) {
	t.Helper()
	for _, msg := range msgs {
		for _, to := range msg.To {
			if strings.EqualFold(to, addr) {
				m, err := netmail.ReadMessage(bytes.NewReader(msg.Data))
				if err != nil {
					t.Fatal(err)
				}
				return m, msg.Data
			}
		}
	}
	var got []string
	for _, msg := range msgs {
		got = append(got, msg.To...)
	}
	t.Fatalf("no message to %s among %d sent, to %v", addr, len(msgs), got)
	return nil, nil
}

// mailParts are the decoded leaves of a message: text and attachments.
func mailParts(t *testing.T, raw []byte) (text string, attachments map[string][]byte) {
	t.Helper()
	attachments = map[string][]byte{}
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(h interface{ Get(string) string }, body io.Reader)
	walk = func(h interface{ Get(string) string }, body io.Reader) {
		mt, params, _ := mime.ParseMediaType(h.Get("Content-Type"))
		if strings.HasPrefix(mt, "multipart/") {
			mr := multipart.NewReader(body, params["boundary"])
			for {
				p, err := mr.NextRawPart()
				if err != nil {
					return
				}
				walk(p.Header, p)
			}
		}
		b, _ := io.ReadAll(decodeTransfer(h.Get("Content-Transfer-Encoding"), body))
		if _, params, err := mime.ParseMediaType(h.Get("Content-Disposition")); err == nil && params["filename"] != "" {
			attachments[params["filename"]] = b
		} else if mt == "text/plain" {
			text += string(b)
		}
	}
	walk(msg.Header, msg.Body)
	return text, attachments
}

var linkPattern = regexp.MustCompile(`https?://[^\s<>")]+`)

// TestAMeetingsWholeCycleInTheBrowser takes one meeting from scheduling to
// the Chairman's signature, as its clerk, its members and its Chairman do
// it, with axe-core checking each page on the way.
func TestAMeetingsWholeCycleInTheBrowser(t *testing.T) {
	b := browsertest.Start(t)
	site := newSite(t)
	post := startCycleMail(t, site)
	c := site.committeeNamed(t, pandr)
	ctx := context.Background()
	check := func(path string) {
		t.Helper()
		b.AssertAccessible(t, site.URL+path)
	}

	// Schedule and draft.
	b.SignIn(t, site.URL, "clerk@example.org", fixtures.DemoPassword)
	check("/clerk/meetings/new")
	text := b.Submit(t, site.URL+"/clerk/meetings/new", []browsertest.Field{
		{Selector: "#body", Text: itoa(c.ID), Select: true},
		{Selector: "#date-day", Text: "13"}, {Selector: "#date-month", Text: "1"}, {Selector: "#date-year", Text: "2027"},
		{Selector: "#time", Text: "10am"}}, `form[action="/clerk/meetings"] button`)
	if !strings.Contains(text, "Meeting scheduled") {
		t.Fatalf("after scheduling:\n%s", text)
	}
	meetings, err := site.DB.Meetings(ctx, store.MeetingFilter{BodyID: c.ID, From: time.Date(2027, 1, 13, 0, 0, 0, 0, london)})
	if err != nil || len(meetings) == 0 {
		t.Fatalf("the scheduled meeting: %v", err)
	}
	m := meetings[0]
	builder := "/clerk/meetings/" + itoa(m.ID)
	text = b.Submit(t, site.URL+builder, []browsertest.Field{{Selector: "#title", Text: "Treasury Management Strategy"}}, `form[action$="/items"] button`)
	if !strings.Contains(text, "Item added: Treasury Management Strategy") {
		t.Fatalf("after adding an item:\n%s", text)
	}
	b.Submit(t, site.URL+builder, []browsertest.Field{{Selector: "#title", Text: "Draft Revenue Budget"}, {Selector: "#to-follow", Click: true}},
		`form[action$="/items"] button`)
	check(builder)
	clerk := site.signIn(t, "clerk@example.org")
	items := itemIDs(t, mustGet(t, clerk, builder))
	var treasury, budget string
	for _, it := range clerk.draftOf(t, m.ID).Agenda {
		switch it.Title {
		case "Treasury Management Strategy":
			treasury = items[it.Number]
		case "Draft Revenue Budget":
			budget = items[it.Number]
		}
	}
	if status, body := clerk.upload(t, builder+"/items/"+treasury+"/papers", "treasury.pdf",
		bytes.NewReader(writePDF(t, "Treasury Management Strategy", "The strategy for 2027-28."))); status != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", status, visibleText(body))
	}
	check(builder + "/papers")

	// Publish: every member is emailed the pack.
	check(builder + "/publication")
	text = b.Submit(t, site.URL+builder+"/publication", nil, `form[action$="/publish"] button`)
	if !strings.Contains(text, "1 item has no paper yet:\n5. Work Programme") {
		t.Errorf("publishing names no missing paper:\n%s", text)
	}
	text = b.Submit(t, site.URL+builder+"/publication", []browsertest.Field{{Selector: "#confirm-missing", Click: true}}, `form[action$="/publish"] button`)
	if !strings.Contains(text, "Agenda published") {
		t.Fatalf("after publishing:\n%s", text)
	}
	sent := post.deliver(t)
	if len(sent) < len(c.Members) {
		t.Fatalf("%d emails for a committee of %d", len(sent), len(c.Members))
	}
	_, raw := mailTo(t, sent, "d.brazier@example.org")
	body, attached := mailParts(t, raw)
	var emailedPack []byte
	for name, data := range attached {
		if strings.HasSuffix(name, ".pdf") {
			emailedPack = data
		}
	}
	packLink := regexp.MustCompile(`\S*/meetings/\d+/packs/\d+\S*`).FindString(body)
	if emailedPack == nil || packLink == "" {
		t.Fatalf("the Chairman's agenda email carries no pack (attached %d, link %q):\n%s", len(attached), packLink, body)
	}

	// A late paper: held, previewed, then sent as a supplement.
	if status, body := clerk.upload(t, builder+"/items/"+budget+"/papers", "budget.pdf",
		bytes.NewReader(writePDF(t, "Draft Revenue Budget", "The draft budget for 2027-28."))); status != http.StatusSeeOther {
		t.Fatalf("late upload: %d %s", status, visibleText(body))
	}
	if sent := post.deliver(t); len(sent) != 0 {
		t.Fatalf("%d emails went before the supplement was confirmed", len(sent))
	}
	check(builder + "/publication")
	text = b.Submit(t, site.URL+builder+"/publication", nil, `form[action*="/held/"][action$="/send"] button`)
	if !strings.Contains(text, "Supplementary agenda sent") {
		t.Fatalf("after sending the supplement:\n%s", text)
	}
	if msg, _ := mailTo(t, post.deliver(t), "d.brazier@example.org"); !strings.Contains(strings.ToLower(msg.Header.Get("Subject")), "supplementary") {
		t.Errorf("the supplement's subject: %q", msg.Header.Get("Subject"))
	}

	// Reschedule: everyone who had the agenda hears, with the calendar entry.
	check(builder + "/change")
	text = b.Submit(t, site.URL+builder+"/change", []browsertest.Field{{Selector: "#status-reason", Text: "The chamber is needed for a by-election count"},
		{Selector: "#new-date-day", Text: "14"}, {Selector: "#new-date-month", Text: "1"}, {Selector: "#new-date-year", Text: "2027"},
		{Selector: "#new-time", Text: "2pm"}}, `button[value="reschedule"]`)
	if !strings.Contains(text, "Meeting moved") {
		t.Fatalf("after rescheduling:\n%s", text)
	}
	_, raw = mailTo(t, post.deliver(t), "d.brazier@example.org")
	_, attached = mailParts(t, raw)
	var ics string
	for name, data := range attached {
		if strings.HasSuffix(name, ".ics") {
			ics = string(data)
		}
	}
	if !strings.Contains(ics, "SEQUENCE:1") || !strings.Contains(ics, "20270114T140000") {
		t.Errorf("the change notice carries no updated calendar entry (%d attachments):\n%s", len(attached), ics)
	}

	// Held, attendance and minutes typed in one save.
	site.setNow(time.Date(2027, 1, 14, 17, 0, 0, 0, london))
	text = b.Submit(t, site.URL+builder+"/change", nil, `button[value="held"]`)
	if !strings.Contains(text, "Meeting marked as held") {
		t.Fatalf("after marking held:\n%s", text)
	}
	var present []browsertest.Field
	for _, member := range c.Members[:6] {
		present = append(present, browsertest.Field{Selector: "#person-" + itoa(member.PersonID) + "-present", Click: true})
	}
	check(builder + "/attendance")
	if text = b.Submit(t, site.URL+builder+"/attendance", present, `form[action$="/attendance"] button`); !strings.Contains(text, "Attendance saved") {
		t.Fatalf("after recording attendance:\n%s", text)
	}
	editor := builder + "/minutes"
	b.Submit(t, site.URL+editor, nil, `form[action$="/minutes/start"] button`)
	set, err := site.DB.Minutes(ctx, m.ID)
	if err != nil || set == nil {
		t.Fatalf("minutes: %v", err)
	}
	var typed []browsertest.Field
	for _, it := range set.Items {
		typed = append(typed, browsertest.Field{Selector: "#text-" + itoa(it.ID), Text: "The Committee considered item " + it.Label() + ".\n\nRESOLVED to note the item."})
	}
	check(editor)
	if text = b.Submit(t, site.URL+editor, typed, `form[action$="/minutes"] button:not([name])`); !strings.Contains(text, "Minutes saved") {
		t.Fatalf("after saving the minutes:\n%s", text)
	}
	if set, _ = site.DB.Minutes(ctx, m.ID); len(set.Items[len(set.Items)-1].Paragraphs) != 2 {
		t.Errorf("the last minute was not saved with the rest: %+v", set.Items[len(set.Items)-1])
	}
	b.Submit(t, site.URL+editor, nil, `button[value="chair-review"]`)
	if msg, _ := mailTo(t, post.deliver(t), "d.brazier@example.org"); !strings.Contains(msg.Header.Get("Subject"), "minutes") {
		t.Errorf("the Chairman's draft minutes email: %q", msg.Header.Get("Subject"))
	}
	b.Submit(t, site.URL+editor, nil, `button[value="unconfirmed"]`)

	// Approval at the next meeting, then the Chairman is told and signs.
	var next int64
	if err := site.DB.Update(ctx, func(tx *store.Tx) error {
		next, err = tx.CreateMeetingWithAgenda(store.Meeting{BodyID: c.ID, StartsAt: time.Date(2027, 2, 10, 10, 0, 0, 0, london)}, london)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	site.setNow(time.Date(2027, 2, 10, 13, 0, 0, 0, london))
	b.Submit(t, site.URL+"/clerk/meetings/"+itoa(next)+"/minutes", nil, `form[action$="/minutes/start"] button`)
	text = b.Submit(t, site.URL+editor, nil, `form[action$="/minutes/advance"] button`)
	if !strings.Contains(text, "Approved as a correct record") {
		t.Fatalf("after recording the approval:\n%s", text)
	}
	readyMsg, readyRaw := mailTo(t, post.deliver(t), "d.brazier@example.org")
	readyText, _ := mailParts(t, readyRaw)
	if !strings.Contains(strings.ToLower(readyMsg.Header.Get("Subject")), "sign") || !strings.Contains(readyText, "/my-meetings") {
		t.Errorf("the ready-to-sign email: %q\n%s", readyMsg.Header.Get("Subject"), readyText)
	}

	b.Submit(t, site.URL+"/account", nil, `form[action="/sign-out"] button`)
	b.SignIn(t, site.URL, "d.brazier@example.org", fixtures.DemoPassword)
	check("/my-meetings")
	mine := b.Text(t, site.URL+"/my-meetings")
	if !strings.Contains(mine, "Thursday 14 January 2027") {
		t.Errorf("My meetings does not offer the minutes to sign:\n%s", mine)
	}
	meetingPage := "/meetings/" + itoa(m.ID)
	check(meetingPage)
	text = b.Submit(t, site.URL+meetingPage, []browsertest.Field{{Selector: "#sign-password", Text: fixtures.DemoPassword}}, `form[action$="/minutes/sign"] button`)
	if !strings.Contains(text, "Minutes signed and sealed") {
		t.Fatalf("after signing:\n%s", text)
	}

	// The pack as published is the pack as emailed, byte for byte.
	u, err := url.Parse(strings.TrimRight(packLink, ".,"))
	if err != nil {
		t.Fatal(err)
	}
	if status, _ := site.anonymous(t).get(t, u.RequestURI()); status != http.StatusSeeOther {
		t.Errorf("the members' pack signed out: %d, want a way to sign in", status)
	}
	status, later := site.signIn(t, "d.brazier@example.org").get(t, u.RequestURI())
	if status != http.StatusOK || !bytes.Equal([]byte(later), emailedPack) {
		t.Errorf("the pack at %s (%d, %d bytes) is not the %d bytes emailed", u.RequestURI(), status, len(later), len(emailedPack))
	}
	// Every link the emails carried opens.
	for _, msg := range post.smtp.Messages() {
		text, _ := mailParts(t, msg.Data)
		for _, link := range linkPattern.FindAllString(text, -1) {
			u, err := url.Parse(strings.TrimRight(link, ".,"))
			if err != nil || !strings.HasPrefix(link, site.URL) {
				continue
			}
			if status, _ := site.anonymous(t).get(t, u.RequestURI()); status >= 400 && status != http.StatusSeeOther {
				t.Errorf("the link %s in an email to %v answers %d", link, msg.To, status)
			}
		}
	}
}

func mustGet(t *testing.T, u *user, path string) string {
	t.Helper()
	status, body := u.get(t, path)
	if status != http.StatusOK {
		t.Fatalf("GET %s: %d", path, status)
	}
	return body
}

func decodeTransfer(encoding string, r io.Reader) io.Reader {
	switch strings.ToLower(encoding) {
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, r)
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	}
	return r
}
