// Package dispatch sends what the outbox owes: it builds each agenda email
// and hands it to SMTP, retrying what can be retried and recording what
// cannot, so that no member is missed and nobody gets a message twice.
package dispatch

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/textproto"
	"os"
	"strings"
	texttemplate "text/template"
	"time"
	"unicode/utf8"

	"github.com/jordan-wright/email"

	"minutebook/agenda"
	"minutebook/dates"
	"minutebook/mail"
	"minutebook/pack"
	"minutebook/paths"
	"minutebook/store"
)

// PackIssued returns the pack of a kind that an issue of a meeting's
// agenda sent out, as agenda.Agenda.Issued does.
type PackIssued func(ctx context.Context, meetingID, publicationID int64, kind pack.Kind) (*agenda.IssuedPack, error)

// Composer builds agenda emails.
type Composer struct {
	DB       *store.DB
	From     string // "Democratic Services <democratic.services@example.org>"
	BaseURL  string // where links point
	Location *time.Location
	Pack     PackIssued
	// MaxAttachment is the largest pack sent as an attachment; larger packs
	// are linked.
	MaxAttachment int64
}

type agendaLine struct {
	Label, Title, Pages string
	Exempt              bool
}

type messageData struct {
	Name, Committee, When, Venue, Kind, Reason string
	MeetingURL, PackURL, PackName, Unsubscribe string
	Attached, Entitled                         bool
	Items                                      []agendaLine
}

var textBody = texttemplate.Must(texttemplate.New("text").Parse(`Dear {{.Name}},

{{if eq .Kind "supplementary"}}A supplementary agenda has been published for{{else if eq .Kind "reissue"}}The agenda has been revised for{{else}}The agenda has been published for{{end}} the {{.Committee}}.
{{if .Reason}}
What changed: {{.Reason}}
{{end}}
When: {{.When}}
Where: {{.Venue}}

Agenda
{{range .Items}}
{{.Label}}  {{.Title}}{{if .Pages}}  ({{.Pages}}){{end}}{{if .Exempt}}  [exempt]{{end}}{{end}}

The agenda online: {{.MeetingURL}}
The {{.PackName}}: {{if .Attached}}attached, and at {{end}}{{.PackURL}}
{{if .Entitled}}
The pack includes exempt (Part 2) papers. Do not forward them.
{{end}}
Democratic Services
{{if .Unsubscribe}}
To stop these emails: {{.Unsubscribe}}
{{end}}`))

var htmlBody = template.Must(template.New("html").Parse(`<!DOCTYPE html>
<html lang="en-GB"><body style="font-family: Arial, sans-serif; font-size: 16px; color: #0b0c0c;">
<p>Dear {{.Name}},</p>
<p>{{if eq .Kind "supplementary"}}A supplementary agenda has been published for{{else if eq .Kind "reissue"}}The agenda has been revised for{{else}}The agenda has been published for{{end}} the <strong>{{.Committee}}</strong>.</p>
{{if .Reason}}<p>What changed: {{.Reason}}</p>{{end}}
<p><strong>When:</strong> {{.When}}<br><strong>Where:</strong> {{.Venue}}</p>
<h2 style="font-size: 19px;">Agenda</h2>
<table style="border-collapse: collapse;">
{{range .Items}}<tr><td style="padding: 4px 12px 4px 0; vertical-align: top;">{{.Label}}</td><td style="padding: 4px 12px 4px 0;">{{.Title}}{{if .Exempt}} (exempt){{end}}</td><td style="padding: 4px 0; white-space: nowrap;">{{.Pages}}</td></tr>
{{end}}</table>
<p><a href="{{.MeetingURL}}">The agenda online</a> &middot; <a href="{{.PackURL}}">The {{.PackName}} (PDF)</a>{{if .Attached}}, also attached{{end}}</p>
{{if .Entitled}}<p><strong>The pack includes exempt (Part 2) papers. Do not forward them.</strong></p>{{end}}
<p>Democratic Services</p>
{{if .Unsubscribe}}<p style="font-size: 14px;"><a href="{{.Unsubscribe}}">Stop these emails</a></p>{{end}}
</body></html>
`))

