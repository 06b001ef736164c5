package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"minutebook/agenda"
	"minutebook/dates"
	"minutebook/store"
)

type apiDecision struct {
	Reference         string   `json:"reference"`
	Title             string   `json:"title"`
	DecisionMaker     string   `json:"decision_maker"`
	Status            string   `json:"status"`
	KeyDecision       bool     `json:"key_decision"`
	KeyReason         []string `json:"key_reason"`
	Divisions         []string `json:"divisions"`
	NoticePublishedOn *string  `json:"notice_published_on"`
	DecideFrom        *string  `json:"decide_from"`
	DecidedOn         *string  `json:"decided_on"`
	PublishedOn       *string  `json:"published_on"`
	SubjectToCallIn   bool     `json:"subject_to_call_in"`
	CallInEndsOn      *string  `json:"call_in_ends_on"`
	EffectiveFrom     *string  `json:"effective_from"`
	CalledIn          bool     `json:"called_in"`
	Consultations     []struct {
		CommitteeID int64   `json:"committee_id"`
		MeetingID   int64   `json:"meeting_id"`
		Minute      *string `json:"minute"`
	} `json:"consultations"`
	Documents []struct {
		Title string `json:"title"`
		URL   string `json:"url"`
		Pages *int   `json:"pages"`
		Size  int64  `json:"size"`
	} `json:"documents"`
	// On the forward plan only.
	NotBefore *string `json:"not_before"`
	New       bool    `json:"new"`
	Exception string  `json:"exception"`
}

func str(p *string) string {
	if p == nil {
		return "null"
	}
	return *p
}

var clerkActor = agenda.Actor{Name: "clerk@example.org"}

func mustDay(t testing.TB, s string) dates.Date {
	t.Helper()
	d, err := dates.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// proposeKeyDecision drafts a key decision and publishes its notice today.
func proposeKeyDecision(t testing.TB, site *testSite, d store.Decision) string {
	t.Helper()
	ctx := context.Background()
	d.DecisionMaker, d.KeyDecision, d.KeySpending = "Leader of the Council", true, true
	d.Divisions = []string{"Ashford Central", "Ashford East"}
	d.Contact = store.Contact{Name: "Serine Annan-Veitch", JobTitle: "Policy Advisor"}
	d.ProposedDecision = "The Leader of the Council is asked to agree the contract."
	ref, err := site.Agenda.CreateDecision(ctx, d, clerkActor)
	if err != nil {
		t.Fatal(err)
	}
	if err := site.Agenda.PublishNotice(ctx, ref, clerkActor); err != nil {
		t.Fatal(err)
	}
	return ref
}

func urlRef(ref string) string { return strings.Replace(ref, "/", "-", 1) }

func findDecision(list []apiDecision, ref string) (apiDecision, int) {
	for i, d := range list {
		if d.Reference == ref {
			return d, i
		}
	}
	return apiDecision{}, -1
}

func TestDecisionAPIGivesTheSeedRecordsDates(t *testing.T) {
	site := newSite(t)
	var d apiDecision
	site.getJSON(t, "/api/v1/decisions/23-00097", &d)
	got := map[string]string{
		"notice_published_on": str(d.NoticePublishedOn), "decide_from": str(d.DecideFrom), "decided_on": str(d.DecidedOn),
		"published_on": str(d.PublishedOn), "call_in_ends_on": str(d.CallInEndsOn), "effective_from": str(d.EffectiveFrom),
	}
	want := map[string]string{
		"notice_published_on": "2023-11-01", "decide_from": "2023-11-30", "decided_on": "2024-02-23",
		"published_on": "2024-02-23", "call_in_ends_on": "2024-03-01", "effective_from": "2024-03-02",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %s, want %s", k, got[k], v)
		}
	}
	if d.Reference != "23/00097" || !strings.HasPrefix(d.Title, "Kent and Medway Domestic Abuse Strategy") || d.DecisionMaker != "Leader of the Council" {
		t.Errorf("decision = %s %q by %q, want 23/00097, the Domestic Abuse Strategy, by the Leader of the Council", d.Reference, d.Title, d.DecisionMaker)
	}
	if !d.KeyDecision || !d.SubjectToCallIn || d.CalledIn {
		t.Errorf("key %v, subject to call-in %v, called in %v; want key, subject to call-in, not called in", d.KeyDecision, d.SubjectToCallIn, d.CalledIn)
	}
	if d.Status != "Recommendations Approved" {
		t.Errorf("status = %q, want Recommendations Approved, as the record says", d.Status)
	}
	if len(d.KeyReason) != 1 || d.KeyReason[0] != "Affects more than two Electoral Divisions" {
		t.Errorf("key_reason = %q, want the notice's reason", d.KeyReason)
	}
	if len(d.Divisions) != 1 || d.Divisions[0] != "All divisions" {
		t.Errorf("divisions = %q, want [All divisions]", d.Divisions)
	}
	if d.Consultations == nil || d.Documents == nil {
		t.Errorf("consultations %v, documents %v: want lists, empty or not, never null", d.Consultations, d.Documents)
	}
}

