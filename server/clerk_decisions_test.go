package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"minutebook/dates"
	"minutebook/store"
)

// postFor posts a form and returns the status and where it leads.
func (u *user) postFor(t testing.TB, path string, form url.Values) (int, string, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, u.site.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := u.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		body.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp.StatusCode, resp.Header.Get("Location"), body.String()
}

// mustPost posts a form that must succeed and returns the page it leads to.
func (u *user) mustPost(t testing.TB, path string, form url.Values) string {
	t.Helper()
	status, to, body := u.postFor(t, path, form)
	if status != http.StatusSeeOther {
		t.Fatalf("POST %s: %d, want 303\n%s", path, status, visibleText(body))
	}
	status, page := u.get(t, to)
	if status != http.StatusOK {
		t.Fatalf("GET %s after POST %s: %d", to, path, status)
	}
	return visibleText(page)
}

// proposedKeyDecision is the notice form of a key decision ready to publish.
func proposedKeyDecision() url.Values {
	return url.Values{"title": {"Kent Bus Strategy 2027"}, "decision-maker-kind": {"member"},
		"decision-maker": {"Cabinet Member for Highways and Transport"}, "key-decision": {"yes"}, "key-spending": {"yes"},
		"divisions-affected": {"all"}, "lead-director": {"Simon Jones"}, "contact-name": {"Philip Lightowler"},
		"contact-job-title": {"Head of Public Transport"}, "contact-email": {"p.lightowler@example.org"},
		"proposed-decision": {"The Cabinet Member is asked to adopt the Kent Bus Strategy 2027."}, "restriction": {"open"}}
}

