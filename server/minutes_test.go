package server_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func TestMinutesFromDraftToSigned(t *testing.T) {
	site := newSite(t)
	jan := site.meetingOn(t, pandr, "2025-01-15")
	clerk := site.signIn(t, "clerk@example.org")
	editor := "/clerk/meetings/" + itoa(jan.ID) + "/minutes"
	if status, _ := clerk.post(t, editor+"/start", url.Values{}); status != http.StatusSeeOther {
		t.Fatalf("start the minutes: %d", status)
	}
	set, err := site.DB.Minutes(context.Background(), jan.ID)
	if err != nil || set == nil {
		t.Fatal(err)
	}
	// 27 November 2024 ended at minute 239, so 15 January 2025 starts at 240.
	if first := set.Items[0]; first.Number != 240 || first.AgendaLabel != "2" || first.Title != "Apologies and Substitutes" {
		t.Fatalf("first minute = %d %q (item %s), want 240 Apologies and Substitutes (item 2)", first.Number, first.Title, first.AgendaLabel)
	}
	if last := set.Items[len(set.Items)-1]; last.Number != 246 || last.AgendaLabel != "8" {
		t.Errorf("last minute = %d (item %s), want 246 (item 8)", last.Number, last.AgendaLabel)
	}
	minute := "/" + itoa(set.Items[0].ID)
	text := "Apologies were received from Mr Hook.\n\nRESOLVED to note the apologies."
	if status, _ := clerk.post(t, editor+minute, url.Values{"text": {text}}); status != http.StatusSeeOther {
		t.Fatalf("save a minute: %d", status)
	}
	public := site.anonymous(t)
	_, page := public.get(t, "/meetings/"+itoa(jan.ID))
	if strings.Contains(visibleText(page), "Apologies were received from Mr Hook") {
		t.Error("the public sees draft minutes")
	}
	if status, _ := clerk.post(t, editor+"/advance", url.Values{"to": {"unconfirmed"}}); status != http.StatusSeeOther {
		t.Fatalf("publish as unconfirmed: %d", status)
	}
	_, page = public.get(t, "/meetings/"+itoa(jan.ID))
	if got := visibleText(page); !strings.Contains(got, "240. Apologies and Substitutes (Item 2) 1. Apologies were received from Mr Hook. 2. RESOLVED to note the apologies.") {
		t.Errorf("the unconfirmed minutes do not read as the seed does:\n%s", got)
	}
	status, body := clerk.post(t, editor+minute, url.Values{"text": {"Changed"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "can no longer be edited") {
		t.Errorf("editing unconfirmed minutes: %d", status)
	}
	if status, _ := clerk.post(t, editor+"/advance", url.Values{"to": {"approved"}}); status != http.StatusSeeOther {
		t.Fatalf("record approval: %d", status)
	}

	if status, _ := site.signIn(t, "m.dawkins@example.org").post(t, "/meetings/"+itoa(jan.ID)+"/minutes/sign", url.Values{"password": {"minutebook-demo"}}); status != http.StatusForbidden {
		t.Errorf("a member signing: %d, want 403", status)
	}
	chair := site.signIn(t, "d.brazier@example.org")
	_, page = chair.get(t, "/meetings/"+itoa(jan.ID))
	if !strings.Contains(visibleText(page), "Sign as Chairman") {
		t.Fatal("the Chairman is not offered the minutes to sign")
	}
	if status, _ := chair.post(t, "/meetings/"+itoa(jan.ID)+"/minutes/sign", url.Values{"password": {"not my password"}}); status != http.StatusSeeOther {
		t.Fatalf("sign with a wrong password: %d", status)
	}
	if m := site.meetingOn(t, pandr, "2025-01-15"); m.MinutesStatus != "approved" {
		t.Errorf("a wrong password signed the minutes: %s", m.MinutesStatus)
	}
	if status, _ := chair.post(t, "/meetings/"+itoa(jan.ID)+"/minutes/sign", url.Values{"password": {"minutebook-demo"}}); status != http.StatusSeeOther {
		t.Fatalf("sign: %d", status)
	}
	signed := site.meetingOn(t, pandr, "2025-01-15")
	if signed.MinutesStatus != "signed" || signed.SignedBy == nil || *signed.SignedBy != "Mr D L Brazier" || signed.SHA256 == nil || !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(*signed.SHA256) {
		t.Errorf("after signing: status %s, by %v, sha %v", signed.MinutesStatus, signed.SignedBy, signed.SHA256)
	}
	v, err := site.DB.VerifyMinutes(context.Background(), jan.ID)
	if err != nil || !v.OK() {
		t.Errorf("the signed minutes do not verify: %v %v", v, err)
	}
}

func TestTheChairmanIsAskedForComments(t *testing.T) {
	site := newSite(t)
	jan := site.meetingOn(t, pandr, "2025-01-15")
	clerk := site.signIn(t, "clerk@example.org")
	editor := "/clerk/meetings/" + itoa(jan.ID) + "/minutes"
	clerk.post(t, editor+"/start", url.Values{})
	set, _ := site.DB.Minutes(context.Background(), jan.ID)
	clerk.post(t, editor+"/"+itoa(set.Items[0].ID), url.Values{"text": {"Apologies were received from Mr Hook."}})
	if status, _ := clerk.post(t, editor+"/advance", url.Values{"to": {"chair-review"}}); status != http.StatusSeeOther {
		t.Fatalf("send to the Chairman: %d", status)
	}
	emails, err := site.DB.MeetingEmails(context.Background(), jan.ID)
	if err != nil {
		t.Fatal(err)
	}
	to := map[string]string{}
	for _, e := range emails {
		to[e.Email] = e.Kind
	}
	if to["d.brazier@example.org"] != "chair-review" || to["m.dendor@example.org"] != "chair-review" {
		t.Errorf("chair-review emails = %v, want the Chairman and Vice-Chairman", to)
	}
	_, page := site.signIn(t, "d.brazier@example.org").get(t, "/meetings/"+itoa(jan.ID))
	if !strings.Contains(visibleText(page), "Apologies were received from Mr Hook") {
		t.Error("the Chairman cannot read the draft he was asked to comment on")
	}
	_, page = site.anonymous(t).get(t, "/meetings/"+itoa(jan.ID))
	if strings.Contains(visibleText(page), "Apologies were received from Mr Hook") {
		t.Error("the public can read minutes sent to the Chairman for comment")
	}
}