func TestDecisionAPIAnswersForNoticesDeferredAndWithdrawn(t *testing.T) {
	site := newSite(t)
	ctx := context.Background()
	ref := proposeKeyDecision(t, site, store.Decision{Title: "Highways maintenance contract 2027"})
	var d apiDecision
	site.getJSON(t, "/api/v1/decisions/"+urlRef(ref), &d)
	if d.Status != "For determination" || str(d.NoticePublishedOn) != "2026-11-02" || str(d.DecideFrom) != "2026-12-01" ||
		d.DecidedOn != nil || d.PublishedOn != nil || d.EffectiveFrom != nil || d.CallInEndsOn != nil {
		t.Errorf("notice = %+v; want for determination, notice 2026-11-02, not before 2026-12-01, nothing decided", d)
	}
	if want := []string{"Ashford Central", "Ashford East"}; fmt.Sprint(d.Divisions) != fmt.Sprint(want) {
		t.Errorf("divisions = %q, want %q", d.Divisions, want)
	}
	if len(d.KeyReason) != 1 || !strings.HasPrefix(d.KeyReason[0], "Expenditure or savings of more than £") {
		t.Errorf("key_reason = %q, want the spending threshold", d.KeyReason)
	}
	if err := site.Agenda.DeferDecision(ctx, ref, "Awaiting the tender results.", clerkActor); err != nil {
		t.Fatal(err)
	}
	site.getJSON(t, "/api/v1/decisions/"+urlRef(ref), &d)
	if d.Status != "Deferred" {
		t.Errorf("deferred decision: status %q, want Deferred", d.Status)
	}
	if err := site.Agenda.WithdrawDecision(ctx, ref, "The service will stay in house.", clerkActor); err != nil {
		t.Fatal(err)
	}
	site.getJSON(t, "/api/v1/decisions/"+urlRef(ref), &d)
	if d.Status != "Withdrawn" {
		t.Errorf("withdrawn decision: status %q, want Withdrawn", d.Status)
	}
}

func TestDecisionAPIKnowsNoDraft(t *testing.T) {
	site := newSite(t)
	ctx := context.Background()
	draft, err := site.Agenda.CreateDecision(ctx, store.Decision{Title: "Library opening hours", DecisionMaker: "Cabinet Member for Communities"}, clerkActor)
	if err != nil {
		t.Fatal(err)
	}
	// Withdrawn before its notice was ever published: never public.
	gone, err := site.Agenda.CreateDecision(ctx, store.Decision{Title: "Library closures", DecisionMaker: "Cabinet Member for Communities"}, clerkActor)
	if err != nil {
		t.Fatal(err)
	}
	if err := site.Agenda.WithdrawDecision(ctx, gone, "Not pursued.", clerkActor); err != nil {
		t.Fatal(err)
	}
	_, unknown, _ := site.get(t, "/api/v1/decisions/26-99999")
	for _, ref := range []string{draft, gone} {
		status, body, _ := site.get(t, "/api/v1/decisions/"+urlRef(ref))
		if status != http.StatusNotFound || !strings.Contains(body, "There is no decision "+ref) {
			t.Errorf("%s = %d %s, want 404 as for a decision never made", ref, status, body)
		}
		if strings.Contains(body, "Library") {
			t.Errorf("%s: the answer gives the draft away: %s", ref, body)
		}
	}
	if !strings.Contains(unknown, "There is no decision 26/99999") {
		t.Errorf("unknown decision: %s", unknown)
	}
	for _, path := range []string{"/api/v1/decisions", "/api/v1/forward-plan"} {
		if _, body, _ := site.get(t, path); strings.Contains(body, "Library") {
			t.Errorf("%s lists a draft: %s", path, body)
		}
	}
}

