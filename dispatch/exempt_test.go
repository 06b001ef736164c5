package dispatch_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"minutebook/agenda"
	"minutebook/pack"
	"minutebook/store"
)

// addPaper puts a one-page paper saying text on an item of the rig's meeting.
func (r *rig) addPaper(t *testing.T, itemID int64, title, text, authorEmail string) {
	t.Helper()
	var buf bytes.Buffer
	doc := pack.Document{Title: title, Sections: []pack.Section{{Heading: title, Body: []pack.Paragraph{{Text: text}}}}}
	if err := pack.WriteDocument(&buf, doc); err != nil {
		t.Fatal(err)
	}
	staged, err := r.files.Stage(&buf, int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	pages, err := pack.Check(staged.TempPath())
	if err != nil {
		t.Fatal(err)
	}
	saved, err := staged.Commit(".pdf")
	if err != nil {
		t.Fatal(err)
	}
	report := store.Report{Title: title, Author: "Ben Watts", AuthorEmail: authorEmail,
		Document: store.Document{SHA256: saved.SHA256, Filename: "paper.pdf", ContentType: "application/pdf", Size: saved.Size, Pages: pages, Path: saved.Path}}
	if err := r.agenda.AddPaper(context.Background(), r.meetingID, itemID, report, agenda.Actor{Name: "test"}); err != nil {
		t.Fatal(err)
	}
}

// item finds the rig's agenda item by part, or by number.
func (r *rig) item(t *testing.T, match func(store.AgendaItem) bool) store.AgendaItem {
	t.Helper()
	items, err := r.db.AgendaItems(context.Background(), r.meetingID)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if match(it) {
			return it
		}
	}
	t.Fatalf("no such item on the agenda: %+v", items)
	return store.AgendaItem{}
}

// readable is everything a recipient can read in a message: its headers,
// its text and HTML, and the text of any PDF it carries.
func readable(t *testing.T, raw []byte) string {
	t.Helper()
	msg, ps := parts(t, raw)
	var b strings.Builder
	for k, v := range msg.Header {
		b.WriteString(k + ": " + strings.Join(v, " ") + "\n")
	}
	for _, p := range ps {
		if p.contentType == "application/pdf" {
			b.WriteString(pdfText(t, p.body))
			continue
		}
		b.Write(p.body)
	}
	return b.String()
}

