package server_test

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	netmail "net/mail"
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"time"

	"minutebook/agenda"
	"minutebook/dates"
	"minutebook/mail/mailtest"
	"minutebook/store"
)

const decisionExemptWords = "Acme Ltd tendered £1,234,567"

// readableText is every text part of a message, plain and HTML, decoded.
func readableText(t *testing.T, raw []byte) string {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
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
		out.Write(b)
		out.WriteString("\n")
	}
	walk(msg.Header, msg.Body)
	return out.String()
}

// strictMIME reads a message with Python's email package in strict mode,
// which raises on any defect.
func strictMIME(t *testing.T, raw []byte) {
	t.Helper()
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Log("python3 is not installed: the strict MIME check is skipped")
		return
	}
	cmd := exec.Command(python, "-c", `
import email, sys
from email import policy
msg = email.message_from_bytes(sys.stdin.buffer.read(), policy=policy.strict)
for part in msg.walk():
    if part.defects:
        raise SystemExit("defects in %s: %s" % (part.get_content_type(), part.defects))
    if not part.is_multipart():
        part.get_content()
`)
	cmd.Stdin = bytes.NewReader(raw)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("the strict parser refused the email: %v\n%s", err, out)
	}
}

// checkLinks asks for every link of an email's text, as someone who is
// not signed in: each answers, or asks to sign in.
func checkLinks(t *testing.T, site *testSite, text string) []string {
	t.Helper()
	links := linkPattern.FindAllString(text, -1)
	if len(links) == 0 {
		t.Errorf("the email has no links:\n%s", text)
	}
	public := site.anonymous(t)
	for _, l := range links {
		if !strings.HasPrefix(l, site.URL) {
			t.Errorf("link %s is not on the site %s", l, site.URL)
			continue
		}
		status, _ := public.get(t, strings.TrimPrefix(l, site.URL))
		if status != http.StatusOK && status != http.StatusSeeOther {
			t.Errorf("GET %s = %d", l, status)
		}
	}
	return links
}

// messagesTo are the messages among msgs sent to addr.
func messagesTo(msgs []mailtest.Message, addr string) []mailtest.Message {
	var out []mailtest.Message
	for _, m := range msgs {
		for _, to := range m.To {
			if strings.EqualFold(to, addr) {
				out = append(out, m)
			}
		}
	}
	return out
}

