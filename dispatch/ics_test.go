package dispatch

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"minutebook/store"
)

func TestTheInvitationKeepsEveryValueOnItsOwnLine(t *testing.T) {
	m := store.Meeting{ID: 7, Body: "Policy and Resources Cabinet Committee, with a name long enough to need folding – twice over",
		Venue: "Council Chamber\rBEGIN:VALARM\r\nSessions House; Maidstone", StartsAt: time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)}
	ics := invitation(m, "https://democracy.kent.example.org/meetings/7", 0, time.Now())
	if !strings.HasSuffix(ics, "\r\n") {
		t.Error("the invitation does not end with CRLF")
	}
	var unfolded []string
	for _, line := range strings.Split(strings.TrimSuffix(ics, "\r\n"), "\r\n") {
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("a bare CR or LF inside a line: %q", line)
		}
		if len(line) > 75 {
			t.Errorf("a line of %d octets: %q", len(line), line)
		}
		if !utf8.ValidString(line) {
			t.Errorf("folding split a character: %q", line)
		}
		if strings.HasPrefix(line, " ") {
			unfolded[len(unfolded)-1] += line[1:]
			continue
		}
		unfolded = append(unfolded, line)
	}
	for _, line := range unfolded {
		if strings.HasPrefix(line, "BEGIN:VALARM") {
			t.Error("the venue started a component of its own")
		}
	}
	want := `LOCATION:Council Chamber\nBEGIN:VALARM\nSessions House\; Maidstone`
	if !strings.Contains(strings.Join(unfolded, "\n"), want) {
		t.Errorf("the location reads\n%s\nwant %s", strings.Join(unfolded, "\n"), want)
	}
}