func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "attached.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Skipf("pdftotext (poppler-utils) is needed to read the attachment: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func TestAnExemptPapersTitleReachesNobodyWhoIsNotEntitled(t *testing.T) {
	r := newRig(t, 10<<20)
	if _, err := r.dispatcher.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	// A report author becomes a recipient with an open paper, then an exempt
	// paper with a title that is itself exempt joins the published agenda.
	open := r.item(t, func(a store.AgendaItem) bool { return a.Number == "5" })
	r.addPaper(t, open.ID, "Risk register", "The risk register.", "l.gannon@example.org")
	exempt := r.item(t, func(a store.AgendaItem) bool { return a.Part == 2 })
	const secret = "Sale of Stanhope Road depot to Acme Holdings for 2.1 million pounds"
	r.addPaper(t, exempt.ID, secret, "CONFIDENTIAL-FIGURE-4711", "")
	before := len(r.smtp.Messages())
	if _, err := r.dispatcher.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	sent := r.smtp.Messages()[before:]
	entitled := map[string]bool{}
	for _, e := range r.emails(t) {
		entitled[strings.ToLower(e.Email)] = e.Entitled
	}
	checked, told := 0, 0
	for _, m := range sent {
		text := readable(t, m.Data)
		if strings.Contains(text, "Paper added to item "+exempt.Label()) {
			told++
		}
		to := strings.ToLower(m.To[0])
		if entitled[to] {
			continue
		}
		checked++
		for _, leak := range []string{"Acme", "Stanhope Road depot", "CONFIDENTIAL-FIGURE-4711"} {
			if strings.Contains(text, leak) {
				t.Errorf("%s, who is not entitled to exempt papers, was sent %q", to, leak)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no message went to anyone not entitled, so nothing was checked")
	}
	if told < len(sent)/2 {
		t.Errorf("%d of %d messages say which item the exempt paper joined", told, len(sent))
	}
}

func TestEntitlementIsReadAgainWhenAMessageIsSent(t *testing.T) {
	r := newRig(t, 10<<20)
	// Mr Hook leaves the Committee after the agenda was queued for him.
	err := r.db.Update(context.Background(), func(tx *store.Tx) error {
		_, err := tx.ExecContext(context.Background(), `UPDATE memberships SET ends_on = '2026-11-01'
			WHERE person_id = (SELECT id FROM people WHERE email = 'a.hook@example.org')`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.dispatcher.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	var hook, chairman []byte
	for _, m := range r.smtp.Messages() {
		switch strings.ToLower(m.To[0]) {
		case "a.hook@example.org":
			hook = m.Data
		case "d.brazier@example.org":
			chairman = m.Data
		}
	}
	if hook == nil || chairman == nil {
		t.Fatal("Mr Hook or the Chairman was sent nothing")
	}
	if text := readable(t, chairman); !strings.Contains(text, "members' agenda pack") || !strings.Contains(text, "NOT FOR PUBLICATION") {
		t.Error("the Chairman, still a member, did not get the members' pack")
	}
	if text := readable(t, hook); strings.Contains(text, "members' agenda pack") || strings.Contains(text, "Do not forward them") || strings.Contains(text, "NOT FOR PUBLICATION") {
		t.Error("a member who has left the Committee was sent the members' pack")
	}
}

func TestLatePapersGoOutInTheSupplementForTheReadersEntitlement(t *testing.T) {
	var open, exempt store.AgendaItem
	r := newRigBefore(t, 10<<20, func(r *rig) {
		// Two papers are to follow: one open, one exempt.
		err := r.agenda.Change(context.Background(), r.meetingID, agenda.Actor{Name: "test"}, "items added", "", func(tx *store.Tx) error {
			for _, it := range []store.AgendaItem{
				{MeetingID: r.meetingID, Number: "20", Title: "Draft Revenue and Capital Budget", Part: 1, ToFollow: true},
				{MeetingID: r.meetingID, Number: "21", Title: "Acquisition of a site in Ashford", Part: 2, ExemptParagraph: 3, ToFollow: true},
			} {
				if _, err := tx.AppendAgendaItem(it); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
	open = r.item(t, func(a store.AgendaItem) bool { return a.Number == "20" })
	exempt = r.item(t, func(a store.AgendaItem) bool { return a.Number == "21" })
	if _, err := r.dispatcher.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Each supplement is kept as it was sent: the first carries the open
	// paper alone, the second both.
	r.addPaper(t, open.ID, "Draft Revenue and Capital Budget", "LATE-OPEN-PAPER the draft budget.", "")
	if _, err := r.dispatcher.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	r.addPaper(t, exempt.ID, "Ashford site", "LATE-EXEMPT-PAPER the price.", "")
	before := len(r.smtp.Messages())
	if _, err := r.dispatcher.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	sent := r.smtp.Messages()[before:]
	entitled := map[string]bool{}
	for _, e := range r.emails(t) {
		entitled[strings.ToLower(e.Email)] = e.Entitled
	}
	members, public := 0, 0
	for _, m := range sent {
		text := readable(t, m.Data)
		if !strings.Contains(text, "SUPPLEMENTARY AGENDA") {
			t.Errorf("%s: the supplementary email carries no supplementary pack", m.To[0])
			continue
		}
		hasOpen, hasExempt := strings.Contains(text, "LATE-OPEN-PAPER"), strings.Contains(text, "LATE-EXEMPT-PAPER")
		if entitled[strings.ToLower(m.To[0])] {
			members++
			if !hasOpen || !hasExempt || !strings.Contains(text, "members' supplementary agenda pack") {
				t.Errorf("%s: the members' supplement has the open paper %v, the exempt one %v", m.To[0], hasOpen, hasExempt)
			}
		} else {
			public++
			if !hasOpen || hasExempt {
				t.Errorf("%s: the public supplement has the open paper %v, the exempt one %v", m.To[0], hasOpen, hasExempt)
			}
		}
	}
	if members == 0 {
		t.Error("no member was sent the supplement")
	}
	t.Logf("%d members' and %d public supplements", members, public)
}