// Compose builds the message owed to one recipient.
func (c *Composer) Compose(ctx context.Context, msg store.OutboxMessage) ([]byte, error) {
	switch msg.Kind {
	case "confirm-subscription":
		if msg.BodyID == 0 {
			return c.topicConfirmation(msg)
		}
		return c.confirmation(ctx, msg)
	case store.KindDecisionPublished, store.KindForwardPlanEntry:
		return c.decision(ctx, msg)
	case "reminder":
		return c.reminder(ctx, msg)
	case "chair-review":
		return c.chairReview(ctx, msg)
	case "meeting-changed":
		return c.meetingChanged(ctx, msg)
	case "ready-to-sign":
		return c.readyToSign(ctx, msg)
	}
	m, err := c.DB.Meeting(ctx, msg.MeetingID)
	if err != nil {
		return nil, err
	}
	items, err := c.DB.AgendaItems(ctx, msg.MeetingID)
	if err != nil {
		return nil, err
	}
	local := m.StartsAt.In(c.Location)
	when := dates.When(local)
	base := strings.TrimRight(c.BaseURL, "/")
	meetingURL := base + paths.For(paths.Meeting, m.ID)
	// Entitlement is read again now: someone may have left the committee
	// since the message was queued, or before a clerk pressed Resend.
	entitled := msg.Entitled
	if entitled {
		if entitled, err = c.DB.EntitledToday(ctx, m.ID, msg.Email); err != nil {
			return nil, err
		}
	}
	d := messageData{Name: msg.Name, Committee: m.Body, When: when, Venue: m.Venue, Kind: msg.Kind, Reason: msg.Reason,
		MeetingURL: meetingURL, Entitled: entitled}
	packKind, issued, err := c.packFor(ctx, m.ID, msg.PublicationID, msg.Kind, entitled)
	if err != nil {
		return nil, err
	}
	packPath := issued.File
	// The link is to this very pack, which a later re-issue does not replace.
	d.PackURL, d.PackName = base+paths.ForIssuedPack(m.ID, issued.ID), packNames[packKind]
	// The pages are those of the packs this message refers to: the agenda
	// pack of the reader's entitlement, and for a supplement, the supplement
	// for the papers that came late.
	main, supplement := issued, (*agenda.IssuedPack)(nil)
	if packKind.IsSupplement() {
		supplement = issued
		if main, err = c.Pack(ctx, m.ID, msg.PublicationID, mainKind(entitled)); err != nil {
			return nil, err
		}
	}
	for _, a := range items {
		line := agendaLine{Label: a.Label(), Title: a.Title, Exempt: a.Part == 2}
		from, to := main.Range(a.ID)
		of := ""
		if supplement != nil {
			if f, t := supplement.Range(a.ID); f > 0 {
				from, to, of = f, t, " of the supplement"
			}
		}
		switch {
		case from > 0 && (a.Part == 1 || entitled):
			line.Pages = fmt.Sprintf("Pages %d - %d%s", from, to, of)
		case a.ToFollow:
			line.Pages = "Report to follow"
		}
		d.Items = append(d.Items, line)
	}

	prefix := map[string]string{"agenda": "Agenda", "supplementary": "Supplementary agenda", "reissue": "Revised agenda"}[msg.Kind]
	e, err := c.newMessage(msg.Name, msg, fmt.Sprintf("%s: %s, %s", prefix, m.Body, when))
	if err != nil {
		return nil, err
	}
	if msg.Token != "" {
		// Public subscribers get links only, and can leave in one click (RFC 8058).
		e.Headers.Set("List-Unsubscribe", "<"+base+paths.WithToken(paths.Unsubscribe, msg.Token)+">")
		e.Headers.Set("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
		d.Name = "subscriber"
		d.Unsubscribe = base + paths.WithToken(paths.Unsubscribe, msg.Token)
	}
	if info, err := os.Stat(packPath); err == nil && msg.Token == "" && info.Size() <= c.MaxAttachment {
		d.Attached = true
		f, err := os.Open(packPath)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		name := fmt.Sprintf("%s %s %s.pdf", packFileNames[packKind], m.Body, local.Format("2006-01-02"))
		// The email library writes the name raw into the part's headers, so
		// it gets the safe one, and the header the RFC 2231 form.
		at, err := e.Attach(f, mail.FileName(name), "application/pdf")
		if err != nil {
			return nil, err
		}
		at.Header.Set("Content-Disposition", mail.ContentDisposition("attachment", name))
		at.Header.Set("Content-ID", fmt.Sprintf("<pack-%d-%s>", m.ID, strings.Trim(msg.MessageID, "<>")))
	}
	var text, html bytes.Buffer
	if err := textBody.Execute(&text, d); err != nil {
		return nil, err
	}
	if err := htmlBody.Execute(&html, d); err != nil {
		return nil, err
	}
	e.Text, e.HTML = text.Bytes(), html.Bytes()
	revision, err := c.DB.MeetingRevision(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	ics := invitation(m, meetingURL, revision, c.DB.Now())
	at, err := e.Attach(strings.NewReader(ics), "meeting.ics", "text/calendar; method=PUBLISH; charset=UTF-8")
	if err != nil {
		return nil, err
	}
	at.Header.Set("Content-ID", fmt.Sprintf("<ics-%d-%s>", m.ID, strings.Trim(msg.MessageID, "<>")))
	return e.Bytes()
}

var (
	packNames = map[pack.Kind]string{pack.Public: "agenda pack", pack.Members: "members' agenda pack",
		pack.Supplementary: "supplementary agenda pack", pack.MembersSupplementary: "members' supplementary agenda pack"}
	packFileNames = map[pack.Kind]string{pack.Public: "Agenda pack", pack.Members: "Agenda pack",
		pack.Supplementary: "Supplementary agenda", pack.MembersSupplementary: "Supplementary agenda"}
)

// packFor chooses the pack a message carries: a supplementary agenda sends
// the supplement, with the late exempt papers for those entitled to them.
// When only exempt papers came late there is no public supplement, and the
// public get the agenda pack they already had.
func (c *Composer) packFor(ctx context.Context, meetingID, publicationID int64, kind string, entitled bool) (pack.Kind, *agenda.IssuedPack, error) {
	main, supplement := mainKind(entitled), pack.Supplementary
	if entitled {
		supplement = pack.MembersSupplementary
	}
	if kind == "supplementary" {
		issued, err := c.Pack(ctx, meetingID, publicationID, supplement)
		if err == nil {
			return supplement, issued, nil
		}
		if store.ErrorCode(err) != store.ENOTFOUND {
			return 0, nil, fmt.Errorf("supplementary pack: %w", err)
		}
	}
	issued, err := c.Pack(ctx, meetingID, publicationID, main)
	if err != nil {
		return 0, nil, fmt.Errorf("agenda pack: %w", err)
	}
	return main, issued, nil
}

// newMessage starts an email to the recipient of msg, under its own
// Message-ID, marked as sent by a machine (RFC 3834) so that nobody's
// out-of-office replies to it.
func (c *Composer) newMessage(name string, msg store.OutboxMessage, subject string) (*email.Email, error) {
	to, err := mail.Recipient(name, msg.Email)
	if err != nil {
		return nil, err
	}
	e := email.NewEmail()
	e.From = c.From
	e.To = []string{to}
	e.Subject = subject
	e.Headers = textproto.MIMEHeader{}
	e.Headers.Set("Message-Id", msg.MessageID)
	e.Headers.Set("Auto-Submitted", "auto-generated")
	return e, nil
}

// mainKind is the agenda pack of a reader's entitlement.
func mainKind(entitled bool) pack.Kind {
	if entitled {
		return pack.Members
	}
	return pack.Public
}

// invitation is an iCalendar event for the meeting (RFC 5545). Its UID is
// the meeting's, and its SEQUENCE the meeting's revision, so that a
// calendar replaces the event when the meeting moves, and marks it
// cancelled when it is called off.
func invitation(m store.Meeting, url string, revision int, now time.Time) string {
	start := m.StartsAt.UTC()
	status := "CONFIRMED"
	if m.Status == "cancelled" || m.Status == "postponed" {
		status = "CANCELLED"
	}
	lines := []string{
		"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//minutebook//agenda//EN", "METHOD:PUBLISH", "BEGIN:VEVENT",
		fmt.Sprintf("UID:meeting-%d@minutebook", m.ID),
		fmt.Sprintf("SEQUENCE:%d", revision),
		"STATUS:" + status,
		"DTSTAMP:" + now.UTC().Format("20060102T150405Z"),
		"DTSTART:" + start.Format("20060102T150405Z"),
		"DTEND:" + start.Add(2*time.Hour).Format("20060102T150405Z"),
		"SUMMARY:" + icsText(m.Body),
		"LOCATION:" + icsText(m.Venue),
		"URL:" + url,
		"DESCRIPTION:" + icsText("Agenda and papers: "+url),
		"END:VEVENT", "END:VCALENDAR",
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(icsFold(l))
	}
	return b.String()
}

// icsText escapes a TEXT value (RFC 5545, 3.3.11). Every line break, a bare
// CR included, becomes \n, and other control characters are dropped, so
// that no value can end its line and start a property of its own.
func icsText(s string) string {
	s = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s)
	s = strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f {
			return -1
		}
		return r
	}, s)
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`).Replace(s)
}

// icsFold ends a content line with CRLF, folding it at 75 octets without
// splitting a UTF-8 character (RFC 5545, 3.1).
func icsFold(line string) string {
	var b strings.Builder
	width := 0
	for _, r := range line {
		n := utf8.RuneLen(r)
		if width+n > 75 {
			b.WriteString("\r\n ")
			width = 1
		}
		b.WriteRune(r)
		width += n
	}
	b.WriteString("\r\n")
	return b.String()
}

// readyToSign tells the Chairman that the committee has approved minutes
// as a correct record, and where to sign them.
func (c *Composer) readyToSign(ctx context.Context, msg store.OutboxMessage) ([]byte, error) {
	m, err := c.DB.Meeting(ctx, msg.MeetingID)
	if err != nil {
		return nil, err
	}
	base := strings.TrimRight(c.BaseURL, "/")
	link := base + paths.For(paths.Meeting, m.ID) + "#minutes"
	e, err := c.newMessage(msg.Name, msg, "Minutes ready for your signature: "+m.Body+", "+dates.LongDate(m.StartsAt.In(c.Location)))
	if err != nil {
		return nil, err
	}
	e.Text = []byte("Dear " + msg.Name + ",\n\nThe committee has approved the minutes of the " + m.Body + " held on " +
		dates.LongDate(m.StartsAt.In(c.Location)) + " as a correct record. Sign in and sign them here:\n" + link +
		"\n\nThey are also listed under My meetings: " + base + paths.MyMeetings + "\n\nDemocratic Services\n")
	return e.Bytes()
}

// meetingChanged tells someone who had the agenda that the meeting has
// moved or been called off, with the reason and the calendar event to
// replace the one they were sent.
func (c *Composer) meetingChanged(ctx context.Context, msg store.OutboxMessage) ([]byte, error) {
	m, err := c.DB.Meeting(ctx, msg.MeetingID)
	if err != nil {
		return nil, err
	}
	local := m.StartsAt.In(c.Location)
	when := dates.When(local)
	base := strings.TrimRight(c.BaseURL, "/")
	meetingURL := base + paths.For(paths.Meeting, m.ID)
	var subject, news string
	switch m.Status {
	case "cancelled":
		subject, news = "Cancelled: "+m.Body+", "+when, "The meeting of the "+m.Body+" on "+when+" has been cancelled."
	case "postponed":
		subject, news = "Postponed: "+m.Body+", "+when, "The meeting of the "+m.Body+" on "+when+" has been postponed. A new date will be sent when it is set."
	default:
		subject, news = "Meeting moved: "+m.Body+", now "+when, "The meeting of the "+m.Body+" has moved. It is now on "+when+" at "+m.Venue+"."
	}
	name := msg.Name
	if msg.Token != "" {
		name = "subscriber"
	}
	if name == "" {
		name = "colleague"
	}
	e, err := c.newMessage(msg.Name, msg, subject)
	if err != nil {
		return nil, err
	}
	text := "Dear " + name + ",\n\n" + news + "\n\nReason: " + msg.Reason + "\n\nThe meeting online: " + meetingURL +
		"\n\nThe calendar invitation attached replaces the one sent with the agenda.\n\nDemocratic Services\n"
	html := `<!DOCTYPE html><html lang="en-GB"><body style="font-family: Arial, sans-serif; font-size: 16px; color: #0b0c0c;">` +
		"<p>Dear " + template.HTMLEscapeString(name) + ",</p><p><strong>" + template.HTMLEscapeString(news) + "</strong></p>" +
		"<p>Reason: " + template.HTMLEscapeString(msg.Reason) + `</p><p><a href="` + template.HTMLEscapeString(meetingURL) + `">The meeting online</a></p>` +
		"<p>The calendar invitation attached replaces the one sent with the agenda.</p><p>Democratic Services</p>"
	if msg.Token != "" {
		unsubscribe := base + paths.WithToken(paths.Unsubscribe, msg.Token)
		e.Headers.Set("List-Unsubscribe", "<"+unsubscribe+">")
		e.Headers.Set("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
		text += "\nTo stop these emails: " + unsubscribe + "\n"
		html += `<p style="font-size: 14px;"><a href="` + template.HTMLEscapeString(unsubscribe) + `">Stop these emails</a></p>`
	}
	e.Text, e.HTML = []byte(text), []byte(html+"</body></html>\n")
	revision, err := c.DB.MeetingRevision(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	at, err := e.Attach(strings.NewReader(invitation(m, meetingURL, revision, c.DB.Now())), "meeting.ics", "text/calendar; method=PUBLISH; charset=UTF-8")
	if err != nil {
		return nil, err
	}
	at.Header.Set("Content-ID", fmt.Sprintf("<ics-%d-%s>", m.ID, strings.Trim(msg.MessageID, "<>")))
	return e.Bytes()
}

// confirmation asks a new subscriber to confirm, so that nobody can be
// subscribed by someone else.
func (c *Composer) confirmation(ctx context.Context, msg store.OutboxMessage) ([]byte, error) {
	body, err := c.DB.Body(ctx, msg.BodyID)
	if err != nil {
		return nil, err
	}
	link := strings.TrimRight(c.BaseURL, "/") + paths.WithToken(paths.ConfirmSubscription, msg.ConfirmToken)
	e, err := c.newMessage("", msg, "Confirm your subscription to the "+body.Name)
	if err != nil {
		return nil, err
	}
	e.Text = []byte("Someone, probably you, asked for the agendas of the " + body.Name + " to be emailed to this address.\n\n" +
		"To confirm, open this link and press Confirm:\n" + link + "\n\nIf it was not you, ignore this email: nothing will be sent.\n\nDemocratic Services\n")
	e.HTML = []byte(`<!DOCTYPE html><html lang="en-GB"><body style="font-family: Arial, sans-serif; font-size: 16px;">` +
		`<p>Someone, probably you, asked for the agendas of the ` + template.HTMLEscapeString(body.Name) + ` to be emailed to this address.</p>` +
		`<p><a href="` + template.HTMLEscapeString(link) + `">Confirm your subscription</a></p>` +
		`<p>If it was not you, ignore this email: nothing will be sent.</p><p>Democratic Services</p></body></html>`)
	return e.Bytes()
}

// reminder tells a clerk that an agenda is not ready two working days
// before the last day that gives five clear days.
func (c *Composer) reminder(ctx context.Context, msg store.OutboxMessage) ([]byte, error) {
	m, err := c.DB.Meeting(ctx, msg.MeetingID)
	if err != nil {
		return nil, err
	}
	local := m.StartsAt.In(c.Location)
	when := dates.When(local)
	link := strings.TrimRight(c.BaseURL, "/") + paths.For(paths.ClerkMeeting, m.ID)
	e, err := c.newMessage(msg.Name, msg, "Reminder: the agenda for "+m.Body+", "+when+" is not ready")
	if err != nil {
		return nil, err
	}
	e.Text = []byte("The agenda for the " + m.Body + " on " + when + " is not marked ready for dispatch.\n\n" +
		"To give five clear days' notice it must be published within two working days. Finish it and mark it ready, or publish it:\n" +
		link + "\n\nminutebook\n")
	return e.Bytes()
}

// chairReview asks the Chairman to comment on draft minutes.
func (c *Composer) chairReview(ctx context.Context, msg store.OutboxMessage) ([]byte, error) {
	m, err := c.DB.Meeting(ctx, msg.MeetingID)
	if err != nil {
		return nil, err
	}
	local := m.StartsAt.In(c.Location)
	link := strings.TrimRight(c.BaseURL, "/") + paths.For(paths.Meeting, m.ID) + "#minutes"
	e, err := c.newMessage(msg.Name, msg, "Draft minutes for your comment: "+m.Body+", "+local.Format("2 January 2006"))
	if err != nil {
		return nil, err
	}
	e.Text = []byte("Dear " + msg.Name + ",\n\nThe draft minutes of the " + m.Body + " held on " + dates.LongDate(local) +
		" are ready for your comments. Sign in and read them here, then reply to Democratic Services with any changes:\n" + link + "\n\nDemocratic Services\n")
	return e.Bytes()
}
