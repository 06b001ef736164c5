package agenda

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"minutebook/dates"
	"minutebook/pack"
	"minutebook/store"
)

// MinutesPDF is a meeting's published minutes as a PDF, laid out as the
// printed minutes are.
func (a *Agenda) MinutesPDF(ctx context.Context, meetingID int64) ([]byte, error) {
	m, err := a.db.Meeting(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	set, err := a.db.PublishedMinutes(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	if set == nil {
		return nil, store.Errorf(store.ENOTFOUND, "The minutes of this meeting are not published yet.")
	}
	attendance, err := a.db.Attendance(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	doc := a.minutesDocument(m, set, attendance)
	doc.PageNumbers = true
	if err := pack.WriteDocument(&buf, doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// minutesDocument lays out a meeting's minutes as the seed minutes are:
// the attendance, then each numbered minute with its item and paragraphs.
func (a *Agenda) minutesDocument(m store.Meeting, set *store.MinuteSet, attendance []store.Attendee) pack.Document {
	loc := a.loc
	kinds := []struct{ kind, label string }{{"present", "PRESENT:"}, {"substitute", "SUBSTITUTES:"}, {"also-present", "ALSO PRESENT:"}, {"in-attendance", "IN ATTENDANCE:"},
		{"apologies", "APOLOGIES:"}}
	doc := pack.Document{Title: strings.ToUpper(m.Body)}
	doc.Header = append(doc.Header, [2]string{"", "MINUTES of a meeting of the " + m.Body + " held in the " + m.Venue + " on " +
		m.StartsAt.In(loc).Format("Monday, 2 January 2006")})
	for _, k := range kinds {
		var these []store.Attendee
		for _, at := range attendance {
			if at.Kind == k.kind {
				these = append(these, at)
			}
		}
		if len(these) > 0 {
			doc.Header = append(doc.Header, [2]string{k.label, AttendeeList(these)})
		}
	}
	for _, it := range set.Items {
		sec := pack.Section{Heading: it.Label() + ". " + it.Title}
		if it.AgendaLabel != "" {
			sec.Body = append(sec.Body, pack.Paragraph{Text: "(Item " + it.AgendaLabel + ")"})
		}
		for _, para := range it.Paragraphs {
			p := pack.Paragraph{Markdown: para.Markdown}
			if para.Numbered {
				p.Number = fmt.Sprintf("%d.", para.Number)
			}
			sec.Body = append(sec.Body, p)
			if vote := para.VoteSummary(); vote != "" {
				sec.Body = append(sec.Body, pack.Paragraph{Text: vote})
			}
		}
		doc.Sections = append(doc.Sections, sec)
	}
	var record []string
	if set.Status == "unconfirmed" {
		record = append(record, "These minutes are unconfirmed: the committee has yet to approve them as a correct record.")
	}
	if set.Version > 1 && set.Corrects != nil {
		record = append(record, fmt.Sprintf("Version %d of these minutes, correcting the version signed on %s.", set.Version, set.Corrects.In(loc).Format("2 January 2006")))
	}
	if set.ApprovedOn != "" {
		approved := "Approved as a correct record at the meeting on " + dates.LongDay(set.ApprovedOn)
		if set.ApprovedBy != nil {
			approved += ", minute " + set.ApprovedBy.Label()
		}
		record = append(record, approved+".")
	}
	if set.Status == "signed" && set.SignedAt != nil && set.SignedBy != nil {
		record = append(record, "Signed by the Chairman, "+set.SignedBy.DisplayName()+
			", on "+set.SignedAt.In(loc).Format("2 January 2006")+". SHA-256 of the record: "+set.SHA256)
	}
	if len(record) > 0 {
		sec := pack.Section{}
		for _, r := range record {
			sec.Body = append(sec.Body, pack.Paragraph{Text: r})
		}
		doc.Sections = append(doc.Sections, sec)
	}
	return doc
}

// AttendeeList joins names as the minutes print them: "Mr D L Brazier
// (Chairman), Mr P V Barrington-King and Mr N J D Chard".
func AttendeeList(as []store.Attendee) string {
	names := make([]string, len(as))
	for i, a := range as {
		n := a.DisplayName()
		switch {
		case a.Kind == "substitute" && a.SubstituteFor != nil:
			n += " (substitute for " + a.SubstituteFor.DisplayName() + ")"
		case a.Capacity != "":
			n += " (" + a.Capacity + ")"
		case a.Kind == "present" && a.Role == "chairman":
			n += " (Chairman)"
		case a.Kind == "present" && a.Role == "vice-chairman":
			n += " (Vice-Chairman)"
		}
		if a.Remote {
			n += " (attending remotely)"
		}
		names[i] = n
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
