package server_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestCommitteesListTheSeedBodies(t *testing.T) {
	site := newSite(t)
	var list []committee
	site.getJSON(t, "/api/v1/committees", &list)
	found := map[string]committee{}
	for _, c := range list {
		found[c.Name] = c
	}
	if c := found[pandr]; c.Seats != 16 || c.Type != "cabinet-committee" {
		t.Errorf("%s = %+v, want 16 seats, type cabinet-committee (the front sheet's 'Membership (16)')", pandr, c)
	}
	if c, ok := found[kcsp]; !ok || c.Type != "partnership" {
		t.Errorf("%s = %+v, want a partnership", kcsp, c)
	}
}

func TestCommitteeMembersFollowTheFrontSheet(t *testing.T) {
	site := newSite(t)
	c := site.committeeNamed(t, pandr)
	if len(c.Members) != 17 {
		t.Errorf("%d members, want the 17 names the front sheet lists", len(c.Members))
	}
	if len(c.Members) < 2 {
		t.Fatal("too few members to check roles")
	}
	first, second := c.Members[0], c.Members[1]
	if first.Title+" "+first.Name != "Mr D L Brazier" || first.Role != "chairman" || first.Group != "Conservative" {
		t.Errorf("first member = %+v, want Mr D L Brazier, Chairman, Conservative", first)
	}
	if second.Title+" "+second.Name != "Mr M Dendor" || second.Role != "vice-chairman" {
		t.Errorf("second member = %+v, want Mr M Dendor, Vice-Chairman", second)
	}
	groups := map[string]int{}
	for _, m := range c.Members {
		groups[m.Group]++
	}
	want := map[string]int{"Conservative": 12, "Labour": 2, "Liberal Democrat": 1, "Green and Independent": 2}
	for g, n := range want {
		if groups[g] != n {
			t.Errorf("%s members: %d, want %d", g, groups[g], n)
		}
	}
}

func TestAgendaOf15January2025(t *testing.T) {
	site := newSite(t)
	m := site.meetingOn(t, pandr, "2025-01-15")
	if m.StartsAt != "2025-01-15T10:00:00Z" {
		t.Errorf("starts_at = %s, want 2025-01-15T10:00:00Z (10.00 am, GMT)", m.StartsAt)
	}
	if m.PublishBy != "2025-01-07" {
		t.Errorf("publish_by = %s, want 2025-01-07 (Tuesday 7 January, as the pack was)", m.PublishBy)
	}
	if m.OnTime == nil || !*m.OnTime {
		t.Errorf("published_on_time = %v, want true", m.OnTime)
	}
	if len(m.Agenda) != 8 {
		t.Fatalf("%d agenda items, want 8", len(m.Agenda))
	}
	pages := map[string][2]int{"4": {1, 4}, "6": {5, 22}, "7": {23, 40}, "8": {41, 44}}
	for _, it := range m.Agenda {
		want, has := pages[it.Number]
		switch {
		case has && (it.Pages == nil || it.Pages.From != want[0] || it.Pages.To != want[1]):
			t.Errorf("item %s pages = %+v, want %d-%d", it.Number, it.Pages, want[0], want[1])
		case !has && it.Pages != nil:
			t.Errorf("item %s pages = %+v, want null", it.Number, it.Pages)
		}
		if (it.Number == "5") != it.ToFollow {
			t.Errorf("item %s to_follow = %v; only item 5 is a report to follow", it.Number, it.ToFollow)
		}
	}
	if !strings.Contains(m.Agenda[6].Title, "Domestic Abuse Strategy") {
		t.Errorf("item 7 = %q, want the Domestic Abuse Strategy update", m.Agenda[6].Title)
	}
}

