package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestFreeTextIsRefusedWhenTooLongOrHoldingControlCharacters(t *testing.T) {
	site := newSite(t)
	clerk := site.signIn(t, "clerk@example.org")
	next := site.nextMeeting(t, pandr)
	builder := "/clerk/meetings/" + itoa(next.ID)
	before, err := site.DB.AgendaItems(t.Context(), next.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		form url.Values
		want string
	}{
		// 501 characters of Welsh is more than 501 bytes: the limit counts characters.
		{url.Values{"title": {strings.Repeat("ŵ", 501)}}, "The title is 501 characters long; it can have at most 500"},
		{url.Values{"title": {"Budget\x00monitoring"}}, "The title contains a character that cannot be saved (U+0000)"},
		{url.Values{"title": {"Budget\x1bmonitoring"}}, "cannot be saved (U+001B)"},
	} {
		status, body := clerk.post(t, builder+"/items", tc.form)
		if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), tc.want) {
			t.Errorf("%q: %d %q", tc.form.Get("title")[:10], status, excerpt(visibleText(body), "problem"))
		}
	}
	if status, _ := clerk.post(t, builder+"/items", url.Values{"title": {strings.Repeat("ŵ", 500)}}); status != http.StatusSeeOther {
		t.Errorf("a title of exactly 500 characters: %d", status)
	}
	after, err := site.DB.AgendaItems(t.Context(), next.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before)+1 {
		t.Errorf("%d items added, want only the one within bounds", len(after)-len(before))
	}
	if status, body := clerk.post(t, builder+"/items", url.Values{"title": {"x"}, "padding": {strings.Repeat("a", 2<<20)}}); status != http.StatusRequestEntityTooLarge || !strings.Contains(visibleText(body), "larger than 1024 KB") {
		t.Errorf("a form of 2 MB: %d", status)
	}
	status, body := clerk.post(t, "/clerk/meetings", url.Values{"body": {itoa(next.CommitteeID)}, "date-day": {"3"}, "date-month": {"3"}, "date-year": {"2027"}, "time": {"10:00"}, "venue": {"Sessions House\x00"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "The venue contains a character") {
		t.Errorf("a venue with NUL: %d", status)
	}
}