func TestDecisionEmailsToMembersAndSubscribers(t *testing.T) {
	site := newSite(t)
	post := startCycleMail(t, site)
	post.deliver(t)
	ctx := context.Background()
	by := agenda.Actor{Name: "clerk@example.org"}
	at := func(day string) {
		t.Helper()
		d, err := time.ParseInLocation("2006-01-02", day, london)
		if err != nil {
			t.Fatal(err)
		}
		site.setNow(d.Add(10 * time.Hour))
	}
	day := func(s string) dates.Date {
		t.Helper()
		d, err := dates.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	public := site.anonymous(t)

	// Subscribing: a bad address is refused on the form's own page.
	status, body := public.post(t, "/decisions/subscribe", url.Values{"email": {"not an address"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "Enter an email address in the correct format") ||
		!strings.Contains(body, `action="/decisions/subscribe"`) {
		t.Errorf("a bad address: %d\n%s", status, visibleText(body))
	}
	for path, email := range map[string]string{"/decisions/subscribe": "resident@example.net", "/forward-plan/subscribe": "planner@example.net"} {
		if status, body := public.post(t, path, url.Values{"email": {email}}); status != http.StatusOK || !strings.Contains(visibleText(body), "Check your email") {
			t.Fatalf("POST %s: %d\n%s", path, status, visibleText(body))
		}
	}
	sent := post.deliver(t)
	confirmLink := func(addr, want string) string {
		t.Helper()
		msg, raw := mailTo(t, sent, addr)
		strictMIME(t, raw)
		if subject := msg.Header.Get("Subject"); subject != want {
			t.Errorf("the confirmation to %s is headed %q, want %q", addr, subject, want)
		}
		text, _ := mailParts(t, raw)
		for _, l := range checkLinks(t, site, text) {
			if strings.Contains(l, "/subscriptions/confirm?token=") {
				return strings.TrimPrefix(l, site.URL)
			}
		}
		t.Fatalf("no confirmation link to %s:\n%s", addr, text)
		return ""
	}
	residentConfirm := confirmLink("resident@example.net", "Confirm your subscription to executive decisions")
	plannerConfirm := confirmLink("planner@example.net", "Confirm your subscription to the forward plan")
	if status, body := public.get(t, plannerConfirm); status != http.StatusOK || !strings.Contains(visibleText(body), "Send new entries on the forward plan to planner@example.net?") {
		t.Errorf("the forward plan's confirmation page: %d\n%s", status, visibleText(body))
	}
	if status, body := public.post(t, plannerConfirm, url.Values{}); status != http.StatusOK || !strings.Contains(visibleText(body), "forward plan") {
		t.Errorf("confirming the forward plan: %d\n%s", status, visibleText(body))
	}

	// A key decision goes on the forward plan: its subscriber hears.
	at("2026-11-20")
	ref, err := site.Agenda.CreateDecision(ctx, store.Decision{Title: "Disposal of land at Stanhope Road, Ashford",
		DecisionMaker: "Deputy Leader and Cabinet Member for Finance, Corporate and Traded Services", KeyDecision: true, KeySpending: true,
		AllDivisions: true, Contact: store.Contact{Name: "Serine Annan-Veitch", JobTitle: "Policy Advisor"},
		ProposedDecision: "To agree the freehold disposal of the land.", Restriction: "part-exempt", ExemptParagraph: 3,
		ExemptInformation: decisionExemptWords}, by)
	if err != nil {
		t.Fatal(err)
	}
	if err := site.Agenda.PublishNotice(ctx, ref, by); err != nil {
		t.Fatal(err)
	}
	sent = post.deliver(t)
	if len(sent) != 1 {
		t.Errorf("the notice sent %d emails, want one, to the forward plan's subscriber", len(sent))
	}
	msg, raw := mailTo(t, sent, "planner@example.net")
	strictMIME(t, raw)
	text := readableText(t, raw)
	if !strings.Contains(text, "Decision due: not before 19 December 2026") || !strings.Contains(text, ref) ||
		msg.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Errorf("the forward plan email:\n%s", text)
	}
	checkLinks(t, site, text)
	if strings.Contains(text, "Acme") || strings.Contains(string(raw), "Acme") {
		t.Errorf("the forward plan email carries the exempt information:\n%s", text)
	}

	// Taken and published on Christmas Eve: Christmas Day, the Boxing Day
	// holiday on Monday 28 December and New Year's Day are not working
	// days, so call-in runs to the end of 5 January 2027.
	publish := func(ref, on string) []mailtest.Message {
		t.Helper()
		at(on)
		if err := site.Agenda.RecordDecisionTaken(ctx, ref, agenda.Taken{Decision: "As Deputy Leader, I agree to the freehold disposal of the land.",
			DecidedOn: day(on), Reasons: "The land is surplus to the council's needs."}, by); err != nil {
			t.Fatal(err)
		}
		if err := site.Agenda.PublishDecisionRecord(ctx, ref, by); err != nil {
			t.Fatal(err)
		}
		return post.deliver(t)
	}
	sent = publish(ref, "2026-12-24")
	if got := messagesTo(sent, "resident@example.net"); len(got) != 0 {
		t.Errorf("an unconfirmed subscriber was sent %d decision emails", len(got))
	}
	if got := messagesTo(sent, "planner@example.net"); len(got) != 0 {
		t.Errorf("a subscriber to the forward plan only was sent %d decision emails", len(got))
	}
	if got := messagesTo(sent, "a.beer@example.org"); len(got) != 0 {
		t.Errorf("an officer who is not a councillor was sent the members' email")
	}
	msg, raw = mailTo(t, sent, "m.dawkins@example.org")
	strictMIME(t, raw)
	text = readableText(t, raw)
	for _, want := range []string{"Call-in: until the end of 5 January 2027", "Effective from: 6 January 2027", "Published: 24 December 2026",
		"Decision maker: Deputy Leader and Cabinet Member for Finance, Corporate and Traded Services",
		"As Deputy Leader, I agree to the freehold disposal of the land.", "Dear Ms M Dawkins", ref} {
		if !strings.Contains(text, want) {
			t.Errorf("the members' email lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Acme") || strings.Contains(text, "1,234,567") {
		t.Errorf("the members' email carries the exempt information:\n%s", text)
	}
	if msg.Header.Get("List-Unsubscribe") != "" {
		t.Error("a councillor's email offers to unsubscribe")
	}
	if links := checkLinks(t, site, text); !strings.HasSuffix(links[0], "/decisions/"+strings.Replace(ref, "/", "-", 1)) {
		t.Errorf("the members' email links to %v, want the decision first", links)
	}
	if n := len(sent); n < 19 {
		t.Errorf("%d members' emails, want one for each of the demo's 19 councillors", n)
	}

	// Confirmed, the subscriber gets the next decision, and can leave in
	// one click.
	if status, body := public.post(t, residentConfirm, url.Values{}); status != http.StatusOK || !strings.Contains(visibleText(body), "Executive decisions will be emailed to resident@example.net") {
		t.Errorf("confirming decisions: %d\n%s", status, visibleText(body))
	}
	at("2026-12-29")
	other, err := site.Agenda.CreateDecision(ctx, store.Decision{Title: "Grant to the Kent Community Foundation", DecisionMaker: "Leader of the Council",
		Contact: store.Contact{Name: "J Hansen"}, ProposedDecision: "To award the grant."}, by)
	if err != nil {
		t.Fatal(err)
	}
	sent = publish(other, "2026-12-29")
	got := messagesTo(sent, "resident@example.net")
	if len(got) != 1 {
		t.Fatalf("the confirmed subscriber was sent %d emails, want 1", len(got))
	}
	msg, raw = mailTo(t, got, "resident@example.net")
	strictMIME(t, raw)
	text = readableText(t, raw)
	if !strings.Contains(text, "Call-in: until the end of 6 January 2027") || !strings.Contains(text, "Dear subscriber") {
		t.Errorf("the subscriber's email:\n%s", text)
	}
	checkLinks(t, site, text)
	unsubscribe := strings.Trim(msg.Header.Get("List-Unsubscribe"), "<>")
	if !strings.HasPrefix(unsubscribe, site.URL+"/unsubscribe?token=") || msg.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Fatalf("List-Unsubscribe %q, List-Unsubscribe-Post %q", unsubscribe, msg.Header.Get("List-Unsubscribe-Post"))
	}
	if status, body := public.get(t, strings.TrimPrefix(unsubscribe, site.URL)); status != http.StatusOK || !strings.Contains(visibleText(body), "Stop sending executive decisions to resident@example.net?") {
		t.Errorf("the unsubscribe page: %d\n%s", status, visibleText(body))
	}
	req, _ := http.NewRequest(http.MethodPost, unsubscribe, strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if status, body := public.do(t, req); status != http.StatusOK || !strings.Contains(visibleText(body), "No more executive decisions will be sent to resident@example.net.") {
		t.Errorf("one-click unsubscribe: %d\n%s", status, visibleText(body))
	}
	at("2026-12-30")
	third, err := site.Agenda.CreateDecision(ctx, store.Decision{Title: "Highways term maintenance contract extension", DecisionMaker: "Leader of the Council",
		Contact: store.Contact{Name: "R Spore"}, ProposedDecision: "To extend the contract."}, by)
	if err != nil {
		t.Fatal(err)
	}
	sent = publish(third, "2026-12-30")
	if got := messagesTo(sent, "resident@example.net"); len(got) != 0 {
		t.Errorf("after unsubscribing, the subscriber was sent %d emails", len(got))
	}
	if got := messagesTo(sent, "m.dawkins@example.org"); len(got) != 1 {
		t.Errorf("members were sent %d emails of the third decision, want 1", len(got))
	}

	// Subscribing again starts over, in the one subscription, with new
	// tokens: the old unsubscribe link stays dead.
	if status, _ := public.post(t, "/decisions/subscribe", url.Values{"email": {"Resident@example.net"}}); status != http.StatusOK {
		t.Fatalf("subscribing again: %d", status)
	}
	var rows int
	var confirmed bool
	if err := site.DB.Update(ctx, func(tx *store.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*), max(confirmed_at IS NOT NULL) FROM subscriptions WHERE topic = 'decisions' AND email = 'resident@example.net'`).
			Scan(&rows, &confirmed)
	}); err != nil {
		t.Fatal(err)
	}
	if rows != 1 || confirmed {
		t.Errorf("subscribing again: %d subscriptions, confirmed %v; want one, waiting for confirmation", rows, confirmed)
	}
	if status, _ := public.post(t, strings.TrimPrefix(unsubscribe, site.URL), url.Values{}); status != http.StatusNotFound {
		t.Errorf("the old unsubscribe link after subscribing again: %d, want 404", status)
	}
	if _, raw := mailTo(t, post.deliver(t), "Resident@example.net"); !strings.Contains(readableText(t, raw), "executive decisions") {
		t.Error("subscribing again sends no confirmation that says what it is to")
	}
}