func TestMinutesOf27November2024(t *testing.T) {
	site := newSite(t)
	m := site.meetingOn(t, pandr, "2024-11-27")
	if len(m.Minutes) != 9 || m.Minutes[0].Number != 231 || m.Minutes[8].Number != 239 {
		t.Fatalf("minutes = %d items from %v, want 231 to 239", len(m.Minutes), m.Minutes)
	}
	if m.MinutesStatus != "signed" || m.SignedBy == nil || *m.SignedBy != "Mr D L Brazier" {
		t.Errorf("minutes_status %s signed_by %v, want signed by Mr D L Brazier", m.MinutesStatus, m.SignedBy)
	}
	if m.SHA256 == nil || !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(*m.SHA256) {
		t.Errorf("sha256 = %v, want 64 hex digits", m.SHA256)
	}
	byNumber := map[int]int{}
	for i, mi := range m.Minutes {
		byNumber[mi.Number] = i
	}
	shq := m.Minutes[byNumber[238]]
	if shq.AgendaItem != "9" {
		t.Errorf("minute 238 records item %s, want 9", shq.AgendaItem)
	}
	if !strings.Contains(strings.Join(shq.Paragraphs, "\n"), "Mr Hook wished for it to be recorded in the minutes that they voted against") {
		t.Errorf("minute 238 lacks Mr Hook's recorded vote: %q", shq.Paragraphs)
	}
	if !strings.Contains(shq.Resolution, "press and public be excluded") || !strings.Contains(shq.Resolution, "AGREE to continue the disposal of Sessions House") {
		t.Errorf("minute 238 resolution = %q, want the exclusion and the endorsement", shq.Resolution)
	}
	budget := m.Minutes[byNumber[234]]
	if !strings.Contains(strings.Join(budget.Paragraphs, "\n"), "Mr Brady asked for it to be recorded") {
		t.Errorf("minute 234 lacks Mr Brady's note: %q", budget.Paragraphs)
	}
	if got := m.Minutes[byNumber[231]].Paragraphs; len(got) == 0 || !strings.Contains(got[0], "Mrs Hudson, Mr Cooper and Mr Kite") {
		t.Errorf("minute 231 = %q, want the apologies", got)
	}
}

func TestPartnershipMinutesCarryTheirItemCodes(t *testing.T) {
	site := newSite(t)
	m := site.meetingOn(t, kcsp, "2021-11-18")
	codes := map[int]string{}
	for _, mi := range m.Minutes {
		codes[mi.Number] = mi.AgendaItem
	}
	want := map[int]string{40: "A3", 41: "A4", 42: "B1", 43: "B2", 46: "B5", 47: "C1", 50: "D3"}
	for n, code := range want {
		if codes[n] != code {
			t.Errorf("minute %d records item %q, want %q", n, codes[n], code)
		}
	}
	if len(m.Minutes) != 11 {
		t.Errorf("%d minutes, want 40 to 50", len(m.Minutes))
	}
}

func TestDemoFutureMeetingsCanStillBePublishedOnTime(t *testing.T) {
	site := newSite(t)
	clerk := site.signIn(t, "admin@example.org")
	for _, name := range []string{pandr, kcsp} {
		c := site.committeeNamed(t, name)
		var future int
		for _, m := range c.Meetings {
			at, err := time.Parse(time.RFC3339, m.StartsAt)
			if err != nil {
				t.Fatal(err)
			}
			if !at.After(demoDay) {
				continue
			}
			future++
			if d := at.Sub(demoDay); d < 21*24*time.Hour || d > 36*24*time.Hour {
				t.Errorf("%s meets %s, %v after the demo was loaded; want three to five weeks", name, m.StartsAt, d)
			}
			var public meetingDetail
			site.getJSON(t, "/api/v1/meetings/"+itoa(m.ID), &public)
			if public.Status != "scheduled" || public.PublishedAt != nil || len(public.Agenda) != 0 {
				t.Errorf("%s future meeting to the public: status %s, published %v, %d items; want an unpublished agenda, not shown",
					name, public.Status, public.PublishedAt, len(public.Agenda))
			}
			if draft := clerk.draftOf(t, m.ID); len(draft.Agenda) < 5 {
				t.Errorf("%s future meeting: the clerk sees %d items, want a drafted agenda", name, len(draft.Agenda))
			}
		}
		if future == 0 {
			t.Errorf("%s has no future meeting", name)
		}
	}
}