// publishRecord takes a non-key decision and publishes its record on day.
func publishRecord(t testing.TB, site *testSite, title, day string) string {
	t.Helper()
	ctx := context.Background()
	site.setNow(mustDay(t, day).Time(london).Add(10 * time.Hour))
	defer site.setNow(demoDay)
	ref, err := site.Agenda.CreateDecision(ctx, store.Decision{Title: title, DecisionMaker: "Corporate Director of Growth"}, clerkActor)
	if err != nil {
		t.Fatal(err)
	}
	if err := site.Agenda.RecordDecisionTaken(ctx, ref, agenda.Taken{Decision: "I agree.", DecidedOn: mustDay(t, day), Reasons: "It is needed."}, clerkActor); err != nil {
		t.Fatal(err)
	}
	if err := site.Agenda.PublishDecisionRecord(ctx, ref, clerkActor); err != nil {
		t.Fatal(err)
	}
	return ref
}

func TestDecisionsFilterByPublicationAndKey(t *testing.T) {
	site := newSite(t)
	october := publishRecord(t, site, "Grant to Example Community Trust", "2026-10-15")
	notice := proposeKeyDecision(t, site, store.Decision{Title: "Waste transfer station"})

	var all []apiDecision
	site.getJSON(t, "/api/v1/decisions", &all)
	if _, i := findDecision(all, notice); i >= 0 {
		t.Errorf("a notice %s is listed among published records", notice)
	}
	if _, i := findDecision(all, october); i < 0 {
		t.Errorf("%s, published in the test, is not listed", october)
	}
	for i := 1; i < len(all); i++ {
		if str(all[i].PublishedOn) > str(all[i-1].PublishedOn) {
			t.Errorf("not newest first: %s (%s) after %s (%s)", all[i].Reference, str(all[i].PublishedOn), all[i-1].Reference, str(all[i-1].PublishedOn))
		}
	}

	tests := []struct {
		query     string
		in, notIn []string
		ok        func(apiDecision) bool
	}{
		{"from=2024-02-23&to=2024-02-23", []string{"23/00097"}, []string{october},
			func(d apiDecision) bool { return str(d.PublishedOn) == "2024-02-23" }},
		{"from=2026-10-01", []string{october}, []string{"23/00097"},
			func(d apiDecision) bool { return str(d.PublishedOn) >= "2026-10-01" }},
		{"to=2026-10-14", []string{"23/00097"}, []string{october},
			func(d apiDecision) bool { return str(d.PublishedOn) <= "2026-10-14" }},
		{"key=true", []string{"23/00097"}, []string{october},
			func(d apiDecision) bool { return d.KeyDecision }},
		{"key=true&from=2026-10-01", nil, []string{"23/00097", october},
			func(d apiDecision) bool { return d.KeyDecision && str(d.PublishedOn) >= "2026-10-01" }},
	}
	for _, tt := range tests {
		var got []apiDecision
		site.getJSON(t, "/api/v1/decisions?"+tt.query, &got)
		for _, ref := range tt.in {
			if _, i := findDecision(got, ref); i < 0 {
				t.Errorf("%s: %s missing", tt.query, ref)
			}
		}
		for _, ref := range tt.notIn {
			if _, i := findDecision(got, ref); i >= 0 {
				t.Errorf("%s: %s listed", tt.query, ref)
			}
		}
		for _, d := range got {
			if !tt.ok(d) {
				t.Errorf("%s: %s (published %s, key %v) does not belong", tt.query, d.Reference, str(d.PublishedOn), d.KeyDecision)
			}
		}
	}
}

