package server_test

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"minutebook/browsertest"
	"minutebook/dates"
	"minutebook/fixtures"
	"minutebook/store"
)

// replay serves, at /replay, the last page a refused form answered with,
// and the site's own files beside it, so that axe-core can check a page
// that only a POST shows.
type replay struct {
	mu   sync.Mutex
	page string
	URL  string
}

func startReplay(t *testing.T, site *testSite) *replay {
	t.Helper()
	target, err := url.Parse(site.URL)
	if err != nil {
		t.Fatal(err)
	}
	r := &replay{}
	proxy := httputil.NewSingleHostReverseProxy(target)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.URL.Path != "/replay" {
			proxy.ServeHTTP(w, req)
			return
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusUnprocessableEntity)
		w.Write([]byte(r.page))
	}))
	t.Cleanup(ts.Close)
	r.URL = ts.URL + "/replay"
	return r
}

// refused posts a form that must be refused and keeps the page for /replay.
func (r *replay) refused(t *testing.T, u *user, path string, form url.Values) string {
	t.Helper()
	status, _, body := u.postFor(t, path, form)
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("POST %s: %d, want 422\n%s", path, status, visibleText(body))
	}
	r.mu.Lock()
	r.page = body
	r.mu.Unlock()
	return visibleText(body)
}