func TestMeetingsFilter(t *testing.T) {
	site := newSite(t)
	c := site.committeeNamed(t, pandr)
	var all, jan, fromJan []struct {
		ID        int64  `json:"id"`
		Committee string `json:"committee"`
		StartsAt  string `json:"starts_at"`
	}
	site.getJSON(t, "/api/v1/meetings", &all)
	site.getJSON(t, "/api/v1/meetings?committee="+itoa(c.ID)+"&from=2025-01-15&to=2025-01-15", &jan)
	site.getJSON(t, "/api/v1/meetings?from=2025-01-01", &fromJan)
	if len(all) < 5 {
		t.Errorf("%d meetings in all, want every demo meeting", len(all))
	}
	for i := 1; i < len(all); i++ {
		if all[i].StartsAt < all[i-1].StartsAt {
			t.Errorf("meetings out of order: %s before %s", all[i-1].StartsAt, all[i].StartsAt)
		}
	}
	if len(jan) != 1 || !strings.HasPrefix(jan[0].StartsAt, "2025-01-15") || jan[0].Committee != pandr {
		t.Errorf("15 January filter = %+v, want the one meeting of that day", jan)
	}
	for _, m := range fromJan {
		if m.StartsAt < "2025-01-01" {
			t.Errorf("from=2025-01-01 returned %s", m.StartsAt)
		}
	}
}

func TestBadRequestsSayWhatIsWrong(t *testing.T) {
	site := newSite(t)
	tests := []struct {
		path   string
		status int
		says   string
	}{
		{"/api/v1/meetings/abc", http.StatusBadRequest, "whole number"},
		{"/api/v1/meetings/999999", http.StatusNotFound, "no meeting"},
		{"/api/v1/committees/0", http.StatusBadRequest, "whole number"},
		{"/api/v1/committees/999999", http.StatusNotFound, "no committee"},
		{"/api/v1/meetings?from=2025-13-01", http.StatusBadRequest, "YYYY-MM-DD"},
		{"/api/v1/meetings?to=15/01/2025", http.StatusBadRequest, "YYYY-MM-DD"},
		{"/api/v1/meetings?committee=x", http.StatusBadRequest, "committee"},
		{"/api/v1/meetings?committee=999999", http.StatusNotFound, "no committee"},
		{"/api/v1/meetings?from=2025-02-01&to=2025-01-01", http.StatusBadRequest, "before"},
		{"/api/v1/nothing", http.StatusNotFound, "no page"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			status, body, _ := site.get(t, tt.path)
			if status != tt.status {
				t.Errorf("status = %d, want %d: %s", status, tt.status, body)
			}
			var e struct {
				Error string `json:"error"`
			}
			if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error == "" {
				t.Fatalf("body %q is not {\"error\": ...}", body)
			}
			if !strings.Contains(strings.ToLower(e.Error), strings.ToLower(tt.says)) {
				t.Errorf("error %q does not say %q", e.Error, tt.says)
			}
		})
	}
}

func TestDeadlinesAPI(t *testing.T) {
	site := newSite(t)
	tests := []struct {
		query string
		want  map[string]string
	}{
		{"meeting=2025-01-15", map[string]string{"meeting": "2025-01-15", "publish_by": "2025-01-07"}},
		{"meeting=2025-01-13", map[string]string{"meeting": "2025-01-13", "publish_by": "2025-01-03"}},
		{"decision_published=2024-02-23", map[string]string{"decision_published": "2024-02-23", "effective_from": "2024-03-02"}},
		{"key_decision_notice=2023-11-01", map[string]string{"key_decision_notice": "2023-11-01", "decide_from": "2023-11-30"}},
	}
	for _, tt := range tests {
		var got map[string]string
		site.getJSON(t, "/api/v1/deadlines?"+tt.query, &got)
		if len(got) != len(tt.want) {
			t.Errorf("%s = %v, want %v", tt.query, got, tt.want)
		}
		for k, v := range tt.want {
			if got[k] != v {
				t.Errorf("%s: %s = %q, want %q", tt.query, k, got[k], v)
			}
		}
	}
	for _, bad := range []string{"", "meeting=", "meeting=2025-02-30", "meeting=tomorrow", "meeting=2025-01-15&decision_published=2025-01-15"} {
		status, body, _ := site.get(t, "/api/v1/deadlines?"+bad)
		if status != http.StatusBadRequest || !strings.Contains(body, `"error"`) {
			t.Errorf("deadlines?%s = %d %s, want 400 with an error", bad, status, body)
		}
	}
}
