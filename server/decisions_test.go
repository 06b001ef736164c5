package server_test

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"minutebook/agenda"
	"minutebook/browsertest"
	"minutebook/dates"
	filestore "minutebook/files"
	"minutebook/store"
)

// inOrder fails unless every want appears in text, each after the last.
func inOrder(t *testing.T, what, text string, want ...string) {
	t.Helper()
	at := 0
	for _, w := range want {
		i := strings.Index(text[at:], w)
		if i < 0 {
			if strings.Contains(text, w) {
				t.Errorf("%s: %q is out of the seed's order", what, w)
			} else {
				t.Errorf("%s: no %q", what, w)
			}
			continue
		}
		at += i + len(w)
	}
}

func TestDecisionRecordIsTheSeeds(t *testing.T) {
	site := newSite(t)
	status, body, _ := site.get(t, "/decisions/23-00097")
	if status != http.StatusOK {
		t.Fatalf("GET /decisions/23-00097 = %d\n%s", status, visibleText(body))
	}
	text := visibleText(body)
	inOrder(t, "the record", text,
		"23/00097 - Kent and Medway Domestic Abuse Strategy 2024 – 2029",
		"Decision Maker Leader of the Council",
		"Decision status Recommendations Approved",
		"Is Key decision? Yes",
		"Is subject to call in? Yes",
		"Proposed Decision The Leader of the Council is asked to:",
		"adopt the Kent and Medway Domestic Abuse Partnership Strategy 2024 – 2029 on behalf of Kent County Council.",
		"Further Information The Kent and Medway Domestic and Sexual Abuse Executive Group",
		"As Leader of the Council, I agree to:",
		"Publication date 23/02/2024",
		"Date of decision 23/02/2024",
		"Effective from 02/03/2024",
		"Accompanying Documents",
		"Decision type Key",
		"Reason Key Affects more than two Electoral Divisions;",
		"Division affected (All Division);",
		"Notice of proposed decision first published 01/11/2023",
		"Decision due Not before 30 November 2023 by Leader of the Council",
		"Reason To allow 28 day notice period required under Executive decision regulations",
		"Lead member Leader of the Council",
		"Lead director Akua Agyepong",
		"Contact Serine Annan-Veitch, Policy Advisor Telephone: 03000 419290 Email: s.annan-veitch@example.org",
		"Consultees The proposed decision was considered and endorsed by the Policy and Resources Cabinet Committee on 17 January 2024 (minute 176).",
		"RESOLVED that the Cabinet Committee endorse the proposed decision that the Leader of the Council:",
		"Financial implications The impact of domestic abuse",
		"Legal implications In April 2021",
		"Equalities implications Protected characteristics",
		"Data Protection implications The development of the strategy",
		"History",
		"1 November 2023 : Notice of proposed decision published",
		"17 January 2024 : Considered and endorsed by the Policy and Resources Cabinet Committee",
		"23 February 2024 : Decision taken by Leader of the Council",
		"23 February 2024 : Record of decision published",
		"1 March 2024 : Call-in period ends",
		"2 March 2024 : Effective",
	)
	if !strings.Contains(body, `href="mailto:s.annan-veitch@example.org"`) {
		t.Error("the contact's email is not a mailto link")
	}
	if !regexp.MustCompile(`href="/meetings/[0-9]+#minute-176"`).MatchString(body) {
		t.Error("the consultation does not link to minute 176 on the meeting page")
	}
	// The markdown lists are lists, not text with dashes.
	if !strings.Contains(body, "<li>adopt the Kent and Medway") {
		t.Error("the proposed decision's list is not rendered as a list")
	}
	held := site.meetingOn(t, pandr, "2024-11-27")
	if _, body, _ := site.get(t, "/meetings/"+itoa(held.ID)); !strings.Contains(body, `href="/decisions/24-00088">Decision 24/00088</a>`) {
		t.Error("the agenda item that endorsed 24/00088 does not link to it")
	}
	draft, err := site.Agenda.CreateDecision(context.Background(), store.Decision{Title: "A draft nobody may see yet", DecisionMaker: "Leader of the Council"}, agenda.Actor{Name: "clerk@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	draftPath := "/decisions/" + strings.Replace(draft, "/", "-", 1)
	for _, path := range []string{"/decisions/23-99999", "/decisions/nonsense", "/decisions/23-00097/documents/1", draftPath} {
		if status, _, _ := site.get(t, path); status != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", path, status)
		}
	}
	for _, path := range []string{"/decisions", "/forward-plan"} {
		if _, body, _ := site.get(t, path); strings.Contains(body, "A draft nobody may see yet") {
			t.Errorf("%s shows a draft", path)
		}
	}
}

// storeDocument keeps a PDF in the site's file store as a checked upload.
func storeDocument(t *testing.T, site *testSite, filename, text string) store.Document {
	t.Helper()
	pdf := writePDF(t, filename, text)
	staged, err := (&filestore.Store{Dir: site.Files}).Stage(bytes.NewReader(pdf), int64(len(pdf)))
	if err != nil {
		t.Fatal(err)
	}
	saved, err := staged.Commit(".pdf")
	if err != nil {
		t.Fatal(err)
	}
	return store.Document{SHA256: saved.SHA256, Filename: filename, ContentType: "application/pdf", Size: saved.Size, Pages: 1, Path: saved.Path}
}

func TestExemptPartsOfADecisionReachOnlyThoseEntitled(t *testing.T) {
	site := newSite(t)
	ctx := context.Background()
	by := agenda.Actor{Name: "clerk@example.org"}
	committee := site.committeeNamed(t, pandr)
	ref, err := site.Agenda.CreateDecision(ctx, store.Decision{
		Title: "Disposal of land at Stanhope Road", DecisionMaker: pandr, DecisionMakerKind: "body", BodyID: committee.ID,
		KeyDecision: true, KeySpending: true, Divisions: []string{"Ashford Central", "Ashford East"},
		LeadMember: "Deputy Leader", LeadDirector: "Rebecca Spore",
		Contact:          store.Contact{Name: "Mark Cheverton", JobTitle: "Estates Manager", Email: "m.cheverton@example.org"},
		ProposedDecision: "To agree the disposal of the land.", Restriction: "part-exempt", ExemptParagraph: 3,
		ExemptInformation: "The best bid was SECRET-BID-7731 pounds.",
	}, by)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := site.Agenda.AddDecisionDocument(ctx, ref, "Valuation SECRET-VALUATION-REPORT", 3, storeDocument(t, site, "valuation.pdf", "valuation"), by); err != nil {
		t.Fatal(err)
	}
	if _, err := site.Agenda.AddDecisionDocument(ctx, ref, "Site plan", 0, storeDocument(t, site, "plan.pdf", "plan"), by); err != nil {
		t.Fatal(err)
	}
	if err := site.Agenda.PublishNotice(ctx, ref, by); err != nil {
		t.Fatal(err)
	}
	held := site.meetingOn(t, pandr, "2024-11-27")
	items, err := site.DB.AgendaItems(ctx, held.ID)
	if err != nil || len(items) < 2 {
		t.Fatalf("the held meeting's agenda: %v %v", items, err)
	}
	if err := site.Agenda.LinkConsultation(ctx, ref, held.ID, items[1].ID, true, by); err != nil {
		t.Fatal(err)
	}
	d, err := site.DB.Decision(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	page := "/decisions/" + d.URLReference()
	docs, err := site.DB.DecisionDocuments(ctx, d.ID)
	if err != nil || len(docs) != 2 {
		t.Fatalf("documents: %v %v", docs, err)
	}
	exemptDoc, openDoc := page+"/documents/"+itoa(docs[0].ID), page+"/documents/"+itoa(docs[1].ID)
	secrets := []string{"SECRET-BID-7731", "SECRET-VALUATION-REPORT", exemptDoc + `"`}

	check := func(when string, paths ...string) {
		t.Helper()
		for name, u := range map[string]*user{"the public": site.anonymous(t), "another committee's member": site.signIn(t, "b.loose@example.org")} {
			for _, path := range paths {
				status, body := u.get(t, path)
				if status != http.StatusOK {
					t.Errorf("%s, %s: GET %s = %d", when, name, path, status)
				}
				for _, s := range secrets {
					if strings.Contains(body, s) {
						t.Errorf("%s, %s: %s shows %q", when, name, path, s)
					}
				}
			}
			if status, body := u.get(t, exemptDoc); status != http.StatusNotFound || strings.Contains(body, "%PDF") {
				t.Errorf("%s, %s: GET %s = %d, want 404 as if it did not exist", when, name, exemptDoc, status)
			}
			if status, body := u.get(t, openDoc); status != http.StatusOK || !strings.HasPrefix(body, "%PDF-") {
				t.Errorf("%s, %s: the open document answered %d", when, name, status)
			}
		}
		for _, email := range []string{"clerk@example.org", "m.dawkins@example.org"} {
			u := site.signIn(t, email)
			_, body := u.get(t, page)
			for _, s := range secrets {
				if !strings.Contains(body, s) {
					t.Errorf("%s, %s: the record does not show %q", when, email, s)
				}
			}
			if status, body := u.get(t, exemptDoc); status != http.StatusOK || !strings.HasPrefix(body, "%PDF-") {
				t.Errorf("%s, %s: the exempt document answered %d", when, email, status)
			}
		}
	}

	_, body, _ := site.get(t, page)
	text := visibleText(body)
	for _, want := range []string{d.Reference + " - Disposal of land at Stanhope Road",
		"This decision contains exempt information under paragraph 3 of Schedule 12A to the Local Government Act 1972",
		"Site plan (PDF, 1 page)", "Division affected Ashford Central; Ashford East;",
		"Reason Key Expenditure or savings of more than £1,000,000;",
		"The proposed decision was considered and endorsed by the " + pandr + " on 27 November 2024"} {
		if !strings.Contains(text, want) {
			t.Errorf("the public record lacks %q", want)
		}
	}
	_, body, _ = site.get(t, "/forward-plan")
	inOrder(t, "the forward plan", visibleText(body), "Not before 1 December 2026", d.Reference+" - Disposal of land at Stanhope Road New",
		"Decision maker "+pandr, "Lead officer Rebecca Spore", "Decision status For determination",
		"Notice published 2 November 2026", "Divisions affected Ashford Central; Ashford East")
	_, body, _ = site.get(t, "/meetings/"+itoa(held.ID))
	if !strings.Contains(body, `href="`+page+`">Decision `+d.Reference+`</a>`) {
		t.Errorf("the meeting page does not link decision %s from its agenda item", d.Reference)
	}
	check("on the forward plan", page, "/forward-plan", "/meetings/"+itoa(held.ID), "/decisions")

	site.setNow(demoDay.AddDate(0, 0, 35))
	if err := site.Agenda.RecordDecisionTaken(ctx, ref, agenda.Taken{Decision: "I agree to the disposal.", DecidedOn: dates.DateOf(demoDay.AddDate(0, 0, 35)), Reasons: "Best value."}, by); err != nil {
		t.Fatal(err)
	}
	if err := site.Agenda.PublishDecisionRecord(ctx, ref, by); err != nil {
		t.Fatal(err)
	}
	_, body, _ = site.get(t, "/decisions")
	if !strings.Contains(body, d.Reference+" - Disposal of land at Stanhope Road") {
		t.Error("the published decision is not in the register")
	}
	check("published", page, "/forward-plan", "/meetings/"+itoa(held.ID), "/decisions", "/decisions?key=yes")
}

func TestDecisionsFilters(t *testing.T) {
	site := newSite(t)
	ctx := context.Background()
	by := agenda.Actor{Name: "clerk@example.org"}
	// A decision that is not key, taken and published today.
	ref, err := site.Agenda.CreateDecision(ctx, store.Decision{Title: "Naming of the new library", DecisionMaker: "Cabinet Member for Communities",
		ProposedDecision: "To name the library.", Contact: store.Contact{Name: "A Officer"}}, by)
	if err != nil {
		t.Fatal(err)
	}
	if err := site.Agenda.RecordDecisionTaken(ctx, ref, agenda.Taken{Decision: "I agree the name.", DecidedOn: dates.DateOf(demoDay), Reasons: "Local wishes."}, by); err != nil {
		t.Fatal(err)
	}
	if err := site.Agenda.PublishDecisionRecord(ctx, ref, by); err != nil {
		t.Fatal(err)
	}
	library, strategy := ref+" - Naming of the new library", "23/00097 - Kent and Medway Domestic Abuse Strategy"
	for _, c := range []struct {
		query      string
		want, omit []string
	}{
		{"", []string{library, strategy}, nil},
		{"?key=yes", []string{strategy}, []string{library}},
		{"?from=1%2F1%2F2024&to=31+March+2024", []string{strategy}, []string{library}},
		{"?from=1%2F11%2F2026", []string{library}, []string{strategy}},
		{"?decision-maker=Leader+of+the+Council", []string{strategy}, []string{library}},
		{"?status=call-in-period", []string{library}, []string{strategy}},
		{"?status=effective", []string{strategy}, []string{library}},
	} {
		status, body, _ := site.get(t, "/decisions"+c.query)
		if status != http.StatusOK {
			t.Errorf("/decisions%s = %d", c.query, status)
		}
		text := visibleText(body)
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("/decisions%s lacks %q", c.query, w)
			}
		}
		for _, o := range c.omit {
			if strings.Contains(text, o) {
				t.Errorf("/decisions%s shows %q", c.query, o)
			}
		}
	}
	_, body, _ := site.get(t, "/decisions/"+strings.Replace(ref, "/", "-", 1))
	if text := visibleText(body); !strings.Contains(text, "Call-in: until the end of 9 November 2026") || !strings.Contains(text, "Is Key decision? No") {
		t.Errorf("the new record lacks its call-in period:\n%s", text)
	}

	for query, want := range map[string]string{
		"?from=31%2F2%2F2024":                "31 February 2024 does not exist",
		"?from=1%2F3%2F2024&to=1%2F2%2F2024": "The to date must be the same as or after the from date",
		"?to=next+week":                      "the to date",
	} {
		status, body, _ := site.get(t, "/decisions"+query)
		text := visibleText(body)
		if status != http.StatusUnprocessableEntity || !strings.Contains(text, "There is a problem") || !strings.Contains(strings.ToLower(text), strings.ToLower(want)) {
			t.Errorf("/decisions%s = %d, want 422 saying %q:\n%s", query, status, want, text)
		}
	}

	// Twenty more fill the first page and start a second.
	before, err := site.DB.Decisions(ctx, store.DecisionFilter{States: []string{"published"}})
	if err != nil {
		t.Fatal(err)
	}
	total := strconv.Itoa(before.Total + 20)
	for i := range 20 {
		ref, err := site.Agenda.CreateDecision(ctx, store.Decision{Title: "Grant " + strconv.Itoa(i), DecisionMaker: "Cabinet Member for Communities",
			ProposedDecision: "To make a grant.", Contact: store.Contact{Name: "A Officer"}}, by)
		if err == nil {
			err = site.Agenda.RecordDecisionTaken(ctx, ref, agenda.Taken{Decision: "Agreed.", DecidedOn: dates.DateOf(demoDay), Reasons: "Need."}, by)
		}
		if err == nil {
			err = site.Agenda.PublishDecisionRecord(ctx, ref, by)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	_, body, _ = site.get(t, "/decisions")
	if text := visibleText(body); !strings.Contains(text, "Showing 1 to 20 of "+total+" decisions") || !strings.Contains(body, `href="/decisions?page=2"`) {
		t.Errorf("page 1 of the register:\n%s", text)
	}
	_, body, _ = site.get(t, "/decisions?page=2")
	if text := visibleText(body); !strings.Contains(text, "Showing 21 to "+total+" of "+total+" decisions") || !strings.Contains(text, strategy) {
		t.Errorf("page 2 of the register:\n%s", text)
	}
}

func TestForwardPlanFilters(t *testing.T) {
	site := newSite(t)
	ctx := context.Background()
	by := agenda.Actor{Name: "clerk@example.org"}
	for _, d := range []store.Decision{
		{Title: "Highways term contract", DecisionMaker: "Cabinet Member for Highways", Divisions: []string{"Dover North", "Dover Town"}},
		{Title: "Schools capital programme", DecisionMaker: "Cabinet Member for Education", Divisions: []string{"Canterbury City", "Dover Town"}},
	} {
		d.KeyDecision, d.KeyDivisions = true, true
		d.ProposedDecision, d.Contact = "To agree it.", store.Contact{Name: "A Officer"}
		ref, err := site.Agenda.CreateDecision(ctx, d, by)
		if err == nil {
			err = site.Agenda.PublishNotice(ctx, ref, by)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	for query, want := range map[string][2]bool{
		"": {true, true},
		"?decision-maker=Cabinet+Member+for+Highways": {true, false},
		"?division=Canterbury+City":                   {false, true},
		"?division=Dover+Town":                        {true, true},
	} {
		_, body, _ := site.get(t, "/forward-plan"+query)
		text := visibleText(body)
		for i, title := range []string{"Highways term contract", "Schools capital programme"} {
			if strings.Contains(text, title) != want[i] {
				t.Errorf("/forward-plan%s: shows %q is %v, want %v", query, title, !want[i], want[i])
			}
		}
	}
	_, body, _ := site.get(t, "/forward-plan")
	if !strings.Contains(visibleText(body), "Decision status Deferred Why deferred Deferred to allow the responses to the public consultation") {
		t.Error("the demo's deferred entry does not say why")
	}
	if !strings.Contains(body, `class="mb-no-print"`) {
		t.Error("the filters are not left out of the printed plan")
	}
}

// TestDecisionPagesAreAccessible runs axe-core over the decision pages in
// headless Chromium, and checks that the forward plan prints without the
// site around it. Set MINUTEBOOK_SCREENSHOTS to keep a picture of each.
func TestDecisionPagesAreAccessible(t *testing.T) {
	if _, err := os.Stat("../static/build/app.css"); err != nil && os.Getenv("MINUTEBOOK_REQUIRE_BROWSER") == "" {
		t.Skip("the styles are not built: run make assets")
	}
	b := browsertest.Start(t)
	site := newSite(t)
	shots := os.Getenv("MINUTEBOOK_SCREENSHOTS")
	for _, path := range []string{"/forward-plan", "/decisions", "/decisions/23-00097", "/decisions?from=31%2F2%2F2024", "/decisions?key=yes&page=1"} {
		t.Run(path, func(t *testing.T) {
			b.AssertAccessible(t, site.URL+path)
			if shots != "" {
				name := strings.Trim(regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(path, "-"), "-")
				b.Screenshot(t, site.URL+path, filepath.Join(shots, "page-"+name+".png"), 1280)
			}
		})
	}
	var hidden []string
	b.Evaluate(t, site.URL+"/forward-plan", 1280, `(() => {
		const hidden = [];
		for (const sheet of document.styleSheets) {
			for (const rule of sheet.cssRules) {
				if (rule.media && rule.media.mediaText.includes("print")) {
					for (const r of rule.cssRules) {
						if (r.style && r.style.display === "none") hidden.push(r.selectorText);
					}
				}
			}
		}
		return ["header.govuk-template__header", "footer.govuk-template__footer", "form.mb-no-print", ".govuk-breadcrumbs"]
			.filter(sel => document.querySelector(sel) && !hidden.some(h => document.querySelector(sel).matches(h)));
	})()`, &hidden)
	if len(hidden) > 0 {
		t.Errorf("the printed forward plan still shows %v", hidden)
	}
}