// TestADecisionsWholeCycleInTheBrowser takes a key decision from its draft
// notice to effective, through a call-in, as the clerk does it in
// headless Chromium, with axe-core checking each page on the way.
func TestADecisionsWholeCycleInTheBrowser(t *testing.T) {
	b := browsertest.Start(t)
	site := newSite(t)
	errorPages := startReplay(t, site)
	clerkHTTP := site.signIn(t, "clerk@example.org")
	check := func(path string) {
		t.Helper()
		b.AssertAccessible(t, site.URL+path)
	}
	expect := func(text string, wants ...string) {
		t.Helper()
		for _, want := range wants {
			if !strings.Contains(text, want) {
				t.Fatalf("the page lacks %q:\n%s", want, text)
			}
		}
	}

	b.SignIn(t, site.URL, "clerk@example.org", fixtures.DemoPassword)
	check("/clerk/decisions")
	check("/clerk/decisions/new")
	errorPages.refused(t, clerkHTTP, "/clerk/decisions", url.Values{"key-decision": {"yes"}, "contact-email": {"nobody"}})
	b.AssertAccessible(t, errorPages.URL)

	text := b.Submit(t, site.URL+"/clerk/decisions/new", []browsertest.Field{
		{Selector: "#title", Text: "Kent Bus Strategy 2027"},
		{Selector: "#decision-maker", Text: "Cabinet Member for Highways and Transport"},
		{Selector: "#key-decision", Click: true},
		{Selector: "#key-reason", Click: true},
		{Selector: "#divisions-affected", Click: true},
		{Selector: "#lead-director", Text: "Simon Jones"},
		{Selector: "#contact-name", Text: "Philip Lightowler"},
		{Selector: "#proposed-decision", Text: "The Cabinet Member is asked to adopt the Kent Bus Strategy 2027."},
	}, `form[action="/clerk/decisions"] button[type="submit"]`)
	expect(text, "recorded as a draft", "Kent Bus Strategy 2027", "Expenditure or savings of more than £1,000,000")
	list, err := site.DB.Decisions(t.Context(), store.DecisionFilter{States: []string{"draft"}})
	if err != nil {
		t.Fatal(err)
	}
	var d store.Decision
	for _, x := range list.Decisions {
		if x.Title == "Kent Bus Strategy 2027" {
			d = x
		}
	}
	if d.ID == 0 {
		t.Fatalf("no draft among %d", len(list.Decisions))
	}
	page := "/clerk/decisions/" + d.URLReference()
	check(page)
	check(page + "/notice")

	text = b.Submit(t, site.URL+page, nil, `form[action$="/publish-notice"] button`)
	expect(text, "Decision due: not before 1 December 2026", "For determination")
	check(page)
	early := errorPages.refused(t, clerkHTTP, page+"/taken", url.Values{"decision": {"Too soon"}, "reasons": {"None"},
		"decided-on-day": {"2"}, "decided-on-month": {"11"}, "decided-on-year": {"2026"}})
	expect(early, "cannot be taken before 1 December 2026")
	b.AssertAccessible(t, errorPages.URL)
	errorPages.refused(t, clerkHTTP, page+"/exception", url.Values{"exception-kind": {"special-urgency"}, "exempt-from-call-in": {"yes"}})
	b.AssertAccessible(t, errorPages.URL)
	errorPages.refused(t, clerkHTTP, page+"/consultations", url.Values{})
	b.AssertAccessible(t, errorPages.URL)
	if dir := os.Getenv("MINUTEBOOK_SCREENSHOTS"); dir != "" {
		b.Screenshot(t, site.URL+page, filepath.Join(dir, "clerk-decision-notice-state.png"), 1280)
		b.Screenshot(t, errorPages.URL, filepath.Join(dir, "clerk-decision-refused.png"), 1280)
	}

	// The 28 clear days pass.
	site.setNow(time.Date(2026, 12, 1, 10, 0, 0, 0, london))
	text = b.Submit(t, site.URL+page, []browsertest.Field{
		{Selector: "#decision", Text: "As Cabinet Member for Highways and Transport, I agree to adopt the Kent Bus Strategy 2027."},
		{Selector: "#decided-on-day", Text: "1"}, {Selector: "#decided-on-month", Text: "12"}, {Selector: "#decided-on-year", Text: "2026"},
		{Selector: "#reasons", Text: "The strategy sets the council's priorities for buses."},
		{Selector: "#alternatives", Text: "Keeping the 2022 strategy, which is out of date."},
	}, `form[action$="/taken"] button`)
	expect(text, "recorded as taken on 1 December 2026", "Decision made, record not yet published")
	check(page)

	effective := site.Agenda.Calendar().EffectiveFrom(dates.NewDate(2026, 12, 1))
	text = b.Submit(t, site.URL+page, nil, `form[action$="/publish"] button`)
	expect(text, "effective from "+dates.LongDay(effective.String()), "Recommendations Approved (subject to call-in)",
		"Call-in ends: the end of "+dates.LongDay(effective.AddDays(-1).String()))
	if effective.String() != "2026-12-09" {
		t.Errorf("published on Tuesday 1 December 2026, effective from %s, want 9 December 2026", effective)
	}
	check(page)

	site.setNow(time.Date(2026, 12, 3, 11, 0, 0, 0, london))
	text = b.Submit(t, site.URL+page, []browsertest.Field{
		{Selector: "#called-in-on-day", Text: "3"}, {Selector: "#called-in-on-month", Text: "12"}, {Selector: "#called-in-on-year", Text: "2026"},
		{Selector: "#called-in-by", Text: "Mr A Bowles\nMr R Bird"},
		{Selector: "#call-in-reasons", Text: "The consultation did not reach rural parishes."},
	}, `form[action$="/call-in"] button`)
	expect(text, "Called in", "Mr A Bowles", "Mr R Bird")
	check(page)

	site.setNow(time.Date(2026, 12, 10, 14, 0, 0, 0, london))
	text = b.Submit(t, site.URL+page, []browsertest.Field{
		{Selector: "#outcome", Click: true},
		{Selector: "#outcome-on-day", Text: "10"}, {Selector: "#outcome-on-month", Text: "12"}, {Selector: "#outcome-on-year", Text: "2026"},
		{Selector: "#effective-from-day", Text: "10"}, {Selector: "#effective-from-month", Text: "12"}, {Selector: "#effective-from-year", Text: "2026"},
	}, `form[action$="/call-in/outcome"] button`)
	expect(text, "No further action", "Recommendations Approved")
	if !regexp.MustCompile(`Effective from\s+10 December 2026`).MatchString(text) {
		t.Errorf("the decision does not read as effective from 10 December 2026:\n%s", text)
	}
	if strings.Contains(text, "subject to call-in)") {
		t.Errorf("the decision is effective but still reads as subject to call-in:\n%s", text)
	}
	check(page)
	check("/clerk/decisions?state=published")

	// Each step is in the audit log, against the decision.
	_, audit := site.signIn(t, "admin@example.org").get(t, "/admin/audit?who=clerk%40example.org")
	log := strings.Join(auditRows(t, audit), "\n")
	for _, action := range []string{"decision drafted", "decision notice published", "decision taken", "decision published", "decision called in", "decision call-in outcome"} {
		if !strings.Contains(log, action) || !strings.Contains(log, "decision "+d.Reference) {
			t.Errorf("the audit log lacks %q of decision %s:\n%s", action, d.Reference, log)
		}
	}

	shot := filepath.Join(t.TempDir(), "decision.png")
	if dir := os.Getenv("MINUTEBOOK_SCREENSHOTS"); dir != "" {
		shot = filepath.Join(dir, "clerk-decision.png")
	}
	b.Screenshot(t, site.URL+page, shot, 1280)
}