func TestClerkRecordsAndPublishesAProposedDecision(t *testing.T) {
	site := newSite(t)
	clerk := site.signIn(t, "clerk@example.org")
	today := dates.DateOf(demoDay)

	if status, page := clerk.get(t, "/clerk/decisions"); status != http.StatusOK ||
		!strings.Contains(visibleText(page), "23/00097") || !strings.Contains(page, `href="/clerk/decisions/new"`) {
		t.Fatalf("the list of decisions: %d\n%s", status, visibleText(page))
	}
	if status, page := clerk.get(t, "/clerk"); status != http.StatusOK || !strings.Contains(page, `href="/clerk/decisions"`) {
		t.Errorf("the clerk's workspace does not link to the decisions")
	}
	status, page := clerk.get(t, "/clerk/decisions/new")
	if status != http.StatusOK || !strings.Contains(visibleText(page), "Expenditure or savings of more than £1,000,000") {
		t.Fatalf("the new decision form: %d\n%s", status, visibleText(page))
	}

	// Without a title, and key for no reason: both are pointed at, and what
	// was typed stays.
	form := proposedKeyDecision()
	form.Del("title")
	form.Del("key-spending")
	status, _, body := clerk.postFor(t, "/clerk/decisions", form)
	text := visibleText(body)
	if status != http.StatusUnprocessableEntity || !strings.Contains(text, "Enter the title of the decision") ||
		!strings.Contains(text, "Say why the decision is key") {
		t.Fatalf("a draft with mistakes: %d\n%s", status, text)
	}
	for _, want := range []string{`href="#title"`, `href="#key-reason"`, `value="Cabinet Member for Highways and Transport"`, `value="p.lightowler@example.org"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the refused form lacks %s", want)
		}
	}

	status, to, body := clerk.postFor(t, "/clerk/decisions", proposedKeyDecision())
	if status != http.StatusSeeOther || !strings.HasPrefix(to, "/clerk/decisions/26-") {
		t.Fatalf("the draft: %d to %q\n%s", status, to, visibleText(body))
	}
	path := to
	ref := store.ReferenceFromURL(strings.TrimPrefix(path, "/clerk/decisions/"))
	_, page = clerk.get(t, path)
	if text := visibleText(page); !strings.Contains(text, "Draft") || !strings.Contains(text, "Not yet published") {
		t.Fatalf("the draft's page:\n%s", text)
	}

	// The notice: 28 clear days.
	text = clerk.mustPost(t, path+"/publish-notice", nil)
	notBefore := dates.LongDay(dates.KeyDecisionFrom(today).String())
	if !strings.Contains(text, "Decision due: not before "+notBefore) ||
		!strings.Contains(text, "To allow 28 day notice period required under Executive decision regulations") {
		t.Fatalf("after publishing the notice, want not before %s:\n%s", notBefore, text)
	}
	if notBefore != "1 December 2026" {
		t.Errorf("a notice of 2 November 2026 allows the decision from %s, want 1 December 2026", notBefore)
	}

	// Taken today, too early: refused, saying from when, the text kept.
	taken := url.Values{"decision": {"As Cabinet Member, I agree to adopt the strategy."}, "reasons": {"The strategy is due."},
		"decided-on-day": {"2"}, "decided-on-month": {"11"}, "decided-on-year": {"2026"}}
	status, _, body = clerk.postFor(t, path+"/taken", taken)
	text = visibleText(body)
	if status != http.StatusUnprocessableEntity || !strings.Contains(text, "cannot be taken before 1 December 2026") {
		t.Fatalf("an early key decision: %d\n%s", status, text)
	}
	if !strings.Contains(body, `href="#decided-on-day"`) || !strings.Contains(body, "As Cabinet Member, I agree to adopt the strategy.") {
		t.Errorf("the refusal does not point at the date or lost the decision typed")
	}

	// Special urgency lifts the 28 days.
	status, _, body = clerk.postFor(t, path+"/exception", url.Values{"exception-kind": {"special-urgency"}, "agreed-by": {"Chairman of the Council"}})
	if text := visibleText(body); status != http.StatusUnprocessableEntity || !strings.Contains(text, "Enter the name of the Chairman of the Council") {
		t.Fatalf("an exception without a name: %d\n%s", status, text)
	}
	text = clerk.mustPost(t, path+"/exception", url.Values{"exception-kind": {"special-urgency"}, "agreed-by": {"Chairman of the Council"},
		"agreed-by-name": {"Mr A Hills"}, "agreed-on-day": {"2"}, "agreed-on-month": {"11"}, "agreed-on-year": {"2026"},
		"exception-reasons": {"The operator's contract ends on 30 November."}})
	if !strings.Contains(text, "Agreed by Mr A Hills, Chairman of the Council on 2 November 2026") {
		t.Fatalf("after special urgency:\n%s", text)
	}
	text = clerk.mustPost(t, path+"/taken", taken)
	if !strings.Contains(text, "recorded as taken on 2 November 2026") || !strings.Contains(text, "Decision made, record not yet published") {
		t.Fatalf("after taking the decision:\n%s", text)
	}

	// Documents: a PDF is kept, anything else refused.
	status, body = clerk.uploadWith(t, path+"/documents", "bus-strategy.pdf", strings.NewReader(string(writePDF(t, "Bus strategy", "The strategy."))),
		url.Values{"title": {"Kent Bus Strategy 2027"}})
	if status != http.StatusSeeOther {
		t.Fatalf("a PDF document: %d\n%s", status, visibleText(body))
	}
	_, page = clerk.get(t, path)
	if !strings.Contains(page, `href="/decisions/`+strings.TrimPrefix(path, "/clerk/decisions/")+`/documents/`) ||
		!strings.Contains(visibleText(page), "Kent Bus Strategy 2027 (PDF, 1 page,") {
		t.Errorf("the decision page does not list the document:\n%s", visibleText(page))
	}
	status, body = clerk.upload(t, path+"/documents", "notes.txt", strings.NewReader("not a pdf"))
	if text := visibleText(body); status != http.StatusUnprocessableEntity || !strings.Contains(text, "notes.txt was not added") || !strings.Contains(body, `href="#paper"`) {
		t.Errorf("a text file as a document: %d\n%s", status, text)
	}

	// Every change is in the audit log, against the decision.
	admin := site.signIn(t, "admin@example.org")
	_, audit := admin.get(t, "/admin/audit?who=clerk%40example.org")
	log := strings.Join(auditRows(t, audit), "\n")
	for _, action := range []string{"decision drafted", "decision notice published", "decision exception recorded", "decision taken", "decision document added"} {
		if !strings.Contains(log, action) {
			t.Errorf("the audit log lacks %q:\n%s", action, log)
		}
	}
	if !strings.Contains(log, "decision "+ref) {
		t.Errorf("the audit log does not name decision %s:\n%s", ref, log)
	}
}

func TestOnlyClerksReachTheDecisions(t *testing.T) {
	site := newSite(t)
	member, public := site.signIn(t, "m.dawkins@example.org"), site.anonymous(t)
	for _, path := range []string{"/clerk/decisions", "/clerk/decisions/new", "/clerk/decisions/23-00097", "/clerk/decisions/23-00097/notice"} {
		if status, _ := member.get(t, path); status != http.StatusForbidden {
			t.Errorf("GET %s as a member: %d, want 403", path, status)
		}
		if status, _ := public.get(t, path); status != http.StatusSeeOther {
			t.Errorf("GET %s as the public: %d, want a redirect to sign in", path, status)
		}
	}
	for _, path := range []string{"/clerk/decisions", "/clerk/decisions/23-00097/withdraw", "/clerk/decisions/23-00097/call-in"} {
		form := url.Values{"title": {"Not theirs"}, "withdraw-reason": {"No"}}
		if status, _ := member.post(t, path, form); status != http.StatusForbidden {
			t.Errorf("POST %s as a member: %d, want 403", path, status)
		}
		if status, _ := public.post(t, path, form); status != http.StatusUnauthorized {
			t.Errorf("POST %s as the public: %d, want 401", path, status)
		}
	}
	// A clerk of the community safety partnership alone keeps no executive
	// decisions, and is told why.
	partnership := site.signIn(t, "m.dentten@example.org")
	if status, body := partnership.get(t, "/clerk/decisions"); status != http.StatusForbidden || !strings.Contains(body, "Kent Community Safety Partnership") {
		t.Errorf("GET /clerk/decisions as the partnership's clerk: %d, want 403 naming the partnership", status)
	}
	if status, _ := partnership.post(t, "/clerk/decisions/23-00097/withdraw", url.Values{"withdraw-reason": {"No"}}); status != http.StatusForbidden {
		t.Errorf("POST withdraw as the partnership's clerk: %d, want 403", status)
	}
	if _, body := partnership.get(t, "/clerk"); strings.Contains(body, `href="/clerk/decisions"`) {
		t.Error("the partnership's clerk is offered the decisions")
	}
	if _, body := site.signIn(t, "clerk@example.org").get(t, "/clerk"); !strings.Contains(body, `href="/clerk/decisions"`) {
		t.Error("the cabinet committee's clerk is not offered the decisions")
	}
	if d, err := site.DB.Decision(t.Context(), "23/00097"); err != nil || d.State != "published" || d.CalledInOn != "" {
		t.Errorf("decision 23/00097 changed: %+v, %v", d.State, err)
	}
}

func TestTheAgendaShowsTheDecisionsItConsiders(t *testing.T) {
	site := newSite(t)
	clerk := site.signIn(t, "clerk@example.org")
	next := site.nextMeeting(t, pandr)
	_, builder := clerk.get(t, "/clerk/meetings/"+itoa(next.ID))
	item := itemIDs(t, builder)["1"]
	status, to, body := clerk.postFor(t, "/clerk/decisions", proposedKeyDecision())
	if status != http.StatusSeeOther {
		t.Fatalf("the draft: %d\n%s", status, visibleText(body))
	}
	clerk.mustPost(t, to+"/publish-notice", nil)
	// An item not of that meeting is refused on the form.
	status, _, body = clerk.postFor(t, to+"/consultations", url.Values{"agenda-item": {itoa(next.ID) + "-999999"}, "endorsed": {"yes"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#agenda-item"`) {
		t.Errorf("a consultation of no such item: %d\n%s", status, visibleText(body))
	}
	text := clerk.mustPost(t, to+"/consultations", url.Values{"agenda-item": {itoa(next.ID) + "-" + item}, "endorsed": {"yes"}})
	if !strings.Contains(text, "The proposed decision was considered and endorsed by the "+pandr) {
		t.Fatalf("after linking the consultation:\n%s", text)
	}
	_, builder = clerk.get(t, "/clerk/meetings/"+itoa(next.ID))
	if !strings.Contains(builder, `href="`+to+`"`) {
		t.Errorf("the agenda item does not link to the decision %s", to)
	}
}

func TestANoticeMissingWhatItNeedsIsNotPublished(t *testing.T) {
	site := newSite(t)
	clerk := site.signIn(t, "clerk@example.org")
	form := proposedKeyDecision()
	form.Del("proposed-decision")
	_, to, _ := clerk.postFor(t, "/clerk/decisions", form)
	status, _, body := clerk.postFor(t, to+"/publish-notice", nil)
	if text := visibleText(body); status != http.StatusUnprocessableEntity || !strings.Contains(text, "Enter the proposed decision before publishing the notice") ||
		!strings.Contains(body, `href="#proposed-decision"`) || !strings.Contains(body, `id="proposed-decision"`) {
		t.Fatalf("publishing a notice without its proposed decision: %d\n%s", status, text)
	}
	// The general exception: five clear working days after its notice.
	form.Set("proposed-decision", "The Cabinet Member is asked to adopt the strategy.")
	clerk.mustPost(t, to, form)
	text := clerk.mustPost(t, to+"/exception", url.Values{"exception-kind": {"general"},
		"chairman-informed-day": {"30"}, "chairman-informed-month": {"10"}, "chairman-informed-year": {"2026"},
		"exception-reasons": {"The grant offer came on 30 October."}})
	if !strings.Contains(text, "told in writing on 30 October 2026") || !strings.Contains(text, "can be taken from 10 November 2026") {
		t.Fatalf("after a general exception:\n%s", text)
	}
}

func TestDecisionsAreDeferredAndWithdrawnWithAPublicReason(t *testing.T) {
	site := newSite(t)
	clerk := site.signIn(t, "clerk@example.org")
	_, to, _ := clerk.postFor(t, "/clerk/decisions", proposedKeyDecision())
	clerk.mustPost(t, to+"/publish-notice", nil)
	status, _, body := clerk.postFor(t, to+"/defer", url.Values{"defer-reason": {"  "}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#defer-reason"`) ||
		!strings.Contains(visibleText(body), "Enter the reason, which is published with the decision") {
		t.Fatalf("deferring without a reason: %d\n%s", status, visibleText(body))
	}
	text := clerk.mustPost(t, to+"/defer", url.Values{"defer-reason": {"Awaiting the government's bus funding settlement."}})
	if !strings.Contains(text, "Deferred on 2 November 2026: Awaiting the government's bus funding settlement.") {
		t.Fatalf("after deferring:\n%s", text)
	}
	text = clerk.mustPost(t, to+"/withdraw", url.Values{"withdraw-reason": {"Replaced by the Local Transport Plan."}})
	if !strings.Contains(text, "Withdrawn on 2 November 2026: Replaced by the Local Transport Plan.") || strings.Contains(text, "Record the decision taken") ||
		strings.Contains(text, "Change the notice") {
		t.Fatalf("after withdrawing:\n%s", text)
	}
	status, _, body = clerk.postFor(t, to, proposedKeyDecision())
	if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "was withdrawn, so it cannot be changed") {
		t.Errorf("changing a withdrawn notice: %d\n%s", status, visibleText(body))
	}
}
