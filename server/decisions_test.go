package server_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
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
		"Consultees The proposed decision was considered and endorsed by the Policy and Resources Cabinet Committee",
		"The proposed decision was considered and endorsed by the Policy and Resources Cabinet Committee on 17 January 2024 (minute 176).",
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
	for _, path := range []string{"/decisions/23-99999", "/decisions/nonsense", "/decisions/23-00097/documents/1"} {
		if status, _, _ := site.get(t, path); status != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", path, status)
		}
	}
}