func TestDecisionsComeAPageAtATime(t *testing.T) {
	site := newSite(t)
	// A day of 101 records, written straight to the register.
	err := site.DB.Update(context.Background(), func(tx *store.Tx) error {
		for i := 1; i <= 101; i++ {
			if _, err := tx.CreateDecision(store.Decision{Reference: fmt.Sprintf("19/%05d", i), Title: "Road closure", State: "published",
				DecisionMaker: "Director of Highways", DecidedOn: "2019-06-02", PublishedOn: "2019-06-02", EffectiveFrom: "2019-06-02"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	const day = "/api/v1/decisions?from=2019-06-02&to=2019-06-02"
	var first, second []apiDecision
	site.getJSON(t, day, &first)
	site.getJSON(t, day+"&page=2", &second)
	if len(first) != 100 || len(second) != 1 {
		t.Fatalf("pages of %d and %d decisions, want 100 and 1", len(first), len(second))
	}
	if first[0].Reference != "19/00101" || second[0].Reference != "19/00001" {
		t.Errorf("pages run %s… and %s, want 19/00101 first and 19/00001 last", first[0].Reference, second[0].Reference)
	}
	_, _, h := site.get(t, day)
	if h.Get("X-Total-Count") != "101" || !strings.Contains(h.Get("Link"), "page=2") || !strings.Contains(h.Get("Link"), `rel="next"`) {
		t.Errorf("first page: X-Total-Count %q, Link %q; want 101 and a link to page 2", h.Get("X-Total-Count"), h.Values("Link"))
	}
	_, _, h = site.get(t, day+"&page=2")
	if links := strings.Join(h.Values("Link"), ", "); strings.Contains(links, "next") || !strings.Contains(links, `rel="prev"`) {
		t.Errorf("last page: Link %q, want only the previous page", links)
	}
}

func TestDecisionsAPIRefusesBadQueries(t *testing.T) {
	site := newSite(t)
	tests := []struct {
		path   string
		status int
		says   string
	}{
		{"/api/v1/decisions?from=2024-13-01", http.StatusBadRequest, "from: "},
		{"/api/v1/decisions?to=23/02/2024", http.StatusBadRequest, "YYYY-MM-DD"},
		{"/api/v1/decisions?from=2024-03-01&to=2024-02-01", http.StatusBadRequest, "before"},
		{"/api/v1/decisions?key=yes", http.StatusBadRequest, "key=true"},
		{"/api/v1/decisions?page=0", http.StatusBadRequest, "page"},
		{"/api/v1/decisions/23%2F00097", http.StatusBadRequest, "23-00097"},
		{"/api/v1/decisions/abc", http.StatusBadRequest, "23-00097"},
		{"/api/v1/decisions/99-99999", http.StatusNotFound, "no decision 99/99999"},
	}
	for _, tt := range tests {
		status, body, _ := site.get(t, tt.path)
		if status != tt.status || !strings.Contains(body, `"error"`) || !strings.Contains(strings.ToLower(body), strings.ToLower(tt.says)) {
			t.Errorf("%s = %d %s, want %d with an error saying %q", tt.path, status, body, tt.status, tt.says)
		}
	}
}

func TestForwardPlanAPIListsEntriesUnderTheirHeadings(t *testing.T) {
	site := newSite(t)
	ctx := context.Background()
	plain := proposeKeyDecision(t, site, store.Decision{Title: "Adult learning centres"})
	urgent := proposeKeyDecision(t, site, store.Decision{Title: "Winter gritting fleet"})
	if err := site.Agenda.RecordException(ctx, urgent, agenda.Exception{Kind: "general", ChairmanInformedOn: mustDay(t, "2026-11-02"),
		Reasons: "The lease runs out before 28 days."}, clerkActor); err != nil {
		t.Fatal(err)
	}
	var plan []apiDecision
	site.getJSON(t, "/api/v1/forward-plan", &plan)
	p, pi := findDecision(plan, plain)
	g, gi := findDecision(plan, urgent)
	if pi < 0 || gi < 0 {
		t.Fatalf("forward plan %+v lacks %s or %s", plan, plain, urgent)
	}
	if str(p.NotBefore) != "2026-12-01" || p.Exception != "" || !p.New || p.Status != "For determination" || str(p.NoticePublishedOn) != "2026-11-02" {
		t.Errorf("%s: not before %s, exception %q, new %v, status %q; want not before 2026-12-01, no exception, new, for determination",
			plain, str(p.NotBefore), p.Exception, p.New, p.Status)
	}
	// Five clear working days from Monday 2 November 2026.
	if str(g.NotBefore) != "2026-11-10" || g.Exception != "general" || !g.New {
		t.Errorf("%s: not before %s, exception %q, new %v; want 2026-11-10 under the general exception, new", urgent, str(g.NotBefore), g.Exception, g.New)
	}
	for i, e := range plan {
		if e.Exception == "" && i > gi {
			t.Errorf("%s is by its day but comes after the general exception's %s", e.Reference, urgent)
		}
		if i > 0 && e.Exception == "" && str(e.NotBefore) < str(plan[i-1].NotBefore) {
			t.Errorf("%s (not before %s) after %s (not before %s)", e.Reference, str(e.NotBefore), plan[i-1].Reference, str(plan[i-1].NotBefore))
		}
	}
}

// The exempt part of a decision and its exempt document reach none of the
// API's answers, while the notice is on the forward plan and once its
// record is published.
func TestDecisionAPIKeepsExemptPartsOut(t *testing.T) {
	site := newSite(t)
	ctx := context.Background()
	const secret = "Tender prices: Quokka Haulage Ltd bid £1,234,567"
	const secretDoc = "Quokka Haulage commercial appendix"
	ref := proposeKeyDecision(t, site, store.Decision{Title: "Home to school transport contract",
		Restriction: "part-exempt", ExemptParagraph: 3, ExemptInformation: secret})
	pdf := func(name string, size int64) store.Document {
		return store.Document{SHA256: strings.Repeat("0", 63) + fmt.Sprint(size%10), Filename: name, ContentType: "application/pdf",
			Size: size, Pages: 4, Path: name}
	}
	exemptID, err := site.Agenda.AddDecisionDocument(ctx, ref, secretDoc, 3, pdf("quokka-appendix.pdf", 2001), clerkActor)
	if err != nil {
		t.Fatal(err)
	}
	publicID, err := site.Agenda.AddDecisionDocument(ctx, ref, "Equality impact assessment", 0, pdf("eqia.pdf", 34567), clerkActor)
	if err != nil {
		t.Fatal(err)
	}
	exemptURL := fmt.Sprintf("/decisions/%s/documents/%d", urlRef(ref), exemptID)
	leaks := func(stage, path string) {
		t.Helper()
		status, body, _ := site.get(t, path)
		if status != http.StatusOK {
			t.Fatalf("%s: GET %s = %d %s", stage, path, status, body)
		}
		if !strings.Contains(body, `"reference":"`+ref+`"`) {
			t.Fatalf("%s: GET %s does not have %s: %s", stage, path, ref, body)
		}
		for _, s := range []string{secret, "Quokka", "quokka-appendix", exemptURL + `"`} {
			if strings.Contains(body, s) {
				t.Errorf("%s: GET %s shows %q", stage, path, s)
			}
		}
	}
	leaks("notice", "/api/v1/forward-plan")
	leaks("notice", "/api/v1/decisions/"+urlRef(ref))

	var d apiDecision
	site.getJSON(t, "/api/v1/decisions/"+urlRef(ref), &d)
	wantURL := fmt.Sprintf("/decisions/%s/documents/%d", urlRef(ref), publicID)
	if len(d.Documents) != 1 || d.Documents[0].Title != "Equality impact assessment" || d.Documents[0].URL != wantURL ||
		d.Documents[0].Pages == nil || *d.Documents[0].Pages != 4 || d.Documents[0].Size != 34567 {
		t.Errorf("documents = %+v, want only the equality impact assessment at %s, 4 pages, 34567 bytes", d.Documents, wantURL)
	}

	site.setNow(demoDay.AddDate(0, 0, 30))
	if err := site.Agenda.RecordDecisionTaken(ctx, ref, agenda.Taken{Decision: "I agree to award the contract.",
		DecidedOn: mustDay(t, "2026-12-02"), Reasons: "Best value."}, clerkActor); err != nil {
		t.Fatal(err)
	}
	if err := site.Agenda.PublishDecisionRecord(ctx, ref, clerkActor); err != nil {
		t.Fatal(err)
	}
	leaks("record", "/api/v1/decisions?from=2026-12-02")
	leaks("record", "/api/v1/decisions/"+urlRef(ref))
}

func TestDecisionAPINamesTheMinuteOfEachConsultation(t *testing.T) {
	site := newSite(t)
	ctx := context.Background()
	ref := proposeKeyDecision(t, site, store.Decision{Title: "Sessions House disposal"})
	itemNumbered := func(m meetingDetail, number string) int64 {
		t.Helper()
		items, err := site.DB.AgendaItems(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if it.Number == number {
				return it.ID
			}
		}
		t.Fatalf("meeting %d has no item %s", m.ID, number)
		return 0
	}
	held := site.meetingOn(t, pandr, "2024-11-27")
	next := site.nextMeeting(t, pandr)
	for _, m := range []meetingDetail{held, next} {
		number := "9"
		if m.ID == next.ID {
			number = "6"
		}
		if err := site.Agenda.LinkConsultation(ctx, ref, m.ID, itemNumbered(m, number), true, clerkActor); err != nil {
			t.Fatal(err)
		}
	}
	var d apiDecision
	site.getJSON(t, "/api/v1/decisions/"+urlRef(ref), &d)
	if len(d.Consultations) != 2 {
		t.Fatalf("consultations = %+v, want the two meetings", d.Consultations)
	}
	first, second := d.Consultations[0], d.Consultations[1]
	if first.MeetingID != held.ID || first.CommitteeID != held.CommitteeID || str(first.Minute) != "238" {
		t.Errorf("first consultation = {%d %d %s}, want meeting %d of committee %d, minute 238",
			first.CommitteeID, first.MeetingID, str(first.Minute), held.ID, held.CommitteeID)
	}
	if second.MeetingID != next.ID || second.Minute != nil {
		t.Errorf("second consultation = {%d %d %s}, want meeting %d with no minute yet", second.CommitteeID, second.MeetingID, str(second.Minute), next.ID)
	}
}
